/**
 * Quick fixes for marker problems (docs/provenance.md, "Pairing"): add a missing end marker, remove an orphan end
 * marker, give a duplicated block a new id. Every fix edits marker lines only — never the code around them. Pure and
 * never throws; a problem with no safe fix (unknown version, overlap, unreadable line) gets none.
 */
import type { TextEdit } from '../types';
import { MARKER_TAG, parseMarkerLine } from './format';
import type { CommentStyle, MarkerProblem } from './types';

export interface MarkerRepair {
  readonly title: string;
  readonly edits: TextEdit[];
  readonly preferred?: boolean;
}

interface Lines {
  readonly lines: string[];
  readonly eol: string;
}

function split(text: string): Lines {
  const raw = text.split('\n');
  return { lines: raw.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)), eol: /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n' };
}

const indentOf = (l: string) => /^[ \t]*/.exec(l)![0];
const blank = (l: string) => /^\s*$/.test(l);

/** The fixes for one problem of `scanMarkers(text, styles)`. `newId` is called only for a duplicate id. */
export function repairsFor(text: string, problem: MarkerProblem, styles: readonly CommentStyle[], newId: () => string): MarkerRepair[] {
  try {
    const d = split(text);
    if (problem.line < 0 || problem.line >= d.lines.length) return [];
    switch (problem.kind) {
      case 'unterminated':
        return addEnd(d, problem.line, styles);
      case 'orphan-end':
        return [{ title: `Remove the end marker of ${problem.id ?? 'an unknown block'} (it has no begin marker)`, edits: [deleteLine(d, problem.line)], preferred: true }];
      case 'duplicate-id':
        return renewId(d, problem.line, styles, newId());
      default:
        return [];
    }
  } catch {
    return [];
  }
}

/**
 * Adds the end marker after the code that follows the begin marker: the lines indented at least as deep as the
 * marker, up to a less indented line, an end marker of another block, or the end of the file (blank lines at the
 * end left out). Also offers removing the begin marker line instead.
 */
function addEnd(d: Lines, line: number, styles: readonly CommentStyle[]): MarkerRepair[] {
  const p = parseMarkerLine(d.lines[line], styles);
  if (!p || p.kind !== 'begin') return [];
  const indent = p.indent;
  let last = line;
  for (let j = line + 1; j < d.lines.length; j++) {
    const l = d.lines[j];
    if (blank(l)) continue;
    if (indentOf(l).length < indent.length) break;
    const m = l.toLowerCase().includes(MARKER_TAG) ? parseMarkerLine(l, styles) : undefined;
    if (m && m.kind === 'end' && m.id !== p.meta.id) break;
    last = j;
  }
  const marker = `${indent}${p.form.open} ${MARKER_TAG}:end id=${p.meta.id}${p.form.close ? ` ${p.form.close}` : ''}`;
  const at = { line: last, character: d.lines[last].length };
  const fixes: MarkerRepair[] = [];
  if (last > line) {
    fixes.push({ title: `Add the missing end marker after line ${last + 1}`, edits: [{ range: { start: at, end: at }, newText: d.eol + marker }], preferred: true });
  }
  fixes.push({ title: `Remove the unterminated begin marker of ${p.meta.id} (the code stays)`, edits: [deleteLine(d, line)] });
  return fixes;
}

/** Deletes one line with its line break (the one after it; for the last line, the one before it). */
function deleteLine(d: Lines, line: number): TextEdit {
  if (line + 1 < d.lines.length) return { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' };
  if (line === 0) return { range: { start: { line, character: 0 }, end: { line, character: d.lines[line].length } }, newText: '' };
  return { range: { start: { line: line - 1, character: d.lines[line - 1].length }, end: { line, character: d.lines[line].length } }, newText: '' };
}

/** Replaces the whole-token `id=OLD` on a marker line; undefined when the token is not written plainly. */
function replaceIdToken(l: string, oldId: string, id: string): { start: number; end: number; text: string } | undefined {
  const re = new RegExp(`(^|[ \\t])id=${oldId}(?=[ \\t]|$)`);
  const m = re.exec(l);
  if (!m) return undefined;
  const start = m.index + m[1].length + 3;
  return { start, end: start + oldId.length, text: id };
}

/** Gives the duplicated begin marker on `line`, and the end marker it pairs with, a new id. */
function renewId(d: Lines, line: number, styles: readonly CommentStyle[], id: string): MarkerRepair[] {
  const p = parseMarkerLine(d.lines[line], styles);
  if (!p || p.kind !== 'begin') return [];
  const oldId = p.meta.id;
  const edits: TextEdit[] = [];
  const begin = replaceIdToken(d.lines[line], oldId, id);
  if (!begin) return [];
  edits.push({ range: { start: { line, character: begin.start }, end: { line, character: begin.end } }, newText: id });
  let depth = 0;
  for (let j = line + 1; j < d.lines.length; j++) {
    const l = d.lines[j];
    if (!l.toLowerCase().includes(MARKER_TAG)) continue;
    const m = parseMarkerLine(l, styles);
    if (!m) continue;
    const mid = m.kind === 'begin' ? m.meta.id : m.kind === 'end' ? m.id : m.id;
    if (mid !== oldId) continue;
    if (m.kind === 'end') {
      if (depth === 0) {
        const end = replaceIdToken(l, oldId, id);
        if (end) edits.push({ range: { start: { line: j, character: end.start }, end: { line: j, character: end.end } }, newText: id });
        break;
      }
      depth--;
    } else depth++;
  }
  return [{ title: `Give this copied block a new id (${id})`, edits, preferred: true }];
}
