import * as assert from 'assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { parseOverrides, parseReportArgs } from '../../src/cli/report';
import { IDS, writeFixtureRepo } from './reportFixture';
import { cycloneDxValidator, sarifValidator } from './schemaValidate';
import { spdxProblems } from './spdxShape';

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('cli: vetted report', () => {
  let tmp: string;
  let repo: string;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  before(() => {
    process.env.SOURCE_DATE_EPOCH = String(Date.parse('2026-12-01T10:00:00Z') / 1000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'vetted-report-'));
    repo = path.join(tmp, 'demo');
    writeFixtureRepo(repo);
  });
  after(() => {
    if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = epoch;
    rmSync(tmp, { recursive: true, force: true });
  });

  it('json (default): one Agent Trace record per AI block, with the engine findings inside the blocks', async () => {
    const r = await run(tmp, 'report', 'demo');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.err, /5 AI blocks in 5 files \(3 unreviewed, 1 modified, 1 reviewed\)/);
    const json = JSON.parse(r.out) as { generated: string; records: Array<{ metadata: { vetted: { id: string; status: string }; vetted_report: { findings: Array<{ ruleId: string; line: number }> } } }> };
    assert.strictEqual(json.generated, '2026-12-01T10:00:00Z');
    assert.deepStrictEqual(json.records.map((x) => x.metadata.vetted.id).sort(), [IDS.A, IDS.B, IDS.C, IDS.D, IDS.E].sort());
    const a = json.records.find((x) => x.metadata.vetted.id === IDS.A)!;
    assert.ok(a.metadata.vetted_report.findings.some((f) => f.ruleId === 'code-injection' && f.line === 5), JSON.stringify(a.metadata.vetted_report.findings));
    assert.strictEqual(json.records.find((x) => x.metadata.vetted.id === IDS.C)!.metadata.vetted.status, 'modified');
  });

  it('the tier column follows the committed .vetted/policy.json; a broken policy file is reported', async () => {
    const copy = path.join(tmp, 'tiered');
    writeFixtureRepo(copy);
    const tiers = async () => {
      const r = await run(tmp, 'report', 'tiered');
      const json = JSON.parse(r.out) as { records: Array<{ files: Array<{ path: string }>; metadata: { vetted_report: { tier?: string } } }> };
      return { err: r.err, byPath: Object.fromEntries(json.records.map((x) => [x.files[0].path, x.metadata.vetted_report.tier])) };
    };
    const before = await tiers();
    assert.strictEqual(before.byPath['src/api/handler.js'], 'standard', JSON.stringify(before.byPath));
    writeFileSync(path.join(copy, '.vetted', 'policy.json'), JSON.stringify({ tiers: { critical: { addGlobs: ['src/api/**'] } } }));
    assert.strictEqual((await tiers()).byPath['src/api/handler.js'], 'critical');
    writeFileSync(path.join(copy, '.vetted', 'policy.json'), '{ "tiers": ');
    const broken = await tiers();
    assert.match(broken.err, /policy\.json.*not valid JSON/);
    assert.ok(Object.values(broken.byPath).every((t) => t === 'critical'), JSON.stringify(broken.byPath));
  });

  it('sarif, spdx and cyclonedx to files: each valid, and the same bytes on a second run', async () => {
    for (const format of ['sarif', 'spdx', 'cyclonedx', 'csv'] as const) {
      const out = path.join(tmp, `aibom.${format}`);
      const r = await run(tmp, 'report', 'demo', '--format', format, '-o', out);
      assert.strictEqual(r.code, 0, r.err);
      assert.match(r.err, new RegExp(`wrote ${format} AI-BOM to`));
      const text = readFileSync(out, 'utf8');
      const again = await run(tmp, 'report', 'demo', '--format', format);
      assert.strictEqual(again.out, text, `${format} output is deterministic`);
      if (format === 'csv') {
        assert.ok(text.startsWith('section,key,name,value\r\n'));
        assert.match(text, /suppressions,overrides,count,2\r\n/);
        continue;
      }
      const doc = JSON.parse(text) as unknown;
      if (format === 'sarif') assert.ok(sarifValidator()(doc), JSON.stringify(sarifValidator().errors)?.slice(0, 1000));
      if (format === 'cyclonedx') assert.ok(cycloneDxValidator()(doc), JSON.stringify(cycloneDxValidator().errors)?.slice(0, 1000));
      if (format === 'spdx') assert.deepStrictEqual(spdxProblems(doc), []);
    }
  });

  it('usage errors and unreadable paths exit 2 with a reason; --help exits 0', async () => {
    const bad = await run(tmp, 'report', 'demo', '--format', 'xml');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--format must be one of json, sarif, spdx, cyclonedx, csv/);
    const missing = await run(tmp, 'report', 'nope');
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /nope: no such file or directory/);
    writeFileSync(path.join(tmp, 'file.txt'), 'x');
    assert.match((await run(tmp, 'report', 'file.txt')).err, /not a directory/);
    const help = await run(tmp, 'report', '--help');
    assert.strictEqual(help.code, 0);
    assert.match(help.out, /Usage: vetted report/);
    assert.match((await run(tmp, '--help')).out, /vetted report \[PATH\]/);
    assert.throws(() => parseReportArgs(['a', 'b']), /one PATH/);
  });

  it('reads .vetted/ignore.json leniently', () => {
    assert.strictEqual(parseOverrides('[{"fingerprint":"a","reason":"r"}]').length, 1);
    assert.strictEqual(parseOverrides('{"ignores":[{"fingerprint":"a"},{"fingerprint":"b"}]}').length, 2);
    assert.deepStrictEqual(parseOverrides('{not json'), []);
    assert.deepStrictEqual(parseOverrides('{"entries": 3}'), []);
  });
});
