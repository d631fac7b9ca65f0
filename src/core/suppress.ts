import type { Tree } from 'web-tree-sitter';
import { textCommentPrefixes, type TextKind } from './languages';
import type { Finding, ParsedLanguage, Range, TextEdit } from './types';

/**
 * Inline suppressions: a comment `vetted-ignore <rule-id>[, <rule-id>…] -- <reason>` on the flagged line
 * (trailing) or alone on the line above it. A reason is required; a suppression without one, naming an unknown rule,
 * or matching nothing is itself reported, so suppressions stay auditable.
 */
export interface Suppression {
  /** 0-based line of the comment. */
  readonly line: number;
  /** The line whose findings it covers (the comment's own line when trailing code, else the next code line). */
  readonly target: number;
  readonly ruleIds: readonly string[];
  readonly reason: string;
  readonly range: Range;
}

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
  /** 0-based line of the suppression comment. */
  readonly line: number;
}

const MARKER = /vetted-ignore\b[ \t]*([^\n]*)/g;

/**
 * `comments` tells a comment from code: the parse tree of a parsed language, or the line comment openers of a text
 * format (`#`, `//`, `<!--`), which must come right before the marker.
 */
export function findSuppressions(text: string, comments: Tree | readonly string[]): { suppressions: Suppression[]; problems: Finding[] } {
  const suppressions: Suppression[] = [];
  const problems: Finding[] = [];
  if (!text.includes('vetted-ignore')) return { suppressions, problems };
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const m of text.matchAll(MARKER)) {
    const offset = m.index ?? 0;
    const line = lineOf(offset);
    const character = offset - lineStarts[line];
    let opener: string | undefined;
    if (Array.isArray(comments)) {
      const head = text.slice(lineStarts[line], offset).trimEnd();
      opener = (comments as readonly string[]).find((c) => head.endsWith(c));
      if (!opener) continue;
    } else if ((comments as Tree).rootNode.descendantForIndex(offset)?.type !== 'comment') {
      continue; // the words inside a string or as code are not a suppression
    }
    const body = m[1].replace(/\s*(\*\/\s*\}?|-->)\s*$/, ''); // block comment closers: */, */}
    const [idsPart, ...reasonParts] = body.split(/\s+--\s+|\s+--$/);
    const reason = reasonParts.join(' -- ').trim();
    const ruleIds = idsPart.split(/[\s,]+/).filter(Boolean);
    const range: Range = { start: { line, character }, end: { line, character: character + m[0].length } };
    const head = text.slice(lineStarts[line], offset);
    const before = (opener ? head.trimEnd().slice(0, -opener.length) : head.replace(/(\/\/|#|\/\*|\{\s*\/\*)\s*$/, '')).trim();
    const target = before.length > 0 ? line : nextCodeLine(text, lineStarts, line);
    if (!ruleIds.length || !reason) {
      problems.push(problem('invalid-suppression', range, !ruleIds.length ? 'This vetted-ignore names no rule: write `vetted-ignore <rule-id> -- <reason>`.' : `This vetted-ignore has no reason, so it does not suppress anything: add \` -- <why this is safe>\` after the rule id.`));
      continue;
    }
    suppressions.push({ line, target, ruleIds, reason, range });
  }
  return { suppressions, problems };
}

function nextCodeLine(text: string, lineStarts: readonly number[], line: number): number {
  for (let l = line + 1; l < lineStarts.length; l++) {
    const end = l + 1 < lineStarts.length ? lineStarts[l + 1] : text.length;
    if (text.slice(lineStarts[l], end).trim()) return l;
  }
  return line + 1;
}

function problem(ruleId: string, range: Range, message: string): Finding {
  return { ruleId, cwe: [], severity: 'low', confidence: 'high', message, range, fixes: [], fingerprint: `${ruleId}:${range.start.line}` };
}

/**
 * Splits findings into kept and suppressed, and reports suppressions that matched nothing or name unknown rules.
 * A suppression for a rule that is switched off (`offRules`) is not reported as unused.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], knownRules: ReadonlySet<string>, offRules: ReadonlySet<string> = new Set()): { kept: Finding[]; suppressed: SuppressedFinding[]; problems: Finding[] } {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<string>();
  for (const f of findings) {
    const s = suppressions.find((x) => x.target === f.range.start.line && x.ruleIds.includes(f.ruleId));
    if (s) {
      suppressed.push({ finding: f, reason: s.reason, line: s.line });
      used.add(`${s.line}:${f.ruleId}`);
    } else {
      kept.push(f);
    }
  }
  const problems: Finding[] = [];
  for (const s of suppressions) {
    for (const id of s.ruleIds) {
      if (!knownRules.has(id)) problems.push(problem('invalid-suppression', s.range, `vetted-ignore names an unknown rule "${id}".`));
      else if (!used.has(`${s.line}:${id}`) && !offRules.has(id)) problems.push(problem('unused-suppression', s.range, `This vetted-ignore for ${id} matches no finding on line ${s.target + 1}; remove it so it cannot hide a future problem.`));
    }
  }
  return { kept, suppressed, problems };
}

/**
 * The edit that suppresses `ruleId` on `line` with a comment above it, in the language's comment syntax and the
 * line's indentation. Inside JSX children a `{/* … *\/}` comment is used.
 */
export function suppressionEdit(text: string, language: ParsedLanguage, tree: Tree, line: number, ruleId: string, reason: string): TextEdit {
  const lines = text.split('\n');
  const current = lines[line] ?? '';
  const indent = /^[ \t]*/.exec(current)?.[0] ?? '';
  const clean = reason.replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim();
  let comment = language === 'python' ? `# vetted-ignore ${ruleId} -- ${clean}` : `// vetted-ignore ${ruleId} -- ${clean}`;
  if (language !== 'python') {
    // the largest node starting where the line's code starts: a JSX child needs a JSX comment
    let node = tree.rootNode.descendantForPosition({ row: line, column: indent.length });
    while (node?.parent && node.parent.startIndex === node.startIndex) node = node.parent;
    if (node && (node.type === 'jsx_text' || node.parent?.type === 'jsx_element')) comment = `{/* vetted-ignore ${ruleId} -- ${clean} */}`;
  }
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment}\n` };
}

/** The same for a text file: a line comment in its syntax above the line, or undefined when the format has none (JSON). */
export function textSuppressionEdit(text: string, kind: TextKind, line: number, ruleId: string, reason: string): TextEdit | undefined {
  const prefix = textCommentPrefixes(kind)[0];
  if (!prefix) return undefined;
  const current = text.split('\n')[line] ?? '';
  const indent = /^[ \t]*/.exec(current)?.[0] ?? '';
  const clean = reason.replace(/\s+/g, ' ').replace(/\*\/|-->/g, (s) => s.split('').join(' ')).trim();
  const comment = prefix === '<!--' ? `<!-- vetted-ignore ${ruleId} -- ${clean} -->` : `${prefix} vetted-ignore ${ruleId} -- ${clean}`;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment}\n` };
}
