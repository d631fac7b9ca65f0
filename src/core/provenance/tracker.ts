/**
 * Regions follow edits. Pure and total: bad input (overlapping changes, offsets out of range, NaN) is clipped,
 * never thrown on.
 *
 * Edge rules (offsets are [start, end), changes are VS Code `contentChanges`: all against the text before the event):
 * - an edit entirely before a region shifts it; entirely after leaves it alone;
 * - text inserted exactly at a region's start or end stays OUTSIDE it (a boundary insertion is new, unobserved code:
 *   it gets classified on its own, never attributed to the neighbouring block);
 * - text inserted strictly inside grows the region (its hash then no longer matches `h`, so it shows `modified`);
 * - an edit overlapping an edge trims the region to what is left of it; the replacement text stays outside;
 * - an edit replacing the middle (both ends survive) KEEPS one region spanning old-left + new text + old-right.
 *   We do not split: the two halves would need ids and hashes nobody observed, and the block is flagged `modified`
 *   anyway, which is the truthful state. (Splitting would invent two attributions out of one.)
 * - an edit swallowing the whole region drops it, unless (with `oldText`) the region's exact old text occurs exactly
 *   once in the replacement text (a reload or whole-document replace that kept it): then it is re-found there.
 * - a region that ends up empty is dropped.
 */
import { normalisedHash } from '../hash';
import type { MarkedRegion, RegionMeta, RegionStatus, TrackedRegion, ContentChange } from './types';

/** A tracked region that remembers the status it had before it became `modified`, so an undo can restore it. */
export interface LiveRegion extends TrackedRegion {
  readonly earlierStatus?: Exclude<RegionStatus, 'modified'>;
}

interface Change {
  readonly a: number;
  readonly b: number;
  readonly text: string;
  readonly delta: number;
}

function finite(n: unknown, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : fallback;
}

/** Sort ascending, clip overlaps (a contract violation) and out-of-range values. */
export function normaliseChanges(changes: readonly ContentChange[], textLength = Number.MAX_SAFE_INTEGER): Change[] {
  const list: { a: number; b: number; text: string; i: number }[] = [];
  (Array.isArray(changes) ? changes : []).forEach((c, i) => {
    if (!c || typeof c !== 'object') return;
    const text = typeof c.text === 'string' ? c.text : '';
    const a = Math.min(Math.max(0, finite(c.rangeOffset, 0)), textLength);
    const b = Math.min(Math.max(a, a + Math.max(0, finite(c.rangeLength, 0))), textLength);
    if (a === b && text === '') return;
    list.push({ a, b, text, i });
  });
  // Ties: pure insertions first (they sit before a replace starting at the same offset), then array order.
  list.sort((x, y) => x.a - y.a || (x.b - x.a) - (y.b - y.a) || x.i - y.i);
  const out: Change[] = [];
  let floor = 0;
  for (const c of list) {
    const a = Math.max(c.a, floor);
    const b = Math.max(c.b, a);
    out.push({ a, b, text: c.text, delta: c.text.length - (b - a) });
    floor = b;
  }
  return out;
}

/** Where a region start lands: insertions at it stay before it, a change covering it leaves it after the new text. */
function mapStart(s: number, changes: readonly Change[]): number {
  let acc = 0;
  for (const c of changes) {
    if (s < c.a) break;
    if (s >= c.b) {
      acc += c.delta;
      continue;
    }
    return c.a + acc + c.text.length;
  }
  return s + acc;
}

/** Where a region end lands: insertions at it stay after it, a change covering it cuts the region at the change. */
function mapEnd(e: number, changes: readonly Change[]): number {
  let acc = 0;
  for (const c of changes) {
    if (e <= c.a) break;
    if (e > c.b) {
      acc += c.delta;
      continue;
    }
    return c.a + acc;
  }
  return e + acc;
}

/** Map a caret-like position (insertions at it push it forward) through one event's changes. */
export function mapOffset(p: number, changes: readonly ContentChange[]): number {
  return mapStart(p, normaliseChanges(changes));
}

/** Post-event [start, end) of each change's inserted text, in the order of `normaliseChanges`. */
export function insertedRanges(changes: readonly ContentChange[]): { start: number; end: number; text: string; deleted: number }[] {
  let acc = 0;
  return normaliseChanges(changes).map((c) => {
    const start = c.a + acc;
    acc += c.delta;
    return { start, end: start + c.text.length, text: c.text, deleted: c.b - c.a };
  });
}

/** Apply one event's changes to a text (same semantics: all against the text before). */
export function applyToText(text: string, changes: readonly ContentChange[]): string {
  const list = normaliseChanges(changes, text.length);
  let out = '';
  let pos = 0;
  for (const c of list) {
    out += text.slice(pos, c.a) + c.text;
    pos = c.b;
  }
  return out + text.slice(pos);
}

/** Map one [start, end) range through an event; undefined when nothing of it is left. */
export function mapRange(start: number, end: number, changes: readonly ContentChange[]): { start: number; end: number } | undefined {
  const list = normaliseChanges(changes);
  const s = mapStart(start, list);
  const e = mapEnd(end, list);
  return s < e ? { start: s, end: e } : undefined;
}

function validRegion(r: TrackedRegion | undefined, textLength: number): boolean {
  return (
    !!r &&
    typeof r === 'object' &&
    !!r.meta &&
    Number.isFinite(r.start) &&
    Number.isFinite(r.end) &&
    r.start >= 0 &&
    r.start < r.end &&
    r.end <= textLength
  );
}

export interface ApplyOptions {
  /** The document text before the event: enables the swallowed-region rescue (see the file comment). */
  readonly oldText?: string;
}

/** Shift, grow, trim or drop regions for one change event. Never throws; invalid and empty regions are dropped. */
export function applyChanges<R extends TrackedRegion>(regions: readonly R[], changes: readonly ContentChange[], options: ApplyOptions = {}): R[] {
  try {
    const oldText = typeof options.oldText === 'string' ? options.oldText : undefined;
    const limit = oldText !== undefined ? oldText.length : Number.MAX_SAFE_INTEGER;
    const list = normaliseChanges(changes, limit);
    const out: R[] = [];
    for (const r of Array.isArray(regions) ? regions : []) {
      if (!validRegion(r, limit)) continue;
      let s = mapStart(r.start, list);
      let e = mapEnd(r.end, list);
      if (s >= e && oldText !== undefined) {
        const rescued = rescue(r, list, oldText);
        if (rescued) [s, e] = rescued;
      }
      if (s < e) out.push({ ...r, start: s, end: e });
    }
    return out;
  } catch {
    return [];
  }
}

/** A change that swallowed the region but whose new text contains the region's exact old text exactly once. */
function rescue(r: TrackedRegion, list: readonly Change[], oldText: string): [number, number] | undefined {
  const content = oldText.slice(r.start, r.end);
  if (!content.trim()) return undefined;
  let acc = 0;
  for (const c of list) {
    if (c.a <= r.start && r.end <= c.b && c.b > c.a) {
      const at = c.text.indexOf(content);
      if (at < 0 || c.text.indexOf(content, at + 1) >= 0) return undefined;
      const s = c.a + acc + at;
      return [s, s + content.length];
    }
    acc += c.delta;
  }
  return undefined;
}

/** Status from the content: `modified` when the hash differs from `h`, the earlier status again when it is back. */
export function refreshStatus<R extends LiveRegion>(region: R, text: string): R {
  const h = normalisedHash(text.slice(region.start, region.end));
  const status = region.meta.status;
  if (h !== region.meta.h) {
    if (status === 'modified') return region;
    return { ...region, meta: { ...region.meta, status: 'modified' }, earlierStatus: status };
  }
  if (status !== 'modified') return region;
  // Back to the hash it was tagged/reviewed with. Without a remembered status, the safe one is `unreviewed`.
  const restored = region.earlierStatus ?? 'unreviewed';
  const { earlierStatus: _drop, ...rest } = region;
  return { ...(rest as R), meta: { ...region.meta, status: restored } };
}

export interface TrackResult<R> {
  readonly regions: R[];
  /** Ids of regions that no longer exist (emptied, swallowed); the ledger records a tombstone for each. */
  readonly dropped: string[];
  /** The text after the event. */
  readonly text: string;
}

/** One change event end to end: map regions, compute the new text, refresh statuses. Never throws. */
export function trackEdit<R extends LiveRegion>(regions: readonly R[], changes: readonly ContentChange[], oldText: string): TrackResult<R> {
  const text = typeof oldText === 'string' ? applyToText(oldText, changes) : '';
  const mapped = applyChanges(regions, changes, { oldText });
  const kept = new Set(mapped.map((r) => r.meta.id));
  const dropped = (Array.isArray(regions) ? regions : []).filter((r) => r?.meta && !kept.has(r.meta.id)).map((r) => r.meta.id);
  return { regions: mapped.map((r) => refreshStatus(r, text)), dropped, text };
}

// ---------------------------------------------------------------------------------------------------------------
// Re-anchoring from the ledger when markers are gone.

/** What the ledger knows about a region: its meta (with `h`) and where it was (0-based lines, inclusive). */
export interface AnchorHint {
  readonly meta: RegionMeta;
  readonly startLine: number;
  readonly endLine: number;
}

export interface Orphan {
  readonly id: string;
  readonly reason: string;
}

export interface ReanchorResult {
  readonly regions: LiveRegion[];
  readonly orphans: Orphan[];
}

/** Work budget (characters hashed) per hint, so a huge file with many hints cannot stall the editor. */
const REANCHOR_BUDGET = 4_000_000;

/**
 * Find each hinted region in `text` by the normalised hash of a window of the same number of lines (whitespace
 * is ignored, so re-indentation still matches). Among several matches the one nearest the recorded line wins.
 * Regions whose markers are present (`marked`) are skipped; their lines are not claimed by other hints.
 * Hints not found are orphans (reported, never guessed).
 */
export function reanchor(text: string, hints: readonly AnchorHint[], marked: readonly MarkedRegion[] = []): ReanchorResult {
  const regions: LiveRegion[] = [];
  const orphans: Orphan[] = [];
  try {
    const src = typeof text === 'string' ? text : '';
    const lineStarts = [0];
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const lineCount = lineStarts.length;
    const stripped: string[] = [];
    for (let i = 0; i < lineCount; i++) {
      const end = i + 1 < lineCount ? lineStarts[i + 1] : src.length;
      stripped.push(src.slice(lineStarts[i], end).replace(/\s+/g, ''));
    }
    const claimed = new Uint8Array(lineCount);
    const markedIds = new Set<string>();
    for (const m of Array.isArray(marked) ? marked : []) {
      if (!m?.meta) continue;
      markedIds.add(m.meta.id);
      for (let l = Math.max(0, m.beginLine); l <= Math.min(lineCount - 1, m.endLine); l++) claimed[l] = 1;
    }
    const seen = new Set<string>();
    for (const hint of Array.isArray(hints) ? hints : []) {
      if (!hint?.meta || typeof hint.meta.id !== 'string') continue;
      const id = hint.meta.id;
      if (markedIds.has(id) || seen.has(id)) continue;
      seen.add(id);
      const n = finite(hint.endLine, -1) - finite(hint.startLine, 0) + 1;
      if (n < 1 || n > lineCount) {
        orphans.push({ id, reason: n < 1 ? 'the ledger record has no lines' : 'the file is shorter than the recorded block' });
        continue;
      }
      const want = hint.meta.h;
      const near = Math.max(0, finite(hint.startLine, 0));
      let best = -1;
      let work = 0;
      for (let i = 0; i + n <= lineCount && work < REANCHOR_BUDGET; i++) {
        let free = true;
        for (let l = i; l < i + n; l++) if (claimed[l]) { free = false; break; }
        if (!free) continue;
        let joined = '';
        for (let l = i; l < i + n; l++) joined += stripped[l];
        work += joined.length + n;
        if (!joined) continue;
        if (normalisedHash(joined) === want && (best < 0 || Math.abs(i - near) < Math.abs(best - near))) best = i;
      }
      if (best < 0) {
        orphans.push({ id, reason: work >= REANCHOR_BUDGET ? 'file too large to search for the block' : 'no lines in the file match the recorded content hash' });
        continue;
      }
      for (let l = best; l < best + n; l++) claimed[l] = 1;
      const start = lineStarts[best];
      const end = best + n < lineCount ? lineStarts[best + n] : src.length;
      regions.push({ meta: hint.meta, start, end });
    }
  } catch {
    // Total: whatever was found so far is returned.
  }
  return { regions, orphans };
}
