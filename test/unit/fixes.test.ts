import * as assert from 'assert';
import type { ParsedLanguage } from '../../src/core/types';
import { applyEdits, engine, findings, preferredFix } from './helpers';

/**
 * Applies the preferred fix of the only finding and returns the fixed text, after checking that the fixed text still
 * parses (no syntax error introduced) and that re-analysing it finds nothing.
 */
async function fixed(language: ParsedLanguage, text: string): Promise<string> {
  const before = await findings(language, text);
  assert.strictEqual(before.length, 1, `expected one finding, got ${before.map((f) => f.ruleId).join(', ')}`);
  const fix = preferredFix(before[0]);
  assert.ok(fix, 'finding has a preferred fix');
  const out = applyEdits(text, fix.edits);
  const after = await engine().analyze({ text: out, language });
  assert.strictEqual(after.parseErrors, 0, `the fixed code should parse:\n${out}`);
  assert.deepStrictEqual(after.findings.map((f) => f.ruleId), [], `fix should clear the finding:\n${out}`);
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

  describe('every fix the security-rules issue lists: applied, re-analysed, clean, and still parsing', () => {
    it('MySQL-style DB-API (mysql.connector) placeholders with %s', async () => {
      const out = await fixed('python', 'import mysql.connector\ncur.execute(f"SELECT * FROM users WHERE email = \'{email}\'")\n');
      assert.ok(out.includes('cur.execute("SELECT * FROM users WHERE email = %s", (email,))'), out);
    });

    it('yaml.load → yaml.safe_load', async () => {
      const out = await fixed('python', 'import yaml\n\n\ndef load(request):\n    return yaml.load(request.data)\n');
      assert.ok(out.includes('yaml.safe_load(request.data)'), out);
    });

    it('requests verify=False removed', async () => {
      assert.strictEqual(await fixed('python', 'import requests\nr = requests.get(url, verify=False, timeout=5)\n'), 'import requests\nr = requests.get(url, timeout=5)\n');
    });

    it('rejectUnauthorized: false removed', async () => {
      const out = await fixed('javascript', "const https = require('https');\nconst agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });\n");
      assert.ok(out.includes('new https.Agent({ keepAlive: true })'), out);
    });

    it('Math.random() token → crypto.randomUUID()', async () => {
      assert.strictEqual(await fixed('javascript', 'const resetToken = Math.random().toString(36).slice(2);\n'), 'const resetToken = crypto.randomUUID();\n');
    });

    it('TypeScript secret → process.env with a startup check (type-checks as string)', async () => {
      const out = await fixed('typescript', "export const apiKey: string = 'Zx81Qw9eLm-prod';\n");
      assert.ok(out.includes("process.env.API_KEY ?? (() => { throw new Error('API_KEY is not set'); })()"), out);
    });

    it('jsonwebtoken: jwt.decode → jwt.verify with the key already in scope and pinned algorithms', async () => {
      const text = "const jwt = require('jsonwebtoken');\nconst JWT_SECRET = process.env.JWT_SECRET;\napp.get('/me', (req, res) => {\n  const claims = jwt.decode(req.headers.authorization.slice(7), { complete: true });\n  res.json(claims);\n});\n";
      const [f] = await findings('javascript', text);
      assert.match(preferredFix(f)!.title, /JWT_SECRET.*signature and expiry/);
      const out = await fixed('javascript', text);
      assert.ok(out.includes("jwt.verify(req.headers.authorization.slice(7), JWT_SECRET, { algorithms: ['HS256'], complete: true })"), out);
    });

    it('jsonwebtoken: with no key in scope the fix reads process.env.JWT_SECRET and says it must be set', async () => {
      const text = "import jwt from 'jsonwebtoken';\nexport function me(req: Request) {\n  return jwt.decode(req.headers.get('authorization') ?? '');\n}\n";
      const [f] = await findings('typescript', text);
      assert.match(preferredFix(f)!.title, /set JWT_SECRET to your signing key/);
      const out = await fixed('typescript', text);
      assert.ok(out.includes("jwt.verify(req.headers.get('authorization') ?? '', process.env.JWT_SECRET ?? (() => { throw new Error('JWT_SECRET is not set'); })(), { algorithms: ['HS256'] })"), out);
    });

    it('jsonwebtoken: an RS256 public key in scope gets algorithms RS256', async () => {
      const out = await fixed('javascript', "const jwt = require('jsonwebtoken');\nconst PUBLIC_KEY = fs.readFileSync('public.pem');\nfunction auth(req) {\n  return jwt.decode(req.headers.authorization);\n}\n");
      assert.ok(out.includes("jwt.verify(req.headers.authorization, PUBLIC_KEY, { algorithms: ['RS256'] })"), out);
    });

    it('PyJWT: decode(token, options={"verify_signature": False}) → decode(token, key, algorithms=["HS256"])', async () => {
      const out = await fixed('python', 'import jwt\n\n\ndef me(request):\n    return jwt.decode(request.headers["Authorization"], options={"verify_signature": False})\n');
      assert.ok(out.startsWith('import os\nimport jwt\n'), out);
      assert.ok(out.includes('jwt.decode(request.headers["Authorization"], os.environ["JWT_SECRET"], algorithms=["HS256"])'), out);
    });

    it('PyJWT: uses the Flask SECRET_KEY the file already reads', async () => {
      const out = await fixed('python', 'import jwt\nfrom flask import current_app, request\n\n\ndef me():\n    key = current_app.config["SECRET_KEY"]\n    return jwt.decode(request.headers["Authorization"], verify=False)\n');
      assert.ok(out.includes('jwt.decode(request.headers["Authorization"], current_app.config["SECRET_KEY"], algorithms=["HS256"])'), out);
    });

    it('PyJWT: keeps a key the call already had and adds only what is missing', async () => {
      const out = await fixed('python', 'import jwt\nimport os\nclaims = jwt.decode(token, os.environ["JWT_SECRET"], options={"verify_signature": False}, audience="api")\n');
      assert.ok(out.includes('claims = jwt.decode(token, os.environ["JWT_SECRET"], audience="api", algorithms=["HS256"])'), out);
    });
  });
});
