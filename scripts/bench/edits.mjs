// One-character edits for the per-keystroke benchmark: type a character somewhere inside a function body, then
// delete it again, at varied positions. Deterministic for a given seed. Changes use the shape of VS Code's
// TextDocumentContentChangeEvent: { range, rangeOffset, rangeLength, text }.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    let t = (a = (a + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPED = 'abcdefghijklmnopqrstuvwxyz_0123456789 .(';

/**
 * `count` edits (count/2 insert+delete pairs) on `text`. Positions are on lines indented at least two levels
 * (inside a function, method or handler body), at a column between the indentation and the end of the line.
 * Returns the edits with the document text after each one.
 */
export function keystrokeEdits(text, count, seed = 1) {
  const rand = mulberry32(seed);
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const candidates = [];
  // The top-level statement a line belongs to decides whether it is in a function body: in a function, route
  // handler or test (JS) at indent ≥ 2, in a method (JS class) at ≥ 4; Python: `def` bodies at ≥ 4, methods at ≥ 8.
  // Module-level objects, class fields and imports are not edited.
  let minIndent = Infinity;
  for (let line = 0; line < starts.length - 1; line++) {
    const content = text.slice(starts[line], starts[line + 1] - 1);
    const indent = content.length - content.trimStart().length;
    const body = content.trim();
    if (indent === 0 && body && !/^[)}\]]/.test(body)) {
      if (/^@/.test(body)) minIndent = minIndent === 8 ? 8 : 4; // decorators stay with the def (or class) they belong to
      else if (/^(async\s+)?def\b/.test(body)) minIndent = 4;
      else if (/^class\b.*:$/.test(body)) minIndent = 8;
      else if (/^(export\s+)?(default\s+)?(async\s+)?function\b|^(router|app|bp)\.\w+\(|^(describe|it|test)\(/.test(body)) minIndent = 2;
      else if (/^(export\s+)?(abstract\s+)?class\b/.test(body)) minIndent = 4;
      else minIndent = Infinity;
    }
    if (indent >= minIndent && body.length > 3 && !/^(\/\/|#|\*|\/\*|"""|@)/.test(body)) candidates.push([line, indent, content.length]);
  }
  if (!candidates.length) throw new Error('no function-body lines to edit');
  const edits = [];
  let current = text;
  for (let i = 0; edits.length < count; i++) {
    const [line, indent, length] = candidates[Math.floor(rand() * candidates.length)];
    const character = indent + Math.floor(rand() * (length - indent + 1));
    const offset = starts[line] + character;
    const ch = TYPED[Math.floor(rand() * TYPED.length)];
    const pos = { line, character };
    const typed = current.slice(0, offset) + ch + current.slice(offset);
    edits.push({ kind: 'type', text: typed, changes: [{ range: { start: pos, end: pos }, rangeOffset: offset, rangeLength: 0, text: ch }] });
    edits.push({ kind: 'delete', text: current, changes: [{ range: { start: pos, end: { line, character: character + 1 } }, rangeOffset: offset, rangeLength: 1, text: '' }] });
    // `current` is unchanged after the pair: each pair starts from the original document.
  }
  return edits.slice(0, count);
}

export function percentile(samples, p) {
  const s = [...samples].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1));
  return s[rank];
}

export const median = (samples) => percentile(samples, 0.5);
