// Reporting service (TypeScript, Express + knex + Prisma).
import express, { type Request, type Response, type NextFunction } from 'express';
import knexFactory from 'knex';
import { PrismaClient, Prisma } from '@prisma/client';
import vm from 'node:vm';
import { execSync, execFileSync } from 'node:child_process';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import pino from 'pino';

const log = pino();
const prisma = new PrismaClient();
const knex = knexFactory({
  client: 'pg',
  connection: {
    host: process.env.DB_HOST,
    user: process.env.DB_USER,
    // vetted-eval: vuln hardcoded-secret
    password: process.env.DB_PASSWORD || 'r3ports-Db-pa55-9d2f',
    database: 'reports',
  },
});

const SORTABLE = new Set(['created_at', 'total', 'customer']);
const REPORT_DIR = path.resolve('reports');

// vetted-eval: safe missing-security-headers
export const reports = express.Router();

reports.get('/sales', async (req: Request, res: Response, next: NextFunction) => {
  const { from, to, region } = req.query as Record<string, string>;
  try {
    // vetted-eval: vuln sql-injection
    const rows = await knex.raw(`SELECT region, sum(total) FROM sales WHERE day BETWEEN '${from}' AND '${to}' GROUP BY region`);
    // vetted-eval: safe sql-injection
    const byRegion = await knex('sales').where('region', region).andWhereBetween('day', [from, to]).sum('total');
    // vetted-eval: safe sql-injection
    const raw = await knex.raw('SELECT count(*) FROM sales WHERE region = ?', [region]);
    res.json({ rows: rows.rows, byRegion, count: raw.rows[0].count });
  } catch (err) {
    next(err);
  }
});

reports.get('/customers', async (req: Request, res: Response) => {
  const sort = String(req.query.sort ?? 'created_at');
  const dir = req.query.dir === 'asc' ? 'ASC' : 'DESC';
  // vetted-eval: vuln sql-injection
  const rows = await prisma.$queryRawUnsafe(`SELECT id, name FROM customers ORDER BY ${sort} ${dir} LIMIT 100`);
  res.json(rows);
});

reports.get('/customers/v2', async (req: Request, res: Response) => {
  const sort = SORTABLE.has(String(req.query.sort)) ? String(req.query.sort) : 'created_at';
  const dir = req.query.dir === 'asc' ? 'ASC' : 'DESC';
  // vetted-eval: safe sql-injection
  const rows = await prisma.$queryRawUnsafe(`SELECT id, name FROM customers ORDER BY ${sort} ${dir} LIMIT 100`);
  // vetted-eval: safe sql-injection
  const vip = await prisma.$queryRaw`SELECT id FROM customers WHERE tier = ${String(req.query.tier ?? 'gold')}`;
  // vetted-eval: safe sql-injection
  const count = await prisma.$queryRaw(Prisma.sql`SELECT count(*) FROM customers WHERE region = ${req.query.region}`);
  res.json({ rows, vip, count });
});

reports.get('/customers/:id/orders', async (req: Request, res: Response) => {
  // vetted-eval: vuln sql-injection
  const orders = await prisma.$executeRawUnsafe('DELETE FROM order_cache WHERE customer_id = ' + req.params.id);
  res.json({ cleared: orders });
});

reports.post('/formula', (req: Request, res: Response) => {
  const sandbox = { rows: [] as number[], result: 0 };
  // vetted-eval: vuln code-injection
  vm.runInNewContext(`result = ${req.body.formula}`, sandbox, { timeout: 100 });
  res.json({ result: sandbox.result });
});

reports.post('/transform', (req: Request, res: Response) => {
  // vetted-eval: vuln code-injection
  const fn = new Function('row', `return ${req.body.expression};`);
  res.json((req.body.rows as unknown[]).map((r) => fn(r)));
});

reports.post('/schedule', (req: Request, res: Response) => {
  // Node's timers refuse a string callback (TypeError), so nothing is evaluated here.
  // vetted-eval: safe code-injection
  setTimeout(req.body.callback, 1000);
  // vetted-eval: safe code-injection
  setTimeout(() => log.info('scheduled report ran'), Number(req.body.delay) || 1000);
  res.status(202).end();
});

const COLUMN_GETTERS: Record<string, (row: { total: number; tax: number }) => number> = {
  total: (r) => r.total,
  net: (r) => r.total - r.tax,
};

reports.post('/column', (req: Request, res: Response) => {
  const getter = COLUMN_GETTERS[String(req.body.column)] ?? COLUMN_GETTERS.total;
  // vetted-eval: safe code-injection
  const values = (req.body.rows as Array<{ total: number; tax: number }>).map(getter);
  res.json(values);
});

reports.get('/pdf/:name', async (req: Request, res: Response) => {
  // vetted-eval: vuln path-traversal
  const pdf = await readFile(path.join(REPORT_DIR, `${req.params.name}.pdf`));
  res.type('pdf').send(pdf);
});

reports.get('/pdf/v2/:name', async (req: Request, res: Response) => {
  const file = path.resolve(REPORT_DIR, `${req.params.name}.pdf`);
  if (path.relative(REPORT_DIR, file).startsWith('..')) return res.status(400).end();
  // vetted-eval: safe path-traversal
  res.type('pdf').send(await readFile(file));
});

reports.post('/render', (req: Request, res: Response) => {
  // vetted-eval: vuln command-injection
  const out = execSync(`wkhtmltopdf ${req.body.url} /tmp/report.pdf`);
  // vetted-eval: safe command-injection
  const version = execFileSync('wkhtmltopdf', ['--version']).toString();
  // vetted-eval: safe command-injection
  const listing = execSync('ls -1 /tmp/reports').toString();
  res.json({ out: out.toString(), version, listing });
});

reports.use((err: Error, req: Request, res: Response, _next: NextFunction) => {
  // vetted-eval: safe sensitive-logging
  log.error({ err, route: req.path }, 'report failed');
  // vetted-eval: vuln error-details-leak
  res.status(500).json({ error: err.message, details: err });
});
