// The same auth API after review: helmet, rate limiting, env secrets, parameterised SQL, bcrypt.
const express = require('express');
const helmet = require('helmet');
const rateLimit = require('express-rate-limit');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');
const crypto = require('crypto');
const { Pool } = require('pg');
const logger = require('./logger');

const pool = new Pool({
  host: process.env.PGHOST,
  user: process.env.PGUSER,
  // vetted-eval: safe hardcoded-secret
  password: process.env.PGPASSWORD,
  database: process.env.PGDATABASE,
});

// vetted-eval: safe hardcoded-secret
const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) throw new Error('JWT_SECRET is not set');

// vetted-eval: safe missing-security-headers
const app = express();
app.use(helmet());
app.use(express.json({ limit: '100kb' }));

const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, max: 10, standardHeaders: true });

const SAFE_REDIRECTS = new Set(['/', '/dashboard', '/settings']);

// vetted-eval: safe missing-rate-limit
app.post('/api/auth/login', loginLimiter, async (req, res, next) => {
  const email = String(req.body.email || '');
  const password = String(req.body.password || '');
  try {
    // vetted-eval: safe sql-injection
    const result = await pool.query('SELECT id, password_hash, role FROM users WHERE email = $1', [email]);
    const user = result.rows[0];
    if (!user || !(await bcrypt.compare(password, user.password_hash))) {
      // vetted-eval: safe sensitive-logging
      logger.warn({ event: 'login_failed', userId: user?.id }, 'invalid credentials');
      return res.status(401).json({ error: 'Invalid credentials' });
    }
    // vetted-eval: safe jwt-weak-verification
    const token = jwt.sign({ sub: user.id, role: user.role }, JWT_SECRET, { expiresIn: '15m', algorithm: 'HS256' });
    // vetted-eval: safe insecure-cookie
    res.cookie('session', token, { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 15 * 60 * 1000 });
    const next = typeof req.query.next === 'string' && SAFE_REDIRECTS.has(req.query.next) ? req.query.next : '/';
    // vetted-eval: safe open-redirect
    res.redirect(next);
  } catch (err) {
    logger.error({ err }, 'login failed');
    // vetted-eval: safe error-details-leak
    res.status(500).json({ error: 'Internal server error' });
  }
});

// vetted-eval: safe missing-rate-limit
app.post('/api/auth/forgot-password', loginLimiter, async (req, res, next) => {
  try {
    // vetted-eval: safe insecure-random
    const resetCode = crypto.randomInt(100000, 1000000).toString();
    // vetted-eval: safe weak-hash
    const codeHash = await bcrypt.hash(resetCode, 12);
    await pool.query('UPDATE users SET reset_hash = $1 WHERE email = $2', [codeHash, String(req.body.email)]);
    // vetted-eval: safe sensitive-logging
    logger.info({ event: 'password_reset_requested' }, 'reset code issued');
    res.json({ ok: true });
  } catch (err) {
    next(err);
  }
});

app.post('/api/auth/register', loginLimiter, async (req, res) => {
  const { email, password } = req.body;
  try {
    // vetted-eval: safe weak-hash
    const passwordHash = await bcrypt.hash(password, 12);
    await pool.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [email, passwordHash]);
    res.status(201).end();
  } catch (err) {
    if (err.code === '23505') {
      // vetted-eval: safe error-details-leak
      return res.status(409).json({ error: 'Email already registered' });
    }
    logger.error({ err }, 'register failed');
    res.status(500).json({ error: 'Could not create the account' });
  }
});

function requireAuth(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    // vetted-eval: safe jwt-weak-verification
    req.user = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'] });
    next();
  } catch {
    res.status(401).json({ error: 'Unauthorized' });
  }
}

app.get('/api/me', requireAuth, (req, res) => res.json({ id: req.user.sub }));

module.exports = app;
