import * as assert from 'assert';
import type { Finding, ParsedLanguage } from '../../src/core/types';
import { applyEdits, engine, findings, preferredFix } from './helpers';

const RULES = new Set(['nosql-injection', 'path-traversal', 'ssrf', 'open-redirect', 'xss-template']);

async function ours(language: ParsedLanguage, text: string): Promise<Finding[]> {
  return (await findings(language, text)).filter((f) => RULES.has(f.ruleId));
}

/** Applies the preferred fix of the only finding of `ruleId`, checks it parses and clears that rule, returns the text. */
async function fixed(language: ParsedLanguage, text: string, ruleId: string): Promise<string> {
  const before = (await ours(language, text)).filter((f) => f.ruleId === ruleId);
  assert.strictEqual(before.length, 1, `expected one ${ruleId} finding, got ${before.length}:\n${text}`);
  const fix = preferredFix(before[0]);
  assert.ok(fix, 'finding has a preferred fix');
  const out = applyEdits(text, fix.edits);
  const result = await engine().analyze({ text: out, language });
  assert.strictEqual(result.parseErrors, 0, `fixed text should parse:\n${out}`);
  assert.deepStrictEqual(result.findings.filter((f) => RULES.has(f.ruleId)).map((f) => f.ruleId), [], `fix should clear the finding:\n${out}`);
  return out;
}

const EXPRESS = "const express = require('express');\nconst mongoose = require('mongoose');\nconst app = express();\n";
const FLASK = 'from flask import Flask, request, render_template\nfrom pymongo import MongoClient\napp = Flask(__name__)\ndb = MongoClient()["app"]\n';

describe('injection rules', () => {
  describe('quick fixes', () => {
    it('coerces Mongo equality values from the body to strings (one fix for every field)', async () => {
      const out = await fixed('javascript', `${EXPRESS}app.post('/login', async (req, res) => {\n  const user = await User.findOne({ email: req.body.email, password: req.body.password });\n  res.json(user);\n});\n`, 'nosql-injection');
      assert.ok(out.includes('User.findOne({ email: String(req.body.email), password: String(req.body.password) })'), out);
    });

    it('expands a shorthand property when coercing it', async () => {
      const out = await fixed('javascript', `${EXPRESS}app.post('/reset', async (req, res) => {\n  const { token } = req.body;\n  res.json(await User.findOne({ token }));\n});\n`, 'nosql-injection');
      assert.ok(out.includes('User.findOne({ token: String(token) })'), out);
    });

    it('reports a lookup field alone with medium confidence, and a typeof check or String() clears it', async () => {
      const route = (pre: string, value: string) => `${EXPRESS}app.get('/by-email', async (req, res) => {\n  ${pre}\n  const user = await User.findOne({ email: ${value} });\n  res.json(user);\n});\n`;
      const [f, ...rest] = await ours('javascript', route('', 'req.query.email'));
      assert.strictEqual(f?.ruleId, 'nosql-injection');
      assert.strictEqual(f.confidence, 'medium');
      assert.deepStrictEqual(rest, []);
      const out = await fixed('javascript', route('', 'req.query.email'), 'nosql-injection');
      assert.ok(out.includes('{ email: String(req.query.email) }'), out);
      assert.deepStrictEqual(await ours('javascript', route("if (typeof req.query.email !== 'string') return res.sendStatus(400);", 'req.query.email')), []);
      // a typeof check of another value does not count
      assert.strictEqual((await ours('javascript', route("if (typeof req.query.name !== 'string') return res.sendStatus(400);", 'req.query.email'))).length, 1);
    });

    it('uses str() in Python', async () => {
      const out = await fixed('python', `${FLASK}@app.route("/login", methods=["POST"])\ndef login():\n    data = request.get_json()\n    return str(db.users.find_one({"username": data["username"], "password": data["password"]}))\n`, 'nosql-injection');
      assert.ok(out.includes('{"username": str(data["username"]), "password": str(data["password"])}'), out);
    });

    it('offers no String() fix for fields that need not be strings (a number would stop matching)', async () => {
      const [f] = await ours('javascript', `${EXPRESS}app.post('/x', async (req, res) => {\n  res.json(await Card.findOne({ number: req.body.number, pin: req.body.pin }));\n});\n`);
      assert.strictEqual(f?.ruleId, 'nosql-injection');
      assert.strictEqual(f.confidence, 'high');
      assert.deepStrictEqual(f.fixes, []);
    });

    it("moves the base folder of res.sendFile into Express's root option", async () => {
      const out = await fixed('javascript', `${EXPRESS}const path = require('path');\napp.get('/f/:name', (req, res) => {\n  res.sendFile(path.join(__dirname, 'public', req.params.name));\n});\n`, 'path-traversal');
      assert.ok(out.includes("res.sendFile(req.params.name, { root: path.join(__dirname, 'public') });"), out);
    });

    it('replaces Markup(user) with markupsafe.escape(user) and adds the import', async () => {
      const out = await fixed('python', `from markupsafe import Markup\n${FLASK}@app.route("/bio")\ndef bio():\n    return render_template("bio.html", bio=Markup(request.args.get("bio", "")))\n`, 'xss-template');
      assert.ok(out.startsWith('import markupsafe\n'), out);
      assert.ok(out.includes('bio=markupsafe.escape(request.args.get("bio", ""))'), out);
    });

    it('escapes every request value a Flask view formats into HTML', async () => {
      const out = await fixed('python', `${FLASK}@app.route("/hi")\ndef hi():\n    name = request.args.get("name", "")\n    return f"<h1>Hello {name}, {request.args.get('x')}</h1><p>{len(name)}</p>"\n`, 'xss-template');
      assert.ok(out.includes('return f"<h1>Hello {markupsafe.escape(name)}, {markupsafe.escape(request.args.get(\'x\'))}</h1><p>{len(name)}</p>"'), out);
    });

    it('turns jinja2 autoescape=False on', async () => {
      const out = await fixed('python', 'import jinja2\nenv = jinja2.Environment(loader=jinja2.FileSystemLoader("t"), autoescape=False)\n', 'xss-template');
      assert.ok(out.includes('autoescape=True)'), out);
    });
  });

  describe('confidence and positions', () => {
    it('reports SSRF only when the request controls the host', async () => {
      const code = (line: string) => `${EXPRESS}app.get('/x', async (req, res) => {\n  ${line}\n});\n`;
      assert.strictEqual((await ours('javascript', code('await fetch(`https://api.example.com/search?q=${req.query.q}`);'))).length, 0);
      assert.strictEqual((await ours('javascript', code('await fetch(`https://api.example.com${req.query.path}`);'))).length, 1, 'no "/" after the host: "@evil.com" changes it');
      assert.strictEqual((await ours('javascript', code('await fetch("https://" + req.query.host + "/api");'))).length, 1);
      assert.strictEqual((await ours('javascript', code('const base = req.body.base;\n  await fetch(`${base}/v1/items`);'))).length, 1);
    });

    it('treats "/" + input as an open redirect but "/path/" + input as a local one', async () => {
      const code = (line: string) => `${EXPRESS}app.get('/x', (req, res) => {\n  ${line}\n});\n`;
      assert.strictEqual((await ours('javascript', code("res.redirect('/' + req.query.p);"))).length, 1);
      assert.strictEqual((await ours('javascript', code("res.redirect('/p/' + req.query.p);"))).length, 0);
    });

    it('gives medium confidence to Flask path parameters that cannot contain "/"', async () => {
      const code = (route: string) => `import os\n${FLASK}@app.route("${route}")\ndef f(name):\n    return open(os.path.join("/srv", name)).read()\n`;
      assert.strictEqual((await ours('python', code('/a/<name>')))[0]?.confidence, 'medium');
      assert.strictEqual((await ours('python', code('/a/<path:name>')))[0]?.confidence, 'high');
      assert.strictEqual((await ours('python', code('/a')))[0]?.confidence, 'high', 'a query parameter can contain "/"');
    });

    it('marks server-side template injection high and a formatted template medium', async () => {
      const req = await ours('python', `${FLASK}from flask import render_template_string\n@app.route("/t")\ndef t():\n    return render_template_string(request.form["tpl"])\n`);
      assert.deepStrictEqual(req.map((f) => [f.ruleId, f.confidence]), [['xss-template', 'high']]);
      const fmt = await ours('python', `${FLASK}from flask import render_template_string\ndef t(title):\n    return render_template_string("<h1>%s</h1>" % title)\n`);
      assert.deepStrictEqual(fmt.map((f) => [f.ruleId, f.confidence]), [['xss-template', 'medium']]);
    });

    it('is quiet when the app strips $-keys globally (express-mongo-sanitize)', async () => {
      const text = `${EXPRESS}const mongoSanitize = require('express-mongo-sanitize');\napp.use(mongoSanitize());\napp.post('/l', async (req, res) => res.json(await User.findOne({ email: req.body.email, password: req.body.password })));\n`;
      assert.deepStrictEqual(await ours('javascript', text), []);
    });

    it('raises sql-injection through a query variable to high only when its input is request data', async () => {
      const pg = "const { Pool } = require('pg');\nconst pool = new Pool();\n";
      const viaReq = (await findings('javascript', `${pg}app.get('/x', async (req, res) => {\n  const q = \`SELECT * FROM t WHERE a = '\${req.query.a}'\`;\n  await pool.query(q);\n});\n`)).filter((f) => f.ruleId === 'sql-injection');
      assert.deepStrictEqual(viaReq.map((f) => f.confidence), ['high']);
      const viaParam = (await findings('javascript', `${pg}async function find(a) {\n  const q = \`SELECT * FROM t WHERE a = '\${a}'\`;\n  await pool.query(q);\n}\n`)).filter((f) => f.ruleId === 'sql-injection');
      assert.deepStrictEqual(viaParam.map((f) => f.confidence), ['medium']);
    });

    it('does not call a browser fetch of its own address-bar parameters SSRF, but does report the redirect', async () => {
      const text = "const q = new URLSearchParams(window.location.search);\nfetch(q.get('api'));\nwindow.location.href = q.get('next');\n";
      assert.deepStrictEqual((await ours('javascript', text)).map((f) => f.ruleId), ['open-redirect']);
    });

    it('does not take outgoing request objects in HTTP client code for server requests', async () => {
      const text = 'async function send(request) {\n  return fetch(request.url, { method: request.method, body: request.body });\n}\n';
      assert.deepStrictEqual(await ours('javascript', text), []);
      assert.strictEqual((await ours('javascript', 'async function proxy(request, reply) {\n  return fetch(request.query.target);\n}\n')).length, 1);
    });

    it('ignores command-line input for path traversal and SSRF (the operator chose it)', async () => {
      const text = "const fs = require('fs');\nfs.writeFileSync(process.argv[2], 'x');\nfetch(process.argv[3]);\n";
      assert.deepStrictEqual(await ours('javascript', text), []);
    });

    it('does not treat Sequelize/Prisma where-objects as Mongo filters', async () => {
      const text = "const { Sequelize } = require('sequelize');\napp.post('/l', async (req, res) => res.json(await User.findOne({ where: { email: req.body.email } })));\n";
      assert.deepStrictEqual(await ours('javascript', text), []);
    });
  });
});
