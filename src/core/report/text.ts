import type { SkipReason } from '../types';
import { SEVERITIES } from '../types';
import type { FileResult } from './sarif';

export interface ScanSummary {
  readonly files: readonly FileResult[];
  readonly skipped: ReadonlyArray<{ path: string; reason: SkipReason }>;
  readonly errors: ReadonlyArray<{ path: string; message: string }>;
  readonly scanned: number;
}

/** Human-readable report: `path:line:col  severity  rule-id  message  [CWE]`, then a summary. */
export function toText(summary: ScanSummary): string {
  const lines: string[] = [];
  for (const f of summary.files) {
    for (const x of f.findings) {
      lines.push(`${f.path}:${x.range.start.line + 1}:${x.range.start.character + 1}  ${x.severity.padEnd(8)} ${x.ruleId}  ${x.message} [${x.cwe.join(', ')}]`);
    }
  }
  let suppressed = 0;
  for (const f of summary.files) {
    for (const s of f.suppressed ?? []) {
      suppressed++;
      lines.push(`${f.path}:${s.finding.range.start.line + 1}:${s.finding.range.start.character + 1}  suppressed ${s.finding.ruleId}  (reason: ${s.reason})`);
    }
  }
  let dismissed = 0;
  for (const f of summary.files) {
    for (const d of f.dismissed ?? []) {
      dismissed++;
      lines.push(`${f.path}:${d.finding.range.start.line + 1}:${d.finding.range.start.character + 1}  dismissed ${d.finding.ruleId}  (.vetted/ignore.json, by ${d.by}: ${d.reason})`);
    }
  }
  for (const s of summary.skipped) lines.push(`${s.path}: skipped: ${s.reason.detail}`);
  for (const e of summary.errors) lines.push(`${e.path}: error: ${e.message}`);
  const counts = countBySeverity(summary);
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const parts = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  lines.push(
    `${total} finding${total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''} in ${summary.scanned} file${summary.scanned === 1 ? '' : 's'}` +
      (suppressed ? `, ${suppressed} suppressed` : '') +
      (dismissed ? `, ${dismissed} dismissed` : '') +
      (summary.skipped.length ? `, ${summary.skipped.length} skipped` : '') +
      (summary.errors.length ? `, ${summary.errors.length} unreadable` : ''),
  );
  return lines.join('\n') + '\n';
}

export function countBySeverity(summary: Pick<ScanSummary, 'files'>): Record<(typeof SEVERITIES)[number], number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of summary.files) for (const x of f.findings) counts[x.severity]++;
  return counts;
}

export function toJson(summary: ScanSummary, version: string): string {
  return JSON.stringify({ tool: 'vetted', version, scanned: summary.scanned, files: summary.files.filter((f) => f.findings.length || f.suppressed?.length || f.dismissed?.length), skipped: summary.skipped, errors: summary.errors }, null, 2) + '\n';
}
