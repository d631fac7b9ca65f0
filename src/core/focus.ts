/**
 * What the user sees: the confidence threshold and focus mode ("new code only"). Pure: the callers (editor adapter,
 * CLI) fetch the base text; this module only compares texts and filters findings.
 */
import { CONFIDENCES, type Confidence, type Finding, type Range } from './types';

/** Lines `start`..`end` of the current text, 0-based, both inclusive. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/** Higher number = more confident. */
export function confidenceRank(c: Confidence): number {
  return CONFIDENCES.length - CONFIDENCES.indexOf(c);
}

/** Of two thresholds, the one that shows more findings (the stricter check). */
export function lowerConfidence(a: Confidence, b: Confidence): Confidence {
  return confidenceRank(a) <= confidenceRank(b) ? a : b;
}

export function isConfidence(v: unknown): v is Confidence {
  return typeof v === 'string' && (CONFIDENCES as readonly string[]).includes(v);
}

/** Findings about Vetted itself rather than the code; never hidden by the confidence threshold. */
const TOOL_FINDINGS = new Set(['internal-error']);

export interface ViewOptions {
  /** Findings below this confidence are hidden. */
  readonly minConfidence: Confidence;
  /**
   * Focus mode. Undefined: every line is in focus. Otherwise a finding is shown when any of its lines is in one of
   * the spans: `changed` (lines changed since the base, see `changedSpans`) or `extra` (e.g. AI-tagged blocks).
   */
  readonly focus?: {
    readonly changed: readonly LineSpan[];
    readonly extra?: readonly LineSpan[];
  };
  /**
   * Lines of AI-tagged blocks, checked with the stricter policy: a finding on these lines is shown at every
   * confidence and in focus mode, and its message says it is in an AI block.
   */
  readonly aiBlocks?: readonly LineSpan[];
}

export interface View {
  readonly visible: Finding[];
  /** How many were hidden, and by which filter (a finding below the threshold counts under confidence only). */
  readonly hidden: { readonly confidence: number; readonly focus: number };
  /** How many of `visible` are in an AI block (their messages say so). */
  readonly inAiBlocks?: number;
}

/** Prefix of the message of a finding inside an AI-tagged block. */
export const AI_BLOCK_NOTE = 'In an AI block: ';

/** The findings of `findings` whose lines touch one of `spans` (any order; need not be normalised). */
export function inRegions<F extends { readonly range: Range }>(findings: readonly F[], spans: readonly LineSpan[]): F[] {
  const norm = normaliseSpans(spans);
  return norm.length ? findings.filter((f) => touches(norm, f.range)) : [];
}

export function visibleFindings(findings: readonly Finding[], options: ViewOptions): View {
  const min = confidenceRank(options.minConfidence);
  const spans = options.focus ? normaliseSpans([...options.focus.changed, ...(options.focus.extra ?? [])]) : undefined;
  const ai = options.aiBlocks?.length ? normaliseSpans(options.aiBlocks) : undefined;
  const visible: Finding[] = [];
  let confidence = 0;
  let focus = 0;
  let inAiBlocks = 0;
  for (const f of findings) {
    if (ai && touches(ai, f.range)) {
      visible.push(f.message.startsWith(AI_BLOCK_NOTE) ? f : { ...f, message: AI_BLOCK_NOTE + f.message });
      inAiBlocks++;
    } else if (confidenceRank(f.confidence) < min && !TOOL_FINDINGS.has(f.ruleId)) confidence++;
    else if (spans && !touches(spans, f.range)) focus++;
    else visible.push(f);
  }
  return { visible, hidden: { confidence, focus }, ...(ai ? { inAiBlocks } : {}) };
}

/** One sentence per filter that hid something (for the status bar tooltip). */
export function describeHidden(hidden: View['hidden'], minConfidence: Confidence): string[] {
  const n = (k: number) => `${k} finding${k === 1 ? '' : 's'}`;
  const out: string[] = [];
  if (hidden.confidence) out.push(`${n(hidden.confidence)} below ${minConfidence} confidence not shown (vetted.minConfidence).`);
  if (hidden.focus) out.push(`${n(hidden.focus)} on unchanged lines not shown (vetted.focus).`);
  return out;
}

/** Sorted, merged copy of the spans (so lookups can binary-search). */
export function normaliseSpans(spans: readonly LineSpan[]): LineSpan[] {
  const sorted = spans.filter((s) => s.end >= s.start).sort((a, b) => a.start - b.start);
  const out: LineSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end + 1) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Whether any line of `range` lies in one of the (normalised) spans. */
export function touches(spans: readonly LineSpan[], range: Range): boolean {
  const first = range.start.line;
  // A range ending at column 0 of a later line does not cover that line.
  const last = Math.max(first, range.end.character === 0 && range.end.line > first ? range.end.line - 1 : range.end.line);
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (s.end < first) lo = mid + 1;
    else if (s.start > last) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Lines split on `\n`; a trailing `\r` is not part of the line (so CRLF and LF versions of a file compare equal). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

export interface DiffOptions {
  /**
   * Work limit of the diff (diagonal steps). Past it, the remaining unresolved region counts as changed: the result
   * may then mark more lines than necessary, never fewer. Default: proportional to the text size.
   */
  readonly budget?: number;
}

/**
 * Lines of `current` that are new or changed compared with `base` (undefined base: a new file, every line changed).
 * Deleted lines leave no mark. Myers' O((N+M)·D) diff with linear-space bisection on interned line ids.
 */
export function changedSpans(base: string | undefined, current: string, options: DiffOptions = {}): LineSpan[] {
  const b = splitLines(current);
  if (base === undefined) return [{ start: 0, end: b.length - 1 }];
  if (base === current) return [];
  const lines = splitLines(base);
  // The usual edit touches a few lines of a big file: strip the common ends before interning anything.
  let head = 0;
  while (head < lines.length && head < b.length && lines[head] === b[head]) head++;
  let tail = 0;
  while (tail < lines.length - head && tail < b.length - head && lines[lines.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const a = lines.slice(head, lines.length - tail);
  const mid = b.slice(head, b.length - tail);
  const ids = new Map<string, number>();
  const intern = (lines: string[]) => {
    const out = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      let id = ids.get(lines[i]);
      if (id === undefined) ids.set(lines[i], (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  const ai = intern(a);
  const bi = intern(mid);
  // A line found on one side only can never be matched: mark it (current side) and leave it out of the search, which
  // keeps the diff minimal and makes heavily edited files cheap.
  const inA = new Uint8Array(ids.size);
  const inB = new Uint8Array(ids.size);
  for (const id of ai) inA[id] = 1;
  for (const id of bi) inB[id] = 1;
  const changed = new Uint8Array(mid.length);
  const sharedA = ai.filter((id) => inB[id] === 1);
  const where: number[] = []; // index in b of each shared line
  for (let j = 0; j < bi.length; j++) {
    if (inA[bi[j]]) where.push(j);
    else changed[j] = 1;
  }
  const sharedB = Int32Array.from(where, (j) => bi[j]);
  const marks = new Uint8Array(sharedB.length);
  new Differ(sharedA, sharedB, marks, options.budget ?? 50 * (a.length + mid.length) + 50_000).run();
  for (let k = 0; k < marks.length; k++) if (marks[k]) changed[where[k]] = 1;
  const spans: LineSpan[] = [];
  for (let i = 0; i < changed.length; i++) {
    if (!changed[i]) continue;
    let j = i;
    while (j + 1 < changed.length && changed[j + 1]) j++;
    spans.push({ start: head + i, end: head + j });
    i = j;
  }
  return spans;
}

class Differ {
  private readonly v1: Int32Array;
  private readonly v2: Int32Array;
  private work = 0;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly changed: Uint8Array,
    private readonly budget: number,
  ) {
    // Bisection calls never nest (recursion happens after a split is found), so one pair of buffers serves all.
    const size = 2 * (Math.ceil((a.length + b.length) / 2) + 1) + 2;
    this.v1 = new Int32Array(size);
    this.v2 = new Int32Array(size);
  }

  run(): void {
    // Explicit stack instead of recursion: depth is O(log D) in theory, but no reason to rely on it.
    const stack: number[] = [0, this.a.length, 0, this.b.length];
    while (stack.length) {
      let bHi = stack.pop()!;
      let bLo = stack.pop()!;
      let aHi = stack.pop()!;
      let aLo = stack.pop()!;
      const { a, b } = this;
      while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) aLo++, bLo++;
      while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) aHi--, bHi--;
      if (bLo === bHi) continue; // only deletions left
      if (aLo === aHi) {
        this.mark(bLo, bHi);
        continue;
      }
      const split = this.bisect(aLo, aHi, bLo, bHi);
      if (!split || (split[0] === aLo && split[1] === bLo) || (split[0] === aHi && split[1] === bHi)) {
        this.mark(bLo, bHi); // over budget, nothing in common, or no progress: count the region as changed
        continue;
      }
      stack.push(split[0], aHi, split[1], bHi, aLo, split[0], bLo, split[1]);
    }
  }

  private mark(from: number, to: number): void {
    this.changed.fill(1, from, to);
  }

  /** A point (x, y) on an optimal edit path through the box, found where the forward and reverse searches meet. */
  private bisect(aLo: number, aHi: number, bLo: number, bHi: number): [number, number] | undefined {
    const { a, b, v1, v2 } = this;
    const n = aHi - aLo;
    const m = bHi - bLo;
    const maxD = Math.ceil((n + m) / 2);
    const offset = maxD;
    const vLength = 2 * maxD + 2;
    v1.fill(-1, 0, vLength);
    v2.fill(-1, 0, vLength);
    v1[offset + 1] = 0;
    v2[offset + 1] = 0;
    const delta = n - m;
    const front = (delta & 1) !== 0; // odd delta: the forward search detects the overlap
    let k1Start = 0;
    let k1End = 0;
    let k2Start = 0;
    let k2End = 0;
    for (let d = 0; d < maxD; d++) {
      this.work += 2 * d + 2;
      if (this.work > this.budget) return undefined;
      for (let k1 = -d + k1Start; k1 <= d - k1End; k1 += 2) {
        const k1Off = offset + k1;
        let x1 = k1 === -d || (k1 !== d && v1[k1Off - 1] < v1[k1Off + 1]) ? v1[k1Off + 1] : v1[k1Off - 1] + 1;
        let y1 = x1 - k1;
        while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) x1++, y1++;
        v1[k1Off] = x1;
        if (x1 > n) k1End += 2; // ran off the right edge
        else if (y1 > m) k1Start += 2; // ran off the bottom edge
        else if (front) {
          const k2Off = offset + delta - k1;
          if (k2Off >= 0 && k2Off < vLength && v2[k2Off] !== -1 && x1 >= n - v2[k2Off]) return [aLo + x1, bLo + y1];
        }
      }
      for (let k2 = -d + k2Start; k2 <= d - k2End; k2 += 2) {
        const k2Off = offset + k2;
        let x2 = k2 === -d || (k2 !== d && v2[k2Off - 1] < v2[k2Off + 1]) ? v2[k2Off + 1] : v2[k2Off - 1] + 1;
        let y2 = x2 - k2;
        while (x2 < n && y2 < m && a[aHi - 1 - x2] === b[bHi - 1 - y2]) x2++, y2++;
        v2[k2Off] = x2;
        if (x2 > n) k2End += 2;
        else if (y2 > m) k2Start += 2;
        else if (!front) {
          const k1Off = offset + delta - k2;
          if (k1Off >= 0 && k1Off < vLength && v1[k1Off] !== -1) {
            const x1 = v1[k1Off];
            const y1 = offset + x1 - k1Off;
            if (x1 >= n - x2) return [aLo + x1, bLo + y1];
          }
        }
      }
    }
    return undefined;
  }
}

/** The values of one setting per scope, as VS Code's `WorkspaceConfiguration.inspect()` reports them. */
export interface InspectedValues {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/**
 * The raw `minConfidence` to use. In a trusted workspace: the usual precedence (folder, workspace, user, default).
 * In an untrusted one a workspace may only make checks stricter: its value counts only when it LOWERS the user's
 * threshold (shows more findings); a value that would hide more is ignored and named in `ignored`.
 */
export function resolveMinConfidence(v: InspectedValues, trusted: boolean, fallback: Confidence): { value: unknown; ignored: string[] } {
  if (trusted) return { value: v.workspaceFolderValue ?? v.workspaceValue ?? v.globalValue ?? v.defaultValue, ignored: [] };
  const user = v.globalValue ?? v.defaultValue;
  const base = isConfidence(user) ? user : fallback;
  let result = base;
  const ignored: string[] = [];
  for (const [scope, value] of [['workspace', v.workspaceValue], ['folder', v.workspaceFolderValue]] as const) {
    if (value === undefined) continue;
    if (!isConfidence(value)) ignored.push(`the ${scope} value ${JSON.stringify(value)} of vetted.minConfidence is not valid; ignored`);
    else if (confidenceRank(value) < confidenceRank(result)) result = value;
    else if (confidenceRank(value) > confidenceRank(base)) ignored.push(`the ${scope} value "${value}" of vetted.minConfidence would hide findings below "${base}" (your setting); an untrusted workspace may only lower it`);
  }
  return { value: result === base ? user : result, ignored };
}
