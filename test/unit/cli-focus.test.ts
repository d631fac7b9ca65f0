import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, main } from '../../src/cli/main';

async function run(cwd: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

/** `path:line:rule` of every finding in a JSON report. */
function found(out: string): string[] {
  const report = JSON.parse(out) as { files: Array<{ path: string; findings: Array<{ ruleId: string; range: { start: { line: number } } }> }> };
  return report.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line + 1}:${x.ruleId}`)).sort();
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Vetted Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const APP = [
  "const express = require('express');", // 1
  'const app = express();', // 2
  "app.post('/calc', (req, res) => {", // 3
  '  res.json({ value: eval(req.body.expression) });', // 4: code-injection (old)
  '});', // 5
  '', // 6
  'function show(el, profile) {', // 7
  "  el.textContent = profile.name;", // 8: safe (made unsafe below)
  "  el.innerHTML = '<b>' + profile.bio + '</b>';", // 9: xss (old)
  '}', // 10
  "app.post('/run', (req, res) => {", // 11
  '  res.json({ value: eval(req.body.code) });', // 12: code-injection (old, edited below)
  '});', // 13
  'module.exports = { app, show };', // 14
  '',
];

const OTHER = "function calc(req) {\n  return eval(req.query.expr);\n}\nmodule.exports = { calc };\n";

describe('cli: --changed and --min-confidence', function () {
  this.timeout(60_000);
  let repo: string;

  beforeEach(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'vetted-changed-'));
    git(repo, 'init', '-q');
    mkdirSync(path.join(repo, 'src'));
    writeFileSync(path.join(repo, 'src', 'app.js'), APP.join('\n'));
    writeFileSync(path.join(repo, 'src', 'other.js'), OTHER);
    writeFileSync(path.join(repo, 'old-name.js'), OTHER);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    // change two lines: a safe line becomes vulnerable, a vulnerable one is edited (still vulnerable)
    const changed = [...APP];
    changed[7] = "  el.outerHTML = '<p>' + profile.name + '</p>';";
    changed[11] = '  res.json({ value: eval(req.body.code + "") });';
    writeFileSync(path.join(repo, 'src', 'app.js'), changed.join('\n'));
    // a new, untracked file
    writeFileSync(path.join(repo, 'src', 'new.js'), 'module.exports = (req) => eval(req.query.x);\n');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('without --changed reports every finding (the baseline the other tests narrow down)', async () => {
    const r = await run(repo, 'scan', '.', '--format', 'json');
    assert.strictEqual(r.code, EXIT_FINDINGS, r.err);
    assert.deepStrictEqual(found(r.out), [
      'old-name.js:2:code-injection',
      'src/app.js:12:code-injection',
      'src/app.js:2:missing-security-headers', // an exported Express app without helmet (unchanged line)
      'src/app.js:4:code-injection',
      'src/app.js:8:xss-html-sink',
      'src/app.js:9:xss-html-sink',
      'src/new.js:1:code-injection',
      'src/other.js:2:code-injection',
    ]);
  });

  it('reports only findings on the changed lines and in the untracked file', async () => {
    const r = await run(repo, 'scan', '--changed', '--format', 'json');
    assert.strictEqual(r.code, EXIT_FINDINGS, r.err);
    assert.deepStrictEqual(found(r.out), ['src/app.js:12:code-injection', 'src/app.js:8:xss-html-sink', 'src/new.js:1:code-injection']);
    assert.match(r.err, /--changed HEAD \([0-9a-f]{12}\): 2 changed or new files to scan/);
    assert.match(r.err, /3 findings on lines unchanged since HEAD not reported \(--changed\)/);
  });

  it('takes a revision as the next argument or after =, and explicit paths as a filter', async () => {
    const first = git(repo, 'rev-parse', 'HEAD').trim();
    writeFileSync(path.join(repo, 'src', 'other.js'), OTHER.replace('calc(req)', 'calc2(req)')); // line 1 changed only
    git(repo, 'commit', '-qm', 'second', '--', 'src/other.js');
    const byArg = await run(repo, 'scan', '--changed', first, '--format', 'json');
    assert.deepStrictEqual(found(byArg.out), ['src/app.js:12:code-injection', 'src/app.js:8:xss-html-sink', 'src/new.js:1:code-injection']);
    // the second commit changed other.js line 1; its eval (line 2) is not on a changed line
    const byEq = await run(repo, 'scan', `--changed=${first.slice(0, 10)}`, 'src/new.js', '--format', 'json');
    assert.deepStrictEqual(found(byEq.out), ['src/new.js:1:code-injection']);
    // `--changed src`: not a revision but a path
    const byPath = await run(repo, 'scan', '--changed', 'src', '--format', 'json');
    assert.strictEqual(byPath.code, EXIT_FINDINGS, byPath.err);
    assert.deepStrictEqual(found(byPath.out), ['src/app.js:12:code-injection', 'src/app.js:8:xss-html-sink', 'src/new.js:1:code-injection']);
  });

  it('treats a renamed file as new throughout, and skips deleted files', async () => {
    git(repo, 'mv', 'old-name.js', 'new-name.js');
    unlinkSync(path.join(repo, 'src', 'other.js'));
    const r = await run(repo, 'scan', '--changed', '--format', 'json');
    assert.strictEqual(r.code, EXIT_FINDINGS, r.err);
    assert.deepStrictEqual(found(r.out), ['new-name.js:2:code-injection', 'src/app.js:12:code-injection', 'src/app.js:8:xss-html-sink', 'src/new.js:1:code-injection']);
  });

  it('sees no change in a file whose line endings went from LF to CRLF', async () => {
    writeFileSync(path.join(repo, 'src', 'other.js'), OTHER.replace(/\n/g, '\r\n'));
    const r = await run(repo, 'scan', '--changed', 'src/other.js', '--format', 'json');
    assert.strictEqual(r.code, EXIT_CLEAN, r.err);
    assert.deepStrictEqual(found(r.out), []);
  });

  it('applies to SARIF output and to --fail-on', async () => {
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'everything');
    appendFileSync(path.join(repo, 'src', 'app.js'), '\n// a comment\n');
    const r = await run(repo, 'scan', '--changed', '--format', 'sarif');
    assert.strictEqual(r.code, EXIT_CLEAN, r.err);
    assert.deepStrictEqual(JSON.parse(r.out).runs[0].results, []);
  });

  it('exits 2 with a clear message for an unknown revision, outside a repository, and for a path outside it', async () => {
    const bad = await run(repo, 'scan', '--changed', 'no-such-branch');
    assert.strictEqual(bad.code, EXIT_ERROR);
    assert.match(bad.err, /unknown git revision "no-such-branch"/);
    const badEq = await run(repo, 'scan', '--changed=no-such-branch', 'src');
    assert.strictEqual(badEq.code, EXIT_ERROR);
    assert.match(badEq.err, /unknown git revision "no-such-branch"/);
    const option = await run(repo, 'scan', '--changed=--output=x');
    assert.strictEqual(option.code, EXIT_ERROR);
    assert.match(option.err, /is not a git revision/);
    const plain = mkdtempSync(path.join(os.tmpdir(), 'vetted-norepo-'));
    try {
      writeFileSync(path.join(plain, 'a.js'), 'eval(process.argv[2]);\n');
      const r = await run(plain, 'scan', '--changed');
      assert.strictEqual(r.code, EXIT_ERROR);
      assert.match(r.err, /--changed needs a git repository/);
      git(plain, 'init', '-q');
      const empty = await run(plain, 'scan', '--changed');
      assert.strictEqual(empty.code, EXIT_ERROR);
      assert.match(empty.err, /has no commits yet/);
      rmSync(path.join(plain, '.git'), { recursive: true, force: true });
      const outside = await run(repo, 'scan', '--changed', plain);
      assert.strictEqual(outside.code, EXIT_ERROR);
      assert.match(outside.err, /outside the git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('--min-confidence hides lower-confidence findings from the report and from --fail-on (CLI default: everything)', async () => {
    // cors() without options: reported with low confidence (severity high)
    writeFileSync(path.join(repo, 'cors.js'), "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n");
    const all = await run(repo, 'scan', 'cors.js', '--format', 'json', '--fail-on', 'low');
    assert.strictEqual(all.code, EXIT_FINDINGS, all.err);
    const report = JSON.parse(all.out);
    assert.deepStrictEqual(report.files[0].findings.map((f: { ruleId: string; confidence: string }) => `${f.ruleId}:${f.confidence}`), ['cors-wildcard:low']);
    const medium = await run(repo, 'scan', 'cors.js', '--format', 'json', '--fail-on', 'low', '--min-confidence', 'medium');
    assert.strictEqual(medium.code, EXIT_CLEAN, medium.err);
    assert.deepStrictEqual(found(medium.out), []);
    assert.match(medium.err, /1 finding below medium confidence not reported \(--min-confidence\)/);
    const text = await run(repo, 'scan', 'cors.js', '--min-confidence=high');
    assert.match(text.out, /^0 findings/m);
    const wrong = await run(repo, 'scan', '--min-confidence', 'sure');
    assert.strictEqual(wrong.code, EXIT_ERROR);
    assert.match(wrong.err, /--min-confidence must be one of high, medium, low/);
  });
});
