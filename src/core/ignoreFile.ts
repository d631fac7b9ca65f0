/**
 * `.vetted/ignore.json`: central, auditable dismissals of findings (issue 5). Each entry names a finding by its
 * fingerprint (src/core/types.ts: rule id + normalised flagged code + occurrence, so it survives line moves), with a
 * required reason, who dismissed it and when. Honoured by the CLI scan, the gate and the editor alike; dismissed
 * findings are counted and listed in reports, never silently dropped.
 *
 * Pure: the caller reads the file. Parsing never throws; every problem is returned with where it is.
 */
import { z } from 'zod';
import type { Finding } from './types';

export const IGNORE_FILE_PATH = '.vetted/ignore.json';
export const IGNORE_FILE_VERSION = 1;

const IgnoreEntrySchema = z
  .object({
    fingerprint: z.string().min(1, 'fingerprint is empty').max(500),
    rule: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'rule must be a rule id such as sql-injection'),
    /** Optional: only this file (POSIX, relative to the repository / workspace folder). */
    path: z.string().min(1).max(1024).optional(),
    reason: z.string().max(500).refine((s) => s.trim().length > 0, 'reason is required (why is this finding safe to dismiss?)'),
    by: z.string().min(1, 'by is required (who dismissed it)').max(200),
    /** ISO 8601 time of the dismissal. */
    at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'at must be an ISO 8601 time such as 2026-12-01T10:00:00Z'),
    /** Optional ISO 8601 date or time after which the dismissal no longer applies. */
    expires: z
      .string()
      .refine((s) => !Number.isNaN(Date.parse(s)), 'expires must be an ISO 8601 date or time')
      .optional(),
  })
  .strict();
export type IgnoreEntry = z.infer<typeof IgnoreEntrySchema>;

export interface IgnoreFile {
  readonly version: 1;
  readonly ignores: readonly IgnoreEntry[];
}

export interface IgnoreProblem {
  /** JSON path of the problem, e.g. `ignores[2].reason`; '' for the whole file. */
  readonly where: string;
  readonly message: string;
}

export interface ParsedIgnoreFile {
  /** Valid entries (invalid ones are left out and reported). */
  readonly file: IgnoreFile;
  readonly problems: IgnoreProblem[];
}

export const EMPTY_IGNORE_FILE: IgnoreFile = { version: 1, ignores: [] };

function where(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** Parses the file's text. Invalid entries are skipped and reported; a broken file gives no entries. Never throws. */
export function parseIgnoreFile(text: string | undefined): ParsedIgnoreFile {
  if (text === undefined || !text.trim()) return { file: EMPTY_IGNORE_FILE, problems: [] };
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { file: EMPTY_IGNORE_FILE, problems: [{ where: '', message: `${IGNORE_FILE_PATH} is not valid JSON (${e instanceof Error ? e.message : String(e)}); no dismissals apply` }] };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { file: EMPTY_IGNORE_FILE, problems: [{ where: '', message: `${IGNORE_FILE_PATH} must be an object {"version": 1, "ignores": [...]}` }] };
  const obj = value as Record<string, unknown>;
  const problems: IgnoreProblem[] = [];
  if (obj.version !== IGNORE_FILE_VERSION) {
    return { file: EMPTY_IGNORE_FILE, problems: [{ where: 'version', message: `version must be ${IGNORE_FILE_VERSION} (got ${JSON.stringify(obj.version)?.slice(0, 20)}); no dismissals apply` }] };
  }
  for (const k of Object.keys(obj)) if (k !== 'version' && k !== 'ignores' && k !== '$schema') problems.push({ where: k, message: `unknown key "${k.slice(0, 40)}" (ignored)` });
  if (!Array.isArray(obj.ignores)) return { file: EMPTY_IGNORE_FILE, problems: [...problems, { where: 'ignores', message: 'ignores must be a list of dismissals' }] };
  const ignores: IgnoreEntry[] = [];
  obj.ignores.forEach((raw, i) => {
    const parsed = IgnoreEntrySchema.safeParse(raw);
    if (parsed.success) ignores.push(parsed.data);
    else for (const issue of parsed.error.issues.slice(0, 3)) problems.push({ where: where(['ignores', i, ...issue.path]), message: `${issue.message}; this dismissal is not applied` });
  });
  return { file: { version: 1, ignores }, problems };
}

/** The file's text with one more entry (or a new file), pretty-printed, stable key order. */
export function addIgnoreEntry(text: string | undefined, entry: IgnoreEntry): { text: string; problems: IgnoreProblem[] } {
  const check = IgnoreEntrySchema.safeParse(entry);
  if (!check.success) return { text: text ?? '', problems: check.error.issues.map((i) => ({ where: where(i.path), message: i.message })) };
  const parsed = parseIgnoreFile(text);
  if (text?.trim() && parsed.problems.some((p) => p.where === '' || p.where === 'version' || p.where === 'ignores')) return { text, problems: parsed.problems };
  // Keep entries as written (also ones this version reports as invalid), append the new one.
  let existing: unknown[] = [];
  try {
    existing = text?.trim() ? ((JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as { ignores: unknown[] }).ignores ?? []) : [];
  } catch {
    existing = [];
  }
  const e = check.data;
  const ordered = { fingerprint: e.fingerprint, rule: e.rule, ...(e.path ? { path: e.path } : {}), reason: e.reason.trim(), by: e.by, at: e.at, ...(e.expires ? { expires: e.expires } : {}) };
  return { text: JSON.stringify({ version: 1, ignores: [...existing, ordered] }, null, 2) + '\n', problems: [] };
}

/** Whether an entry is still in force at `now` (an entry without `expires` never expires). */
export function entryActive(entry: IgnoreEntry, now: Date): boolean {
  return entry.expires === undefined || Date.parse(entry.expires) > now.getTime();
}

export interface Dismissed<F extends Finding = Finding> {
  readonly finding: F;
  readonly entry: IgnoreEntry;
}

/** Matches findings of one file against the dismissals: by rule and fingerprint, and by path when the entry has one. */
export class IgnoreMatcher {
  private readonly byKey = new Map<string, IgnoreEntry[]>();
  private readonly used = new Set<IgnoreEntry>();

  constructor(readonly file: IgnoreFile, private readonly now: Date = new Date()) {
    for (const e of file.ignores) {
      if (!entryActive(e, now)) continue;
      const key = `${e.rule}\u0000${e.fingerprint}`;
      const list = this.byKey.get(key);
      if (list) list.push(e);
      else this.byKey.set(key, [e]);
    }
  }

  /** The entry dismissing this finding in `path` (POSIX, relative), or undefined. */
  match(path: string, finding: Pick<Finding, 'ruleId' | 'fingerprint'>): IgnoreEntry | undefined {
    const list = this.byKey.get(`${finding.ruleId}\u0000${finding.fingerprint}`);
    const hit = list?.find((e) => e.path === undefined || normalise(e.path) === normalise(path));
    if (hit) this.used.add(hit);
    return hit;
  }

  /** Splits findings into kept and dismissed. */
  filter<F extends Finding>(path: string, findings: readonly F[]): { kept: F[]; dismissed: Dismissed<F>[] } {
    const kept: F[] = [];
    const dismissed: Dismissed<F>[] = [];
    for (const f of findings) {
      const entry = this.match(path, f);
      if (entry) dismissed.push({ finding: f, entry });
      else kept.push(f);
    }
    return { kept, dismissed };
  }

  /** Entries that matched no finding so far (call after filtering everything), and expired entries. */
  unused(): Array<{ entry: IgnoreEntry; index: number; expired: boolean }> {
    return this.file.ignores.flatMap((entry, index) => {
      const expired = !entryActive(entry, this.now);
      return this.used.has(entry) ? [] : [{ entry, index, expired }];
    });
  }
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
