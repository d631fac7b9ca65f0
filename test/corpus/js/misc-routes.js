// Assorted endpoints from the "tools" service: previews, imports, search and redirects.
const express = require('express');
const path = require('path');
const fs = require('fs');
const vm = require('vm');
const { execFile, spawnSync } = require('child_process');
const axios = require('axios');
const serialize = require('node-serialize');
const libxmljs = require('libxmljs2');
const escapeStringRegexp = require('escape-string-regexp');
const logger = require('./logger');

const router = express.Router();
const DOCS_ROOT = path.join(__dirname, 'docs');
const PARTNERS = { acme: 'https://api.acme.example', globex: 'https://api.globex.example' };

router.get('/tools/grep', (req, res) => {
  const lines = fs.readFileSync(path.join(DOCS_ROOT, 'changelog.md'), 'utf8').split('\n');
  // vetted-eval: vuln regex-injection
  const re = new RegExp('^.*' + req.query.pattern + '.*$');
  res.json(lines.filter((l) => re.test(l)));
});

router.get('/tools/split', (req, res) => {
  // vetted-eval: vuln regex-injection
  res.json(String(req.body.text).split(new RegExp(req.query.sep)));
});

router.get('/tools/replace', (req, res) => {
  const { find, replacement } = req.query;
  // vetted-eval: vuln regex-injection
  const out = String(req.body.text).replace(RegExp(find, 'g'), String(replacement));
  res.json({ out });
});

router.get('/tools/grep/v2', (req, res) => {
  const lines = fs.readFileSync(path.join(DOCS_ROOT, 'changelog.md'), 'utf8').split('\n');
  // vetted-eval: safe regex-injection
  const re = new RegExp(escapeStringRegexp(String(req.query.pattern || '')), 'i');
  // vetted-eval: safe regex-injection
  const version = /^v(\d+)\.(\d+)\.(\d+)$/;
  res.json(lines.filter((l) => re.test(l) || version.test(l)));
});

router.get('/tools/includes', (req, res) => {
  const needle = String(req.query.q || '').toLowerCase();
  // vetted-eval: safe regex-injection
  const words = String(req.body.text).split(new RegExp('\\s+'));
  res.json(words.filter((w) => w.toLowerCase().includes(needle)));
});

router.get('/docs/*', (req, res) => {
  // vetted-eval: vuln path-traversal
  res.download(DOCS_ROOT + '/' + req.params[0]);
});

router.post('/docs/read', (req, res) => {
  // vetted-eval: vuln path-traversal
  const text = fs.readFileSync(req.body.file, 'utf8');
  res.type('text/plain').send(text);
});

router.post('/docs/write', (req, res) => {
  // vetted-eval: vuln path-traversal
  fs.writeFileSync(path.resolve(DOCS_ROOT, req.body.name), req.body.content);
  res.status(201).end();
});

router.get('/docs/v2/:slug', (req, res) => {
  if (!/^[a-z0-9-]+$/.test(req.params.slug)) return res.status(400).end();
  // vetted-eval: safe path-traversal
  res.sendFile(path.join(DOCS_ROOT, `${req.params.slug}.md`));
});

router.get('/proxy', async (req, res) => {
  // vetted-eval: vuln ssrf
  const upstream = await axios({ method: 'get', url: req.query.target, responseType: 'stream' });
  upstream.data.pipe(res);
});

router.post('/import/url', async (req, res) => {
  // vetted-eval: vuln ssrf
  const r = await fetch(new URL(req.body.path, req.body.base));
  res.json({ size: (await r.text()).length });
});

router.get('/partners/:name/ping', async (req, res) => {
  const base = PARTNERS[req.params.name];
  if (!base) return res.status(404).end();
  // vetted-eval: safe ssrf
  const r = await axios.get(`${base}/ping`, { timeout: 2000 });
  res.json({ ok: r.status === 200 });
});

router.post('/eval/filter', (req, res) => {
  const ctx = vm.createContext({ items: req.body.items });
  // vetted-eval: vuln code-injection
  const result = vm.runInContext(`items.filter((item) => ${req.body.predicate})`, ctx);
  res.json(result);
});

router.post('/eval/poll', (req, res) => {
  // vetted-eval: safe code-injection
  const timer = setInterval('refresh("' + req.body.widget + '")', 5000);
  res.json({ timer: Number(timer) });
});

router.post('/eval/safe', (req, res) => {
  const ops = { add: (a, b) => a + b, mul: (a, b) => a * b };
  const op = Object.hasOwn(ops, req.body.op) ? ops[req.body.op] : ops.add;
  // vetted-eval: safe code-injection
  res.json({ value: op(Number(req.body.a), Number(req.body.b)) });
});

router.post('/eval/template', (req, res) => {
  // vetted-eval: safe code-injection
  const render = new Function('data', 'return "Hello, " + data.name;');
  res.json({ text: render({ name: String(req.body.name) }) });
});

router.post('/convert', (req, res) => {
  // vetted-eval: vuln command-injection
  const out = spawnSync('sh', ['-c', `ffmpeg -i ${req.body.input} out.mp3`]);
  // vetted-eval: safe command-injection
  execFile('ffprobe', ['-v', 'quiet', '--', req.body.input], () => {});
  res.json({ status: out.status });
});

router.post('/state', (req, res) => {
  // vetted-eval: vuln unsafe-deserialization
  const state = serialize.unserialize(req.body.state);
  res.json({ keys: Object.keys(state) });
});

router.post('/soap', express.text({ type: 'text/xml' }), (req, res) => {
  // vetted-eval: vuln xml-external-entities
  const doc = libxmljs.parseXmlString(req.body, { noent: true, noblanks: true });
  res.type('text/xml').send(doc.toString());
});

router.get('/out', (req, res) => {
  const url = String(req.query.url || '');
  // vetted-eval: vuln open-redirect
  return res.redirect(302, url);
});

router.get('/out/v2', (req, res) => {
  let target;
  try {
    target = new URL(String(req.query.url));
  } catch {
    return res.status(400).end();
  }
  if (!['docs.example.com', 'status.example.com'].includes(target.hostname)) return res.status(400).end();
  // vetted-eval: safe open-redirect
  res.redirect(target.href);
});

router.get('/lang/:code', (req, res) => {
  const code = ['en', 'de', 'fr'].includes(req.params.code) ? req.params.code : 'en';
  // vetted-eval: safe insecure-cookie
  res.cookie('locale', code, { sameSite: 'lax' });
  // vetted-eval: safe open-redirect
  res.redirect(`/${code}/`);
});

router.post('/session/bind', (req, res) => {
  const sid = req.body.sid;
  // vetted-eval: vuln insecure-cookie
  res.cookie('auth_token', sid, { secure: true, sameSite: 'strict' });
  // vetted-eval: vuln insecure-cookie
  res.setHeader('Set-Cookie', `session=${sid}; Path=/`);
  // vetted-eval: vuln sensitive-logging
  logger.info('bound session', { sid, authorization: req.headers.authorization });
  res.status(204).end();
});

router.post('/session/bind/v2', (req, res) => {
  // vetted-eval: safe insecure-cookie
  res.setHeader('Set-Cookie', `session=${req.body.sid}; Path=/; Secure; HttpOnly; SameSite=Lax`);
  // vetted-eval: safe sensitive-logging
  logger.info('bound session', { hasAuthorization: Boolean(req.headers.authorization) });
  res.status(204).end();
});

router.use((err, req, res, next) => {
  // vetted-eval: vuln error-details-leak
  res.status(500).send(err);
});

module.exports = router;
