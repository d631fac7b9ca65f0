// Auth controller for the TypeScript API (Express + jsonwebtoken + argon2).
import express, { type Request, type Response } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { users } from './db';
import { logger } from './logger';

// vetted-eval: safe hardcoded-secret
const JWT_SECRET: string = process.env.JWT_SECRET ?? (() => { throw new Error('JWT_SECRET is not set'); })();
// vetted-eval: vuln hardcoded-secret
const REFRESH_SECRET = 'refresh-9Qm2Zx7Lp4Vt1Wb8';
// vetted-eval: safe hardcoded-secret
const REFRESH_COOKIE = 'refresh_token';

const LoginBody = z.object({ email: z.string().email(), password: z.string().min(8) });

// vetted-eval: safe missing-security-headers
export const auth = express.Router();

// vetted-eval: vuln missing-rate-limit
auth.post('/login', async (req: Request, res: Response) => {
  const parsed = LoginBody.safeParse(req.body);
  if (!parsed.success) {
    // vetted-eval: safe error-details-leak
    return res.status(400).json({ error: parsed.error.flatten() });
  }
  const { email, password } = parsed.data;
  // vetted-eval: vuln sensitive-logging
  logger.debug(`login request: ${JSON.stringify(req.body)}`);
  const user = await users.findByEmail(email);
  if (!user || !(await argon2.verify(user.passwordHash, password))) {
    return res.status(401).json({ error: 'Invalid credentials' });
  }
  // vetted-eval: safe jwt-weak-verification
  const access = jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '15m' });
  // vetted-eval: vuln jwt-weak-verification
  const refresh = jwt.sign({ sub: user.id, kind: 'refresh' }, REFRESH_SECRET, { expiresIn: '30d' });
  // vetted-eval: vuln insecure-cookie
  res.cookie(REFRESH_COOKIE, refresh, { httpOnly: true, path: '/auth/refresh' });
  // vetted-eval: vuln sensitive-logging
  logger.info({ userId: user.id, accessToken: access }, 'user logged in');
  res.json({ access });
});

auth.post('/refresh', (req: Request, res: Response) => {
  const token = req.cookies?.[REFRESH_COOKIE];
  try {
    // vetted-eval: vuln jwt-weak-verification
    const claims = jwt.verify(token, REFRESH_SECRET, { algorithms: ['HS256', 'none'] }) as JwtPayload;
    // vetted-eval: safe jwt-weak-verification
    const access = jwt.sign({ sub: claims.sub }, JWT_SECRET, { expiresIn: '15m', algorithm: 'HS256' });
    res.json({ access });
  } catch {
    res.status(401).json({ error: 'Invalid refresh token' });
  }
});

auth.get('/whoami', (req: Request, res: Response) => {
  const token = (req.headers.authorization ?? '').slice(7);
  // vetted-eval: vuln jwt-weak-verification
  const claims = jwt.decode(token) as JwtPayload | null;
  if (!claims?.sub) return res.status(401).end();
  res.json({ id: claims.sub, admin: claims.admin === true });
});

auth.get('/whoami/v2', (req: Request, res: Response) => {
  const token = (req.headers.authorization ?? '').slice(7);
  try {
    // vetted-eval: safe jwt-weak-verification
    const claims = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], maxAge: '15m' }) as JwtPayload;
    res.json({ id: claims.sub });
  } catch (e) {
    // vetted-eval: safe sensitive-logging
    logger.warn({ reason: (e as Error).name }, 'token rejected');
    res.status(401).end();
  }
});

auth.post('/api-keys', async (req: Request, res: Response) => {
  // vetted-eval: safe insecure-random
  const key = `vk_${randomBytes(24).toString('hex')}`;
  await users.addApiKey(req.body.userId, await argon2.hash(key));
  // vetted-eval: safe sensitive-logging
  logger.info({ userId: req.body.userId, keyPrefix: key.slice(0, 6) }, 'api key created');
  res.status(201).json({ key });
});

auth.post('/logout', (req: Request, res: Response) => {
  // vetted-eval: safe insecure-cookie
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: true, path: '/auth/refresh' });
  // vetted-eval: safe sensitive-logging
  logger.info('password and session cleared for logout');
  res.status(204).end();
});
