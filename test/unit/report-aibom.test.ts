import * as assert from 'assert';
import { LedgerRecordSchema, parseLedger } from '../../src/core/provenance/ledger';
import { collectAiBom } from '../../src/core/report/aibom';
import { aiBomJsonText, stableUuid, toAiBomJson } from '../../src/core/report/aibomJson';
import { B_ANSWERS, HASHES, IDS, TEXTS, fixtureBom, fixtureFiles, fixtureLedger, ledgerText } from './reportFixture';


describe('report: AI-BOM collection', () => {
  it('the fixture ledger reads back without problems', () => {
    const parsed = parseLedger(ledgerText());
    assert.deepStrictEqual(parsed.problems, []);
    assert.strictEqual(parsed.records.length, 9);
  });

  it('finds every AI block: markers in JS, TS, Python and SQL, plus the ledger-only JSON region; removed regions are left out', () => {
    const bom = fixtureBom();
    assert.deepStrictEqual(
      bom.blocks.map((b) => [b.path, b.id, b.startLine, b.endLine, b.origin]),
      [
        ['config/settings.json', IDS.D, 2, 3, 'ledger'],
        ['db/schema.sql', IDS.E, 2, 2, 'markers'],
        ['scripts/tool.py', IDS.C, 3, 4, 'markers'],
        ['src/api/handler.js', IDS.A, 4, 6, 'markers'],
        ['src/auth/login.ts', IDS.B, 3, 5, 'markers'],
      ],
    );
    assert.ok(!bom.blocks.some((b) => b.id === IDS.F), 'the tombstoned region is not a block');
    assert.deepStrictEqual(bom.blocks.find((b) => b.id === IDS.A)!.markerLines, { begin: 3, end: 7 });
  });

  it('status: unreviewed, reviewed (hash matches the sign-off), modified (content changed after the review)', () => {
    const bom = fixtureBom();
    const by = (id: string) => bom.blocks.find((b) => b.id === id)!;
    assert.strictEqual(by(IDS.A).status, 'unreviewed');
    assert.strictEqual(by(IDS.B).status, 'reviewed');
    assert.strictEqual(by(IDS.C).recordedStatus, 'reviewed');
    assert.strictEqual(by(IDS.C).status, 'modified');
    assert.strictEqual(by(IDS.C).actualHash, HASHES.C);
    assert.strictEqual(by(IDS.C).h, HASHES.C_OLD);
    assert.deepStrictEqual(by(IDS.C).reviewers, [], 'a sign-off of older content does not count');
    assert.strictEqual(by(IDS.C).reviews[0].current, false);
    assert.strictEqual(by(IDS.D).status, 'unreviewed');
    assert.strictEqual(by(IDS.D).actualHash, HASHES.D, 'a ledger-only block is hashed from the file text');
    assert.strictEqual(by(IDS.E).status, 'unreviewed');
    assert.strictEqual(by(IDS.E).inLedger, false);
  });

  it('a reviewed block carries its reviewer, time, answers, tier and history from the ledger', () => {
    const b = fixtureBom().blocks.find((x) => x.id === IDS.B)!;
    assert.deepStrictEqual(b.reviewers, ['ana@example.com']);
    assert.strictEqual(b.lastSignOff?.at, '2026-11-04T09:00:00Z');
    assert.deepStrictEqual(b.lastSignOff?.answers, B_ANSWERS);
    assert.strictEqual(b.lastSignOff?.tier, 'critical');
    assert.strictEqual(b.firstSignOffAt, '2026-11-04T09:00:00Z');
    assert.deepStrictEqual(
      b.history.map((e) => [e.at, e.status]),
      [
        ['2026-11-03T09:00:01Z', 'unreviewed'],
        ['2026-11-04T09:00:00Z', 'reviewed'],
      ],
    );
    assert.strictEqual(b.tier, 'critical', 'src/auth/** is critical by default');
    assert.strictEqual(fixtureBom().blocks.find((x) => x.id === IDS.A)!.tier, 'standard');
  });

  it('joins the findings on each block lines and counts lines, findings and suppressions per file', () => {
    const bom = fixtureBom();
    const a = bom.blocks.find((b) => b.id === IDS.A)!;
    assert.deepStrictEqual(
      a.findings.map((f) => f.ruleId),
      ['code-injection'],
    );
    assert.deepStrictEqual(bom.blocks.find((b) => b.id === IDS.C)!.findings.map((f) => f.ruleId), ['command-injection']);
    const handler = bom.files.find((f) => f.path === 'src/api/handler.js')!;
    assert.deepStrictEqual([handler.lines, handler.aiLines, handler.findings, handler.findingsInAi, handler.suppressed, handler.suppressedInAi], [11, 3, 2, 1, 1, 0]);
    assert.deepStrictEqual(
      [bom.totals.files, bom.totals.filesWithAi, bom.totals.blocks, bom.totals.lines, bom.totals.aiLines],
      [6, 5, 5, 31, 11],
    );
    assert.deepStrictEqual([bom.totals.unreviewed, bom.totals.reviewed, bom.totals.modified], [3, 1, 1]);
    assert.deepStrictEqual([bom.totals.findingsInAi, bom.totals.findingsOutsideAi, bom.totals.suppressed, bom.totals.overrides], [2, 1, 1, 2]);
    assert.strictEqual(bom.totals.ledgerOnlyMissing, 0);
  });

  it('counts ledger regions whose markers are gone, and never throws on garbage input', () => {
    const files = fixtureFiles().filter((f) => f.path !== 'src/api/handler.js');
    const bom = collectAiBom({ root: 'x', files, ledger: fixtureLedger(), generatedAt: '2026-12-01T10:00:00Z' });
    assert.strictEqual(bom.totals.ledgerOnlyMissing, 1);
    assert.strictEqual(bom.blocks.find((b) => b.id === IDS.B)!.tier, undefined, 'no policy, no tier');
    const junk = collectAiBom({ root: 'x', files: [{ path: 'a.js', text: '// ai-provenance:begin v=1 id=??\n\u0000// ai-provenance:end\n' }], ledger: [], generatedAt: 'x' });
    assert.strictEqual(junk.blocks.length, 0);
  });

  it('JSON: one Agent Trace ledger record per block, readable by the ledger parser, deterministic', () => {
    const json = toAiBomJson(fixtureBom(), '0.1.0');
    assert.strictEqual(json.version, 'vetted-aibom/1');
    assert.strictEqual(json.generated, '2026-12-01T10:00:00Z');
    assert.strictEqual(json.records.length, 5);
    for (const r of json.records) {
      const parsed = LedgerRecordSchema.safeParse(r);
      assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
      assert.strictEqual(r.version, '0.1.0');
      assert.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const b = json.records.find((r) => r.metadata.vetted.id === IDS.B)!;
    assert.deepStrictEqual(b.files[0].conversations[0].ranges, [{ start_line: 3, end_line: 5, content_hash: `fnv1a64-ws:${HASHES.B}` }]);
    assert.strictEqual(b.files[0].conversations[0].contributor.model_id, 'claude-sonnet-4');
    assert.deepStrictEqual(b.metadata.vetted.reviews?.[0].answers, B_ANSWERS);
    assert.deepStrictEqual(b.metadata.vetted_report.reviewers, ['ana@example.com']);
    const c = json.records.find((r) => r.metadata.vetted.id === IDS.C)!;
    assert.strictEqual(c.metadata.vetted.status, 'modified');
    assert.strictEqual(c.files[0].conversations[0].contributor.type, 'mixed');
    assert.deepStrictEqual(c.metadata.vetted_report.findings.map((f) => [f.ruleId, f.line]), [['command-injection', 4]]);
    assert.strictEqual(json.records.find((r) => r.metadata.vetted.id === IDS.D)!.metadata.vetted.markers, false);
    assert.strictEqual(aiBomJsonText(fixtureBom(), '0.1.0'), aiBomJsonText(fixtureBom(), '0.1.0'));
    assert.notStrictEqual(stableUuid('a'), stableUuid('b'));
  });

  it('the fixture texts are what the numbers assume', () => {
    assert.strictEqual(TEXTS['src/api/handler.js'].split('\n').length - 1, 11);
  });
});
