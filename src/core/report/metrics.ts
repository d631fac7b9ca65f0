/**
 * Metrics for leads (issue 5): share of AI-tagged lines by folder, open findings per 1,000 lines in AI blocks vs other
 * code, review latency (tag time → first sign-off), suppressions and overrides, and the trend over the ledger's
 * history per ISO week. Computed from the AI-BOM (aibom.ts); pure. `metricsCsv` exports them (csv.ts).
 */
import type { AiBom } from './aibom';
import { toCsv } from './csv';

export interface FolderShare {
  /** POSIX folder relative to the root; `.` for files at the root. */
  readonly folder: string;
  readonly files: number;
  readonly lines: number;
  readonly aiLines: number;
  /** aiLines / lines, 0 when the folder has no lines. */
  readonly share: number;
}

export interface FindingDensity {
  readonly findings: number;
  readonly lines: number;
  /** findings per 1,000 lines; 0 when there are no lines. */
  readonly perKloc: number;
}

export interface LatencyStats {
  /** Blocks with a sign-off, and without one. */
  readonly signedOff: number;
  readonly pending: number;
  /** Hours from tag to first sign-off (nearest-rank percentiles); undefined without sign-offs. */
  readonly medianHours?: number;
  readonly p90Hours?: number;
}

export interface WeekTrend {
  /** ISO 8601 week, `2026-W49`. */
  readonly week: string;
  readonly tagged: number;
  readonly reviewed: number;
}

export interface Metrics {
  readonly generatedAt: string;
  readonly folders: readonly FolderShare[];
  readonly aiShare: number;
  readonly density: { readonly ai: FindingDensity; readonly other: FindingDensity };
  readonly latency: LatencyStats;
  readonly suppressions: { readonly inline: number; readonly inlineInAi: number; readonly overrides: number };
  readonly status: { readonly unreviewed: number; readonly reviewed: number; readonly modified: number };
  readonly trend: readonly WeekTrend[];
}

function folderOf(path: string, depth: number): string {
  const parts = path.split('/');
  parts.pop();
  if (!parts.length) return '.';
  return parts.slice(0, Math.max(1, depth)).join('/');
}

const round = (n: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Nearest-rank percentile of sorted values (p in (0, 100]). */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** Median: the mean of the two middle values for an even count. */
export function median(sorted: readonly number[]): number | undefined {
  if (!sorted.length) return undefined;
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** ISO 8601 week of a UTC time: `2026-W49` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(ts: string): string | undefined {
  const ms = Date.parse(ts);
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86400000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (UTC ms) of an ISO week label. */
function weekStart(label: string): number {
  const m = /^(\d{4})-W(\d\d)$/.exec(label)!;
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const jan4Day = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - jan4Day * 86400000 + (Number(m[2]) - 1) * 7 * 86400000;
}

export interface MetricsOptions {
  /** Folder depth for the share table (1 = top-level folders). Default: the file's whole folder. */
  readonly folderDepth?: number;
}

export function computeMetrics(bom: AiBom, options: MetricsOptions = {}): Metrics {
  const depth = options.folderDepth ?? Number.MAX_SAFE_INTEGER;
  const byFolder = new Map<string, { files: number; lines: number; aiLines: number }>();
  for (const f of bom.files) {
    const k = folderOf(f.path, depth);
    const agg = byFolder.get(k) ?? { files: 0, lines: 0, aiLines: 0 };
    agg.files++;
    agg.lines += f.lines;
    agg.aiLines += f.aiLines;
    byFolder.set(k, agg);
  }
  const folders = [...byFolder.entries()]
    .map(([folder, a]) => ({ folder, ...a, share: a.lines ? round(a.aiLines / a.lines) : 0 }))
    .sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const t = bom.totals;
  const otherLines = Math.max(0, t.lines - t.aiLines);
  const density = {
    ai: { findings: t.findingsInAi, lines: t.aiLines, perKloc: t.aiLines ? round((t.findingsInAi * 1000) / t.aiLines, 2) : 0 },
    other: { findings: t.findingsOutsideAi, lines: otherLines, perKloc: otherLines ? round((t.findingsOutsideAi * 1000) / otherLines, 2) : 0 },
  };
  // Latency over every region the ledger or the files know (removed ones too: their review still happened).
  const hours: number[] = [];
  let pending = 0;
  for (const r of bom.ledgerTimeline) {
    const a = Date.parse(r.ts);
    const b = r.firstSignOffAt ? Date.parse(r.firstSignOffAt) : NaN;
    if (Number.isFinite(a) && Number.isFinite(b)) hours.push(Math.max(0, (b - a) / 3600000));
    else if (!r.removed) pending++;
  }
  hours.sort((x, y) => x - y);
  const med = median(hours);
  const p90 = percentile(hours, 90);
  const latency: LatencyStats = {
    signedOff: hours.length,
    pending,
    ...(med !== undefined ? { medianHours: round(med, 2) } : {}),
    ...(p90 !== undefined ? { p90Hours: round(p90, 2) } : {}),
  };
  // Trend per ISO week, gaps filled between the first and the last week.
  const tagged = new Map<string, number>();
  const reviewed = new Map<string, number>();
  for (const r of bom.ledgerTimeline) {
    const w = isoWeek(r.ts);
    if (w) tagged.set(w, (tagged.get(w) ?? 0) + 1);
    const rw = r.firstSignOffAt ? isoWeek(r.firstSignOffAt) : undefined;
    if (rw) reviewed.set(rw, (reviewed.get(rw) ?? 0) + 1);
  }
  const weeks = [...new Set([...tagged.keys(), ...reviewed.keys()])].sort();
  const trend: WeekTrend[] = [];
  if (weeks.length) {
    const last = weekStart(weeks[weeks.length - 1]);
    // At most ~5 years of weeks, so a bad timestamp cannot make the table huge.
    for (let w = weekStart(weeks[0]), n = 0; w <= last && n < 270; w += 7 * 86400000, n++) {
      const label = isoWeek(new Date(w).toISOString())!;
      trend.push({ week: label, tagged: tagged.get(label) ?? 0, reviewed: reviewed.get(label) ?? 0 });
    }
  }
  return {
    generatedAt: bom.generatedAt,
    folders,
    aiShare: t.lines ? round(t.aiLines / t.lines) : 0,
    density,
    latency,
    suppressions: { inline: t.suppressed, inlineInAi: bom.files.reduce((n, f) => n + f.suppressedInAi, 0), overrides: t.overrides },
    status: { unreviewed: t.unreviewed, reviewed: t.reviewed, modified: t.modified },
    trend,
  };
}

/** The metrics as one tidy CSV table: `section,key,name,value` (one measurement per row). */
export function metricsCsv(m: Metrics): string {
  const rows: Array<[string, string, string, string | number]> = [];
  rows.push(['summary', 'all', 'ai_line_share', m.aiShare]);
  for (const [k, v] of Object.entries(m.status)) rows.push(['status', k, 'blocks', v]);
  for (const f of m.folders) {
    rows.push(['folder', f.folder, 'files', f.files]);
    rows.push(['folder', f.folder, 'lines', f.lines]);
    rows.push(['folder', f.folder, 'ai_lines', f.aiLines]);
    rows.push(['folder', f.folder, 'ai_line_share', f.share]);
  }
  for (const k of ['ai', 'other'] as const) {
    const d = m.density[k];
    rows.push(['findings', k, 'open_findings', d.findings]);
    rows.push(['findings', k, 'lines', d.lines]);
    rows.push(['findings', k, 'per_1000_lines', d.perKloc]);
  }
  rows.push(['review_latency', 'all', 'signed_off', m.latency.signedOff]);
  rows.push(['review_latency', 'all', 'pending', m.latency.pending]);
  if (m.latency.medianHours !== undefined) rows.push(['review_latency', 'all', 'median_hours', m.latency.medianHours]);
  if (m.latency.p90Hours !== undefined) rows.push(['review_latency', 'all', 'p90_hours', m.latency.p90Hours]);
  rows.push(['suppressions', 'inline', 'count', m.suppressions.inline]);
  rows.push(['suppressions', 'inline_in_ai', 'count', m.suppressions.inlineInAi]);
  rows.push(['suppressions', 'overrides', 'count', m.suppressions.overrides]);
  for (const w of m.trend) {
    rows.push(['trend', w.week, 'tagged', w.tagged]);
    rows.push(['trend', w.week, 'reviewed', w.reviewed]);
  }
  return toCsv(['section', 'key', 'name', 'value'], rows);
}
