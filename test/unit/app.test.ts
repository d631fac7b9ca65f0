import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { languageFromPath } from '../../src/core/languages';
import { nestedQuantifier } from '../../src/core/rules/app';
import type { Finding, ParsedLanguage } from '../../src/core/types';
import { FIXTURES, findings } from './helpers';

const APP = ['sensitive-logging', 'prototype-pollution', 'regex-injection', 'missing-rate-limit', 'missing-security-headers'];

async function app(language: ParsedLanguage, text: string, rule?: string): Promise<Finding[]> {
  return (await findings(language, text)).filter((f) => (rule ? f.ruleId === rule : APP.includes(f.ruleId) || f.ruleId === 'internal-error'));
}

const HANDLER = (body: string) => `const express = require('express');\nconst helmet = require('helmet');\nconst app = express();\napp.use(helmet());\napp.post('/api/x', (req, res) => {\n${body}\n});\nmodule.exports = app;\n`;

describe('sensitive-logging', () => {
  it('judges by the names of what is logged, not by the message', async () => {
    const flagged = ['console.log(password);', 'logger.info({ apiKey: key });', 'console.log(`sid=${sessionID}`);', 'log.debug(user.password_hash);', 'console.warn("card", card.number);', "console.log(req.headers['x-api-key']);", 'console.log(process.env);'];
    for (const line of flagged) assert.strictEqual((await app('javascript', HANDLER(line), 'sensitive-logging')).length, 1, line);
    const quiet = ['console.log("password reset for", email);', 'console.log(tokenCount, hasToken, maxTokens);', 'console.log(password.length);', 'logger.info({ token: "***" });', 'console.log(redact(req.body));', 'console.log(!!token, typeof secret);', 'logger.info({ password: undefined });', 'Math.log(token);'];
    for (const line of quiet) assert.deepStrictEqual(await app('javascript', HANDLER(line), 'sensitive-logging'), [], line);
  });

  it('is high confidence for request data, medium for other names, and never echoes a value', async () => {
    const [fromRequest] = await app('javascript', HANDLER('console.log(req.body.password);'), 'sensitive-logging');
    assert.strictEqual(fromRequest.confidence, 'high');
    const [local] = await app('javascript', "const password = 'hunter2-prod';\nconsole.log('pw', password);\n", 'sensitive-logging');
    assert.strictEqual(local.confidence, 'medium');
    assert.ok(!local.message.includes('hunter2'), local.message);
    assert.match(local.message, /CWE-532/);
  });

  it('follows a whole request body through a variable (JS and Python)', async () => {
    assert.strictEqual((await app('javascript', HANDLER('const body = req.body;\nconsole.log(body);\nconsole.log(body.email);'), 'sensitive-logging')).length, 1);
    const py = 'from flask import request\nimport logging\nlog = logging.getLogger(__name__)\n\ndef view():\n    data = request.get_json()\n    log.info("got %s", data)\n    log.info("user %s", data["email"])\n';
    assert.strictEqual((await app('python', py, 'sensitive-logging')).length, 1);
  });

  it('reports print only in server code', async () => {
    assert.deepStrictEqual(await app('python', 'token = input()\nprint(token)\n', 'sensitive-logging'), []);
    assert.strictEqual((await app('python', 'from flask import request\nprint(request.headers)\n', 'sensitive-logging')).length, 1);
    assert.strictEqual((await app('python', 'import os\nimport logging\nlogging.info("key %s", os.getenv("OPENAI_API_KEY"))\nlogging.info("db %s", os.getenv("DATABASE_HOST"))\n', 'sensitive-logging')).length, 1);
  });
});

describe('prototype-pollution', () => {
  const MERGE = (guard: string, target = '{}') => `function merge(t, s) {\n  for (const k in s) {\n    ${guard}\n    if (typeof s[k] === 'object') merge(t[k] = t[k] || ${target}, s[k]);\n    else t[k] = s[k];\n  }\n  return t;\n}\n`;

  it('reports an unguarded recursive merge once, on the leaf write', async () => {
    const found = await app('javascript', MERGE(''), 'prototype-pollution');
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].range.start.line, 4);
  });

  it('reports set-by-path walkers on the final write, high confidence only with request data', async () => {
    const walker = (guard: string) =>
      `function setPath(obj, path, value) {\n  const keys = path.split('.');\n  let node = obj;\n  ${guard}\n  for (const k of keys.slice(0, -1)) node = node[k] ??= {};\n  node[keys[keys.length - 1]] = value;\n}\n`;
    const found = await app('javascript', walker(''), 'prototype-pollution');
    assert.deepStrictEqual(found.map((f) => [f.range.start.line, f.confidence]), [[5, 'medium']]);
    const guarded = "if (keys.some((k) => BAD.has(k))) return;";
    assert.deepStrictEqual(await app('javascript', `const BAD = new Set(['__proto__', 'constructor', 'prototype']);\n${walker(guarded)}`, 'prototype-pollution'), []);
    assert.deepStrictEqual(await app('javascript', walker("if (keys.includes('__proto__')) return;"), 'prototype-pollution'), []);
    // an unrelated `.has` on a set without the dangerous keys is no guard
    assert.strictEqual((await app('javascript', `const SEEN = new Set(['a']);\n${walker('if (SEEN.has(path)) return;')}`, 'prototype-pollution')).length, 1);
    const route = "app.post('/prefs', (req, res) => {\n  const keys = req.body.path.split('.');\n  let cur = prefs;\n  for (let i = 0; i < keys.length - 1; i++) {\n    if (!cur[keys[i]]) cur[keys[i]] = {};\n    cur = cur[keys[i]];\n  }\n  cur[keys[keys.length - 1]] = req.body.value;\n  res.end();\n});\n";
    assert.deepStrictEqual((await app('javascript', route, 'prototype-pollution')).map((f) => [f.range.start.line, f.confidence]), [[7, 'high']]);
  });

  it('accepts key checks, own-property guards and prototype-free targets', async () => {
    for (const guard of ["if (k === '__proto__' || k === 'constructor') continue;", 'if (!Object.hasOwn(s, k)) continue;', 'if (!s.hasOwnProperty(k)) continue;']) {
      assert.deepStrictEqual(await app('javascript', MERGE(guard), 'prototype-pollution'), [], guard);
    }
    assert.deepStrictEqual(await app('javascript', MERGE('', 'Object.create(null)'), 'prototype-pollution'), []);
  });

  it('does not treat one-level copies as pollution', async () => {
    const text = HANDLER('Object.assign(settings, req.body);\nconst s = { ...settings, ...req.body };\nsettings[req.body.key] = req.body.value;\n_.merge(settings, { theme: "dark" });');
    assert.deepStrictEqual(await app('javascript', `const _ = require('lodash');\nconst settings = {};\n${text}`, 'prototype-pollution'), []);
  });

  it('reports request data given to lodash through an imported name', async () => {
    const text = "import { merge as mergeDeep } from 'lodash';\nimport set from 'lodash.set';\nexport function handler(req, res) {\n  mergeDeep(cfg, req.body);\n  set(cfg, req.query.path, 1);\n  res.end();\n}\n";
    assert.deepStrictEqual((await app('typescript', text, 'prototype-pollution')).map((f) => f.range.start.line), [3, 4]);
  });
});

describe('regex-injection', () => {
  it('finds nested quantifiers only in the unambiguous shapes', () => {
    for (const p of ['(a+)+', '^(\\w+\\s?)*$', '(\\d*)*x', '((ab)+)+', '(?:\\s*\\w+)*$', '(?<word>[a-z]+)+$', '([a-z]+){2,}', '^([a-zA-Z0-9]{2,4})+$']) assert.ok(nestedQuantifier(p), p);
    for (const p of ['(\\d+-)*', '([a-z]+\\.)+com', '(a|aa)+', '^[a-z]+(-[a-z]+)*$', '(\\w+)\\1+', '(a+){1,3}', '(a{2})+', '(ab?)+', 'a++b', '[(a+)+]', '\\(a+\\)+', '(?=a+)+']) assert.strictEqual(nestedQuantifier(p), undefined, p);
  });

  it('accepts escaping through variables and helpers', async () => {
    const quiet = ['const t = _.escapeRegExp(req.query.q);\nconst re = new RegExp(t);', "const re = new RegExp(req.query.q.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&'));", 'const re = new RegExp("^" + PREFIX);'];
    for (const body of quiet) assert.deepStrictEqual(await app('javascript', HANDLER(body), 'regex-injection'), [], body);
    assert.strictEqual((await app('javascript', HANDLER('const re = new RegExp(`${req.params.name}$`);'), 'regex-injection')).length, 1);
  });

  it('does not report dynamic patterns built from code-controlled values', async () => {
    const text = "const WORDS = ['a', 'b'];\nconst re = new RegExp(WORDS.join('|'));\nfunction clone(rx) { return new RegExp(rx.source, rx.flags); }\nfunction build(prefix) { return new RegExp(`^${prefix}`); }\n";
    assert.deepStrictEqual(await app('javascript', text, 'regex-injection'), []);
  });

  it('Python: re.escape, constant patterns and module-level compiled patterns', async () => {
    const py = 'import re\nfrom flask import request\nWORD = re.compile(r"^(\\w+\\s?)*$")\n\ndef view():\n    q = request.args["q"]\n    re.search(re.escape(q), "x")\n    re.search(r"\\d+", q)\n    WORD.match("constant")\n    return WORD.match(q)\n';
    assert.deepStrictEqual((await app('python', py, 'regex-injection')).map((f) => f.range.start.line), [9]);
  });
});

describe('missing-rate-limit', () => {
  const ROUTES = "const express = require('express');\nconst router = express.Router();\nrouter.post('/login', async (req, res) => res.end());\nrouter.post('/signin', handlers.signIn);\nrouter.get('/login', (req, res) => res.render('login'));\nrouter.post('/posts', (req, res) => res.end());\n";

  it('reports each login-like route of a file without a limiter', async () => {
    assert.deepStrictEqual((await app('javascript', ROUTES, 'missing-rate-limit')).map((f) => f.range.start.line), [2, 3]);
  });

  it('is quiet when any limiter is applied in the file, including where the router is mounted', async () => {
    for (const extra of ["const rateLimit = require('express-rate-limit');\napp.use(rateLimit({ limit: 100 }));\n", "app.use('/auth', loginLimiter, router);\n", "const { RateLimiterMemory } = require('rate-limiter-flexible');\n"]) {
      assert.deepStrictEqual(await app('javascript', ROUTES + extra, 'missing-rate-limit'), [], extra);
    }
    // a comment about rate limiting is not a limiter
    assert.strictEqual((await app('javascript', `${ROUTES}// TODO: add rate limiting\n`, 'missing-rate-limit')).length, 2);
  });

  it('does not report client code calling a login endpoint', async () => {
    assert.deepStrictEqual(await app('javascript', "import axios from 'axios';\nexport const login = (email, password) => axios.post('/api/login', { email, password });\n", 'missing-rate-limit'), []);
  });

  it('Flask: GET-only routes are not reported; slowapi or Flask-Limiter silences the file', async () => {
    const flask = 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/login")\ndef page():\n    return "form"\n\n@app.route("/login", methods=["POST"])\ndef login():\n    return "ok"\n';
    assert.deepStrictEqual((await app('python', flask, 'missing-rate-limit')).map((f) => f.range.start.line), [7]);
    assert.deepStrictEqual(await app('python', `from slowapi import Limiter\n${flask}`, 'missing-rate-limit'), []);
  });
});

describe('missing-security-headers', () => {
  it('reports once per file, on the first server, only when the file starts or exports it', async () => {
    const two = "const express = require('express');\nconst app = express();\nconst admin = express();\napp.listen(3000);\n";
    assert.deepStrictEqual((await app('javascript', two, 'missing-security-headers')).map((f) => f.range.start.line), [1]);
    assert.deepStrictEqual(await app('javascript', "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.end());\n", 'missing-security-headers'), []);
    assert.deepStrictEqual((await app('javascript', "const app = require('express')();\napp.listen(3000);\n", 'missing-security-headers')).length, 1);
  });

  it('respects helmet under another name, and headers set by hand', async () => {
    assert.deepStrictEqual(await app('typescript', "import express from 'express';\nimport protect from 'helmet';\nconst app = express();\napp.use(protect());\nexport default app;\n", 'missing-security-headers'), []);
    assert.deepStrictEqual(await app('javascript', "const express = require('express');\nconst app = express();\napp.use((q, s, n) => { s.set('X-Content-Type-Options', 'nosniff'); n(); });\napp.listen(1);\n", 'missing-security-headers'), []);
  });

  it('Flask: resolves the import, and accepts Talisman', async () => {
    assert.strictEqual((await app('python', 'from flask import Flask as F\napp = F(__name__)\n', 'missing-security-headers')).length, 1);
    assert.strictEqual((await app('python', 'import flask\napp = flask.Flask(__name__)\n', 'missing-security-headers')).length, 1);
    assert.deepStrictEqual(await app('python', 'from flask import Flask\nfrom flask_talisman import Talisman\napp = Flask(__name__)\nTalisman(app)\n', 'missing-security-headers'), []);
    assert.deepStrictEqual(await app('python', 'from myweb import Flask\napp = Flask(__name__)\n', 'missing-security-headers'), []);
  });
});

describe('application rules on broken input', () => {
  it('never throw on truncated fixtures', async () => {
    const dir = path.join(FIXTURES, 'rules');
    const files = readdirSync(dir).filter((f) => /^(sensitive|prototype|regex|missing)[-_]/.test(f));
    assert.ok(files.length >= 10);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (let cut = 37; cut < text.length; cut += Math.ceil(text.length / 9)) {
        const bad = (await findings(languageFromPath(f)!, text.slice(0, cut))).filter((x) => x.ruleId === 'internal-error');
        assert.deepStrictEqual(bad, [], `${f} cut at ${cut}`);
      }
    }
  });
});
