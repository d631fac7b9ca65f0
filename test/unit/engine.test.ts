import * as assert from 'assert';
import { DEFAULT_ENGINE_OPTIONS, precheck } from '../../src/core/engine';
import { fnv1a64, normalisedHash } from '../../src/core/hash';
import { engine, findings } from './helpers';

describe('engine', () => {
  it('reports 0-based UTF-16 ranges, also after non-ASCII text on the line', async () => {
    const [f] = await findings('javascript', "const ü = '€'; eval(x);\n");
    assert.deepStrictEqual(f.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 22 } });
  });

  it('skips files over the size cap with a reason naming the setting', async () => {
    const r = await engine().analyze({ text: 'eval(x);\n'.repeat(200), language: 'javascript' }, { ...DEFAULT_ENGINE_OPTIONS, maxFileSize: 1000 });
    assert.strictEqual(r.skipped?.kind, 'too-large');
    assert.match(r.skipped!.detail, /vetted\.maxFileSizeKB/);
    assert.strictEqual(r.findings.length, 0);
  });

  it('skips minified code and names the long line', async () => {
    const text = 'var a=1;\n' + 'eval(x);'.repeat(400) + '\n';
    const r = await engine().analyze({ text, language: 'javascript' });
    assert.strictEqual(r.skipped?.kind, 'minified');
    assert.match(r.skipped!.detail, /line 2 has 3200 characters/);
  });

  it('still checks a small hand-written file that has one very long line (a data URI)', async () => {
    const text = `const logo = 'data:image/png;base64,${'A'.repeat(3000)}';\n` + 'function f(x) {\n  return x;\n}\n'.repeat(20) + 'eval(userInput);\n';
    const r = await engine().analyze({ text, language: 'javascript' });
    assert.strictEqual(r.skipped, undefined);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['code-injection']);
  });

  it('skips binary content', () => {
    assert.strictEqual(precheck('abc\u0000def', DEFAULT_ENGINE_OPTIONS)?.kind, 'binary');
  });

  it('reports unsupported languages as skipped rather than failing', async () => {
    const r = await engine().analyze({ text: 'x', language: undefined });
    assert.strictEqual(r.skipped?.kind, 'unsupported-language');
  });

  it('still analyses the parts of a file that parse when there are syntax errors', async () => {
    const r = await engine().analyze({ text: 'const x = ;\nfunction a() {\n  eval(req.body.x);\n', language: 'javascript' });
    assert.ok(r.parseErrors > 0);
    assert.ok(r.findings.some((f) => f.ruleId === 'code-injection'), JSON.stringify(r.findings));
  });

  it('honours rule overrides: off and a replaced severity', async () => {
    const text = "eval(x);\nconst apiToken = 'ghp_aB3dE5fG7hI9jK1lM3nO5';\n";
    const off = await findings('javascript', text, { ...DEFAULT_ENGINE_OPTIONS, rules: { 'code-injection': 'off' } });
    assert.deepStrictEqual(off.map((f) => f.ruleId), ['hardcoded-secret']);
    const crit = await findings('javascript', text, { ...DEFAULT_ENGINE_OPTIONS, rules: { 'hardcoded-secret': 'critical' } });
    assert.strictEqual(crit.find((f) => f.ruleId === 'hardcoded-secret')?.severity, 'critical');
  });

  it('gives findings fingerprints that survive moving the code down', async () => {
    const a = await findings('javascript', 'eval(x);\neval(y);\n');
    const b = await findings('javascript', '\n\n// moved\n  eval(x);\n\neval(y);\n');
    assert.deepStrictEqual(a.map((f) => f.fingerprint), b.map((f) => f.fingerprint));
    assert.notStrictEqual(a[0].fingerprint, a[1].fingerprint);
  });

  it('never echoes a secret value in messages', async () => {
    const secret = 'ghp_aB3dE5fG7hI9jK1lM3nO5pQ7';
    const [f] = await findings('typescript', `export const githubToken = '${secret}';\n`);
    assert.strictEqual(f.ruleId, 'hardcoded-secret');
    assert.ok(!f.message.includes(secret.slice(2)), f.message);
  });

  it('hashes are stable and ignore whitespace', () => {
    assert.strictEqual(fnv1a64(''), 'cbf29ce484222325');
    assert.strictEqual(fnv1a64('a'), 'af63dc4c8601ec8c');
    assert.strictEqual(normalisedHash('a = 1'), normalisedHash('a=1\n'));
  });
});

describe('value flow', () => {
  it('resolves names per function scope', async () => {
    const text = [
      "const { Pool } = require('pg');",
      'function a(id) { const sql = "SELECT * FROM t WHERE id = " + id; return db.query(sql); }',
      'function b() { const sql = "SELECT * FROM t WHERE id = 1"; return db.query(sql); }',
      '',
    ].join('\n');
    const f = await findings('javascript', text);
    assert.deepStrictEqual(f.map((x) => `${x.range.start.line}:${x.ruleId}`), ['1:sql-injection']);
  });

  it('treats a parameter shadowing a module constant as unknown', async () => {
    const text = "const TABLE = 'users';\nfunction f(TABLE) { return db.query(`SELECT * FROM ${TABLE} WHERE id = 1`); }\nfunction g() { return db.query(`SELECT * FROM ${TABLE} WHERE id = 1`); }\n";
    const f = await findings('javascript', text);
    assert.deepStrictEqual(f.map((x) => x.range.start.line), [1]);
  });

  it('treats names bound by destructuring assignment and the walrus operator as unknown', async () => {
    const js = "let name = 'x';\nlet id = 1;\n[name] = [req.query.name];\n({ id } = req.body);\neval(name);\neval(id);\n";
    assert.deepStrictEqual((await findings('javascript', js)).map((x) => x.range.start.line), [4, 5]);
    const py = 'name = "x"\nif (name := request.args.get("n")):\n    eval(name)\n';
    assert.deepStrictEqual((await findings('python', py)).map((x) => x.range.start.line), [2]);
  });

  it('treats a container that is pushed or appended to as not constant', async () => {
    const js = "function f(req) {\n  const parts = ['ls'];\n  parts.push(req.query.dir);\n  eval(parts);\n}\n";
    assert.deepStrictEqual((await findings('javascript', js)).map((x) => x.range.start.line), [3]);
    const py = 'def f(x):\n    parts = ["ls"]\n    parts.append(x)\n    eval(parts)\n';
    assert.deepStrictEqual((await findings('python', py)).map((x) => x.range.start.line), [3]);
  });

  it('follows Python module constants into functions and treats reassigned names as variable', async () => {
    const text = 'CMD = "ls -la"\nmode = "a"\nmode = input()\ndef f():\n    subprocess.run(CMD, shell=True)\n    subprocess.run(mode, shell=True)\n';
    const f = await findings('python', 'import subprocess\n' + text);
    assert.deepStrictEqual(f.map((x) => x.range.start.line), [6]);
  });
});

describe('import detection', () => {
  it('finds JS requires/imports (with subpaths) and Python imports (comma lists, from-imports, dotted)', async () => {
    const { importsModule } = await import('../../src/core/rules/api');
    const js = "import mysql from 'mysql2/promise';\nconst { Pool } = require('pg');\nconst x = await import('knex');\n";
    assert.ok(importsModule(js, 'javascript', 'mysql2') && importsModule(js, 'javascript', 'pg') && importsModule(js, 'javascript', 'knex'));
    assert.ok(!importsModule(js, 'javascript', 'mysql') && !importsModule(js, 'javascript', 'pg-promise'));
    const py = 'import os, sqlite3\nfrom mysql.connector import connect\nimport psycopg2.extras as ex\n';
    for (const m of ['os', 'sqlite3', 'mysql.connector', 'mysql', 'psycopg2']) assert.ok(importsModule(py, 'python', m), m);
    assert.ok(!importsModule(py, 'python', 'sqlite'));
  });
});
