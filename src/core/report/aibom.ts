/**
 * The line-level AI bill of materials (issue 5, "Reports leads can use"): every AI block of a repository, from the
 * provenance markers in its files plus ledger-only regions (files that cannot hold comments, ledger-only mode), joined
 * with the ledger (tool, model, source, time, status, reviewers, answers, history) and the findings inside each block.
 *
 * Pure: the caller reads the files and the ledger and runs the engine (the CLI's `vetted report`, the editor's
 * "Export AI-BOM"); the formats (aibomJson.ts, aibomSarif.ts, spdx.ts, cyclonedx.ts, metrics.ts) render this model.
 */
import { normalisedHash } from '../hash';
import type { Finding } from '../types';
import { ALL_COMMENT_STYLES } from '../provenance/comments';
import { scanMarkers } from '../provenance/format';
import { fromRecord, latestEntries, posixPath, type LedgerEntry, type LedgerRecord, type Review } from '../provenance/ledger';
import type { CommentStyle, RegionMeta, RegionSource, RegionStatus } from '../provenance/types';
import { tierFor, type Policy } from '../policy/model';

/** One file of the repository as the report sees it (every scanned file, not only those with AI blocks). */
export interface ReportFileInput {
  /** POSIX path relative to the repository root. */
  readonly path: string;
  readonly text: string;
  /** Open findings of the engine for this file (after inline suppressions). */
  readonly findings?: readonly Finding[];
  /** Findings hidden by inline `vetted-ignore` comments (engine/suppress.ts), with the 0-based line they were on. */
  readonly suppressed?: ReadonlyArray<{ readonly finding: Finding; readonly reason: string; readonly line?: number }>;
}

/** A central dismissal (`.vetted/ignore.json`: a finding fingerprint with reason, who and when). Counted in metrics. */
export interface OverrideInput {
  readonly fingerprint?: string;
  readonly reason?: string;
  readonly by?: string;
  readonly at?: string;
  readonly path?: string;
}

export interface CollectInput {
  /** Shown in the reports (a folder name or path); never read. */
  readonly root: string;
  readonly files: readonly ReportFileInput[];
  /** Valid records of `.vetted/provenance.jsonl`, in file order (`parseLedger(text).records`). */
  readonly ledger: readonly LedgerRecord[];
  /** ISO 8601 UTC, seconds precision. Passed in so output is deterministic. */
  readonly generatedAt: string;
  /** For the tier column; tiers are left out without it. */
  readonly policy?: Policy;
  readonly overrides?: readonly OverrideInput[];
  /** Comment styles to read markers with; default: every style of the core's table (what the CLI scan does). */
  readonly stylesFor?: (path: string) => readonly CommentStyle[] | undefined;
}

export interface BlockReview {
  readonly status: RegionStatus;
  readonly by?: string;
  readonly at: string;
  readonly note?: string;
  /** Content hash the review applies to. */
  readonly h?: string;
  readonly answers?: Readonly<Record<string, string>>;
  readonly tier?: string;
  /** Whether `h` is the block's current content hash (a sign-off for older content does not count). */
  readonly current: boolean;
}

export interface BlockHistoryEvent {
  /** When the snapshot was written (ledger record timestamp). */
  readonly at: string;
  readonly op: 'set' | 'remove';
  readonly status: RegionStatus;
  readonly startLine: number;
  readonly endLine: number;
}

export interface AiBlock {
  /** Region id (the marker's `id`). */
  readonly id: string;
  /** POSIX path relative to the root. */
  readonly path: string;
  /** 1-based inclusive lines of the block's code (not the marker lines). An empty block has endLine = startLine - 1. */
  readonly startLine: number;
  readonly endLine: number;
  /** 1-based lines of the begin and end markers; absent for ledger-only blocks. */
  readonly markerLines?: { readonly begin: number; readonly end: number };
  /** `markers`: from markers in the file; `ledger`: a ledger-only region (no markers). */
  readonly origin: 'markers' | 'ledger';
  readonly src: RegionSource;
  readonly tool: string;
  readonly model?: string;
  readonly conf: RegionMeta['conf'];
  /** When the block was tagged (ISO 8601 UTC). */
  readonly ts: string;
  /** Status as recorded (marker or ledger). */
  readonly recordedStatus: RegionStatus;
  /** Status now: `modified` when the content hash differs from `h` (or was recorded modified), else as recorded. */
  readonly status: RegionStatus;
  /** Hash recorded at tagging or last review. */
  readonly h: string;
  /** Hash of the content now; undefined when the file's text was not available (ledger-only, file missing). */
  readonly actualHash?: string;
  /** Distinct reviewers whose sign-off applies to the current content. */
  readonly reviewers: readonly string[];
  /** Every review event the ledger knows for the block, oldest first. */
  readonly reviews: readonly BlockReview[];
  /** The latest sign-off (status reviewed), if any. */
  readonly lastSignOff?: BlockReview;
  /** The first sign-off in the whole history (for review latency). */
  readonly firstSignOffAt?: string;
  /** Every ledger snapshot of the block, oldest first. */
  readonly history: readonly BlockHistoryEvent[];
  /** Open findings on the block's lines (markers included). */
  readonly findings: readonly Finding[];
  /** Inline suppressions on the block's lines. */
  readonly suppressed: number;
  /** Risk tier for the file (with a policy). */
  readonly tier?: string;
  /** True when the block is in the ledger and the file's markers agree (or it is ledger-only). */
  readonly inLedger: boolean;
}

export interface AiBomFile {
  readonly path: string;
  /** Lines in the file. */
  readonly lines: number;
  /** Lines inside AI blocks (code lines, markers excluded, overlaps counted once). */
  readonly aiLines: number;
  readonly findings: number;
  readonly findingsInAi: number;
  readonly suppressed: number;
  readonly suppressedInAi: number;
  readonly hash: string;
}

export interface AiBomTotals {
  readonly files: number;
  readonly filesWithAi: number;
  readonly blocks: number;
  readonly lines: number;
  readonly aiLines: number;
  readonly unreviewed: number;
  readonly reviewed: number;
  readonly modified: number;
  readonly findingsInAi: number;
  readonly findingsOutsideAi: number;
  readonly suppressed: number;
  readonly overrides: number;
  /** Ledger regions (not removed) whose markers were not found in the files read. */
  readonly ledgerOnlyMissing: number;
}

export interface AiBom {
  readonly generatedAt: string;
  readonly root: string;
  /** Sorted by path, then start line, then id. */
  readonly blocks: readonly AiBlock[];
  /** Every file read, sorted by path. */
  readonly files: readonly AiBomFile[];
  readonly totals: AiBomTotals;
  /** Every region id of the ledger with its first tag time and first sign-off (removed ones too): for trends. */
  readonly ledgerTimeline: ReadonlyArray<{ readonly id: string; readonly ts: string; readonly firstSignOffAt?: string; readonly removed: boolean }>;
  readonly overrides: readonly OverrideInput[];
}

/** Files whose language cannot hold a comment: their regions live in the ledger only (comments.ts, `null` styles). */
const NO_COMMENTS = /\.(?:json|jsonl|ndjson|json5|jsonc|csv|tsv|txt|log|diff|patch|ipynb)$/i;

export function canHoldMarkers(path: string): boolean {
  return !NO_COMMENTS.test(path);
}

/** Line starts of `text` (0-based line → offset). */
function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function lineCount(text: string): number {
  if (text === '') return 0;
  const n = splitLines(text).length;
  return text.endsWith('\n') ? n - 1 : n;
}

function byTime(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every review event of a region over its whole history, deduplicated (each snapshot carries the last 8), oldest first. */
function allReviews(history: readonly LedgerEntry[], latest: LedgerEntry | undefined): Review[] {
  const seen = new Set<string>();
  const out: Review[] = [];
  for (const e of [...history, ...(latest ? [latest] : [])]) {
    for (const r of e.reviews) {
      const key = JSON.stringify([r.status, r.by ?? '', r.at, r.h ?? '', r.note ?? '']);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out.sort((a, b) => byTime(a.at, b.at));
}

interface Joined {
  readonly reviews: BlockReview[];
  readonly reviewers: string[];
  readonly lastSignOff?: BlockReview;
  readonly firstSignOffAt?: string;
  readonly history: BlockHistoryEvent[];
}

/** Every snapshot per region id, oldest first (historyOf for all ids in one pass). */
function historyIndex(records: readonly LedgerRecord[]): Map<string, LedgerEntry[]> {
  const map = new Map<string, LedgerEntry[]>();
  for (const r of records) {
    const e = fromRecord(r);
    const list = map.get(e.meta.id);
    if (list) list.push(e);
    else map.set(e.meta.id, [e]);
  }
  return map;
}

function join(histories: ReadonlyMap<string, LedgerEntry[]>, id: string, latest: LedgerEntry | undefined, currentHash: string | undefined, meta: RegionMeta): Joined {
  const hist = histories.get(id) ?? [];
  const raw = allReviews(hist, latest);
  const reviews: BlockReview[] = raw.map((r) => ({
    status: r.status,
    ...(r.by !== undefined ? { by: r.by } : {}),
    at: r.at,
    ...(r.note !== undefined ? { note: r.note } : {}),
    ...(r.h !== undefined ? { h: r.h } : {}),
    ...(r.answers ? { answers: { ...r.answers } } : {}),
    ...(r.tier !== undefined ? { tier: r.tier } : {}),
    current: currentHash !== undefined && r.h !== undefined ? r.h === currentHash : r.h === meta.h,
  }));
  const signOffs = reviews.filter((r) => r.status === 'reviewed');
  // A later "unreviewed" event for the same content withdraws earlier sign-offs by that reviewer.
  const reviewers = new Set<string>();
  for (const r of reviews) {
    if (!r.current || !r.by) continue;
    if (r.status === 'reviewed') reviewers.add(r.by);
    else reviewers.delete(r.by);
  }
  if (!reviewers.size && meta.status === 'reviewed' && meta.reviewer && (currentHash === undefined || currentHash === meta.h)) reviewers.add(meta.reviewer);
  let firstSignOffAt = signOffs[0]?.at;
  if (!firstSignOffAt) {
    // Reviewed without a review event (older ledgers): the first snapshot that says reviewed.
    const first = hist.find((e) => e.meta.status === 'reviewed');
    if (first) firstSignOffAt = first.timestamp;
  }
  return {
    reviews,
    reviewers: [...reviewers].sort(),
    ...(signOffs.length ? { lastSignOff: signOffs[signOffs.length - 1] } : {}),
    ...(firstSignOffAt ? { firstSignOffAt } : {}),
    history: hist.map((e) => ({ at: e.timestamp, op: e.removed ? 'remove' : 'set', status: e.meta.status, startLine: e.startLine + 1, endLine: e.endLine + 1 })),
  };
}

function statusOf(recorded: RegionStatus, h: string, actual: string | undefined): RegionStatus {
  if (actual !== undefined && actual !== h) return 'modified';
  return recorded;
}

/** Count of distinct 1-based lines covered by [start, end] spans. */
function coveredLines(spans: ReadonlyArray<readonly [number, number]>): number {
  const sorted = spans.filter(([a, b]) => b >= a).sort((x, y) => x[0] - y[0]);
  let n = 0;
  let upTo = 0;
  for (const [a, b] of sorted) {
    const from = Math.max(a, upTo + 1);
    if (b >= from) {
      n += b - from + 1;
      upTo = b;
    }
  }
  return n;
}

/** Collects the AI-BOM. Never throws on file content or ledger data (bad markers are skipped, as the scan does). */
export function collectAiBom(input: CollectInput): AiBom {
  const latest = latestEntries(input.ledger);
  const histories = historyIndex(input.ledger);
  const allLatest = latestEntries(input.ledger, { includeRemoved: true });
  const seenIds = new Set<string>();
  const blocks: AiBlock[] = [];
  const files: AiBomFile[] = [];
  const textByPath = new Map<string, ReportFileInput>();
  for (const f of input.files) textByPath.set(posixPath(f.path), f);
  const tierOf = (path: string) => (input.policy ? tierFor(input.policy, path).tier.name : undefined);

  const pathsSorted = [...textByPath.keys()].sort();
  // Ledger-only regions grouped by file.
  const ledgerOnly = new Map<string, LedgerEntry[]>();
  for (const e of latest.values()) {
    const p = posixPath(e.path);
    if (e.markers === false || !canHoldMarkers(p)) {
      const list = ledgerOnly.get(p) ?? [];
      list.push(e);
      ledgerOnly.set(p, list);
    }
  }

  for (const path of pathsSorted) {
    const file = textByPath.get(path)!;
    const text = typeof file.text === 'string' ? file.text : '';
    const lines = splitLines(text);
    const findings = file.findings ?? [];
    const suppressed = file.suppressed ?? [];
    const fileBlocks: AiBlock[] = [];
    const spansWithMarkers: Array<[number, number]> = []; // 0-based, inclusive, for findings
    const codeSpans: Array<[number, number]> = []; // 1-based code lines, for line counts
    const inSpan = (line: number, s: readonly [number, number]) => line >= s[0] && line <= s[1];

    const makeBlock = (meta: RegionMeta, start1: number, end1: number, span: [number, number], origin: AiBlock['origin'], actual: string | undefined, markerLines?: { begin: number; end: number }): AiBlock => {
      const entry = latest.get(meta.id);
      const j = join(histories, meta.id, entry, actual, meta);
      const status = statusOf(meta.status, meta.h, actual);
      const blockFindings = findings.filter((x) => inSpan(x.range.start.line, span));
      const blockSuppressed = suppressed.filter((s) => inSpan(s.line ?? s.finding.range.start.line, span)).length;
      const tier = tierOf(path);
      return {
        id: meta.id,
        path,
        startLine: start1,
        endLine: end1,
        ...(markerLines ? { markerLines } : {}),
        origin,
        src: meta.src,
        tool: meta.tool,
        ...(meta.model ? { model: meta.model } : {}),
        conf: meta.conf,
        ts: meta.ts,
        recordedStatus: meta.status,
        status,
        h: meta.h,
        ...(actual !== undefined ? { actualHash: actual } : {}),
        reviewers: status === 'modified' ? [] : j.reviewers,
        reviews: j.reviews,
        ...(j.lastSignOff ? { lastSignOff: j.lastSignOff } : {}),
        ...(j.firstSignOffAt ? { firstSignOffAt: j.firstSignOffAt } : {}),
        history: j.history,
        findings: blockFindings,
        suppressed: blockSuppressed,
        ...(tier ? { tier } : {}),
        inLedger: entry !== undefined,
      };
    };

    if (canHoldMarkers(path) && text.includes('ai-provenance')) {
      const styles = input.stylesFor?.(path) ?? ALL_COMMENT_STYLES;
      const { regions } = scanMarkers(text, styles);
      for (const r of regions) {
        if (seenIds.has(r.meta.id)) continue; // the same id in two files: the first (by path) wins, as the ledger's one entry can
        seenIds.add(r.meta.id);
        const start1 = r.beginLine + 2;
        const end1 = r.endLine; // the line before the end marker, 1-based
        spansWithMarkers.push([r.beginLine, r.endLine]);
        codeSpans.push([start1, end1]);
        fileBlocks.push(makeBlock(r.meta, start1, end1, [r.beginLine, r.endLine], 'markers', r.actualHash, { begin: r.beginLine + 1, end: r.endLine + 1 }));
      }
    }
    for (const e of ledgerOnly.get(path) ?? []) {
      if (seenIds.has(e.meta.id)) continue;
      seenIds.add(e.meta.id);
      const s = Math.max(0, e.startLine);
      const t = Math.max(s, e.endLine);
      const actual = s < lines.length ? normalisedHash(lines.slice(s, t + 1).join('\n')) : undefined;
      spansWithMarkers.push([s, t]);
      codeSpans.push([s + 1, t + 1]);
      fileBlocks.push(makeBlock(e.meta, s + 1, t + 1, [s, t], 'ledger', actual));
    }
    const inAi = (line: number) => spansWithMarkers.some((sp) => inSpan(line, sp));
    files.push({
      path,
      lines: lineCount(text),
      aiLines: coveredLines(codeSpans),
      findings: findings.length,
      findingsInAi: findings.filter((x) => inAi(x.range.start.line)).length,
      suppressed: suppressed.length,
      suppressedInAi: suppressed.filter((s) => inAi(s.line ?? s.finding.range.start.line)).length,
      hash: normalisedHash(text),
    });
    blocks.push(...fileBlocks);
  }
  blocks.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));

  let missing = 0;
  for (const e of latest.values()) if (!seenIds.has(e.meta.id)) missing++;

  const timeline = [...allLatest.values()]
    .map((e) => {
      const hist = histories.get(e.meta.id) ?? [];
      const first = hist[0]?.meta.ts ?? e.meta.ts;
      const reviews = allReviews(hist, e).filter((r) => r.status === 'reviewed');
      const firstSignOffAt = reviews[0]?.at ?? hist.find((h) => h.meta.status === 'reviewed')?.timestamp;
      return { id: e.meta.id, ts: first, ...(firstSignOffAt ? { firstSignOffAt } : {}), removed: !!e.removed };
    })
    .sort((a, b) => byTime(a.ts, b.ts) || (a.id < b.id ? -1 : 1));
  // Blocks that only exist as markers (never recorded in the ledger) still count as tagged at their ts.
  for (const b of blocks) {
    if (!allLatest.has(b.id)) timeline.push({ id: b.id, ts: b.ts, ...(b.firstSignOffAt ? { firstSignOffAt: b.firstSignOffAt } : {}), removed: false });
  }
  timeline.sort((a, b) => byTime(a.ts, b.ts) || (a.id < b.id ? -1 : 1));

  const count = (s: RegionStatus) => blocks.filter((b) => b.status === s).length;
  const totals: AiBomTotals = {
    files: files.length,
    filesWithAi: new Set(blocks.map((b) => b.path)).size,
    blocks: blocks.length,
    lines: files.reduce((n, f) => n + f.lines, 0),
    aiLines: files.reduce((n, f) => n + f.aiLines, 0),
    unreviewed: count('unreviewed'),
    reviewed: count('reviewed'),
    modified: count('modified'),
    findingsInAi: files.reduce((n, f) => n + f.findingsInAi, 0),
    findingsOutsideAi: files.reduce((n, f) => n + f.findings - f.findingsInAi, 0),
    suppressed: files.reduce((n, f) => n + f.suppressed, 0),
    overrides: input.overrides?.length ?? 0,
    ledgerOnlyMissing: missing,
  };
  return { generatedAt: input.generatedAt, root: input.root, blocks, files, totals, ledgerTimeline: timeline, overrides: input.overrides ?? [] };
}

/** Blocks that need a reviewer's attention: not signed off for their current content. */
export function needsAttention(b: AiBlock): boolean {
  return b.status !== 'reviewed';
}

/** Tool/model pairs of the blocks, sorted, with the blocks each produced. */
export function toolsOf(bom: AiBom): Array<{ tool: string; model?: string; key: string; blocks: AiBlock[] }> {
  const map = new Map<string, { tool: string; model?: string; key: string; blocks: AiBlock[] }>();
  for (const b of bom.blocks) {
    const key = `${b.tool}\u0000${b.model ?? ''}`;
    let t = map.get(key);
    if (!t) {
      t = { tool: b.tool, ...(b.model ? { model: b.model } : {}), key, blocks: [] };
      map.set(key, t);
    }
    t.blocks.push(b);
  }
  return [...map.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
