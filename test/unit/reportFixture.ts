/**
 * A small repository for the AI-BOM and metrics tests, with hand-computed numbers (see report-metrics.test.ts):
 *
 *   src/api/handler.js   11 lines  block A (unreviewed, copilot/gpt-4.1)        code lines 4-6
 *   src/auth/login.ts     6 lines  block B (reviewed with answers, claude-code)  code lines 3-5
 *   scripts/tool.py       5 lines  block C (reviewed, then edited: modified)      code lines 3-4
 *   config/settings.json  4 lines  block D (ledger-only: JSON cannot hold comments) lines 2-3
 *   db/schema.sql         3 lines  block E (markers only, no ledger record)       code line 2
 *   README.md             2 lines  no AI code
 *   ledger: also region F (old.js), reviewed then removed (a tombstone).
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { normalisedHash } from '../../src/core/hash';
import { serialiseRecord, toRecord, type LedgerEntry, type LedgerRecord, type Review } from '../../src/core/provenance/ledger';
import type { RegionMeta } from '../../src/core/provenance/types';
import type { Finding } from '../../src/core/types';
import { DEFAULT_POLICY } from '../../src/core/policy/model';
import { collectAiBom, type AiBom, type ReportFileInput } from '../../src/core/report/aibom';

export const IDS = { A: '0G2K7QX9AA', B: '0G2K7QX9AB', C: '0G2K7QX9AC', D: '0G2K7QX9AD', E: '0G2K7QX9AE', F: '0G2K7QX9AF' } as const;

const h = (lines: string[]) => normalisedHash(lines.join('\n'));

const A_CODE = ["app.get('/run', (req, res) => {", '  res.send(String(eval(req.query.code)));', '});'];
const B_CODE = ['export function login(token: string): boolean {', '  return verify(token);', '}'];
const C_CODE = ['def run(name):', '    return subprocess.run(["ls", name])'];
const C_OLD = ['def run(name):', '    return 1'];
const E_CODE = ['CREATE TABLE users (id INTEGER PRIMARY KEY);'];
const D_LINES = ['  "retries": 3,', '  "timeoutMs": 5000'];

export const HASHES = { A: h(A_CODE), B: h(B_CODE), C: h(C_CODE), C_OLD: h(C_OLD), D: h(D_LINES), E: h(E_CODE) };

export const TEXTS: Record<string, string> = {
  'src/api/handler.js': [
    "const express = require('express');",
    'const app = express();',
    `// ai-provenance:begin v=1 id=${IDS.A} src=inline tool=github.copilot model=gpt-4.1 conf=high ts=2026-11-02T10:00:00Z h=${HASHES.A} status=unreviewed`,
    ...A_CODE,
    `// ai-provenance:end id=${IDS.A}`,
    "app.get('/calc', (req, res) => {",
    '  res.send(String(eval(req.query.expr))); // vetted-ignore code-injection -- admin-only calculator behind VPN',
    '});',
    'app.listen(3000);',
    '',
  ].join('\n'),
  'src/auth/login.ts': [
    "import { verify } from './jwt';",
    `// ai-provenance:begin v=1 id=${IDS.B} src=agent-edit tool=claude-code model=claude-sonnet-4 conf=high ts=2026-11-03T09:00:00Z h=${HASHES.B} status=reviewed reviewer=ana@example.com`,
    ...B_CODE,
    `// ai-provenance:end id=${IDS.B}`,
    '',
  ].join('\n'),
  'scripts/tool.py': [
    'import subprocess',
    `# ai-provenance:begin v=1 id=${IDS.C} src=chat-insert tool=github.copilot model=gpt-4.1 conf=medium ts=2026-11-10T12:00:00Z h=${HASHES.C_OLD} status=reviewed reviewer=bo@example.com`,
    ...C_CODE,
    `# ai-provenance:end id=${IDS.C}`,
    '',
  ].join('\n'),
  'config/settings.json': ['{', ...D_LINES, '}', ''].join('\n'),
  'db/schema.sql': [
    `-- ai-provenance:begin v=1 id=${IDS.E} src=paste tool=unknown conf=low ts=2026-11-17T08:00:00Z h=${HASHES.E} status=unreviewed`,
    ...E_CODE,
    `-- ai-provenance:end id=${IDS.E}`,
    '',
  ].join('\n'),
  'README.md': ['# Demo', 'Nothing here.', ''].join('\n'),
};

function meta(id: string, m: Omit<RegionMeta, 'id'>): RegionMeta {
  return { id, ...m };
}

function entry(m: RegionMeta, path: string, start: number, end: number, timestamp: string, reviews: Review[] = [], extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return { meta: m, path, startLine: start, endLine: end, reviews, timestamp, ...extra };
}

export const B_ANSWERS = { 'untrusted-input': 'yes', 'no-credentials': 'yes', 'errors-no-internals': 'n/a' } as const;

/** The ledger, in file order; record ids fixed so the file is byte-for-byte stable. */
export function fixtureLedger(): LedgerRecord[] {
  const mA = meta(IDS.A, { src: 'inline', tool: 'github.copilot', model: 'gpt-4.1', conf: 'high', ts: '2026-11-02T10:00:00Z', h: HASHES.A, status: 'unreviewed' });
  const mB = meta(IDS.B, { src: 'agent-edit', tool: 'claude-code', model: 'claude-sonnet-4', conf: 'high', ts: '2026-11-03T09:00:00Z', h: HASHES.B, status: 'unreviewed' });
  const mC = meta(IDS.C, { src: 'chat-insert', tool: 'github.copilot', model: 'gpt-4.1', conf: 'medium', ts: '2026-11-10T12:00:00Z', h: HASHES.C_OLD, status: 'unreviewed' });
  const mD = meta(IDS.D, { src: 'agent-edit', tool: 'cline', conf: 'high', ts: '2026-11-16T00:00:00Z', h: HASHES.D, status: 'unreviewed' });
  const mF = meta(IDS.F, { src: 'inline', tool: 'github.copilot', conf: 'high', ts: '2026-11-05T00:00:00Z', h: 'aaaaaaaaaaaaaaaa', status: 'unreviewed' });
  const bReview: Review = { status: 'reviewed', by: 'ana@example.com', at: '2026-11-04T09:00:00Z', h: HASHES.B, answers: { ...B_ANSWERS }, tier: 'critical', note: 'checked the verify() contract' };
  const cReview: Review = { status: 'reviewed', by: 'bo@example.com', at: '2026-11-10T18:00:00Z', h: HASHES.C_OLD, tier: 'standard' };
  const fReview: Review = { status: 'reviewed', by: 'ana@example.com', at: '2026-11-25T00:00:00Z', h: 'aaaaaaaaaaaaaaaa' };
  const entries: LedgerEntry[] = [
    entry(mA, 'src/api/handler.js', 3, 5, '2026-11-02T10:00:01Z'),
    entry(mB, 'src/auth/login.ts', 2, 4, '2026-11-03T09:00:01Z'),
    entry(mF, 'old.js', 0, 3, '2026-11-05T00:00:01Z'),
    entry({ ...mB, status: 'reviewed', reviewer: 'ana@example.com' }, 'src/auth/login.ts', 2, 4, '2026-11-04T09:00:00Z', [bReview]),
    entry(mC, 'scripts/tool.py', 2, 3, '2026-11-10T12:00:01Z'),
    entry({ ...mC, status: 'reviewed', reviewer: 'bo@example.com' }, 'scripts/tool.py', 2, 3, '2026-11-10T18:00:00Z', [cReview]),
    entry(mD, 'config/settings.json', 1, 2, '2026-11-16T00:00:01Z', [], { markers: false }),
    entry({ ...mF, status: 'reviewed', reviewer: 'ana@example.com' }, 'old.js', 0, 3, '2026-11-25T00:00:00Z', [fReview]),
    entry({ ...mF, status: 'reviewed', reviewer: 'ana@example.com' }, 'old.js', 0, 3, '2026-11-26T00:00:00Z', [fReview], { removed: { reason: 'deleted', at: '2026-11-26T00:00:00Z' } }),
  ];
  return entries.map((e, i) => toRecord(e, { recordId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
}

export function ledgerText(): string {
  return fixtureLedger()
    .map((r) => serialiseRecord(r)!)
    .join('');
}

function finding(ruleId: string, line: number, severity: Finding['severity'] = 'high'): Finding {
  return {
    ruleId,
    cwe: ['CWE-95'],
    severity,
    confidence: 'high',
    message: `${ruleId} on line ${line + 1}`,
    range: { start: { line, character: 0 }, end: { line, character: 10 } },
    fixes: [],
    fingerprint: `${ruleId}:${line}`,
  };
}

/** The files with hand-made findings (0-based lines): two in AI blocks (handler.js line 5, tool.py line 4), one outside (handler.js line 9, suppressed inline too). */
export function fixtureFiles(): ReportFileInput[] {
  const findings: Record<string, Finding[]> = {
    'src/api/handler.js': [finding('code-injection', 4, 'critical'), finding('xss-html-sink', 8, 'medium')],
    'scripts/tool.py': [finding('command-injection', 3)],
  };
  return Object.entries(TEXTS).map(([p, text]) => ({
    path: p,
    text,
    findings: findings[p] ?? [],
    suppressed: p === 'src/api/handler.js' ? [{ finding: finding('code-injection', 8, 'critical'), reason: 'admin-only calculator behind VPN', line: 8 }] : [],
  }));
}

export const OVERRIDES = [
  { fingerprint: 'abc', reason: 'false alarm: constant', by: 'ana@example.com', at: '2026-11-20T10:00:00Z' },
  { fingerprint: 'def', reason: '=HYPERLINK("http://x")', by: 'bo@example.com', at: '2026-11-21T10:00:00Z' },
];

/** Writes the repository (files, ledger, ignore file) under `dir`. */
export function writeFixtureRepo(dir: string): void {
  for (const [p, text] of Object.entries(TEXTS)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), text);
  }
  mkdirSync(path.join(dir, '.vetted'), { recursive: true });
  writeFileSync(path.join(dir, '.vetted', 'provenance.jsonl'), ledgerText());
  writeFileSync(path.join(dir, '.vetted', 'ignore.json'), JSON.stringify({ entries: OVERRIDES }, null, 2));
}

export function fixtureBom(generatedAt = '2026-12-01T10:00:00Z'): AiBom {
  return collectAiBom({ root: 'demo', files: fixtureFiles(), ledger: fixtureLedger(), generatedAt, policy: DEFAULT_POLICY, overrides: OVERRIDES });
}
