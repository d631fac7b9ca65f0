import * as assert from 'assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, chmodSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, main } from '../../src/cli/main';
import { IgnoreSet } from '../../src/cli/ignore';
import { FIXTURES } from './helpers';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(cwd: string, ...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

interface SarifResult {
  ruleId: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
}

describe('cli', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'vetted-cli-'));
    cpSync(path.join(FIXTURES, 'workspace'), tmp, { recursive: true });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('reports findings inside provenance-tagged AI blocks at every confidence, saying so; the same code untagged follows --min-confidence', async () => {
    const dir = path.join(tmp, 'ai');
    mkdirSync(dir);
    const code = "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n";
    writeFileSync(path.join(dir, 'plain.js'), code);
    const lines = code.split('\n');
    const tagged = [
      ...lines.slice(0, 2),
      '// ai-provenance:begin v=1 id=0G2K7QX9AB src=paste tool=unknown conf=high ts=2026-12-01T21:03:11Z h=0000000000000000 status=unreviewed',
      lines[2],
      '// ai-provenance:end id=0G2K7QX9AB',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'tagged.js'), tagged);
    const r = await run(dir, 'scan', '.', '--format', 'json', '--min-confidence', 'medium', '--fail-on', 'none');
    assert.strictEqual(r.code, EXIT_CLEAN, r.err);
    const files = JSON.parse(r.out).files as Array<{ path: string; findings: Array<{ ruleId: string; confidence: string; message: string; range: { start: { line: number } } }> }>;
    const of = (name: string) => files.find((f) => f.path === name)?.findings ?? [];
    assert.deepStrictEqual(of('plain.js'), [], 'the low-confidence finding is hidden outside AI blocks');
    const inBlock = of('tagged.js');
    assert.deepStrictEqual(inBlock.map((f) => [f.ruleId, f.confidence, f.range.start.line]), [['cors-wildcard', 'low', 3]]);
    assert.match(inBlock[0].message, /^In an AI block: /);
    assert.match(r.err, /1 finding in provenance-tagged AI blocks/);
  });

  it('reports the five first-slice vulnerabilities in SARIF with rule and CWE, and nothing on the safe look-alikes', async () => {
    const r = await run(tmp, 'scan', '.', '--format', 'sarif');
    assert.strictEqual(r.code, EXIT_FINDINGS, r.err);
    const sarif = JSON.parse(r.out);
    assert.strictEqual(sarif.version, '2.1.0');
    const results: SarifResult[] = sarif.runs[0].results;
    const got = results.map((x) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine}:${x.ruleId}`).sort();
    assert.deepStrictEqual(got, [
      'scripts/backup.py:5:command-injection',
      'src/server.js:10:sql-injection',
      'src/server.js:15:code-injection',
      'src/server.js:19:xss-html-sink',
      'src/server.js:7:hardcoded-secret',
    ]);
    const rules = sarif.runs[0].tool.driver.rules as Array<{ id: string; properties: { tags: string[] }; help: { text: string; markdown: string }; helpUri: string }>;
    const cweOf = (id: string) => rules.find((r) => r.id === id)!.properties.tags.filter((t) => t.startsWith('external/cwe/'));
    assert.deepStrictEqual(cweOf('sql-injection'), ['external/cwe/cwe-89']);
    assert.deepStrictEqual(cweOf('code-injection'), ['external/cwe/cwe-95']);
    assert.deepStrictEqual(cweOf('xss-html-sink'), ['external/cwe/cwe-79']);
    assert.deepStrictEqual(cweOf('hardcoded-secret'), ['external/cwe/cwe-798']);
    assert.deepStrictEqual(cweOf('command-injection'), ['external/cwe/cwe-78']);
    for (const rule of rules) {
      assert.ok(rule.help.text.length > 50 && rule.help.markdown.includes('**Fix:**'), rule.id);
      assert.match(rule.helpUri, /^https:\/\//);
    }
  });

  it('writes SARIF that GitHub code scanning accepts: required fields, 1-based regions, fingerprints', async () => {
    const out = path.join(tmp, 'out', 'report.sarif');
    mkdirSync(path.dirname(out));
    const r = await run(tmp, 'scan', 'src', '--format', 'sarif', '--output', out);
    assert.strictEqual(r.code, EXIT_FINDINGS);
    assert.strictEqual(r.out, '');
    assert.match(r.err, /wrote sarif report/);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const runObj = sarif.runs[0];
    assert.strictEqual(runObj.tool.driver.name, 'Vetted');
    for (const res of runObj.results) {
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.ok(res.message.text);
      assert.strictEqual(runObj.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      const region = res.locations[0].physicalLocation.region;
      assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endColumn >= 1);
      assert.ok(res.partialFingerprints['vettedFingerprint/v1']);
    }
    assert.ok(!JSON.stringify(sarif).includes('vXz81-prod'), 'secret value must not appear in the report');
  });

  it('exits 0 when nothing reaches --fail-on, 1 when something does', async () => {
    assert.strictEqual((await run(tmp, 'scan', 'src/safe.js')).code, EXIT_CLEAN);
    assert.strictEqual((await run(tmp, 'scan', 'src/server.js', '--fail-on', 'critical')).code, EXIT_CLEAN);
    assert.strictEqual((await run(tmp, 'scan', 'src/server.js', '--fail-on', 'none')).code, EXIT_CLEAN);
    assert.strictEqual((await run(tmp, 'scan', 'src/server.js', '--fail-on', 'high')).code, EXIT_FINDINGS);
    const crit = await run(tmp, 'scan', 'src/server.js', '--fail-on', 'critical', '--rule', 'sql-injection=critical');
    assert.strictEqual(crit.code, EXIT_FINDINGS);
  });

  it('honours .gitignore and the default excludes, and explains skipped files', async () => {
    mkdirSync(path.join(tmp, 'ignored'));
    writeFileSync(path.join(tmp, 'ignored', 'x.js'), 'eval(process.argv[2]);\n');
    mkdirSync(path.join(tmp, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(path.join(tmp, 'node_modules', 'dep', 'index.js'), 'eval(process.argv[2]);\n');
    writeFileSync(path.join(tmp, 'src', 'lib.min.js'), 'eval(process.argv[2]);\n');
    const r = await run(tmp, 'scan', '.', '--format', 'json');
    const report = JSON.parse(r.out);
    const files = report.files.map((f: { path: string }) => f.path);
    assert.ok(!files.some((f: string) => f.startsWith('ignored/') || f.includes('node_modules') || f.endsWith('.min.js')), files.join());
    assert.deepStrictEqual(report.skipped.map((s: { path: string }) => s.path), ['generated/bundle.js']);
    assert.match(report.skipped[0].reason.detail, /minified/);
    const all = await run(tmp, 'scan', '.', '--format', 'json', '--no-gitignore', '--no-default-excludes');
    const allFiles = JSON.parse(all.out).files.map((f: { path: string }) => f.path);
    assert.ok(allFiles.includes('ignored/x.js') && allFiles.includes('node_modules/dep/index.js') && allFiles.includes('src/lib.min.js'), allFiles.join());
  });

  it('gives clear errors and exit 2 for usage mistakes and missing paths, never a stack trace', async () => {
    const cases: string[][] = [['scan', 'does-not-exist'], ['scan', '--format', 'xml'], ['scan', '--fail-on', 'severe'], ['frobnicate'], ['scan', '--rule', 'no-such-rule=off'], ['scan', '--output']];
    for (const argv of cases) {
      const r = await run(tmp, ...argv);
      assert.strictEqual(r.code, EXIT_ERROR, argv.join(' '));
      assert.match(r.err, /^vetted: /, argv.join(' '));
      assert.ok(!/\n\s+at /.test(r.err), `no stack trace for ${argv.join(' ')}:\n${r.err}`);
    }
    assert.match((await run(tmp, 'scan', 'does-not-exist')).err, /does-not-exist: no such file or directory/);
  });

  it('reports an unreadable file and exits 2 while still scanning the rest', async function () {
    if (process.getuid?.() === 0) this.skip(); // root can read anything
    const f = path.join(tmp, 'src', 'locked.js');
    writeFileSync(f, 'eval(x);\n');
    chmodSync(f, 0o000);
    const r = await run(tmp, 'scan', 'src');
    assert.strictEqual(r.code, EXIT_ERROR);
    assert.match(r.err, /locked\.js: permission denied/);
    assert.match(r.out, /server\.js/);
  });

  it('lists suppressed findings with their reasons (SARIF inSource suppressions) and does not fail on them', async () => {
    writeFileSync(path.join(tmp, 'src', 'admin.js'), 'function run(code) {\n  // vetted-ignore code-injection -- admin console, input is the operator\n  return eval(code);\n}\n');
    const text = await run(tmp, 'scan', 'src/admin.js');
    assert.strictEqual(text.code, EXIT_CLEAN);
    assert.match(text.out, /suppressed code-injection {2}\(reason: admin console, input is the operator\)/);
    assert.match(text.out, /0 findings in 1 file, 1 suppressed/);
    const sarif = JSON.parse((await run(tmp, 'scan', 'src/admin.js', '--format', 'sarif')).out);
    const [res] = sarif.runs[0].results;
    assert.strictEqual(res.ruleId, 'code-injection');
    assert.deepStrictEqual(res.suppressions, [{ kind: 'inSource', justification: 'admin console, input is the operator' }]);
  });

  it('a repository root does not inherit ignores from a repository above it (dotfiles repo ignoring *)', async () => {
    mkdirSync(path.join(tmp, '.git'));
    writeFileSync(path.join(tmp, '.gitignore'), '*\n!.bashrc\n');
    const proj = path.join(tmp, 'proj');
    mkdirSync(path.join(proj, '.git'), { recursive: true });
    writeFileSync(path.join(proj, 'app.js'), 'eval(process.argv[2]);\n');
    const r = await run(proj, 'scan', '.', '--format', 'json');
    assert.deepStrictEqual(JSON.parse(r.out).files.map((f: { path: string }) => f.path), ['app.js']);
    // a folder inside that outer repository (no .git of its own) does inherit its unanchored rules
    const inner = path.join(tmp, 'inner');
    mkdirSync(inner);
    writeFileSync(path.join(inner, 'app.js'), 'eval(process.argv[2]);\n');
    assert.deepStrictEqual(JSON.parse((await run(inner, 'scan', '.', '--format', 'json')).out).files, []);
  });

  it('matches --exclude against paths from the working directory as well as from the scan root', async () => {
    mkdirSync(path.join(tmp, 'src', 'gen'));
    writeFileSync(path.join(tmp, 'src', 'gen', 'g.js'), 'eval(process.argv[2]);\n');
    const a = JSON.parse((await run(tmp, 'scan', 'src', '--format', 'json', '--exclude', 'src/gen/**')).out);
    const b = JSON.parse((await run(tmp, 'scan', 'src', '--format', 'json', '--exclude', 'gen/**')).out);
    for (const r of [a, b]) assert.ok(!r.files.some((f: { path: string }) => f.path.includes('gen/')), JSON.stringify(r.files.map((f: { path: string }) => f.path)));
  });

  it('strips a UTF-8 BOM so columns on line 1 match the editor', async () => {
    writeFileSync(path.join(tmp, 'src', 'bom.js'), '\ufeffeval(process.argv[2]);\n');
    const sarif = JSON.parse((await run(tmp, 'scan', 'src/bom.js', '--format', 'sarif')).out);
    assert.strictEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region.startColumn, 1);
  });

  it('skips binary files with a reason instead of failing', async () => {
    writeFileSync(path.join(tmp, 'src', 'blob.js'), Buffer.from([0x65, 0x76, 0x61, 0x6c, 0x00, 0xff, 0xfe, 0x00]));
    const r = await run(tmp, 'scan', 'src', '--format', 'json');
    const report = JSON.parse(r.out);
    assert.deepStrictEqual(report.skipped.map((s: { path: string; reason: { kind: string } }) => `${s.path}:${s.reason.kind}`), ['src/blob.js:binary']);
  });

  it('scans .env, YAML, Dockerfiles and other text files for secrets, but not lock files, images or gitignored files', async () => {
    const stripe = ['sk_', 'live_', '51HxQmQ2eZvKYlo2C8eKsdf'].join('');
    mkdirSync(path.join(tmp, 'deploy'));
    writeFileSync(path.join(tmp, 'deploy', 'docker-compose.yml'), 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n      API_KEY: ${API_KEY}\n');
    writeFileSync(path.join(tmp, 'Dockerfile'), `FROM node:20\nENV STRIPE_KEY=${stripe}\n`);
    writeFileSync(path.join(tmp, '.env.example'), 'STRIPE_KEY=your-key-here\nDB_PASSWORD=changeme\n');
    // integrity hashes and resolved URLs: never read (a credential-looking URL here would be the registry's business)
    writeFileSync(path.join(tmp, 'package-lock.json'), JSON.stringify({ packages: { 'node_modules/x': { resolved: 'https://u:Wq9xL2vQ7r@registry.example.com/x.tgz', integrity: 'sha512-' + 'A'.repeat(86) } } }, null, 2));
    writeFileSync(path.join(tmp, 'yarn.lock'), 'x@1:\n  resolved "https://u:Wq9xL2vQ7r@registry.example.com/x.tgz"\n');
    writeFileSync(path.join(tmp, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
    mkdirSync(path.join(tmp, 'ignored'));
    writeFileSync(path.join(tmp, 'ignored', '.env'), `STRIPE_KEY=${stripe}\n`);
    const r = await run(tmp, 'scan', '.', '--format', 'json');
    assert.strictEqual(r.code, EXIT_FINDINGS, r.err);
    const report = JSON.parse(r.out);
    const files: string[] = report.files.map((f: { path: string }) => f.path);
    assert.ok(files.includes('Dockerfile') && files.includes('deploy/docker-compose.yml'), files.join()); // (files without findings are not listed)
    const before = JSON.parse((await run(tmp, 'scan', '.', '--format', 'json', '--exclude', '.env.example')).out).scanned;
    assert.strictEqual(report.scanned, before + 1, '.env.example is scanned (and quiet: placeholders by design)');
    assert.ok(!files.some((f) => /lock|\.png$|^ignored\//.test(f)), files.join());
    const found = report.files.flatMap((f: { path: string; findings: Array<{ ruleId: string; severity: string; range: { start: { line: number } }; message: string }> }) => f.findings.map((x) => `${f.path}:${x.range.start.line + 1}:${x.ruleId}:${x.severity}`));
    assert.deepStrictEqual(found.filter((x: string) => !x.startsWith('src/') && !x.startsWith('scripts/')).sort(), ['Dockerfile:2:hardcoded-secret:critical', 'deploy/docker-compose.yml:4:hardcoded-secret:high']);
    assert.ok(!r.out.includes(stripe) && !r.out.includes('s3cr3t-Passw0rd'), 'values are never echoed');
    // a lock file named explicitly is skipped with a reason, not scanned
    const lock = JSON.parse((await run(tmp, 'scan', 'yarn.lock', '--format', 'json')).out);
    assert.deepStrictEqual(lock.skipped.map((s: { path: string; reason: { kind: string } }) => `${s.path}:${s.reason.kind}`), ['yarn.lock:unsupported-language']);
  });

  it('prints help and version', async () => {
    assert.match((await run(tmp, '--help')).out, /Usage: vetted scan/);
    assert.match((await run(tmp, '--version')).out, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('gitignore matching', () => {
  it('handles negation, anchoring, directory-only and nested rules', () => {
    const ig = new IgnoreSet();
    ig.add('', '# comment\n*.log\n!keep.log\n/build\ntmp/\n');
    ig.add('pkg', 'secret.js\n/local.js\n');
    assert.ok(ig.ignores('a/b/x.log', false));
    assert.ok(!ig.ignores('a/keep.log', false));
    assert.ok(ig.ignores('build', true));
    assert.ok(!ig.ignores('src/build', true));
    assert.ok(ig.ignores('deep/tmp', true));
    assert.ok(!ig.ignores('deep/tmp', false));
    assert.ok(ig.ignores('pkg/sub/secret.js', false));
    assert.ok(ig.ignores('pkg/local.js', false));
    assert.ok(!ig.ignores('pkg/sub/local.js', false));
    assert.ok(!ig.ignores('other/secret.js', false));
  });
});
