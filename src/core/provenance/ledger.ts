/**
 * The workspace ledger `.vetted/provenance.jsonl` (format: docs/ledger.md). One JSON object per line, shaped like an
 * Agent Trace record (`version, id, timestamp, tool, files[{path, conversations[{contributor, ranges}]}], metadata`),
 * with Vetted's fields under `metadata.vetted`. Append-only history: every change of a region (tagged, reviewed,
 * modified, moved, removed) appends a full snapshot; the last snapshot of a region id wins; a removal is a tombstone.
 *
 * No fs import: the caller passes a `LedgerFs` (node's fs/promises in the CLI and tests, vscode.workspace.fs in the
 * editor).
 */
import { z } from 'zod';
import { CONFIDENCES } from '../types';
import { REGION_SOURCES, REGION_STATUSES, type RegionMeta } from './types';

export const LEDGER_PATH = '.vetted/provenance.jsonl';
export const AGENT_TRACE_VERSION = '0.1.0';
/** Version of the `metadata.vetted` object. */
export const LEDGER_FORMAT = 1;
/** Lines are kept below this many UTF-8 bytes so one append is one small write (PIPE_BUF is 4096 on Linux). */
export const MAX_LINE_BYTES = 4000;
/** Reviews carried in one snapshot (older ones stay in the earlier lines of the history). */
export const MAX_REVIEWS = 8;

const short = (n: number) => z.string().max(n);
/** A checklist answer: `n/a` when the question does not apply to the block. */
export const ANSWERS = ['yes', 'no', 'n/a'] as const;
export type Answer = (typeof ANSWERS)[number];

const hex16 = z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 lowercase hex digits');

const ReviewSchema = z.object({
  status: z.enum(REGION_STATUSES),
  by: short(200).optional(),
  at: short(40),
  note: short(300).optional(),
  /** The content hash the review (or unreview) applies to. */
  h: hex16.optional(),
  /** Checklist answers of a sign-off (issue 5): question id (policy/model.ts) → answer. */
  answers: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a kebab-case question id'), z.enum(ANSWERS))
    .refine((a) => Object.keys(a).length <= 40, 'at most 40 answers')
    .optional(),
  /** The risk tier the block was in when it was signed off. */
  tier: short(40).optional(),
});
export type Review = z.infer<typeof ReviewSchema>;

const VettedSchema = z.object({
  v: z.literal(LEDGER_FORMAT),
  /** Region id (the marker's `id`). */
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{10}$/i, 'expected a 10-character Crockford base32 id'),
  op: z.enum(['set', 'remove']),
  src: z.enum(REGION_SOURCES),
  tool: short(100),
  model: short(100).optional(),
  conf: z.enum(CONFIDENCES),
  ts: short(40),
  h: hex16,
  status: z.enum(REGION_STATUSES),
  reviewer: short(200).optional(),
  reviews: z.array(ReviewSchema).max(MAX_REVIEWS).optional(),
  /** Why a region was removed (tombstones only): `untagged`, `deleted`, `undone`, ... */
  reason: short(100).optional(),
  /** Whether markers exist in the file (`false` in ledger-only mode and for files that cannot hold comments). */
  markers: z.boolean().optional(),
});

const RangeSchema = z.object({
  start_line: z.number().int().min(1),
  end_line: z.number().int().min(1),
  content_hash: short(80).optional(),
});

export const LedgerRecordSchema = z.object({
  version: short(20),
  id: short(64),
  timestamp: short(40),
  tool: z.object({ name: short(100), version: short(40).optional() }).optional(),
  files: z
    .array(
      z.object({
        path: short(1024),
        conversations: z.array(
          z.object({
            url: short(500).optional(),
            contributor: z.object({ type: z.enum(['human', 'ai', 'mixed', 'unknown']), model_id: short(100).optional() }),
            ranges: z.array(RangeSchema),
          }),
        ),
      }),
    )
    .length(1),
  metadata: z.object({ vetted: VettedSchema }).passthrough(),
});
export type LedgerRecord = z.infer<typeof LedgerRecordSchema>;

/** One region as the ledger knows it (the latest snapshot). Lines are 0-based and inclusive, like the tracker's. */
export interface LedgerEntry {
  readonly meta: RegionMeta;
  /** POSIX path relative to the workspace folder. */
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly reviews: readonly Review[];
  readonly removed?: { readonly reason: string; readonly at: string };
  readonly markers?: boolean;
  readonly timestamp: string;
}

export interface LedgerProblem {
  /** 1-based line number in the ledger file. */
  readonly line: number;
  readonly message: string;
}

export interface ParsedLedger {
  /** Valid records in file order. */
  readonly records: LedgerRecord[];
  readonly problems: LedgerProblem[];
}

/** Parse the ledger text. A corrupt or invalid line is reported with its line number and skipped. Never throws. */
export function parseLedger(text: string): ParsedLedger {
  const records: LedgerRecord[] = [];
  const problems: LedgerProblem[] = [];
  const lines = typeof text === 'string' ? text.split('\n') : [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // A torn last line (a crash mid-write) reads like this too.
      problems.push({ line: i + 1, message: 'not valid JSON (corrupt or partly written line); skipped' });
      return;
    }
    const parsed = LedgerRecordSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path?.length ? issue.path.join('.') + ': ' : '';
      problems.push({ line: i + 1, message: `not a Vetted ledger record (${where}${issue?.message ?? 'invalid'}); skipped` });
      return;
    }
    records.push(parsed.data);
  });
  return { records, problems };
}

const CONTRIBUTOR: Record<RegionMeta['src'], 'ai' | 'unknown'> = {
  inline: 'ai',
  'chat-insert': 'ai',
  'agent-edit': 'ai',
  manual: 'ai',
  heuristic: 'ai',
  paste: 'unknown',
};

function newRecordId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex(3)}-${hex(12)}`;
}

export interface ToRecordOptions {
  readonly timestamp?: string;
  readonly recordId?: string;
  readonly toolVersion?: string;
}

function truncateStr(s: string | undefined, n: number): string | undefined {
  return s === undefined ? undefined : s.length > n ? s.slice(0, n) : s;
}

/** Build the ledger record for an entry (a snapshot, or a tombstone when `removed` is set). */
export function toRecord(entry: LedgerEntry, options: ToRecordOptions = {}): LedgerRecord {
  const m = entry.meta;
  const type = m.status === 'modified' ? 'mixed' : CONTRIBUTOR[m.src] ?? 'unknown';
  const ranges = entry.removed
    ? []
    : [{ start_line: Math.max(0, entry.startLine) + 1, end_line: Math.max(entry.startLine, entry.endLine) + 1, content_hash: `fnv1a64-ws:${m.h}` }];
  const model = truncateStr(m.model, 100);
  return {
    version: AGENT_TRACE_VERSION,
    id: options.recordId ?? newRecordId(),
    timestamp: options.timestamp ?? entry.timestamp,
    tool: { name: 'vetted', ...(options.toolVersion ? { version: options.toolVersion } : {}) },
    files: [{ path: posixPath(entry.path), conversations: [{ contributor: { type, ...(model ? { model_id: model } : {}) }, ranges }] }],
    metadata: {
      vetted: {
        v: LEDGER_FORMAT,
        id: m.id,
        op: entry.removed ? 'remove' : 'set',
        src: m.src,
        tool: truncateStr(m.tool, 100)!,
        ...(model ? { model } : {}),
        conf: m.conf,
        ts: m.ts,
        h: m.h,
        status: m.status,
        ...(m.reviewer ? { reviewer: truncateStr(m.reviewer, 200) } : {}),
        ...(entry.reviews.length ? { reviews: entry.reviews.slice(-MAX_REVIEWS) } : {}),
        ...(entry.removed ? { reason: truncateStr(entry.removed.reason, 100) } : {}),
        ...(entry.markers !== undefined ? { markers: entry.markers } : {}),
      },
    },
  };
}

/** Read an entry back from a record. */
export function fromRecord(record: LedgerRecord): LedgerEntry {
  const v = record.metadata.vetted;
  const file = record.files[0];
  const conv = file.conversations[0];
  const range = conv?.ranges[0];
  const meta: RegionMeta = {
    id: v.id,
    src: v.src,
    tool: v.tool,
    ...(v.model ? { model: v.model } : {}),
    conf: v.conf,
    ts: v.ts,
    h: v.h,
    status: v.status,
    ...(v.reviewer ? { reviewer: v.reviewer } : {}),
  };
  return {
    meta,
    path: file.path,
    startLine: range ? range.start_line - 1 : 0,
    endLine: range ? Math.max(range.start_line, range.end_line) - 1 : 0,
    reviews: v.reviews ?? [],
    ...(v.op === 'remove' ? { removed: { reason: v.reason ?? 'removed', at: record.timestamp } } : {}),
    ...(v.markers !== undefined ? { markers: v.markers } : {}),
    timestamp: record.timestamp,
  };
}

/**
 * The latest snapshot per region id (file order decides: later lines supersede earlier ones).
 * Tombstoned regions are left out unless `includeRemoved`.
 */
export function latestEntries(records: readonly LedgerRecord[], options: { includeRemoved?: boolean } = {}): Map<string, LedgerEntry> {
  const map = new Map<string, LedgerEntry>();
  for (const r of records) {
    const e = fromRecord(r);
    map.delete(e.meta.id); // re-insert so iteration order is "last touched"
    map.set(e.meta.id, e);
  }
  if (!options.includeRemoved) for (const [id, e] of map) if (e.removed) map.delete(id);
  return map;
}

/** Entries of one file (POSIX workspace-relative path), latest snapshots, tombstones excluded. */
export function entriesForFile(records: readonly LedgerRecord[], path: string): LedgerEntry[] {
  const p = posixPath(path);
  return [...latestEntries(records).values()].filter((e) => e.path === p);
}

/** The history of one region, oldest first (every snapshot, including the tombstone if any). */
export function historyOf(records: readonly LedgerRecord[], id: string): LedgerEntry[] {
  return records.filter((r) => r.metadata.vetted.id === id).map(fromRecord);
}

/** Compaction: keep the last record of each id (tombstones too, so a stale window cannot resurrect a region). */
export function compactRecords(records: readonly LedgerRecord[]): LedgerRecord[] {
  const last = new Map<string, number>();
  records.forEach((r, i) => last.set(r.metadata.vetted.id, i));
  return records.filter((r, i) => last.get(r.metadata.vetted.id) === i);
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * One record as one line (with its newline). Oversized lines drop their oldest carried reviews until they fit (the
 * history keeps them). Returns undefined for a record that is invalid or still too long (the caller reports it).
 */
export function serialiseRecord(record: LedgerRecord): string | undefined {
  const parsed = LedgerRecordSchema.safeParse(record);
  if (!parsed.success) return undefined;
  let r: LedgerRecord = parsed.data;
  for (;;) {
    const line = JSON.stringify(r) + '\n';
    if (utf8Length(line) <= MAX_LINE_BYTES) return line;
    const reviews = r.metadata.vetted.reviews;
    if (!reviews?.length) return undefined;
    r = { ...r, metadata: { ...r.metadata, vetted: { ...r.metadata.vetted, reviews: reviews.slice(1) } } };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// File access through an injected fs.

/** The file operations the ledger needs. Paths are whatever the adapter uses (absolute fs paths in node). */
export interface LedgerFs {
  /** Rejects when the file does not exist (with `code` `ENOENT` or `FileNotFound`). */
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  /** Must open in append mode (O_APPEND), so concurrent writers never overwrite each other. */
  appendFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
}

export function isNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown } | undefined;
  return e?.code === 'ENOENT' || e?.code === 'FileNotFound' || e?.name === 'EntryNotFound (FileSystemError)';
}

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? path.slice(0, 1) : '.') : path.slice(0, i);
}

/** Read and parse the ledger; a missing file is an empty ledger. Other read errors reject. */
export async function readLedger(fs: LedgerFs, path: string): Promise<ParsedLedger> {
  let text: string;
  try {
    text = await fs.readFile(path);
  } catch (error) {
    if (isNotFound(error)) return { records: [], problems: [] };
    throw error;
  }
  return parseLedger(text);
}

export interface WriteResult {
  readonly written: number;
  /** Records not written (invalid, or too long for one line even without carried reviews), by index. */
  readonly rejected: { readonly index: number; readonly message: string }[];
}

function serialiseAll(records: readonly LedgerRecord[]): { lines: string[]; rejected: WriteResult['rejected'] } {
  const lines: string[] = [];
  const rejected: { index: number; message: string }[] = [];
  records.forEach((r, index) => {
    const line = serialiseRecord(r);
    if (line === undefined) rejected.push({ index, message: 'invalid ledger record or longer than one line may be' });
    else lines.push(line);
  });
  return { lines, rejected };
}

/**
 * Append records, one `appendFile` call per line. With O_APPEND each write lands whole at the end of the file, so two
 * windows appending at once interleave whole lines, never bytes (lines stay under MAX_LINE_BYTES). If the file does
 * not end with a newline (a torn line from a crash), a newline is written first so the torn line stays alone and is
 * reported by the parser instead of corrupting the next record.
 */
export async function appendRecords(fs: LedgerFs, path: string, records: readonly LedgerRecord[]): Promise<WriteResult> {
  const { lines, rejected } = serialiseAll(records);
  if (!lines.length) return { written: 0, rejected };
  await fs.mkdir(dirOf(path), { recursive: true });
  let existing = '';
  try {
    existing = await fs.readFile(path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (existing && !existing.endsWith('\n')) await fs.appendFile(path, '\n');
  for (const line of lines) await fs.appendFile(path, line);
  return { written: lines.length, rejected };
}

/**
 * Replace the ledger atomically: write a temp file next to it, then rename over it (a reader sees the old or the new
 * file, never half of one). Used for compaction. An append from another window between our read and the rename would
 * be lost, so callers re-read and pass the full, current record list (see docs/ledger.md).
 */
export async function rewriteLedger(fs: LedgerFs, path: string, records: readonly LedgerRecord[], tempSuffix?: string): Promise<WriteResult> {
  const { lines, rejected } = serialiseAll(records);
  await fs.mkdir(dirOf(path), { recursive: true });
  const suffix = tempSuffix ?? `${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
  const temp = `${path}.${suffix}.tmp`;
  await fs.writeFile(temp, lines.join(''));
  await fs.rename(temp, path);
  return { written: lines.length, rejected };
}

/** Read, compact and atomically rewrite. Lines appended by another window while we worked are carried over. */
export async function compactLedger(fs: LedgerFs, path: string): Promise<{ before: number; after: number; problems: LedgerProblem[] }> {
  const first = await readLedger(fs, path);
  const compacted = compactRecords(first.records);
  // Re-read just before the rename window: anything appended meanwhile is kept.
  let again = '';
  try {
    again = await fs.readFile(path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const late = parseLedger(again).records.slice(first.records.length);
  const all = compactRecords([...compacted, ...late]);
  await rewriteLedger(fs, path, all);
  return { before: first.records.length + late.length, after: all.length, problems: first.problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Paths.

/** Backslashes to slashes, `.` and `..` resolved, duplicate slashes collapsed, no leading `./`. */
export function posixPath(path: string): string {
  const p = String(path ?? '').replace(/\\/g, '/');
  const absolute = p.startsWith('/');
  const drive = /^[A-Za-z]:/.test(p) ? p.slice(0, 2).toLowerCase() : '';
  const parts: string[] = [];
  for (const seg of (drive ? p.slice(2) : p).split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute && !drive) parts.push('..');
      continue;
    }
    parts.push(seg);
  }
  return (drive ? drive + '/' : absolute ? '/' : '') + parts.join('/');
}

/**
 * A file's path relative to its workspace folder, POSIX-style (`src/app.ts`), or undefined when it is outside the
 * folder. Both are absolute paths (or file-URI paths); Windows drive letters compare case-insensitively.
 */
export function workspaceRelative(folder: string, file: string): string | undefined {
  const f = posixPath(folder).replace(/\/$/, '');
  const p = posixPath(file);
  if (p === f) return '';
  const prefix = f === '' ? '' : f + '/';
  if (!p.startsWith(prefix) && !(f === '/' && p.startsWith('/'))) return undefined;
  return f === '/' ? p.slice(1) : p.slice(prefix.length);
}
