import { Edit } from 'web-tree-sitter';
import type { Node, Point, Tree } from 'web-tree-sitter';
import type { Engine, EngineOptions, RawFinding, Segment, SegmentRun } from './engine';
import { precheck } from './engine';
import type { Parsers } from './parser';
import { FILE_FACTS, advanceFacts } from './rules/api';
import type { Flow, ModuleBinding } from './rules/flow';
import type { AnalysisResult, ContentChange, DocumentSession, Finding, ParsedLanguage, Position, Range, TextEdit } from './types';

/** A top-level statement's analysis, with what the session needs to reuse it after an edit elsewhere. */
interface Part extends Segment {
  /** The statement's text (unchanged while the part is reused). */
  text: string;
  /** What other statements can see of it through Flow: its module-scope bindings (see `flowSignature`). */
  sig: string;
  /** Per module-scope binding: the name and what the signature says of it. */
  bound: ReadonlyArray<readonly [string, string]>;
  /** A binding is made from inside a function (its meaning depends on the statement's whole text). */
  nested: boolean;
  /** An edit touched it (or it cannot move with edits): it must be analysed again. */
  dirty: boolean;
}

interface AppliedEdit {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  readonly startPos: Position;
  readonly oldEndPos: Position;
  readonly newEndPos: Position;
}

/** Counters for tests and benchmarks: how the last update was done. @internal */
export interface SessionStats {
  /** 'incremental': only touched statements re-ran; 'full': all of them (reason says why). */
  mode: 'open' | 'incremental' | 'full' | 'skipped';
  reason?: string;
  /** Statements analysed in the last update, and statements in the file. */
  rerun: number;
  statements: number;
  /** The re-parse was abandoned for a parse from scratch (it took longer than a full parse). */
  reparseCapped: boolean;
  /** Milliseconds spent per phase of the last incremental update. */
  phases?: Record<string, number>;
}

/**
 * One open document: keeps its tree and per-statement findings, and on each edit re-parses incrementally and
 * re-analyses only the top-level statements the edit touched. Its result always equals `engine.analyze` of the
 * same text; file-level facts (imports, module-level bindings, text scans made through `perText`) that changed
 * make it re-analyse the whole file.
 */
export class IncrementalSession implements DocumentSession {
  private tree: Tree | undefined;
  private text: string;
  private parts: Part[] = [];
  private fullParseMs = 5;
  /** Lines of the text longer than options.maxLineLength (precheck's minified test), kept up to date per edit. */
  private longLines = 0;
  /** The text contains the suppression marker. */
  private marked = true;
  private disposed = false;
  result: AnalysisResult;
  /** @internal */
  stats: SessionStats = { mode: 'open', rerun: 0, statements: 0, reparseCapped: false };

  /** Use `Engine.openSession`. @internal */
  constructor(
    private readonly engine: Engine,
    private readonly parsers: Parsers,
    readonly language: ParsedLanguage | undefined,
    text: string,
    private readonly options: EngineOptions,
  ) {
    this.text = text;
    this.result = this.reset(text, 'open');
  }

  update(newText: string, changes: readonly ContentChange[]): AnalysisResult {
    if (this.disposed) throw new Error('this document session was disposed');
    const oldText = this.text;
    this.text = newText;
    if (!this.language || !this.tree || this.result.skipped) return (this.result = this.reset(newText, 'full', 'no tree to reuse'));
    // apply the changes in order, as VS Code reports them
    const edits: AppliedEdit[] = [];
    let cur = oldText;
    for (const c of changes) {
      const start = c.rangeOffset;
      const oldEnd = start + c.rangeLength;
      if (start < 0 || oldEnd > cur.length) return (this.result = this.reset(newText, 'full', 'change outside the text'));
      if (changes.length > 1) cur = cur.slice(0, start) + c.text + cur.slice(oldEnd);
      edits.push({ start, oldEnd, newEnd: start + c.text.length, startPos: c.range.start, oldEndPos: c.range.end, newEndPos: advance(c.range.start, c.text) });
    }
    // one change (typing): compare around it rather than the whole text (comparing flattens and reads all of it)
    if (changes.length === 1 ? !producesText(oldText, edits[0], changes[0].text, newText) : cur !== newText) return (this.result = this.reset(newText, 'full', 'changes do not produce the new text'));
    if (edits.length === 0) return this.result;
    const longLines = changes.length === 1 ? this.longLines - countLongLines(oldText, edits[0].start, edits[0].oldEnd, this.options.maxLineLength) + countLongLines(newText, edits[0].start, edits[0].newEnd, this.options.maxLineLength) : countLongLines(newText, 0, newText.length, this.options.maxLineLength);
    // without long lines (the usual case), of precheck's reasons only size and NUL bytes remain to ask
    const mayBeSkipped = longLines > 0 || newText.length > this.options.maxFileSize || newText.slice(0, 8192).includes('\u0000');
    if (mayBeSkipped && precheck(newText, this.options)) return (this.result = this.reset(newText, 'full', 'skipped'));
    this.longLines = longLines;
    // whether the text may hold a suppression comment: finish skips looking for them when it cannot
    this.marked = changes.length === 1 && !this.marked ? windowHas(newText, edits[0].start, edits[0].newEnd, MARKER) : newText.includes(MARKER);

    // move the tree and the reusable parts along with the edits; note the edited extents (in new offsets)
    const oldTree = this.tree;
    let touched: Array<[number, number]> = [];
    for (const e of edits) {
      oldTree.edit(new Edit({ startIndex: e.start, oldEndIndex: e.oldEnd, newEndIndex: e.newEnd, startPosition: point(e.startPos), oldEndPosition: point(e.oldEndPos), newEndPosition: point(e.newEndPos) }));
      const delta = e.newEnd - e.oldEnd;
      touched = touched.map(([a, b]) => [a > e.oldEnd ? a + delta : Math.min(a, e.start), b >= e.oldEnd ? b + delta : Math.max(b, e.newEnd)]);
      touched.push([e.start, e.newEnd]);
      for (const p of this.parts) {
        if (!p.dirty && p.end < e.start) {
          if (p.pinned || (!p.local && !outsideBefore(p, e))) p.dirty = true;
        } else if (!p.dirty && p.start > e.oldEnd && !p.pinned && (p.local || outsideBefore(p, e))) {
          shiftPart(p, e);
        } else {
          // analysed again: only its extent (in new offsets) still matters
          p.dirty = true;
          if (p.start > e.oldEnd) {
            p.start += delta;
            p.end += delta;
          } else if (p.end >= e.start) {
            p.start = Math.min(p.start, e.start);
            p.end = p.end >= e.oldEnd ? p.end + delta : Math.max(p.end, e.newEnd);
          }
        }
      }
    }

    // re-parse (from scratch when the incremental parse would cost more)
    const t0 = now();
    const phases: Record<string, number> = {};
    let tree = this.parsers.parseSync(this.language, newText, oldTree, Math.max(8, 2 * this.fullParseMs));
    let capped = false;
    if (tree) {
      for (const r of oldTree.getChangedRanges(tree)) touched.push([r.startIndex, r.endIndex]);
    } else {
      capped = true;
      tree = this.parsers.parseSync(this.language, newText)!;
      touched.push([0, newText.length]);
    }
    phases.parse = now() - t0;
    oldTree.delete();
    this.tree = tree;

    // The statements in the touched span are analysed again; the parts before and after it are reused.
    let lo = Infinity;
    let hi = -Infinity;
    for (const [a, b] of touched) {
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
    for (const p of this.parts) {
      if (!p.dirty) continue;
      lo = Math.min(lo, p.start);
      hi = Math.max(hi, p.end);
    }
    const root = tree.rootNode;
    const fresh: Node[] = [];
    for (let child = root.firstChildForIndex(Math.max(0, lo - 1)); child && child.startIndex <= hi; child = child.nextSibling) {
      if (child.endIndex < lo) continue;
      fresh.push(child);
    }
    const from = fresh.length ? Math.min(lo, fresh[0].startIndex) : lo;
    const to = fresh.length ? Math.max(hi, fresh[fresh.length - 1].endIndex) : hi;
    const prefix: Part[] = [];
    const suffix: Part[] = [];
    const gone: Part[] = [];
    for (const p of this.parts) {
      if (p.end < from && !p.dirty) prefix.push(p);
      else if (p.start > to && !p.dirty) suffix.push(p);
      else gone.push(p);
    }
    // the reused parts must be exactly the root's other children
    const aligned =
      prefix.length + fresh.length + suffix.length === root.childCount &&
      (!fresh.length || ((fresh[0].previousSibling?.endIndex ?? -1) === (prefix[prefix.length - 1]?.end ?? -1) && (fresh[fresh.length - 1].nextSibling?.startIndex ?? -1) === (suffix[0]?.start ?? -1)));
    if (!aligned) return (this.result = this.analyseAll(tree, newText, 'full', 'statements did not line up', capped));
    const kept = new Set<Part>([...prefix, ...suffix]);
    const oldArea = gone.map((p) => p.text).join('\n');
    const newArea = fresh.map((n) => newText.slice(n.startIndex, n.endIndex)).join('\n');
    const fact = changedFact(oldArea, newArea);
    phases.plan = now() - t0 - phases.parse;
    if (fact) return (this.result = this.analyseAll(tree, newText, 'full', fact, capped));
    // the file-level facts did not change: carry their values over to the new text instead of scanning it again
    advanceFacts(oldText, newText);

    const run = this.engine.runSegments(tree, this.language, newText, this.options, [...prefix, ...fresh, ...suffix], true);
    phases.run = now() - t0 - phases.parse - phases.plan;
    let parts = this.toParts(run, newText);
    phases.parts = now() - t0 - phases.parse - phases.plan - phases.run;
    const made = parts.filter((p) => !kept.has(p));
    const oldSig = gone.map((p) => p.sig).join('\u0001');
    const newSig = made.map((p) => p.sig).join('\u0001');
    let final = run;
    let rerun = run.rerun;
    let reason: string | undefined;
    if (oldSig !== newSig) {
      // Module-level names changed: what other statements learn through Flow about those names (and, transitively,
      // about names bound from them) may differ. Run the statements that mention any of them again.
      const again = readersOf(changedNames(gone, made), parts, kept);
      if (again.size) {
        const plan = parts.map((p, i): Part | Node => (again.has(p) ? root.child(i)! : p));
        final = this.engine.runSegments(tree, this.language, newText, this.options, plan, true);
        rerun += final.rerun;
        const next = this.toParts(final, newText);
        // their text did not change, so neither did what they bind
        for (let i = 0; i < next.length; i++) {
          if (again.has(parts[i]) && next[i].sig !== parts[i].sig) return (this.result = this.analyseAll(tree, newText, 'full', 'module-level bindings changed', capped));
        }
        parts = next;
      }
      reason = `module-level bindings changed: ${again.size} more statement(s) re-run`;
    }
    this.parts = parts;
    this.result = this.engine.finish(final, newText, tree, this.language, this.options, this.marked);
    phases.finish = now() - t0 - phases.parse - phases.plan - phases.run - phases.parts;
    this.stats = { mode: 'incremental', reason, rerun, statements: parts.length, reparseCapped: capped, phases };
    return this.result;
  }

  dispose(): void {
    this.disposed = true;
    this.tree?.delete();
    this.tree = undefined;
    this.parts = [];
  }

  /** Parses from scratch and analyses everything. */
  private reset(text: string, mode: 'open' | 'full', reason?: string): AnalysisResult {
    this.tree?.delete();
    this.tree = undefined;
    this.parts = [];
    if (!this.language) return { findings: [], parseErrors: 0, skipped: { kind: 'unsupported-language', detail: 'no parser for this language' } };
    const skipped = precheck(text, this.options);
    if (skipped) {
      this.stats = { mode: 'skipped', rerun: 0, statements: 0, reparseCapped: false };
      return { findings: [], parseErrors: 0, skipped, language: this.language };
    }
    this.longLines = countLongLines(text, 0, text.length, this.options.maxLineLength);
    this.marked = text.includes(MARKER);
    const t0 = now();
    const tree = this.parsers.parseSync(this.language, text);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${this.language} document`);
    this.fullParseMs = Math.max(1, now() - t0);
    this.tree = tree;
    const result = this.analyseAll(tree, text, mode === 'open' ? 'open' : 'full', reason, false);
    return result;
  }

  private analyseAll(tree: Tree, text: string, mode: 'open' | 'full', reason: string | undefined, capped: boolean, flow?: Flow): AnalysisResult {
    void flow;
    const run = this.engine.runSegments(tree, this.language!, text, this.options, undefined, true);
    this.parts = this.toParts(run, text);
    this.stats = { mode, reason, rerun: run.rerun, statements: this.parts.length, reparseCapped: capped };
    return this.engine.finish(run, text, tree, this.language!, this.options);
  }

  /** Completes freshly analysed segments into parts (text, module bindings and their signature). */
  private toParts(run: SegmentRun, text: string): Part[] {
    let flow: Flow | undefined;
    return run.segments.map((s, index) => {
      if ((s as Part).sig !== undefined) return s as Part;
      flow ??= run.flow();
      const bindings = flow.bindingsOfStatement(index);
      const part = s as Part;
      part.text = text.slice(s.start, s.end);
      part.bindings = bindings;
      const bound = bindings.map((b): [string, string] => [b.name, b.value ? `${b.name}=${b.value.type}:${text.slice(s.start, b.value.end)}\n` : `${b.name}\n`]);
      part.bound = bound;
      part.nested = bindings.some((b) => b.nested);
      part.sig = flowSignature(bound, part.nested, part.text);
      part.dirty = false;
      return part;
    });
  }
}

/** What other statements can learn of a statement through Flow: the names it binds at module level and to what. */
function flowSignature(bound: ReadonlyArray<readonly [string, string]>, nested: boolean, own: string): string {
  if (bound.length === 0) return '';
  let sig = '';
  for (const [, desc] of bound) sig += desc;
  // bound from inside a function: the value's meaning depends on that function's names
  return nested ? `${sig}\u0000${own}` : sig;
}

/** Names whose module-scope bindings differ between the statements an edit replaced and the ones it made. */
function changedNames(gone: readonly Part[], made: readonly Part[]): Set<string> {
  const byName = (parts: readonly Part[]) => {
    const m = new Map<string, string>();
    for (const p of parts) for (const [name, desc] of p.bound) m.set(name, (m.get(name) ?? '') + desc + '\u0001');
    return m;
  };
  const before = byName(gone);
  const after = byName(made);
  const names = new Set<string>();
  for (const [name, desc] of before) if (after.get(name) !== desc) names.add(name);
  for (const name of after.keys()) if (!before.has(name)) names.add(name);
  // bound from inside a function of an edited statement: the value is read in that function's (changed) scope
  for (const p of [...gone, ...made]) if (p.nested) for (const [name] of p.bound) names.add(name);
  return names;
}

/** Up to this many changed names, each is looked for in every statement's text; beyond, each text is split into words once. */
const FEW_NAMES = 16;

/**
 * The reused statements whose analysis may change because the module-scope bindings of `names` changed: every
 * statement whose text mentions one of them, and transitively every statement mentioning a name bound by such a
 * statement (its value may be computed from a changed name). Re-running them, however many, costs less than
 * re-running the file: the file-level facts are carried over.
 */
function readersOf(names: Set<string>, parts: readonly Part[], kept: ReadonlySet<Part>): Set<Part> {
  const again = new Set<Part>();
  const reached = new Set<Part>();
  const reach = (p: Part, more: (name: string) => void) => {
    reached.add(p);
    if (kept.has(p)) again.add(p);
    for (const [bound] of p.bound) {
      if (names.has(bound)) continue;
      names.add(bound);
      more(bound);
    }
  };
  const queue = [...names];
  while (queue.length && names.size <= FEW_NAMES) {
    const name = queue.pop()!;
    for (const p of parts) if (!reached.has(p) && mentionsName(p.text, name)) reach(p, (n) => queue.push(n));
  }
  if (queue.length) {
    // many names (an edit that swallowed the rest of the file into a string): split each text into words once
    const words = parts.map((p) => (reached.has(p) ? undefined : p.text.match(WORDS) ?? []));
    for (let grew = true; grew; ) {
      grew = false;
      parts.forEach((p, i) => {
        const w = words[i];
        if (!w || !w.some((x) => names.has(x))) return;
        words[i] = undefined;
        reach(p, () => (grew = true));
      });
    }
  }
  return again;
}

const WORDS = /[A-Za-z0-9_$]+/g;

/** Whether `name` occurs in `text` as a whole word (anywhere: code, strings or comments). */
function mentionsName(text: string, name: string): boolean {
  if (!name) return false;
  for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + 1)) {
    if (!isWordChar(text.charCodeAt(i - 1)) && !isWordChar(text.charCodeAt(i + name.length))) return true;
  }
  return false;
}

function isWordChar(c: number): boolean {
  // NaN (outside the text) is not a word character
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/** The first file-level fact (see `perText`) whose value over the edited area differs before and after the edit. */
function changedFact(oldArea: string, newArea: string): string | undefined {
  if (oldArea === newArea) return undefined;
  for (const fact of FILE_FACTS) {
    for (const key of fact.keys) {
      // a keyed fact matches only text that contains its key (a name: see perTextKey)
      const probe = key.split('\n', 1)[0];
      if (probe && !oldArea.includes(probe) && !newArea.includes(probe)) continue;
      if (!sameValue(fact.scan(oldArea, key), fact.scan(newArea, key))) return `a file-level fact changed${key ? ` (${key})` : ''}`;
    }
  }
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => b.has(x));
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && sameValue(v, b.get(k)));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (Array.isArray(a) || Array.isArray(b) || a instanceof Set || b instanceof Set || a instanceof Map || b instanceof Map) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The text of a suppression comment (see suppress.ts): findSuppressions finds nothing in a text without it. */
const MARKER = 'vetted-ignore';

/** Whether applying the one edit to `oldText` gives `newText`: the lengths, the inserted text and the text around it. */
function producesText(oldText: string, e: AppliedEdit, inserted: string, newText: string): boolean {
  const around = 256;
  if (newText.length !== oldText.length - (e.oldEnd - e.start) + inserted.length) return false;
  if (!newText.startsWith(inserted, e.start)) return false;
  const a = Math.max(0, e.start - around);
  if (oldText.slice(a, e.start) !== newText.slice(a, e.start)) return false;
  return oldText.slice(e.oldEnd, e.oldEnd + around) === newText.slice(e.newEnd, e.newEnd + around);
}

/** Lines (split at \n, as precheck does) longer than `max` among those overlapping [from, to]. */
function countLongLines(text: string, from: number, to: number, max: number): number {
  let start = from === 0 ? 0 : text.lastIndexOf('\n', from - 1) + 1;
  let count = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    if (end - start > max) count++;
    if (nl === -1 || nl >= to) break;
    start = nl + 1;
  }
  return count;
}

/** Whether `word` occurs in `text` overlapping [from, to]. */
function windowHas(text: string, from: number, to: number, word: string): boolean {
  return text.slice(Math.max(0, from - word.length + 1), to + word.length - 1).includes(word);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * Whether every position a part's findings name outside the part itself (a fix that adds an import at the top)
 * lies before the edit: such a position depends on the text before it (a Python import goes after the docstring),
 * so an edit before it or at it means the part must run again.
 */
function outsideBefore(p: Part, e: AppliedEdit): boolean {
  const ok = (q: Position) => !before(q, p.startPos) && !before(p.endPos, q) ? true : before(q, e.startPos);
  for (const raw of p.findings) {
    const f = raw.finding;
    if (!ok(f.range.start) || !ok(f.range.end)) return false;
    for (const fix of f.fixes) for (const te of fix.edits) if (!ok(te.range.start) || !ok(te.range.end)) return false;
  }
  return true;
}

/** Moves a part that lies wholly after an edit (positions outside it, all before the edit, stay). */
function shiftPart(p: Part, e: AppliedEdit): void {
  const delta = e.newEnd - e.oldEnd;
  p.start += delta;
  p.end += delta;
  const from = p.startPos;
  const to = p.endPos;
  p.startPos = shiftPos(p.startPos, e);
  p.endPos = shiftPos(p.endPos, e);
  if (p.bindings?.length) p.bindings = p.bindings.map((b) => (b.value ? { ...b, value: { ...b.value, start: b.value.start + delta, end: b.value.end + delta } } : b));
  if (e.newEndPos.line === e.oldEndPos.line && (e.newEndPos.character === e.oldEndPos.character || from.line > e.oldEndPos.line)) return;
  const move = (q: Position) => (!p.local && (before(q, from) || before(to, q)) ? q : shiftPos(q, e));
  p.findings = p.findings.map((raw) => shiftFinding(raw, move));
}

function shiftFinding(raw: RawFinding, move: (q: Position) => Position): RawFinding {
  const f = raw.finding;
  const range = (r: Range): Range => ({ start: move(r.start), end: move(r.end) });
  const finding: Finding = {
    ...f,
    range: range(f.range),
    fixes: f.fixes.length ? f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((te): TextEdit => ({ ...te, range: range(te.range) })) })) : f.fixes,
  };
  return { finding, base: raw.base };
}

/** A position after the edit's old end, moved to where it is after the edit. */
function shiftPos(p: Position, e: AppliedEdit): Position {
  if (p.line === e.oldEndPos.line) return { line: e.newEndPos.line, character: e.newEndPos.character + (p.character - e.oldEndPos.character) };
  return { line: p.line + (e.newEndPos.line - e.oldEndPos.line), character: p.character };
}

/** The position after inserting `text` at `p`. */
function advance(p: Position, text: string): Position {
  let line = p.line;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return last === -1 ? { line, character: p.character + text.length } : { line, character: text.length - last - 1 };
}

function point(p: Position): Point {
  return { row: p.line, column: p.character };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
