import * as assert from 'assert';
import type { Finding, ParsedLanguage } from '../../src/core/types';
import { applyEdits, findings, preferredFix } from './helpers';

const TRANSPORT = ['tls-verification-disabled', 'cors-wildcard', 'jwt-weak-verification', 'insecure-cookie', 'debug-mode-enabled'];

/** Findings of the transport rules only (other rule families are tested elsewhere). */
async function mine(language: ParsedLanguage, text: string): Promise<Finding[]> {
  return (await findings(language, text)).filter((f) => TRANSPORT.includes(f.ruleId));
}

async function only(language: ParsedLanguage, text: string, ruleId: string): Promise<Finding> {
  const found = await mine(language, text);
  assert.deepStrictEqual(found.map((f) => f.ruleId), [ruleId], `expected one ${ruleId} finding:\n${text}`);
  return found[0];
}

/** Applies the preferred fix of the only finding, checks the result has no transport finding left, returns it. */
async function fixed(language: ParsedLanguage, text: string, ruleId: string): Promise<string> {
  const fix = preferredFix(await only(language, text, ruleId));
  assert.ok(fix, 'finding has a preferred fix');
  const out = applyEdits(text, fix.edits);
  assert.deepStrictEqual((await mine(language, out)).map((f) => f.ruleId), [], `fix should clear the finding:\n${out}`);
  return out;
}

describe('tls-verification-disabled', () => {
  it('removes a rejectUnauthorized line from a multi-line object', async () => {
    const text = "const https = require('https');\nconst agent = new https.Agent({\n  keepAlive: true,\n  rejectUnauthorized: false, // self-signed\n  timeout: 5000,\n});\n";
    const out = await fixed('javascript', text, 'tls-verification-disabled');
    assert.strictEqual(out, "const https = require('https');\nconst agent = new https.Agent({\n  keepAlive: true,\n  timeout: 5000,\n});\n");
  });

  it('removes an inline pair with its comma, first, last or only', async () => {
    assert.ok((await fixed('javascript', 'const a = new https.Agent({ keepAlive: true, rejectUnauthorized: false });\n', 'tls-verification-disabled')).includes('new https.Agent({ keepAlive: true });'));
    assert.ok((await fixed('javascript', 'const a = new https.Agent({ rejectUnauthorized: false, keepAlive: true });\n', 'tls-verification-disabled')).includes('new https.Agent({ keepAlive: true });'));
    assert.ok((await fixed('typescript', 'const pool = new Pool({ connectionString: url, ssl: { rejectUnauthorized: false } });\n', 'tls-verification-disabled')).includes('ssl: {  }'));
  });

  it('deletes the NODE_TLS_REJECT_UNAUTHORIZED assignment', async () => {
    const out = await fixed('javascript', "require('dotenv').config();\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nstart();\n", 'tls-verification-disabled');
    assert.strictEqual(out, "require('dotenv').config();\nstart();\n");
  });

  it('removes verify=False from requests calls (inline and on its own line)', async () => {
    assert.strictEqual(await fixed('python', 'import requests\nr = requests.get(url, verify=False)\n', 'tls-verification-disabled'), 'import requests\nr = requests.get(url)\n');
    assert.strictEqual(await fixed('python', 'import requests\nr = requests.get(url, verify=False, timeout=5)\n', 'tls-verification-disabled'), 'import requests\nr = requests.get(url, timeout=5)\n');
    const out = await fixed('python', 'import requests\nr = requests.post(\n    url,\n    json=body,\n    verify=False\n)\n', 'tls-verification-disabled');
    assert.strictEqual(out, 'import requests\nr = requests.post(\n    url,\n    json=body,\n)\n');
  });

  it('swaps the unverified SSL context and CERT_NONE for the verifying ones', async () => {
    assert.ok((await fixed('python', 'import ssl\nctx = ssl._create_unverified_context()\n', 'tls-verification-disabled')).includes('ctx = ssl.create_default_context()'));
    assert.ok((await fixed('python', 'import ssl\nctx = ssl.create_default_context()\nctx.verify_mode = ssl.CERT_NONE\n', 'tls-verification-disabled')).includes('ctx.verify_mode = ssl.CERT_REQUIRED'));
  });

  it('ignores verify=False on calls that are not HTTP clients, and SSLContext implementations', async () => {
    assert.deepStrictEqual(await mine('python', 'form.save(verify=False)\nmodel.full_clean(verify=False)\n'), []);
    assert.deepStrictEqual(await mine('python', 'class Ctx:\n    def __init__(self):\n        self.check_hostname = False\n        self.verify_mode = ssl.CERT_NONE\n'), []);
  });
});

describe('cors-wildcard', () => {
  it('is high with credentials, medium without, low confidence for bare cors()', async () => {
    const reflect = await only('javascript', "const cors = require('cors');\napp.use(cors({ origin: true, credentials: true }));\n", 'cors-wildcard');
    assert.strictEqual(reflect.severity, 'high');
    const star = await only('javascript', "const cors = require('cors');\napp.use(cors({ origin: '*' }));\n", 'cors-wildcard');
    assert.strictEqual(star.severity, 'medium');
    const bare = await only('javascript', "const cors = require('cors');\napp.use(cors());\n", 'cors-wildcard');
    assert.strictEqual(bare.confidence, 'low');
    const fastapi = await only('python', 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n', 'cors-wildcard');
    assert.strictEqual(fastapi.severity, 'high');
  });

  it('follows the options object through a variable', async () => {
    await only('javascript', "const cors = require('cors');\nconst options = { origin: '*' };\napp.use(cors(options));\n", 'cors-wildcard');
    assert.deepStrictEqual(await mine('javascript', "const cors = require('cors');\nconst options = { origin: process.env.CORS_ORIGIN };\napp.use(cors(options));\n"), []);
  });

  it('does not flag origin checks outside CORS configuration', async () => {
    assert.deepStrictEqual(await mine('javascript', "window.postMessage(data, '*');\nconst target = { origin: '*' };\nevent.origin === '*';\n"), []);
  });

  it('does not flag a reflected origin without credentials or behind an allow-list', async () => {
    assert.deepStrictEqual(await mine('javascript', "app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  next();\n});\n"), []);
    const guarded = "app.use((req, res, next) => {\n  const origin = req.headers.origin;\n  if (!ALLOWED.has(origin)) return next();\n  res.setHeader('Access-Control-Allow-Origin', origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});\n";
    assert.deepStrictEqual(await mine('javascript', guarded), []);
  });
});

describe('jwt-weak-verification', () => {
  const JWT = "const jwt = require('jsonwebtoken');\n";

  it('reports a literal signing secret without repeating it, and moves it to the environment', async () => {
    const text = `${JWT}const token = jwt.sign({ sub: user.id }, 'hunter2-prod-key', { expiresIn: '1h' });\n`;
    const f = await only('javascript', text, 'jwt-weak-verification');
    assert.strictEqual(f.severity, 'high');
    assert.ok(!f.message.includes('hunter2'), f.message);
    const fix = preferredFix(f)!;
    assert.ok(applyEdits(text, fix.edits).includes("jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' })"));
  });

  it('adds expiresIn when the token never expires (no options, options object, callback)', async () => {
    assert.ok((await fixed('javascript', `${JWT}const t = jwt.sign({ sub: id }, process.env.JWT_SECRET);\n`, 'jwt-weak-verification')).includes("jwt.sign({ sub: id }, process.env.JWT_SECRET, { expiresIn: '1h' });"));
    assert.ok((await fixed('javascript', `${JWT}const t = jwt.sign({ sub: id }, process.env.JWT_SECRET, { issuer: 'api' });\n`, 'jwt-weak-verification')).includes("{ expiresIn: '1h', issuer: 'api' }"));
    assert.ok((await fixed('javascript', `${JWT}jwt.sign({ sub: id }, process.env.JWT_SECRET, (err, t) => res.json({ t }));\n`, 'jwt-weak-verification')).includes("process.env.JWT_SECRET, { expiresIn: '1h' }, (err, t) =>"));
    const f = await only('javascript', `${JWT}const t = jwt.sign({ sub: id }, process.env.JWT_SECRET);\n`, 'jwt-weak-verification');
    assert.strictEqual(f.severity, 'medium');
  });

  it('removes ignoreExpiration and the none algorithm', async () => {
    assert.ok((await fixed('javascript', `${JWT}const c = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'], ignoreExpiration: true });\n`, 'jwt-weak-verification')).includes("{ algorithms: ['HS256'] }"));
    assert.ok((await fixed('javascript', `${JWT}const c = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256', 'none'] });\n`, 'jwt-weak-verification')).includes("{ algorithms: ['HS256'] }"));
  });

  it('removes verify_signature: False from PyJWT decode', async () => {
    const out = await fixed('python', 'import jwt\nimport os\nclaims = jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"], options={"verify_signature": False})\n', 'jwt-weak-verification');
    assert.ok(out.includes('claims = jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"])'), out);
  });

  it('only judges jsonwebtoken and PyJWT', async () => {
    assert.deepStrictEqual(await mine('javascript', "const token = fastify.jwt.sign({ sub: id });\nconst jwt = require('@tsndr/cloudflare-worker-jwt');\nawait jwt.sign({ sub: id }, 'secret');\n"), []);
    assert.deepStrictEqual(await mine('python', 'from authlib.jose import jwt\nclaims = jwt.decode(token, key)\n'), []);
  });

  it('trusts jwt.decode when the file also verifies', async () => {
    assert.deepStrictEqual(await mine('javascript', `${JWT}function auth(req) {\n  const { header } = jwt.decode(req.headers.authorization, { complete: true });\n  return jwt.verify(req.headers.authorization, keys[header.kid], { algorithms: ['RS256'] });\n}\n`), []);
  });
});

describe('insecure-cookie', () => {
  it('adds httpOnly and secure to a session cookie', async () => {
    assert.ok((await fixed('javascript', "res.cookie('token', token);\n", 'insecure-cookie')).includes("res.cookie('token', token, { httpOnly: true, secure: true, sameSite: 'lax' });"));
    assert.ok((await fixed('javascript', "res.cookie('sid', id, { maxAge: 1000, httpOnly: false });\n", 'insecure-cookie')).includes("res.cookie('sid', id, { secure: true, maxAge: 1000, httpOnly: true });"));
    assert.ok((await fixed('python', 'resp.set_cookie("session", sid, samesite="Lax")\n', 'insecure-cookie')).includes('resp.set_cookie("session", sid, samesite="Lax", httponly=True, secure=True)'));
    assert.ok((await fixed('python', 'SESSION_COOKIE_SECURE = False\n', 'insecure-cookie')).includes('SESSION_COOKIE_SECURE = True'));
  });

  it('leaves cookies scripts must read alone', async () => {
    assert.deepStrictEqual(await mine('javascript', "res.cookie('theme', 'dark');\nres.cookie('XSRF-TOKEN', req.csrfToken());\ndocument.cookie = 'token=' + t;\n"), []);
    assert.deepStrictEqual(await mine('python', 'resp.set_cookie("locale", "en")\nresp.set_cookie("csrftoken", token)\n'), []);
  });
});

describe('debug-mode-enabled', () => {
  it('reads Flask debug mode from the environment', async () => {
    const out = await fixed('python', 'from flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0", debug=True)\n', 'debug-mode-enabled');
    assert.ok(out.startsWith('import os\nfrom flask import Flask\n'), out);
    assert.ok(out.includes('app.run(host="0.0.0.0", debug=os.environ.get("FLASK_DEBUG") == "1")'), out);
  });

  it('flags DEBUG = True only in Django settings', async () => {
    const settings = 'import os\nDEBUG = True\nINSTALLED_APPS = ["django.contrib.auth"]\n';
    const out = await fixed('python', settings, 'debug-mode-enabled');
    assert.ok(out.includes('DEBUG = os.environ.get("DJANGO_DEBUG") == "1"'), out);
    assert.deepStrictEqual(await mine('python', 'DEBUG = True\nVERBOSE = False\n'), []);
  });

  it('leaves asyncio debug mode and errorhandler in development alone', async () => {
    assert.deepStrictEqual(await mine('python', 'import asyncio\nasyncio.run(main(), debug=True)\n'), []);
    assert.deepStrictEqual(await mine('javascript', "const errorhandler = require('errorhandler');\nif (process.env.NODE_ENV === 'development') app.use(errorhandler());\n"), []);
  });
});
