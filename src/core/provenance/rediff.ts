/**
 * Re-diff of an assistant's streamed edits (issue 4, signal 2). Chat and agent edit sessions often stream a whole
 * rewrite of a region (or the whole file) whose lines are mostly the ones that were already there. Tagging every
 * line the stream touched would claim the user's own unchanged code for the assistant, so when a stream group
 * closes, the text before the group is compared line by line with the text after it, and only lines that are new
 * or changed are kept.
 *
 * A line diff (Myers, O((N+M)·D)) after trimming the common prefix and suffix; when the edit distance exceeds
 * `maxEdits`, the trimmed middle is returned as one span (never more than what changed, never a throw).
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

interface Lines {
  readonly text: string;
  /** Start offset of each line; a final entry = text length. */
  readonly starts: number[];
}

function splitLines(text: string): Lines {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (starts[starts.length - 1] !== text.length) starts.push(text.length);
  return { text, starts };
}

function lineAt(l: Lines, i: number): string {
  // Without the newline, so the last line compares equal with or without a trailing newline; whitespace at the end
  // of a line is not a change worth attributing.
  return l.text.slice(l.starts[i], l.starts[i + 1]).replace(/\s+$/, '');
}

/** Indexes (in `after`'s lines a0..a1) of lines that are not matched to a line of `before` (b0..b1). */
function myersInserted(bl: string[], al: string[], maxEdits: number): boolean[] | undefined {
  const n = bl.length;
  const m = al.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1];
      else x = v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && bl[x] === al[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        // Backtrack: mark the lines of `after` reached by a vertical (insert) step.
        const inserted = new Array<boolean>(m).fill(false);
        let cx = n;
        let cy = m;
        trace.push(next);
        for (let dd = d; dd > 0; dd--) {
          const pv = trace[dd];
          const kk = cx - cy;
          const down = kk === -dd || (kk !== dd && pv[offset + kk - 1] < pv[offset + kk + 1]);
          const pk = down ? kk + 1 : kk - 1;
          const px = pv[offset + pk];
          const py = px - pk;
          // Diagonal run back to the step's end point.
          while (cx > px + (down ? 0 : 1) && cy > py + (down ? 1 : 0)) {
            cx--;
            cy--;
          }
          if (down) inserted[py] = true;
          cx = px;
          cy = py;
        }
        return inserted;
      }
    }
    v = next;
  }
  return undefined;
}

/**
 * Offsets in `after` of the lines that are new or changed compared with `before`, merged into spans of whole lines
 * (a line's span includes its newline). Pure deletions yield nothing.
 */
export function changedLineSpans(before: string, after: string, maxEdits = 2000): Span[] {
  if (before === after) return [];
  const b = splitLines(before);
  const a = splitLines(after);
  const nb = b.starts.length - 1;
  const na = a.starts.length - 1;
  let p = 0;
  while (p < nb && p < na && lineAt(b, p) === lineAt(a, p)) p++;
  let s = 0;
  while (s < nb - p && s < na - p && lineAt(b, nb - 1 - s) === lineAt(a, na - 1 - s)) s++;
  const a0 = p;
  const a1 = na - s;
  if (a1 <= a0) return [];
  const bl: string[] = [];
  for (let i = p; i < nb - s; i++) bl.push(lineAt(b, i));
  const al: string[] = [];
  for (let i = a0; i < a1; i++) al.push(lineAt(a, i));
  const inserted = bl.length === 0 ? al.map(() => true) : myersInserted(bl, al, maxEdits);
  if (!inserted) return [{ start: a.starts[a0], end: a.starts[a1] }];
  const spans: Span[] = [];
  for (let i = 0; i < al.length; i++) {
    if (!inserted[i]) continue;
    const start = a.starts[a0 + i];
    const end = a.starts[a0 + i + 1];
    const last = spans[spans.length - 1];
    if (last && last.end === start) spans[spans.length - 1] = { start: last.start, end };
    else spans.push({ start, end });
  }
  return spans;
}

/** `ranges` cut down to the parts inside `spans` (both sorted or not; result sorted, non-empty pieces only). */
export function intersectSpans(ranges: readonly Span[], spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  const sorted = [...spans].sort((x, y) => x.start - y.start);
  for (const r of [...ranges].sort((x, y) => x.start - y.start)) {
    for (const s of sorted) {
      const start = Math.max(r.start, s.start);
      const end = Math.min(r.end, s.end);
      if (end > start) out.push({ start, end });
    }
  }
  return out;
}
