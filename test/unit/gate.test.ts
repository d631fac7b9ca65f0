import * as assert from 'assert';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { runGate } from '../../src/cli/precommit';
import { parseNameStatus } from '../../src/cli/staged';
import { evaluateGate, languageIdForPath, markerStylesForPath } from '../../src/core/gate/gate';
import { loadGatePolicy } from '../../src/core/gate/policy';
import type { GateVerdict } from '../../src/core/gate/types';
import { DEFAULT_POLICY, tierFor, type Policy } from '../../src/core/policy/model';
import type { RegionMeta } from '../../src/core/provenance/types';
import { block, hashOf, ID1, ledgerLine, SAFE_CODE, TempRepo } from './gateHelpers';

const STANDARD_ANSWERS = { 'untrusted-input': 'yes', 'no-credentials': 'yes', 'errors-no-internals': 'n/a' } as const;

function meta(code: string[], extra: Partial<RegionMeta> = {}): RegionMeta {
  return { id: ID1, src: 'inline', tool: 'github.copilot', conf: 'high', ts: '2026-12-01T10:00:00Z', h: hashOf(code), status: 'unreviewed', ...extra };
}

function kinds(v: GateVerdict): string[] {
  return v.items.filter((i) => i.blocking).map((i) => i.kind);
}

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('gate: staged content in a temporary git repository', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.dispose());

  it('blocks an unreviewed AI block in a standard-tier file, with file:line and an existing command in the resolve text', async () => {
    repo.write('src/app.ts', ['// app', ...block(SAFE_CODE), ''].join('\n'));
    repo.add('src/app.ts');
    const v = await runGate(repo.dir);
    assert.strictEqual(v.status, 'block');
    assert.deepStrictEqual(kinds(v), ['unreviewed']);
    const item = v.items[0];
    assert.strictEqual(item.file, 'src/app.ts');
    assert.strictEqual(item.line, 2);
    assert.strictEqual(item.tier, 'standard');
    assert.match(item.resolve, /src\/app\.ts:2/);
    assert.match(item.resolve, /Vetted: Mark AI Block Reviewed/);
    assert.match(item.resolve, /git add src\/app\.ts \.vetted\/provenance\.jsonl/);
    assert.strictEqual(v.aiBlocks, 1);
    assert.strictEqual(v.checkedFiles, 1);
  });

  it('passes a block reviewed for its current content with the checklist answered in the staged ledger', async () => {
    const m = meta(SAFE_CODE, { status: 'reviewed', reviewer: 'ana@example.com' });
    repo.write('src/app.ts', [...block(SAFE_CODE, m), ''].join('\n'));
    repo.write('.vetted/provenance.jsonl', ledgerLine(m, 'src/app.ts', 1, 3, [{ status: 'reviewed', by: 'ana@example.com', at: '2026-12-01T11:00:00Z', h: m.h, answers: { ...STANDARD_ANSWERS } }]));
    repo.add('src/app.ts', '.vetted/provenance.jsonl');
    const v = await runGate(repo.dir);
    assert.strictEqual(v.status, 'pass', JSON.stringify(v.items));
  });

  it('a marker marked reviewed without the tier\'s checklist answers is an incomplete review', async () => {
    const m = meta(SAFE_CODE, { status: 'reviewed', reviewer: 'ana@example.com' });
    repo.write('src/app.ts', [...block(SAFE_CODE, m), ''].join('\n'));
    repo.add('src/app.ts');
    const v = await runGate(repo.dir);
    assert.deepStrictEqual(kinds(v), ['incomplete-review']);
    assert.match(v.items[0].message, /untrusted-input, no-credentials, errors-no-internals/);
  });

  it('blocks a block modified after review (staged) as modified', async () => {
    const m = meta(SAFE_CODE, { status: 'reviewed', reviewer: 'ana@example.com' });
    const edited = [SAFE_CODE[0], '  return a - b;', SAFE_CODE[2]];
    repo.write('src/app.ts', [...block(edited, m), ''].join('\n'));
    repo.write('.vetted/provenance.jsonl', ledgerLine(m, 'src/app.ts', 1, 3, [{ status: 'reviewed', by: 'ana@example.com', at: '2026-12-01T11:00:00Z', h: m.h, answers: { ...STANDARD_ANSWERS } }]));
    repo.add('src/app.ts', '.vetted/provenance.jsonl');
    const v = await runGate(repo.dir);
    assert.deepStrictEqual(kinds(v), ['modified']);
    assert.match(v.items[0].message, /changed since it was reviewed by ana@example\.com/);
    assert.match(v.items[0].resolve, /Re-review the block at src\/app\.ts:1/);
  });

  it('only the index counts: a working-tree edit after staging changes nothing, either way', async () => {
    const m = meta(SAFE_CODE, { status: 'reviewed', reviewer: 'ana@example.com' });
    const ledger = ledgerLine(m, 'src/app.ts', 1, 3, [{ status: 'reviewed', by: 'ana@example.com', at: '2026-12-01T11:00:00Z', h: m.h, answers: { ...STANDARD_ANSWERS } }]);
    repo.write('src/app.ts', [...block(SAFE_CODE, m), ''].join('\n'));
    repo.write('.vetted/provenance.jsonl', ledger);
    repo.add('src/app.ts', '.vetted/provenance.jsonl');
    // edit the reviewed block in the working tree only
    repo.write('src/app.ts', [...block([SAFE_CODE[0], '  return eval("a+b");', SAFE_CODE[2]], m), ''].join('\n'));
    assert.strictEqual((await runGate(repo.dir)).status, 'pass');
    // and the other way round: unreviewed staged, "fixed" only in the working tree
    repo.write('src/other.ts', [...block(SAFE_CODE, { id: '0G2K7QX9AD' }), ''].join('\n'));
    repo.add('src/other.ts');
    repo.write('src/other.ts', [...block(SAFE_CODE, { id: '0G2K7QX9AD', status: 'reviewed', reviewer: 'ana@example.com' }), ''].join('\n'));
    const v = await runGate(repo.dir);
    assert.deepStrictEqual(kinds(v), ['unreviewed']);
    assert.strictEqual(v.items[0].file, 'src/other.ts');
  });

  it('tells the user when the ledger working copy has sign-offs that are not staged (not blocking)', async () => {
    const m = meta(SAFE_CODE, { status: 'reviewed', reviewer: 'ana@example.com' });
    repo.write('src/app.ts', [...block(SAFE_CODE, m), ''].join('\n'));
    repo.add('src/app.ts');
    repo.write('.vetted/provenance.jsonl', ledgerLine(m, 'src/app.ts', 1, 3, [{ status: 'reviewed', by: 'ana@example.com', at: '2026-12-01T11:00:00Z', h: m.h, answers: { ...STANDARD_ANSWERS } }]));
    const v = await runGate(repo.dir);
    assert.deepStrictEqual(kinds(v), ['incomplete-review']);
    const note = v.items.find((i) => i.kind === 'unstaged-sign-off');
    assert.ok(note && !note.blocking, JSON.stringify(v.items));
    assert.match(note!.resolve, /git add \.vetted\/provenance\.jsonl/);
    repo.add('.vetted/provenance.jsonl');
    assert.strictEqual((await runGate(repo.dir)).status, 'pass');
  });

  it('a renamed file is judged by its new path\'s tier', async () => {
    repo.write('src/util.ts', [...block(SAFE_CODE, meta(SAFE_CODE, { status: 'reviewed', reviewer: 'ana@example.com' })), ''].join('\n'));
    repo.write('.vetted/provenance.jsonl', ledgerLine(meta(SAFE_CODE, { status: 'reviewed', reviewer: 'ana@example.com' }), 'src/util.ts', 1, 3, [{ status: 'reviewed', by: 'ana@example.com', at: '2026-12-01T11:00:00Z', h: hashOf(SAFE_CODE), answers: { ...STANDARD_ANSWERS } }]));
    repo.add('src/util.ts', '.vetted/provenance.jsonl');
    repo.commit();
    assert.strictEqual((await runGate(repo.dir)).status, 'pass');
    mkdirSync(path.join(repo.dir, 'src', 'auth'));
    repo.git('mv', 'src/util.ts', 'src/auth/util.ts');
    const v = await runGate(repo.dir);
    // critical: every default question is required, so the standard-tier sign-off is not enough
    assert.deepStrictEqual(kinds(v), ['incomplete-review']);
    assert.strictEqual(v.items[0].file, 'src/auth/util.ts');
    assert.strictEqual(v.items[0].tier, 'critical');
  });

  it('a deleted file passes, a binary file is listed as skipped', async () => {
    repo.write('src/old.ts', [...block(SAFE_CODE), ''].join('\n'));
    repo.add('src/old.ts');
    repo.commit();
    repo.git('rm', '-q', 'src/old.ts');
    repo.write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    repo.add('assets/logo.png');
    const v = await runGate(repo.dir);
    assert.strictEqual(v.status, 'pass', JSON.stringify(v.items));
    assert.deepStrictEqual(v.skipped, [{ file: 'assets/logo.png', reason: 'binary file (not checked)' }]);
    assert.strictEqual(v.checkedFiles, 0);
  });

  it('a policy file that is not JSON falls back to the strictest tier (a sandbox block then blocks) and says so', async () => {
    repo.write('sandbox/try.ts', [...block(SAFE_CODE), ''].join('\n'));
    repo.add('sandbox/try.ts');
    assert.strictEqual((await runGate(repo.dir)).status, 'pass', 'experimental tier: unreviewed AI code does not block');
    repo.write('.vetted/policy.json', '{ "tiers": [ oops');
    repo.add('.vetted/policy.json');
    const v = await runGate(repo.dir);
    assert.deepStrictEqual(kinds(v), ['unreviewed']);
    assert.strictEqual(v.items.find((i) => i.kind === 'unreviewed')?.tier, 'critical');
    const problem = v.items.find((i) => i.kind === 'policy-problem');
    assert.ok(problem && !problem.blocking);
    assert.match(problem!.message, /not valid JSON.*strictest tier/);
  });

  it('a broken marker blocks where review is required', async () => {
    repo.write('src/app.ts', [block(SAFE_CODE)[0], ...SAFE_CODE, ''].join('\n'));
    repo.add('src/app.ts');
    const v = await runGate(repo.dir);
    assert.deepStrictEqual(kinds(v), ['broken-marker']);
    assert.match(v.items[0].message, /no end marker/);
  });

  it('regions of files that cannot hold comments come from the ledger (JSON)', async () => {
    const code = ['{', '  "name": "x"', '}'];
    const m = meta(code);
    const h = m.h;
    repo.write('config/app.json', code.join('\n') + '\n');
    repo.write('.vetted/provenance.jsonl', ledgerLine({ ...m, h }, 'config/app.json', 0, 2, [], false));
    repo.add('config/app.json', '.vetted/provenance.jsonl');
    const v = await runGate(repo.dir);
    assert.deepStrictEqual(kinds(v), ['unreviewed']);
    assert.strictEqual(v.items[0].line, 1);
    assert.strictEqual(markerStylesForPath('config/app.json'), null);
  });

  it('findings on lines the commit changes block; a .vetted/ignore.json entry dismisses one (listed, not blocking)', async () => {
    const code = ["const express = require('express');", 'const app = express();', "app.get('/calc', (req, res) => {", '  res.send(String(eval(req.query.expr)));', '});', ''];
    repo.write('src/calc.js', code.join('\n'));
    repo.add('src/calc.js');
    const v = await runGate(repo.dir);
    const f = v.items.find((i) => i.kind === 'finding');
    assert.ok(f, JSON.stringify(v.items));
    assert.strictEqual(v.status, 'block');
    assert.strictEqual(f!.line, 4);
    assert.match(f!.resolve, /src\/calc\.js:4:/);
    assert.ok(f!.fingerprint);
    repo.write('.vetted/ignore.json', JSON.stringify({ version: 1, ignores: [{ fingerprint: f!.fingerprint, rule: f!.ruleId, reason: 'calculator sandboxed in a worker without globals', by: 'ana@example.com', at: '2026-12-01T12:00:00Z' }] }));
    repo.add('.vetted/ignore.json');
    const after = await runGate(repo.dir);
    assert.strictEqual(after.status, 'pass', JSON.stringify(after.items));
    assert.strictEqual(after.dismissed.length, 1);
    assert.strictEqual(after.dismissed[0].reason, 'calculator sandboxed in a worker without globals');
  });

  it('a finding on an unchanged line of a modified file does not block in the default scope, but does with --findings all', async () => {
    const code = ["const express = require('express');", 'const app = express();', "app.get('/calc', (req, res) => {", '  res.send(String(eval(req.query.expr)));', '});', ''];
    repo.write('src/calc.js', code.join('\n'));
    repo.add('src/calc.js');
    repo.commit();
    repo.write('src/calc.js', [...code.slice(0, -1), '// a comment', ''].join('\n'));
    repo.add('src/calc.js');
    assert.strictEqual((await runGate(repo.dir)).status, 'pass');
    assert.strictEqual((await runGate(repo.dir, { findingsScope: 'all' })).status, 'block');
  });

  it('the real CLI: exit 0 pass, 1 block, 2 outside a repository; JSON output is the verdict', async () => {
    repo.write('src/ok.ts', SAFE_CODE.join('\n') + '\n');
    repo.add('src/ok.ts');
    let r = await cli(repo.dir, 'precommit');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /Vetted gate: pass/);
    repo.write('src/app.ts', [...block(SAFE_CODE), ''].join('\n'));
    repo.add('src/app.ts');
    r = await cli(repo.dir, 'precommit');
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /src\/app\.ts:1 {2}unreviewed/);
    r = await cli(path.join(repo.dir, 'src'), 'precommit', '--format', 'json');
    assert.strictEqual(r.code, 1);
    const json = JSON.parse(r.out) as GateVerdict;
    assert.strictEqual(json.status, 'block');
    assert.strictEqual(json.items[0].kind, 'unreviewed');
    const outside = mkdtempSync(path.join(os.tmpdir(), 'vetted-norepo-'));
    try {
      r = await cli(outside, 'precommit', '--repo', outside);
      assert.strictEqual(r.code, 2, r.out + r.err);
      assert.match(r.err, /not inside a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    r = await cli(repo.dir, 'precommit', '--format', 'xml');
    assert.strictEqual(r.code, 2);
  });
});

describe('gate: pure evaluation', () => {
  const critical2: Policy = {
    ...DEFAULT_POLICY,
    tiers: DEFAULT_POLICY.tiers.map((t) => (t.name === 'critical' ? { ...t, reviewers: 2, questions: ['untrusted-input'] } : t)),
  };
  const code = SAFE_CODE;
  const h = hashOf(code);

  function file(m: Partial<RegionMeta>, p = 'src/auth/login.ts') {
    return { path: p, status: 'A' as const, text: [...block(code, m), ''].join('\n') };
  }

  it('a critical tier needing 2 distinct reviewers: one sign-off is incomplete, two pass, the same person twice does not count twice', async () => {
    const m = meta(code, { status: 'reviewed', reviewer: 'ana@example.com' });
    const ana = { status: 'reviewed' as const, by: 'ana@example.com', at: '2026-12-01T11:00:00Z', h, answers: { 'untrusted-input': 'yes' as const } };
    const one = await evaluateGate({ files: [file(m)], policy: critical2, ledgerText: ledgerLine(m, 'src/auth/login.ts', 1, 3, [ana, { ...ana, at: '2026-12-01T11:05:00Z' }]) });
    assert.deepStrictEqual(kinds(one), ['incomplete-review']);
    assert.match(one.items[0].message, /needs 2 distinct reviewers, has 1 \(ana@example\.com\)/);
    assert.match(one.items[0].resolve, /Ask 1 more reviewer to sign off the block at src\/auth\/login\.ts:1/);
    const two = await evaluateGate({ files: [file(m)], policy: critical2, ledgerText: ledgerLine(m, 'src/auth/login.ts', 1, 3, [ana, { ...ana, by: 'bo@example.com', answers: {} }]) });
    assert.strictEqual(two.status, 'pass', JSON.stringify(two.items));
    // a sign-off of an older hash does not count
    const stale = await evaluateGate({ files: [file(m)], policy: critical2, ledgerText: ledgerLine(m, 'src/auth/login.ts', 1, 3, [ana, { ...ana, by: 'bo@example.com', h: '0123456789abcdef' }]) });
    assert.deepStrictEqual(kinds(stale), ['incomplete-review']);
  });

  it('a required question answered "no" keeps the review incomplete', async () => {
    const m = meta(code, { status: 'reviewed', reviewer: 'ana@example.com' });
    const v = await evaluateGate({
      files: [file(m, 'src/app.ts')],
      policy: DEFAULT_POLICY,
      ledgerText: ledgerLine(m, 'src/app.ts', 1, 3, [{ status: 'reviewed', by: 'ana@example.com', at: '2026-12-01T11:00:00Z', h, answers: { 'untrusted-input': 'no', 'no-credentials': 'yes', 'errors-no-internals': 'yes' } }]),
    });
    assert.deepStrictEqual(kinds(v), ['incomplete-review']);
    assert.match(v.items[0].message, /answered "no": untrusted-input/);
  });

  it('a tier that disallows AI blocks any AI block, reviewed or not', async () => {
    const policy: Policy = { ...DEFAULT_POLICY, tiers: DEFAULT_POLICY.tiers.map((t) => (t.name === 'critical' ? { ...t, allowAi: false } : t)) };
    const v = await evaluateGate({ files: [file({})], policy });
    assert.deepStrictEqual(kinds(v).sort(), ['ai-not-allowed', 'unreviewed']);
    assert.match(v.items.find((i) => i.kind === 'ai-not-allowed')!.resolve, /Vetted: Remove AI Tag/);
  });

  it('deleted files pass, files without text are skipped, a failing findings function does not throw', async () => {
    const v = await evaluateGate({
      files: [{ path: 'a.ts', status: 'D' }, { path: 'big.ts', status: 'A', tooLarge: true }, { path: 'b.ts', status: 'M', text: 'x\n' }],
      policy: DEFAULT_POLICY,
      analyse: () => {
        throw new Error('boom');
      },
    });
    assert.strictEqual(v.status, 'pass');
    assert.deepStrictEqual(v.skipped, [{ file: 'big.ts', reason: 'too large to check' }]);
    assert.match(v.items[0].message, /could not analyse.*boom/);
  });

  it('loadGatePolicy: absent → defaults; unparseable → strictest tier everywhere with a problem', () => {
    assert.deepStrictEqual(loadGatePolicy(undefined), { policy: DEFAULT_POLICY, problems: [] });
    const bad = loadGatePolicy('nope');
    assert.strictEqual(bad.problems.length, 1);
    assert.match(bad.problems[0], /^\.vetted\/policy\.json:1:1: .*not valid JSON/);
    for (const p of ['src/app.ts', 'sandbox/x.py', 'README.md']) assert.strictEqual(tierFor(bad.policy, p).tier.name, 'critical', p);
    assert.strictEqual(loadGatePolicy('[1]').problems.length, 1);
    assert.strictEqual(tierFor(loadGatePolicy('[1]').policy, 'src/app.ts').tier.name, 'critical');
  });

  it('loadGatePolicy: a valid policy file is resolved like the editor resolves it (tiers, globs, invalid fields)', () => {
    const file = JSON.stringify({ tiers: { standard: { reviewers: 2 }, critical: { addGlobs: ['**/secure/**'] }, locked: { rank: 3, globs: ['vendor-ai/**'], allowAi: false } } });
    const { policy, problems } = loadGatePolicy(file);
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(tierFor(policy, 'src/app.ts').tier.reviewers, 2);
    assert.strictEqual(tierFor(policy, 'lib/secure/keys.ts').tier.name, 'critical');
    assert.strictEqual(tierFor(policy, 'vendor-ai/x.js').tier.allowAi, false);
    const invalid = loadGatePolicy(JSON.stringify({ tiers: { standard: { blockUnreviewed: 'no' } } }));
    assert.strictEqual(invalid.problems.length, 1);
    assert.match(invalid.problems[0], /blockUnreviewed/);
    assert.strictEqual(tierFor(invalid.policy, 'src/app.ts').tier.blockUnreviewed, true, 'the strictest safe value');
  });

  it('parses git name-status -z output (renames, copies, deletions)', () => {
    assert.deepStrictEqual(parseNameStatus('M\0a.ts\0R087\0old.ts\0new.ts\0D\0gone.ts\0C100\0x.ts\0y.ts\0A\0n.ts\0'), [
      { path: 'a.ts', status: 'M' },
      { path: 'new.ts', status: 'R', oldPath: 'old.ts' },
      { path: 'gone.ts', status: 'D' },
      { path: 'y.ts', status: 'C', oldPath: 'x.ts' },
      { path: 'n.ts', status: 'A' },
    ]);
  });

  it('languages by path for comment styles', () => {
    assert.strictEqual(languageIdForPath('src/a.py'), 'python');
    assert.strictEqual(languageIdForPath('Dockerfile'), 'dockerfile');
    assert.strictEqual(languageIdForPath('.github/workflows/ci.yml'), 'github-actions-workflow');
    assert.strictEqual(languageIdForPath('x.unknownext'), undefined);
    assert.ok((markerStylesForPath('x.unknownext') ?? []).length > 3);
  });
});
