import * as assert from 'assert';
import type { ParsedLanguage } from '../../src/core/types';
import { applyEdits, findings, preferredFix } from './helpers';

/** Applies the preferred fix of the only finding and returns the fixed text (and checks the fix clears the finding). */
async function fixed(language: ParsedLanguage, text: string): Promise<string> {
  const before = await findings(language, text);
  assert.strictEqual(before.length, 1, `expected one finding, got ${before.map((f) => f.ruleId).join(', ')}`);
  const fix = preferredFix(before[0]);
  assert.ok(fix, 'finding has a preferred fix');
  const out = applyEdits(text, fix.edits);
  const after = await findings(language, out);
  assert.deepStrictEqual(after.map((f) => f.ruleId), [], `fix should clear the finding:\n${out}`);
  return out;
}

describe('quick fixes', () => {
  it('parameterises a pg template query with $n and drops the quotes around values', async () => {
    const out = await fixed('javascript', "const { Pool } = require('pg');\nawait pool.query(`SELECT * FROM users WHERE name = '${name}' AND org = ${org}`);\n");
    assert.ok(out.includes("pool.query(`SELECT * FROM users WHERE name = $1 AND org = $2`, [name, org]);"), out);
  });

  it('uses ? placeholders for mysql2', async () => {
    const out = await fixed('javascript', "import mysql from 'mysql2/promise';\nawait conn.query(`DELETE FROM t WHERE id = ${id}`);\n");
    assert.ok(out.includes('conn.query(`DELETE FROM t WHERE id = ?`, [id]);'), out);
  });

  it('turns prisma.$queryRawUnsafe into the tagged $queryRaw', async () => {
    const out = await fixed('typescript', 'await prisma.$queryRawUnsafe(`SELECT * FROM "User" WHERE email = \'${email}\'`);\n');
    assert.ok(out.includes('await prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${email}`;'), out);
  });

  it('offers no mechanical fix when a value is inside a larger literal (LIKE %x%)', async () => {
    const [f] = await findings('javascript', "const { Pool } = require('pg');\npool.query(`SELECT * FROM t WHERE name LIKE '%${q}%'`);\n");
    assert.strictEqual(f.ruleId, 'sql-injection');
    assert.strictEqual(f.fixes.length, 0);
  });

  it('offers no fix when the driver is unknown (placeholder style cannot be told)', async () => {
    const [f] = await findings('javascript', 'db.query(`SELECT * FROM t WHERE id = ${id}`);\n');
    assert.strictEqual(f.fixes.length, 0);
  });

  it('parameterises a sqlite3 f-string with ? and a tuple', async () => {
    const out = await fixed('python', 'import sqlite3\ncur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n');
    assert.ok(out.includes('cur.execute("SELECT * FROM users WHERE name = ?", (name,))'), out);
  });

  it('parameterises a psycopg2 f-string with %s and escapes literal %', async () => {
    const out = await fixed('python', 'import psycopg2\ncur.execute(f"SELECT * FROM t WHERE pct > 50% AND id = {uid}")\n');
    assert.ok(out.includes('cur.execute("SELECT * FROM t WHERE pct > 50%% AND id = %s", (uid,))'), out);
  });

  it('replaces innerHTML with textContent', async () => {
    const out = await fixed('javascript', 'el.innerHTML = user.name;\n');
    assert.strictEqual(out, 'el.textContent = user.name;\n');
  });

  it('does not offer textContent when the value carries its own markup', async () => {
    const [f] = await findings('javascript', 'el.innerHTML = `<b>${user.name}</b>`;\n');
    assert.strictEqual(f.ruleId, 'xss-html-sink');
    assert.strictEqual(preferredFix(f), undefined);
  });

  it('moves a JS secret to process.env with an UPPER_SNAKE name', async () => {
    const out = await fixed('javascript', "const jwtSecret = 'k9#Lq2!vXz81-prod';\n");
    assert.strictEqual(out, 'const jwtSecret = process.env.JWT_SECRET;\n');
  });

  it('moves a Python secret to os.environ and adds the import after the docstring', async () => {
    const out = await fixed('python', '"""Settings."""\nfrom __future__ import annotations\nSECRET_KEY = "django-insecure-7f$k2!x9q"\n');
    assert.strictEqual(out, '"""Settings."""\nfrom __future__ import annotations\nimport os\nSECRET_KEY = os.environ["SECRET_KEY"]\n');
  });

  it('runs subprocess without a shell via shlex.split', async () => {
    const out = await fixed('python', 'import subprocess\nsubprocess.run(f"ping -c 1 {host}", shell=True)\n');
    assert.ok(out.startsWith('import shlex\nimport subprocess\n'), out);
    assert.ok(out.includes('subprocess.run(shlex.split(f"ping -c 1 {host}"), shell=False)'), out);
  });

  it('offers no literal_eval fix when eval has globals/locals (literal_eval takes one argument)', async () => {
    const [f] = await findings('python', 'value = eval(expr, {"__builtins__": {}}, names)\n');
    assert.strictEqual(f.ruleId, 'code-injection');
    assert.strictEqual(f.fixes.length, 0);
  });

  it('offers no shlex fix when the command uses shell syntax (pipes, redirects)', async () => {
    const [f] = await findings('python', 'import subprocess\nsubprocess.run(f"cat {fn} | grep error > out.txt", shell=True)\n');
    assert.strictEqual(f.ruleId, 'command-injection');
    assert.strictEqual(f.fixes.length, 0);
  });

  it('replaces Python eval with ast.literal_eval', async () => {
    const out = await fixed('python', 'value = eval(text)\n');
    assert.strictEqual(out, 'import ast\nvalue = ast.literal_eval(text)\n');
  });
});
