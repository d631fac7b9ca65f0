import * as assert from 'assert';
import type { Finding, ParsedLanguage } from '../../src/core/types';
import { applyEdits, findings, preferredFix } from './helpers';

/** The only sql-injection finding in `text` (other rules' findings are ignored). */
async function sqlFinding(language: ParsedLanguage, text: string): Promise<Finding> {
  const found = (await findings(language, text)).filter((f) => f.ruleId === 'sql-injection');
  assert.strictEqual(found.length, 1, `expected one sql-injection finding, got ${found.length}:\n${text}`);
  return found[0];
}

/** Applies the preferred fix of the only finding, checks it clears every finding, and returns the fixed text. */
async function fixed(language: ParsedLanguage, text: string): Promise<string> {
  const fix = preferredFix(await sqlFinding(language, text));
  assert.ok(fix, 'finding has a preferred fix');
  const out = applyEdits(text, fix.edits);
  const after = await findings(language, out);
  assert.deepStrictEqual(after.map((f) => f.ruleId), [], `fix should clear the finding:\n${out}`);
  return out;
}

/** Asserts the code is still reported, with no mechanical fix. */
async function noFix(language: ParsedLanguage, text: string): Promise<void> {
  const f = await sqlFinding(language, text);
  assert.deepStrictEqual(f.fixes.filter((x) => x.isPreferred), [], `no fix expected for:\n${text}`);
}

const PG = "const { Pool } = require('pg');\nconst pool = new Pool();\n";
const MYSQL = "const mysql = require('mysql2/promise');\nconst db = mysql.createPool({});\n";

/** An Express handler around one query line. */
function handler(setup: string, line: string): string {
  return `${setup}\napp.get('/items/:id', async (req, res) => {\n  const { id } = req.params;\n  const { sort, dir, where, ids, name, limit, offset } = req.query;\n  ${line}\n  res.json(rows);\n});\n`;
}

describe('sql-injection quick fix', () => {
  describe('keeps constant substitutions inline and parameterises only the values', () => {
    it('pg template with a constant table name', async () => {
      const out = await fixed('javascript', handler(`${PG}const TABLE = 'items';`, 'const { rows } = await pool.query(`SELECT * FROM ${TABLE} WHERE id = ${id}`);'));
      assert.ok(out.includes('await pool.query(`SELECT * FROM ${TABLE} WHERE id = $1`, [id]);'), out);
    });

    it('sqlite3 f-string with a constant table name stays an f-string', async () => {
      const text = 'import sqlite3\n\nTABLE = "items"\n\n\ndef get_item(conn, item_id):\n    cur = conn.cursor()\n    cur.execute(f"SELECT * FROM {TABLE} WHERE id = {item_id}")\n    return cur.fetchone()\n';
      const out = await fixed('python', text);
      assert.ok(out.includes('cur.execute(f"SELECT * FROM {TABLE} WHERE id = ?", (item_id,))'), out);
    });

    it('psycopg2 f-string with a constant: %% for literal percent signs, constant kept', async () => {
      const text = 'import psycopg2\n\nTABLE = "coupons"\n\n\ndef find(cur, uid):\n    cur.execute(f"SELECT * FROM {TABLE} WHERE code LIKE \'A%\' AND owner = {uid}")\n';
      const out = await fixed('python', text);
      assert.ok(out.includes('cur.execute(f"SELECT * FROM {TABLE} WHERE code LIKE \'A%%\' AND owner = %s", (uid,))'), out);
    });
  });

  describe('parameterises values in value positions', () => {
    it('a VALUES list, quoted and unquoted', async () => {
      const out = await fixed('javascript', handler(PG, "const { rows } = await pool.query(`INSERT INTO audit (item_id, action, at) VALUES (${id}, '${name}', NOW()) RETURNING id`);"));
      assert.ok(out.includes("pool.query(`INSERT INTO audit (item_id, action, at) VALUES ($1, $2, NOW()) RETURNING id`, [id, name]);"), out);
    });

    it('LIMIT and OFFSET (mysql2)', async () => {
      const out = await fixed('javascript', handler(MYSQL, 'const [rows] = await db.query(`SELECT * FROM items WHERE owner = ${id} LIMIT ${limit} OFFSET ${offset}`);'));
      assert.ok(out.includes('db.query(`SELECT * FROM items WHERE owner = ? LIMIT ? OFFSET ?`, [id, limit, offset]);'), out);
    });

    it('comparisons and LIKE', async () => {
      const out = await fixed('javascript', handler(PG, 'const { rows } = await pool.query(`SELECT * FROM items WHERE price >= ${limit} AND name LIKE ${name} AND id <> ${id}`);'));
      assert.ok(out.includes('pool.query(`SELECT * FROM items WHERE price >= $1 AND name LIKE $2 AND id <> $3`, [limit, name, id]);'), out);
    });

    it('knex.raw with ? bindings', async () => {
      const out = await fixed('javascript', "const knex = require('knex')({ client: 'pg' });\nasync function f(req) {\n  return knex.raw(`SELECT * FROM items WHERE id = ${req.params.id}`);\n}\n");
      assert.ok(out.includes('knex.raw(`SELECT * FROM items WHERE id = ?`, [req.params.id]);'), out);
    });
  });

  describe('offers no fix where a placeholder would break the SQL', () => {
    const identifierPositions = [
      'const { rows } = await pool.query(`SELECT * FROM items ORDER BY ${sort}`);',
      'const { rows } = await pool.query(`SELECT * FROM items ORDER BY name ${dir}`);',
      'const { rows } = await pool.query(`SELECT * FROM items WHERE ${where}`);',
      "const { rows } = await pool.query(`SELECT * FROM items WHERE id IN (${ids.join(',')})`);",
      'const { rows } = await pool.query(`SELECT * FROM items WHERE id = ${id} ORDER BY ${sort}`);',
    ];
    for (const line of identifierPositions) {
      it(line.replace(/^.*?`|`.*$/g, ''), () => noFix('javascript', handler(PG, line)));
    }

    it('a value inside a longer SQL string literal', () =>
      noFix('javascript', handler(PG, "const { rows } = await pool.query(`INSERT INTO audit (message) VALUES ('User ${name} viewed item ${id}')`);")));

    it('a value that is part of a longer token', () => noFix('javascript', handler(PG, 'const { rows } = await pool.query(`SELECT * FROM items WHERE id = ${id}::int`);')));

    it('a Prisma query with a constant substitution (the tag would make it a parameter)', () =>
      noFix('typescript', "const TABLE = '\"Item\"';\nexport async function get(id: string) {\n  return prisma.$queryRawUnsafe(`SELECT * FROM ${TABLE} WHERE id = ${id}`);\n}\n"));
  });

  describe('offers no fix for calls that take no parameter list', () => {
    it('better-sqlite3 db.prepare(...)', () =>
      noFix('javascript', "const Database = require('better-sqlite3');\nconst db = new Database('app.db');\nfunction get(req) {\n  return db.prepare(`SELECT * FROM items WHERE id = ${req.params.id}`).get();\n}\n"));

    it('sqlite3 db.exec(...)', () =>
      noFix('javascript', "const sqlite3 = require('sqlite3');\nconst db = new sqlite3.Database('app.db');\nfunction del(req) {\n  db.exec(`DELETE FROM items WHERE id = ${req.params.id}`);\n}\n"));

    it('Python executescript', () => noFix('python', 'import sqlite3\n\n\ndef purge(conn, owner):\n    conn.executescript(f"DELETE FROM items WHERE owner = \'{owner}\';")\n'));

    it('SQLAlchemy text(f"...")', () =>
      noFix('python', 'import sqlite3\nfrom sqlalchemy import text\n\n\ndef find(conn, name):\n    return conn.execute(text(f"SELECT * FROM items WHERE name = \'{name}\'"))\n'));

    it('drizzle sql.raw(...)', () =>
      noFix('typescript', "import { sql } from 'drizzle-orm';\nimport pg from 'pg';\nexport const q = (id: string) => db.execute(sql.raw(`SELECT * FROM items WHERE id = ${id}`));\n"));

    it('executemany (takes a list of parameter tuples)', () => noFix('python', 'import sqlite3\n\n\ndef f(cur, rows, name):\n    cur.executemany(f"INSERT INTO items (owner, name) VALUES (\'{name}\', ?)", rows)\n'));
  });

  describe('Prisma', () => {
    it('turns prisma.$queryRaw(`...`) (called, not tagged) into the tagged template', async () => {
      const out = await fixed('typescript', "export async function byEmail(email: string) {\n  return prisma.$queryRaw(`SELECT * FROM \"User\" WHERE email = '${email}'`);\n}\n");
      assert.ok(out.includes('return prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${email}`;'), out);
    });

    it('keeps type arguments: await prisma.$queryRaw<User[]>(`...`)', async () => {
      const f = await sqlFinding('typescript', "export async function byEmail(email: string) {\n  const users = await prisma.$queryRaw<User[]>(`SELECT * FROM \"User\" WHERE email = '${email}'`);\n  return users;\n}\n");
      const fix = preferredFix(f);
      assert.ok(fix);
      assert.ok(fix.edits[0].newText === 'await prisma.$queryRaw<User[]>`SELECT * FROM "User" WHERE email = ${email}`', fix.edits[0].newText);
    });

    it('turns $executeRawUnsafe into $executeRaw', async () => {
      const out = await fixed('typescript', 'export async function touch(id: string) {\n  await prisma.$executeRawUnsafe(`UPDATE "User" SET seen = now() WHERE id = ${id}`);\n}\n');
      assert.ok(out.includes('await prisma.$executeRaw`UPDATE "User" SET seen = now() WHERE id = ${id}`;'), out);
    });
  });

  describe('Python placeholder style from the imports', () => {
    const body = '\n\ndef get(cur, item_id):\n    cur.execute(f"SELECT * FROM items WHERE id = {item_id}")\n';

    it('reads `import os, sqlite3`', async () => {
      const out = await fixed('python', `import os, sqlite3${body}`);
      assert.ok(out.includes('cur.execute("SELECT * FROM items WHERE id = ?", (item_id,))'), out);
    });

    it('reads `from psycopg2 import pool` and `import mysql.connector`', async () => {
      assert.ok((await fixed('python', `from psycopg2 import pool${body}`)).includes('"SELECT * FROM items WHERE id = %s", (item_id,)'));
      assert.ok((await fixed('python', `import mysql.connector${body}`)).includes('"SELECT * FROM items WHERE id = %s", (item_id,)'));
    });

    it('offers no fix when drivers with different placeholders are imported', () => noFix('python', `import sqlite3\nimport psycopg2${body}`));

    it('asyncpg: $n placeholders passed as extra arguments', async () => {
      const text = "import asyncpg\n\n\nasync def get(conn, item_id, owner):\n    return await conn.fetchrow(f\"SELECT * FROM items WHERE id = {item_id} AND owner = '{owner}'\")\n";
      const out = await fixed('python', text);
      assert.ok(out.includes('await conn.fetchrow("SELECT * FROM items WHERE id = $1 AND owner = $2", item_id, owner)'), out);
    });
  });

  it('JS: offers no fix when drivers with different placeholders are imported', () =>
    noFix('javascript', handler(`${PG}const mysql = require('mysql2');`, 'const { rows } = await pool.query(`SELECT * FROM items WHERE id = ${id}`);')));
});

describe('sql-injection detection details', () => {
  it('names only the spliced values, not the accumulated SQL variable', async () => {
    const f = await sqlFinding('javascript', handler(PG, "let sql = 'SELECT * FROM items WHERE 1=1';\n  if (name) sql = sql + ` AND name = '${name}'`;\n  const { rows } = await pool.query(sql);"));
    assert.match(f.message, /from `name` \(through `sql`\)/);
  });

  it('Python text() that is not SQLAlchemy must look like SQL', async () => {
    const st = 'import streamlit as st\n\n\ndef show(n, region):\n    st.text(f"Loaded {n} rows where region is {region}")\n';
    assert.deepStrictEqual(await findings('python', st), []);
    const sa = 'import sqlalchemy as sa\n\n\ndef rows(conn, status):\n    return conn.execute(sa.text(f"orders_{status}"))\n';
    assert.strictEqual((await sqlFinding('python', sa)).ruleId, 'sql-injection');
  });
});
