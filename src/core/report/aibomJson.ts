/**
 * The AI-BOM as JSON: one Agent Trace record per AI block, in the ledger's record shape (ledger.ts, docs/ledger.md),
 * describing the block's current state, wrapped as
 *
 *   { "version": "vetted-aibom/1", "generated": "2026-12-01T10:00:00Z", "root": "repo", "totals": {...},
 *     "records": [ LedgerRecord & { metadata: { vetted: {...}, vetted_report: {...} } } ] }
 *
 * Each record validates against `LedgerRecordSchema` (so the ledger's reader reads it back); the report's own fields
 * (current hash and status, reviewers, findings, tier, first sign-off) sit under `metadata.vetted_report`, a key the
 * ledger's parser preserves. Pure and deterministic: record ids are derived from the block id and the report time.
 */
import { fnv1a64 } from '../hash';
import { toRecord, type LedgerRecord } from '../provenance/ledger';
import type { AiBlock, AiBom } from './aibom';

export const AIBOM_JSON_VERSION = 'vetted-aibom/1';

export interface AiBomReportMeta {
  readonly actualHash?: string;
  readonly status: AiBlock['status'];
  readonly origin: AiBlock['origin'];
  readonly reviewers: readonly string[];
  readonly firstSignOffAt?: string;
  readonly tier?: string;
  readonly suppressed: number;
  readonly findings: ReadonlyArray<{ ruleId: string; severity: string; confidence: string; cwe: readonly string[]; line: number; message: string; fingerprint: string }>;
}

export interface AiBomJson {
  readonly version: typeof AIBOM_JSON_VERSION;
  readonly generated: string;
  readonly root: string;
  readonly totals: AiBom['totals'];
  readonly records: ReadonlyArray<LedgerRecord & { metadata: LedgerRecord['metadata'] & { vetted_report: AiBomReportMeta } }>;
}

/** A UUID-shaped id (RFC 9562 version 8, "custom") derived from `seed`: stable across runs. */
export function stableUuid(seed: string): string {
  const a = fnv1a64(seed);
  const b = fnv1a64(`${seed}\u0000${a}`);
  const hex = a + b;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function blockRecord(b: AiBlock, generated: string, toolVersion?: string): AiBomJson['records'][number] {
  const record = toRecord(
    {
      meta: {
        id: b.id,
        src: b.src,
        tool: b.tool,
        ...(b.model ? { model: b.model } : {}),
        conf: b.conf,
        ts: b.ts,
        h: b.h,
        status: b.status,
        ...(b.reviewers.length ? { reviewer: b.reviewers.join(', ') } : {}),
      },
      path: b.path,
      startLine: b.startLine - 1,
      endLine: Math.max(b.startLine, b.endLine) - 1,
      reviews: b.reviews.map((r) => ({
        status: r.status,
        ...(r.by !== undefined ? { by: r.by } : {}),
        at: r.at,
        ...(r.note !== undefined ? { note: r.note } : {}),
        ...(r.h !== undefined ? { h: r.h } : {}),
        ...(r.answers ? { answers: r.answers as Record<string, 'yes' | 'no' | 'n/a'> } : {}),
        ...(r.tier !== undefined ? { tier: r.tier } : {}),
      })),
      markers: b.origin === 'markers',
      timestamp: generated,
    },
    { recordId: stableUuid(`${b.id}\u0000${generated}`), timestamp: generated, ...(toolVersion ? { toolVersion } : {}) },
  );
  const report: AiBomReportMeta = {
    ...(b.actualHash ? { actualHash: b.actualHash } : {}),
    status: b.status,
    origin: b.origin,
    reviewers: b.reviewers,
    ...(b.firstSignOffAt ? { firstSignOffAt: b.firstSignOffAt } : {}),
    ...(b.tier ? { tier: b.tier } : {}),
    suppressed: b.suppressed,
    findings: b.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, confidence: f.confidence, cwe: f.cwe, line: f.range.start.line + 1, message: f.message, fingerprint: f.fingerprint })),
  };
  return { ...record, metadata: { ...record.metadata, vetted_report: report } };
}

export function toAiBomJson(bom: AiBom, toolVersion?: string): AiBomJson {
  return {
    version: AIBOM_JSON_VERSION,
    generated: bom.generatedAt,
    root: bom.root,
    totals: bom.totals,
    records: bom.blocks.map((b) => blockRecord(b, bom.generatedAt, toolVersion)),
  };
}

export function aiBomJsonText(bom: AiBom, toolVersion?: string): string {
  return JSON.stringify(toAiBomJson(bom, toolVersion), null, 2) + '\n';
}
