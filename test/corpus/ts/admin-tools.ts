// Admin tooling endpoints (TypeScript, Express). Only staff can reach /admin, but staff accounts get phished too.
import express, { type Request, type Response } from 'express';
import cors from 'cors';
import errorhandler from 'errorhandler';
import { randomInt, randomUUID } from 'node:crypto';
import { db } from './db';

export const admin = express.Router();

// vetted-eval: vuln cors-wildcard
admin.use(cors({ origin: '*', credentials: true }));

admin.use((req: Request, res: Response, next) => {
  // vetted-eval: vuln cors-wildcard
  res.header('Access-Control-Allow-Origin', req.header('origin') ?? '*');
  res.header('Access-Control-Allow-Credentials', 'true');
  next();
});

if (process.env.NODE_ENV !== 'production') {
  // vetted-eval: safe debug-mode-enabled
  admin.use(errorhandler());
}

// vetted-eval: vuln debug-mode-enabled
admin.use(errorhandler({ log: true }));

admin.post('/scripts/run', async (req: Request, res: Response) => {
  // vetted-eval: vuln code-injection
  const script = new Function('db', req.body.source as string);
  res.json({ result: await script(db) });
});

admin.post('/scripts/schedule', (req: Request, res: Response) => {
  const id = String(req.body.jobId);
  // vetted-eval: safe code-injection
  setTimeout(`runJob("${id}")`, 1000);
  // vetted-eval: safe code-injection
  setTimeout(runJob, 1000, id);
  res.status(202).json({ id });
});

function runJob(id: string): void {
  void db.jobs.run(id);
}

admin.post('/users/:id/temp-password', async (req: Request, res: Response) => {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let password = '';
  // vetted-eval: vuln insecure-random
  for (let i = 0; i < 14; i++) password += alphabet.charAt(Math.floor(Math.random() * alphabet.length));
  await db.users.setTemporaryPassword(req.params.id, password);
  res.json({ password });
});

admin.post('/users/:id/temp-password/v2', async (req: Request, res: Response) => {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  // vetted-eval: safe insecure-random
  const password = Array.from({ length: 14 }, () => alphabet[randomInt(alphabet.length)]).join('');
  await db.users.setTemporaryPassword(req.params.id, password);
  res.json({ password, ticket: randomUUID() });
});

admin.get('/sample', async (req: Request, res: Response) => {
  const users = await db.users.list();
  // vetted-eval: safe insecure-random
  const sample = users.sort(() => Math.random() - 0.5).slice(0, 10);
  res.json(sample.map((u) => u.id));
});
