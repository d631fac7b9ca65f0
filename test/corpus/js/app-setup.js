// Application bootstrap: sessions, CORS, error handling, XML and YAML imports.
const express = require('express');
const session = require('express-session');
const errorhandler = require('errorhandler');
const cors = require('cors');
const yaml = require('js-yaml');
const serialize = require('node-serialize');
const libxmljs = require('libxmljs2');
const { XMLParser } = require('fast-xml-parser');
const cookieParser = require('cookie-parser');

// vetted-eval: vuln missing-security-headers
const app = express();
app.use(express.text({ type: ['application/xml', 'text/yaml'] }));
app.use(cookieParser());

app.use(
  session({
    // vetted-eval: vuln hardcoded-secret
    secret: 'keyboard cat 7f3e9a',
    resave: false,
    saveUninitialized: false,
    // vetted-eval: vuln insecure-cookie
    cookie: { secure: false, maxAge: 86400000 },
  }),
);

const adminSession = session({
  // vetted-eval: safe hardcoded-secret
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  // vetted-eval: safe insecure-cookie
  cookie: { secure: true, httpOnly: true, sameSite: 'strict', maxAge: 3600000 },
});

// vetted-eval: vuln cors-wildcard
app.use('/api', cors({ origin: true, credentials: true }));
// vetted-eval: vuln cors-wildcard
app.use('/partner', cors({ origin: '*' }));
// vetted-eval: safe cors-wildcard
app.use('/admin', adminSession, cors({ origin: ['https://admin.example.com'], credentials: true }));
const allowed = (process.env.CORS_ORIGINS || '').split(',');
// vetted-eval: safe cors-wildcard
app.use('/v2', cors({ origin: (origin, cb) => cb(null, !origin || allowed.includes(origin)), credentials: true }));

app.post('/import/yaml', (req, res) => {
  // vetted-eval: safe unsafe-deserialization
  const doc = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  res.json({ keys: Object.keys(doc || {}) });
});

app.get('/profile', (req, res) => {
  if (!req.cookies.profile) return res.json({});
  // vetted-eval: vuln unsafe-deserialization
  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());
  res.json(profile);
});

app.get('/profile/v2', (req, res) => {
  // vetted-eval: safe unsafe-deserialization
  const profile = JSON.parse(Buffer.from(req.cookies.profile || 'e30=', 'base64').toString());
  res.json(profile);
});

app.post('/import/xml', (req, res) => {
  // vetted-eval: vuln xml-external-entities
  const doc = libxmljs.parseXml(req.body, { noent: true });
  res.json({ root: doc.root().name() });
});

app.post('/import/xml/dtd', (req, res) => {
  // vetted-eval: vuln xml-external-entities
  const doc = libxmljs.parseXmlString(req.body, { noent: true, dtdload: true, nonet: false });
  res.json({ root: doc.root().name() });
});

app.post('/import/xml/v2', (req, res) => {
  // vetted-eval: safe xml-external-entities
  const doc = libxmljs.parseXml(req.body, { noent: false, nonet: true });
  res.json({ root: doc.root().name() });
});

app.post('/import/xml/v3', (req, res) => {
  // vetted-eval: safe xml-external-entities
  const doc = new XMLParser({ ignoreAttributes: false, processEntities: false }).parse(req.body);
  res.json({ keys: Object.keys(doc) });
});

app.post('/import/xml/v4', (req, res) => {
  // vetted-eval: safe xml-external-entities
  const doc = libxmljs.parseXml(req.body);
  res.json({ root: doc.root().name() });
});

// vetted-eval: vuln debug-mode-enabled
app.use(errorhandler());

app.use((err, req, res, next) => {
  // vetted-eval: vuln error-details-leak
  res.status(err.status || 500).json({ message: err.message, stack: err.stack });
});

module.exports = app;
