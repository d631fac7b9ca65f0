// Bootstrap for production: the development-only pieces are guarded.
const express = require('express');
const helmet = require('helmet');
const session = require('express-session');
const errorhandler = require('errorhandler');
const cors = require('cors');
const logger = require('./logger');

// vetted-eval: safe missing-security-headers
const app = express();
app.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } } }));
app.set('trust proxy', 1);

app.use(
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    name: 'sid',
    // vetted-eval: safe insecure-cookie
    cookie: { secure: process.env.NODE_ENV !== 'test', httpOnly: true, sameSite: 'lax' },
  }),
);

// vetted-eval: safe cors-wildcard
app.use(cors({ origin: process.env.FRONTEND_ORIGIN, credentials: true }));

if (process.env.NODE_ENV === 'development') {
  // vetted-eval: safe debug-mode-enabled
  app.use(errorhandler());
}

app.get('/healthz', (req, res) => res.json({ ok: true }));

app.get('/api/report', async (req, res, next) => {
  try {
    const report = await buildReport(req.query.month);
    res.json(report);
  } catch (err) {
    if (err.name === 'ValidationError') {
      // vetted-eval: safe error-details-leak
      return res.status(400).json({ error: err.message });
    }
    next(err);
  }
});

app.use((err, req, res, next) => {
  logger.error({ err, path: req.path }, 'unhandled error');
  const body = { error: 'Internal server error', requestId: req.id };
  if (process.env.NODE_ENV === 'development') {
    // vetted-eval: safe error-details-leak
    body.stack = err.stack;
  }
  // vetted-eval: safe error-details-leak
  res.status(500).json(body);
});

async function buildReport(month) {
  if (!/^\d{4}-\d{2}$/.test(String(month))) {
    const e = new Error('month must look like 2024-05');
    e.name = 'ValidationError';
    throw e;
  }
  return { month, total: 0 };
}

module.exports = app;
