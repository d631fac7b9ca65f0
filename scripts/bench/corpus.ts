/**
 * Deterministic benchmark corpus: many projects of JavaScript, TypeScript, TSX and Python that read like real
 * application code (Express/Next/React, Flask/Django/FastAPI), with a sprinkling of the insecure patterns Vetted
 * flags. Pure: text in memory, no file system, no network; the same seed always gives the same files.
 * Used by `npm run bench` (scripts/bench.mjs) and checked by test/unit/corpus.test.ts.
 */

export type CorpusLanguage = 'javascript' | 'typescript' | 'tsx' | 'python';

export interface CorpusFile {
  /** Posix path relative to the corpus root, e.g. `shop-api/src/routes/orders.js`. */
  readonly path: string;
  readonly language: CorpusLanguage;
  readonly text: string;
  readonly lines: number;
  /** Names of the insecure snippets placed in this file (empty for most files). */
  readonly planted: readonly string[];
}

export interface CorpusOptions {
  readonly seed?: number;
  /** Stop once at least this many lines have been generated (default 100,000). */
  readonly minLines?: number;
  /** Share of files that get one or two insecure snippets (default 0.2). */
  readonly insecureShare?: number;
}

/** mulberry32: small, fast, good enough for test data. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, Math.min(n, copy.length));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

const ENTITIES = [
  'user', 'order', 'invoice', 'product', 'account', 'session', 'report', 'ticket', 'comment', 'payment',
  'subscription', 'customer', 'project', 'task', 'message', 'notification', 'team', 'article', 'category',
  'shipment', 'coupon', 'review', 'address', 'device', 'webhook', 'upload', 'event', 'plan', 'tenant', 'booking',
];
const FIELDS: ReadonlyArray<[string, 'string' | 'number' | 'boolean' | 'date']> = [
  ['name', 'string'], ['email', 'string'], ['status', 'string'], ['title', 'string'], ['amount', 'number'],
  ['currency', 'string'], ['ownerId', 'string'], ['description', 'string'], ['priority', 'number'],
  ['quantity', 'number'], ['price', 'number'], ['slug', 'string'], ['role', 'string'], ['active', 'boolean'],
  ['dueDate', 'date'], ['notes', 'string'], ['createdAt', 'date'], ['archived', 'boolean'], ['score', 'number'],
  ['region', 'string'], ['phone', 'string'], ['label', 'string'], ['position', 'number'], ['verified', 'boolean'],
];
const STATUSES = ['pending', 'active', 'archived', 'failed', 'complete', 'draft', 'published', 'cancelled'];
const PROJECT_WORDS = ['shop', 'billing', 'crm', 'helpdesk', 'inventory', 'blog', 'analytics', 'booking', 'hr', 'notes', 'fleet', 'clinic', 'events', 'payroll', 'lms', 'chat'];
const COMMENTS = [
  'Keep this in sync with the API contract.',
  'TODO: move to a shared package once the second service needs it.',
  'The upstream API returns null instead of an empty list.',
  'Values are cached for a short time; see the config for the TTL.',
  'Called from the nightly job as well as from the dashboard.',
  'Do not change the order: the UI relies on it.',
  'Limits are enforced again by the database constraint.',
  'Timestamps are stored in UTC and converted by the client.',
  'Retries are safe here because the operation is idempotent.',
  'Some tenants still send the legacy field name.',
];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
const plural = (s: string): string => (s.endsWith('y') ? s.slice(0, -1) + 'ies' : s.endsWith('s') ? s + 'es' : s + 's');

interface Ent {
  readonly name: string; // order
  readonly Name: string; // Order
  readonly names: string; // orders
  readonly Names: string; // Orders
  readonly fields: ReadonlyArray<[string, 'string' | 'number' | 'boolean' | 'date']>;
}

function entity(r: Rng, name = r.pick(ENTITIES)): Ent {
  return { name, Name: cap(name), names: plural(name), Names: cap(plural(name)), fields: r.sample(FIELDS, r.int(3, 7)) };
}

/** Per-file state: unique names so repeated snippets never redeclare a binding. */
class Scope {
  private readonly used = new Map<string, number>();
  uniq(base: string): string {
    const n = this.used.get(base) ?? 0;
    this.used.set(base, n + 1);
    return n === 0 ? base : `${base}${n + 1}`;
  }
}

interface Ctx {
  readonly r: Rng;
  readonly s: Scope;
  readonly ent: Ent;
  readonly ts: boolean;
}

type Unit = (c: Ctx) => string[];

const tsType = (t: string): string => (t === 'date' ? 'Date' : t);
const pyType = (t: string): string => ({ string: 'str', number: 'int', boolean: 'bool', date: 'datetime' })[t] ?? 'str';
const T = (c: Ctx, type: string): string => (c.ts ? `: ${type}` : '');
const sampleValue = (r: Rng, f: [string, string]): string =>
  f[1] === 'number' ? String(r.int(1, 500)) : f[1] === 'boolean' ? (r.chance(0.5) ? 'true' : 'false') : f[1] === 'date' ? `new Date('2024-0${r.int(1, 9)}-1${r.int(0, 9)}')` : `'${f[0]}-${r.int(1, 99)}'`;

function jsComment(c: Ctx): string[] {
  if (!c.r.chance(0.45)) return [];
  if (c.r.chance(0.5)) return [`// ${c.r.pick(COMMENTS)}`];
  return ['/**', ` * ${c.r.pick(COMMENTS)}`, ` * @param ${c.ent.name} the ${c.ent.name} record`, ' */'];
}

// ---------------------------------------------------------------------------------------------------------------
// JavaScript / TypeScript units

const expressRoute: Unit = (c) => {
  const { r, ent } = c;
  const verb = r.pick(['get', 'get', 'post', 'put', 'delete']);
  const fn = c.s.uniq(`${verb}${verb === 'get' ? ent.Names : ent.Name}`);
  const req = c.ts ? 'req: Request, res: Response, next: NextFunction' : 'req, res, next';
  const cols = ent.fields.map((f) => snake(f[0]));
  const out = [...jsComment(c), `router.${verb}('/${ent.names}${verb === 'get' && r.chance(0.5) ? '' : '/:id'}', requireAuth, async function ${fn}(${req}) {`, '  try {'];
  if (verb === 'get') {
    out.push(
      `    const limit = Math.min(Number(req.query.limit) || ${r.pick([20, 25, 50])}, 100);`,
      '    const offset = Math.max(Number(req.query.offset) || 0, 0);',
      `    const { rows } = await pool.query(`,
      `      'SELECT id, ${cols.join(', ')} FROM ${snake(ent.names)} WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3',`,
      '      [req.user.tenantId, limit, offset],',
      '    );',
      `    res.json({ items: rows.map(to${ent.Name}Dto), limit, offset });`,
    );
  } else if (verb === 'delete') {
    out.push(
      `    const result = await pool.query('DELETE FROM ${snake(ent.names)} WHERE id = $1 AND owner_id = $2', [req.params.id, req.user.id]);`,
      "    if (result.rowCount === 0) return res.status(404).json({ error: 'Not found' });",
      `    logger.info({ id: req.params.id, user: req.user.id }, '${ent.name} deleted');`,
      '    res.status(204).end();',
    );
  } else {
    out.push(
      `    const body = ${ent.name}Schema.parse(req.body);`,
      ...ent.fields.slice(0, 2).map((f) => `    if (body.${f[0]} === undefined) return res.status(400).json({ error: '${f[0]} is required' });`),
      verb === 'post'
        ? `    const created = await ${ent.name}Service.create({ ...body, ownerId: req.user.id });`
        : `    const created = await ${ent.name}Service.update(req.params.id, body);`,
      `    res.status(${verb === 'post' ? 201 : 200}).json(to${ent.Name}Dto(created));`,
    );
  }
  out.push('  } catch (err) {', `    logger.error({ err }, '${verb} ${ent.names} failed');`, '    next(err);', '  }', '});', '');
  return out;
};

const serviceClass: Unit = (c) => {
  const { ent } = c;
  const cls = c.s.uniq(`${ent.Name}Service`);
  const table = snake(ent.names);
  const id = c.ts ? 'id: string' : 'id';
  const out = [
    ...jsComment(c),
    `${c.ts ? 'export ' : ''}class ${cls} {`,
    c.ts ? `  private readonly cache = new Map<string, ${ent.Name}>();` : '  cache = new Map();',
    '',
    `  constructor(${c.ts ? 'private readonly db: Db, private readonly events: EventBus' : 'db, events'}) {`,
    ...(c.ts ? [] : ['    this.db = db;', '    this.events = events;']),
    '  }',
    '',
    `  async findById(${id})${T(c, `Promise<${ent.Name} | undefined>`)} {`,
    '    const hit = this.cache.get(id);',
    '    if (hit) return hit;',
    `    const row = await this.db.oneOrNone('SELECT * FROM ${table} WHERE id = $1', [id]);`,
    '    if (!row) return undefined;',
    `    const value = this.fromRow(row);`,
    '    this.cache.set(id, value);',
    '    return value;',
    '  }',
    '',
    `  async list(${c.ts ? `filter: Partial<${ent.Name}> = {}` : 'filter = {}'})${T(c, `Promise<${ent.Name}[]>`)} {`,
    ...(c.r.chance(0.1)
      ? [
          // Dynamic WHERE built from allow-listed keys: common in real code (and flagged by Vetted, conservatively).
          `    const keys = Object.keys(filter).filter((k) => ALLOWED_${snake(ent.name).toUpperCase()}_FILTERS.includes(k));`,
          '    const where = keys.map((k, i) => `${k} = $${i + 1}`).join(\' AND \');',
          `    const sql = 'SELECT * FROM ${table}' + (where ? ' WHERE ' + where : '') + ' ORDER BY id';`,
          `    const rows = await this.db.any(sql, keys.map((k) => ${c.ts ? '(filter as Record<string, unknown>)[k]' : 'filter[k]'}));`,
        ]
      : [
          `    const rows = await this.db.any(`,
          `      'SELECT * FROM ${table} WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR owner_id = $2) ORDER BY id LIMIT 500',`,
          `      [${c.ts ? '(filter as { status?: string }).status' : 'filter.status'} ?? null, ${c.ts ? '(filter as { ownerId?: string }).ownerId' : 'filter.ownerId'} ?? null],`,
          '    );',
        ]),
    '    return rows.map((row) => this.fromRow(row));',
    '  }',
    '',
    `  async create(${c.ts ? `input: New${ent.Name}` : 'input'})${T(c, `Promise<${ent.Name}>`)} {`,
    `    const values = [${ent.fields.map((f) => `input.${f[0]}`).join(', ')}];`,
    `    const row = await this.db.one(`,
    `      'INSERT INTO ${table} (${ent.fields.map((f) => snake(f[0])).join(', ')}) VALUES (${ent.fields.map((_, i) => '$' + (i + 1)).join(', ')}) RETURNING *',`,
    '      values,',
    '    );',
    `    const created = this.fromRow(row);`,
    `    await this.events.publish('${ent.name}.created', { id: created.id });`,
    '    return created;',
    '  }',
    '',
    `  async update(${id}, ${c.ts ? `patch: Partial<New${ent.Name}>` : 'patch'})${T(c, `Promise<${ent.Name}>`)} {`,
    '    const current = await this.findById(id);',
    `    if (!current) throw new NotFoundError('${ent.name}', id);`,
    '    const next = { ...current, ...patch, updatedAt: new Date() };',
    `    await this.db.none('UPDATE ${table} SET ${ent.fields.map((f, i) => `${snake(f[0])} = $${i + 2}`).join(', ')} WHERE id = $1', [id, ${ent.fields.map((f) => `next.${f[0]}`).join(', ')}]);`,
    '    this.cache.delete(id);',
    '    return next;',
    '  }',
    '',
    `  ${c.ts ? 'private ' : ''}fromRow(${c.ts ? 'row: Record<string, unknown>' : 'row'})${T(c, ent.Name)} {`,
    '    return {',
    `      id: String(row.id),`,
    ...ent.fields.map((f) => `      ${f[0]}: ${f[1] === 'date' ? `new Date(row.${snake(f[0])}${c.ts ? ' as string' : ''})` : f[1] === 'number' ? `Number(row.${snake(f[0])})` : f[1] === 'boolean' ? `Boolean(row.${snake(f[0])})` : `String(row.${snake(f[0])} ?? '')`},`),
    '    };',
    '  }',
    '}',
    '',
  ];
  return out;
};

const UTILS: Array<(c: Ctx) => string[]> = [
  (c) => [`export function ${c.s.uniq('formatMoney')}(cents${T(c, 'number')}, currency${T(c, 'string')} = 'EUR')${T(c, 'string')} {`, "  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);", '}', ''],
  (c) => [`export function ${c.s.uniq('slugify')}(value${T(c, 'string')})${T(c, 'string')} {`, '  return value', '    .normalize(\'NFKD\')', "    .replace(/[\\u0300-\\u036f]/g, '')", '    .toLowerCase()', "    .replace(/[^a-z0-9]+/g, '-')", "    .replace(/^-|-$/g, '');", '}', ''],
  (c) => [`export function ${c.s.uniq('chunk')}${c.ts ? '<T>' : ''}(items${T(c, 'readonly T[]')}, size${T(c, 'number')})${T(c, 'T[][]')} {`, `  const out${T(c, 'T[][]')} = [];`, '  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));', '  return out;', '}', ''],
  (c) => [`export function ${c.s.uniq('groupBy')}${c.ts ? '<T, K extends string>' : ''}(items${T(c, 'readonly T[]')}, key${T(c, '(item: T) => K')})${T(c, 'Record<K, T[]>')} {`, `  const groups = {}${c.ts ? ' as Record<K, T[]>' : ''};`, '  for (const item of items) {', '    const k = key(item);', '    (groups[k] ||= []).push(item);', '  }', '  return groups;', '}', ''],
  (c) => [`export async function ${c.s.uniq('withRetry')}${c.ts ? '<T>' : ''}(fn${T(c, '() => Promise<T>')}, attempts = 3, baseMs = 200)${T(c, 'Promise<T>')} {`, `  let lastError${T(c, 'unknown')};`, '  for (let attempt = 0; attempt < attempts; attempt++) {', '    try {', '      return await fn();', '    } catch (err) {', '      lastError = err;', '      await new Promise((resolve) => setTimeout(resolve, baseMs * 2 ** attempt));', '    }', '  }', '  throw lastError;', '}', ''],
  (c) => [`export function ${c.s.uniq('debounce')}${c.ts ? '<A extends unknown[]>' : ''}(fn${T(c, '(...args: A) => void')}, waitMs = 250) {`, `  let timer${T(c, 'ReturnType<typeof setTimeout> | undefined')};`, `  return (...args${T(c, 'A')}) => {`, '    if (timer) clearTimeout(timer);', '    timer = setTimeout(() => fn(...args), waitMs);', '  };', '}', ''],
  (c) => [`export function ${c.s.uniq('parseIsoDate')}(value${T(c, 'unknown')})${T(c, 'Date | null')} {`, "  if (typeof value !== 'string') return null;", '  const d = new Date(value);', '  return Number.isNaN(d.getTime()) ? null : d;', '}', ''],
  (c) => [`export function ${c.s.uniq('pick')}${c.ts ? '<T extends object, K extends keyof T>' : ''}(obj${T(c, 'T')}, keys${T(c, 'readonly K[]')})${T(c, 'Pick<T, K>')} {`, `  const out = {}${c.ts ? ' as Pick<T, K>' : ''};`, '  for (const k of keys) if (k in obj) out[k] = obj[k];', '  return out;', '}', ''],
  (c) => [`export const ${c.s.uniq('isEmail')} = (value${T(c, 'string')})${T(c, 'boolean')} => /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(value) && value.length < 255;`, ''],
  (c) => [`export function ${c.s.uniq('clamp')}(n${T(c, 'number')}, min${T(c, 'number')}, max${T(c, 'number')})${T(c, 'number')} {`, '  return Math.min(max, Math.max(min, n));', '}', ''],
  (c) => [`export function ${c.s.uniq('toQueryString')}(params${T(c, 'Record<string, string | number | undefined>')})${T(c, 'string')} {`, '  const search = new URLSearchParams();', '  for (const [key, value] of Object.entries(params)) {', '    if (value !== undefined) search.set(key, String(value));', '  }', '  const s = search.toString();', "  return s ? `?${s}` : '';", '}', ''],
];

const utilBlock: Unit = (c) => [...jsComment(c), ...c.r.sample(UTILS, c.r.int(2, 4)).flatMap((u) => u(c))];

const middleware: Unit = (c) => {
  const { r } = c;
  const kind = r.pick(['auth', 'log', 'error', 'limit']);
  const sig = c.ts ? '(req: Request, res: Response, next: NextFunction)' : '(req, res, next)';
  if (kind === 'auth') {
    const fn = c.s.uniq('requireRole');
    return [
      ...jsComment(c),
      `export function ${fn}(role${T(c, 'string')}) {`,
      `  return ${sig} => {`,
      "    const header = req.headers.authorization || '';",
      "    const token = header.startsWith('Bearer ') ? header.slice(7) : null;",
      "    if (!token) return res.status(401).json({ error: 'Missing token' });",
      '    try {',
      "      const claims = jwt.verify(token, config.auth.publicKey, { algorithms: ['RS256'], audience: config.auth.audience });",
      "      if (!claims.roles?.includes(role)) return res.status(403).json({ error: 'Forbidden' });",
      '      req.user = claims;',
      '      next();',
      '    } catch {',
      "      res.status(401).json({ error: 'Invalid token' });",
      '    }',
      '  };',
      '}',
      '',
    ];
  }
  if (kind === 'log') {
    return [
      `export function ${c.s.uniq('requestLogger')}${sig} {`,
      '  const started = process.hrtime.bigint();',
      "  res.on('finish', () => {",
      '    const ms = Number(process.hrtime.bigint() - started) / 1e6;',
      "    logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: ms.toFixed(1) }, 'request');",
      '  });',
      '  next();',
      '}',
      '',
    ];
  }
  if (kind === 'error') {
    return [
      `export function ${c.s.uniq('errorHandler')}(err${T(c, 'Error & { status?: number }')}, req${T(c, 'Request')}, res${T(c, 'Response')}, _next${T(c, 'NextFunction')}) {`,
      "  logger.error({ err, url: req.originalUrl }, 'unhandled error');",
      '  const status = err.status && err.status < 500 ? err.status : 500;',
      "  res.status(status).json({ error: status === 500 ? 'Internal server error' : 'Request failed', requestId: req.id });",
      '}',
      '',
    ];
  }
  const fn = c.s.uniq('rateLimit');
  return [
    `const ${fn}Hits = new Map${c.ts ? '<string, { count: number; reset: number }>' : ''}();`,
    `export function ${fn}(max = ${r.pick([60, 100, 300])}, windowMs = 60_000) {`,
    `  return ${sig} => {`,
    '    const now = Date.now();',
    "    const key = req.ip || 'unknown';",
    `    const entry = ${fn}Hits.get(key);`,
    '    if (!entry || entry.reset < now) {',
    `      ${fn}Hits.set(key, { count: 1, reset: now + windowMs });`,
    '      return next();',
    '    }',
    "    if (++entry.count > max) return res.status(429).set('Retry-After', String(Math.ceil((entry.reset - now) / 1000))).end();",
    '    next();',
    '  };',
    '}',
    '',
  ];
};

const configObject: Unit = (c) => {
  const { r } = c;
  const name = c.s.uniq('config');
  return [
    ...jsComment(c),
    `export const ${name} = {`,
    '  server: {',
    `    port: Number(process.env.PORT) || ${r.pick([3000, 4000, 8080])},`,
    "    host: process.env.HOST || '0.0.0.0',",
    `    trustProxy: ${r.chance(0.5)},`,
    '  },',
    '  db: {',
    '    url: process.env.DATABASE_URL,',
    `    poolSize: Number(process.env.DB_POOL_SIZE || ${r.int(5, 20)}),`,
    `    statementTimeoutMs: ${r.pick([5000, 10000, 30000])},`,
    '  },',
    '  auth: {',
    '    publicKey: process.env.JWT_PUBLIC_KEY,',
    "    audience: process.env.JWT_AUDIENCE || 'api',",
    `    sessionTtlSeconds: ${r.pick([900, 3600, 86400])},`,
    '  },',
    '  features: {',
    ...r.sample(['exports', 'betaDashboard', 'webhooks', 'auditLog', 'sso', 'bulkImport'], r.int(2, 4)).map((f) => `    ${f}: process.env.FEATURE_${snake(f).toUpperCase()} === '1',`),
    '  },',
    `}${c.ts ? ' as const' : ''};`,
    '',
  ];
};

const mongooseModel: Unit = (c) => {
  const { ent } = c;
  const schema = c.s.uniq(`${ent.name}Schema`);
  return [
    `const ${schema} = new mongoose.Schema(`,
    '  {',
    ...ent.fields.map((f) => `    ${f[0]}: { type: ${f[1] === 'string' ? 'String' : f[1] === 'number' ? 'Number' : f[1] === 'boolean' ? 'Boolean' : 'Date'}${f[1] === 'string' ? ', trim: true' : ''}${f[0] === 'email' ? ', lowercase: true, index: true' : ''} },`),
    `    status: { type: String, enum: [${STATUSES.slice(0, 4).map((s) => `'${s}'`).join(', ')}], default: 'pending' },`,
    '  },',
    '  { timestamps: true },',
    ');',
    '',
    `${schema}.index({ createdAt: -1 });`,
    `${schema}.methods.toJSON = function toJSON() {`,
    '  const { _id, __v, ...rest } = this.toObject();',
    '  return { id: String(_id), ...rest };',
    '};',
    '',
  ];
};

const typesBlock: Unit = (c) => {
  const { ent, r } = c;
  const I = c.s.uniq(ent.Name);
  return [
    ...jsComment(c),
    `export interface ${I} {`,
    '  id: string;',
    ...ent.fields.map((f) => `  ${f[0]}${r.chance(0.2) ? '?' : ''}: ${tsType(f[1])};`),
    '}',
    '',
    `export type New${I} = Omit<${I}, 'id'>;`,
    `export type ${I}Status = ${STATUSES.slice(0, r.int(2, 5)).map((s) => `'${s}'`).join(' | ')};`,
    '',
    `export interface ${I}ListResponse {`,
    `  items: ${I}[];`,
    '  total: number;',
    '  nextCursor?: string;',
    '}',
    '',
  ];
};

const reactComponent: Unit = (c) => {
  const { ent, r } = c;
  const Comp = c.s.uniq(`${ent.Name}List`);
  const props = c.ts ? `{ tenantId, onSelect }: { tenantId: string; onSelect?: (item: ${ent.Name}) => void }` : '{ tenantId, onSelect }';
  const f = ent.fields[0][0];
  const g = ent.fields[1]?.[0] ?? 'id';
  return [
    ...jsComment(c),
    `export function ${Comp}(${props}) {`,
    `  const [items, setItems] = useState${c.ts ? `<${ent.Name}[]>` : ''}([]);`,
    `  const [error, setError] = useState${c.ts ? '<string | null>' : ''}(null);`,
    "  const [query, setQuery] = useState('');",
    '  const [loading, setLoading] = useState(true);',
    '',
    '  useEffect(() => {',
    '    const controller = new AbortController();',
    '    setLoading(true);',
    `    fetch(\`/api/${ent.names}?tenant=\${encodeURIComponent(tenantId)}\`, { signal: controller.signal })`,
    '      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`HTTP ${res.status}`))))',
    '      .then((data) => setItems(data.items))',
    "      .catch((err) => err.name !== 'AbortError' && setError('Could not load the list'))",
    '      .finally(() => setLoading(false));',
    '    return () => controller.abort();',
    '  }, [tenantId]);',
    '',
    '  const visible = useMemo(',
    `    () => items.filter((item) => String(item.${f}).toLowerCase().includes(query.toLowerCase())),`,
    '    [items, query],',
    '  );',
    '',
    '  if (loading) return <Spinner label="Loading" />;',
    '  if (error) return <Alert kind="error">{error}</Alert>;',
    '',
    '  return (',
    `    <section className="${snake(ent.names)}-list">`,
    '      <header className="toolbar">',
    `        <h2>${ent.Names}</h2>`,
    `        <input type="search" placeholder="Search ${ent.names}" value={query} onChange={(e) => setQuery(e.target.value)} />`,
    '      </header>',
    r.chance(0.5) ? `      {visible.length === 0 && <p className="empty">No ${ent.names} yet.</p>}` : '      {visible.length === 0 ? <EmptyState /> : null}',
    '      <ul>',
    '        {visible.map((item) => (',
    '          <li key={item.id} onClick={() => onSelect?.(item)}>',
    `            <strong>{item.${f}}</strong>`,
    `            <span className="muted">{String(item.${g})}</span>`,
    '          </li>',
    '        ))}',
    '      </ul>',
    '    </section>',
    '  );',
    '}',
    '',
  ];
};

const reactForm: Unit = (c) => {
  const { ent } = c;
  const Comp = c.s.uniq(`${ent.Name}Form`);
  const fields = ent.fields.filter((f) => f[1] === 'string' || f[1] === 'number').slice(0, 4);
  return [
    `export function ${Comp}(${c.ts ? `{ initial, onSaved }: { initial?: Partial<${ent.Name}>; onSaved: (value: ${ent.Name}) => void }` : '{ initial, onSaved }'}) {`,
    `  const [values, setValues] = useState${c.ts ? `<Partial<${ent.Name}>>` : ''}(initial ?? {});`,
    '  const [saving, setSaving] = useState(false);',
    '',
    `  async function handleSubmit(event${T(c, 'React.FormEvent<HTMLFormElement>')}) {`,
    '    event.preventDefault();',
    '    setSaving(true);',
    '    try {',
    `      const res = await fetch('/api/${ent.names}', {`,
    "        method: initial?.id ? 'PUT' : 'POST',",
    "        headers: { 'Content-Type': 'application/json' },",
    '        body: JSON.stringify(values),',
    '      });',
    "      if (!res.ok) throw new Error('Save failed');",
    '      onSaved(await res.json());',
    '    } finally {',
    '      setSaving(false);',
    '    }',
    '  }',
    '',
    '  return (',
    '    <form onSubmit={handleSubmit} className="form">',
    ...fields.flatMap((f) => [
      `      <label htmlFor="${f[0]}">${cap(f[0])}</label>`,
      `      <input id="${f[0]}" ${f[1] === 'number' ? 'type="number" ' : ''}value={values.${f[0]} ?? ''} onChange={(e) => setValues({ ...values, ${f[0]}: ${f[1] === 'number' ? 'Number(e.target.value)' : 'e.target.value'} })} />`,
    ]),
    '      <button type="submit" disabled={saving}>',
    "        {saving ? 'Saving…' : 'Save'}",
    '      </button>',
    '    </form>',
    '  );',
    '}',
    '',
  ];
};

const reactHook: Unit = (c) => {
  const { ent } = c;
  const hook = c.s.uniq(`use${ent.Name}`);
  return [
    `export function ${hook}(id${T(c, 'string | undefined')}) {`,
    `  const [data, setData] = useState${c.ts ? `<${ent.Name} | null>` : ''}(null);`,
    '  const [status, setStatus] = useState(\'idle\');',
    '  useEffect(() => {',
    '    if (!id) return;',
    '    let cancelled = false;',
    "    setStatus('loading');",
    `    api.get(\`/${ent.names}/\${id}\`).then(`,
    '      (value) => {',
    '        if (!cancelled) {',
    '          setData(value);',
    "          setStatus('ready');",
    '        }',
    '      },',
    "      () => !cancelled && setStatus('error'),",
    '    );',
    '    return () => {',
    '      cancelled = true;',
    '    };',
    '  }, [id]);',
    '  return { data, status };',
    '}',
    '',
  ];
};

const nextHandler: Unit = (c) => {
  const { ent, r } = c;
  if (r.chance(0.5)) {
    const fn = c.s.uniq('GET');
    return [
      ...jsComment(c),
      `export async function ${fn}(request${T(c, 'Request')}) {`,
      '  const { searchParams } = new URL(request.url);',
      "  const page = Math.max(1, Number(searchParams.get('page') ?? 1));",
      '  const session = await getServerSession(authOptions);',
      "  if (!session) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });",
      `  const items = await prisma.${ent.name}.findMany({`,
      '    where: { ownerId: session.user.id },',
      '    skip: (page - 1) * PAGE_SIZE,',
      '    take: PAGE_SIZE,',
      "    orderBy: { createdAt: 'desc' },",
      '  });',
      '  return NextResponse.json({ items, page });',
      '}',
      '',
    ];
  }
  const fn = c.s.uniq(`${ent.name}Handler`);
  return [
    `export default async function ${fn}(req${T(c, 'NextApiRequest')}, res${T(c, 'NextApiResponse')}) {`,
    "  if (req.method !== 'POST') {",
    "    res.setHeader('Allow', 'POST');",
    "    return res.status(405).json({ error: 'Method not allowed' });",
    '  }',
    `  const parsed = ${ent.name}Input.safeParse(req.body);`,
    '  if (!parsed.success) return res.status(400).json({ error: parsed.error.flatten() });',
    `  const created = await prisma.${ent.name}.create({ data: parsed.data });`,
    '  res.status(201).json(created);',
    '}',
    '',
  ];
};

const jsTest: Unit = (c) => {
  const { ent, r } = c;
  const f = ent.fields[0];
  return [
    `describe('${ent.Name}Service ${c.s.uniq('case')}', () => {`,
    `  let service${T(c, `${ent.Name}Service`)};`,
    '  beforeEach(() => {',
    `    service = new ${ent.Name}Service(fakeDb(), fakeEvents());`,
    '  });',
    '',
    `  it('creates a ${ent.name} and publishes an event', async () => {`,
    `    const created = await service.create({ ${ent.fields.map((x) => `${x[0]}: ${sampleValue(r, x)}`).join(', ')} });`,
    `    expect(created.${f[0]}).toEqual(${sampleValue(r, f)});`,
    `    expect(events.published).toContainEqual(['${ent.name}.created', { id: created.id }]);`,
    '  });',
    '',
    `  it('returns undefined for an unknown id', async () => {`,
    "    await expect(service.findById('missing')).resolves.toBeUndefined();",
    '  });',
    '',
    `  it('rejects an update of a missing ${ent.name}', async () => {`,
    `    await expect(service.update('nope', {})).rejects.toThrow(NotFoundError);`,
    '  });',
    '});',
    '',
  ];
};

// Insecure JavaScript/TypeScript snippets (each a whole, realistic function). Names are reported as `planted`.
const JS_INSECURE: ReadonlyArray<[string, Unit]> = [
  ['sql-template', (c) => [`router.get('/${c.ent.names}/search', async (req, res) => {`, `  const { rows } = await pool.query(\`SELECT * FROM ${snake(c.ent.names)} WHERE name LIKE '%\${req.query.q}%'\`);`, '  res.json(rows);', '});', '']],
  ['sql-concat', (c) => [`router.delete('/${c.ent.names}/:id/hard', async (req, res) => {`, `  await pool.query('DELETE FROM ${snake(c.ent.names)} WHERE id = ' + req.params.id);`, '  res.status(204).end();', '});', '']],
  ['eval', (c) => [`router.post('/${c.ent.names}/compute', (req, res) => {`, '  const result = eval(req.body.expression);', '  res.json({ result });', '});', '']],
  ['exec', (c) => [`router.post('/${c.ent.names}/:id/thumbnail', (req, res) => {`, "  exec(`convert uploads/${req.params.id}.png -resize 200x200 thumbs/${req.params.id}.png`, (err) => {", "    if (err) return res.status(500).json({ error: 'conversion failed' });", '    res.status(204).end();', '  });', '});', '']],
  ['innerHTML', (c) => [`export function ${c.s.uniq('renderBanner')}(el${T(c, 'HTMLElement')}, user${T(c, '{ name: string; bio: string }')}) {`, '  el.innerHTML = `<h3>${user.name}</h3><p>${user.bio}</p>`;', '}', '']],
  ['secret', (c) => [`const ${c.s.uniq('STRIPE_KEY')} = 'sk_live_51Hx${c.r.int(100000, 999999)}QmQ2eZvKYlo2C8eKsdf';`, '']],
  ['jwt-secret', (c) => [`export function ${c.s.uniq('issueToken')}(user${T(c, '{ id: string; role: string }')}) {`, "  return jwt.sign({ sub: user.id, role: user.role }, 'your-secret-key', { expiresIn: '1h' });", '}', '']],
  ['cors', () => ['app.use(cors());', '']],
  ['tls', (c) => [`const ${c.s.uniq('insecureAgent')} = new https.Agent({ rejectUnauthorized: false });`, '']],
  ['random-token', (c) => [`export function ${c.s.uniq('resetToken')}()${T(c, 'string')} {`, '  return Math.random().toString(36).substring(2);', '}', '']],
  ['md5', (c) => [`export function ${c.s.uniq('hashPassword')}(password${T(c, 'string')}) {`, "  return crypto.createHash('md5').update(password).digest('hex');", '}', '']],
  ['error-leak', (c) => [`router.get('/${c.ent.names}/export', async (req, res) => {`, '  try {', `    res.json(await ${c.ent.name}Service.list());`, '  } catch (err) {', '    res.status(500).json({ error: err.message, stack: err.stack });', '  }', '});', '']],
  ['cookie', () => ["app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: false, httpOnly: false } }));", '']],
];

const TSX_INSECURE: ReadonlyArray<[string, Unit]> = [
  ['dangerouslySetInnerHTML', (c) => [`export function ${c.s.uniq('RichText')}({ html }: { html: string }) {`, '  return <div className="rich" dangerouslySetInnerHTML={{ __html: html }} />;', '}', '']],
  ['random-token', (c) => [`export function ${c.s.uniq('InviteButton')}({ onInvite }: { onInvite: (code: string) => void }) {`, '  const handle = () => {', '    const inviteCode = Math.random().toString(36).slice(2, 10).toUpperCase();', '    onInvite(inviteCode);', '  };', '  return <button onClick={handle}>Invite</button>;', '}', '']],
];

// ---------------------------------------------------------------------------------------------------------------
// Python units

function pyDoc(c: Ctx, indent: string): string[] {
  return c.r.chance(0.5) ? [`${indent}"""${c.r.pick(COMMENTS)}"""`] : [];
}
function pyComment(c: Ctx): string[] {
  return c.r.chance(0.35) ? [`# ${c.r.pick(COMMENTS)}`] : [];
}

const flaskView: Unit = (c) => {
  const { ent, r } = c;
  const fn = c.s.uniq(`${r.pick(['list', 'get', 'create', 'update'])}_${snake(ent.name)}`);
  const t = snake(ent.names);
  const kind = fn.split('_')[0];
  const out = [...pyComment(c), `@bp.route("/${ent.names}${kind === 'list' || kind === 'create' ? '' : '/<int:item_id>'}", methods=["${kind === 'create' ? 'POST' : kind === 'update' ? 'PUT' : 'GET'}"])`, '@login_required', `def ${fn}(${kind === 'list' || kind === 'create' ? '' : 'item_id'}):`, ...pyDoc(c, '    ')];
  if (kind === 'list') {
    out.push(
      '    page = max(int(request.args.get("page", 1)), 1)',
      `    per_page = min(int(request.args.get("per_page", ${r.pick([20, 25, 50])})), 100)`,
      `    query = ${ent.Name}.query.filter_by(owner_id=current_user.id)`,
      '    status = request.args.get("status")',
      '    if status:',
      '        query = query.filter_by(status=status)',
      `    items = query.order_by(${ent.Name}.created_at.desc()).paginate(page=page, per_page=per_page)`,
      '    return jsonify(items=[item.to_dict() for item in items.items], total=items.total)',
    );
  } else if (kind === 'get') {
    out.push(
      `    row = db.session.execute(text("SELECT * FROM ${t} WHERE id = :id AND owner_id = :owner"), {"id": item_id, "owner": current_user.id}).first()`,
      '    if row is None:',
      '        abort(404)',
      '    return jsonify(dict(row._mapping))',
    );
  } else {
    out.push(
      '    payload = request.get_json(silent=True) or {}',
      ...ent.fields.slice(0, 2).map((f) => `    if "${snake(f[0])}" not in payload:\n        return jsonify(error="${snake(f[0])} is required"), 400`),
      kind === 'create' ? `    item = ${ent.Name}(owner_id=current_user.id, **{k: payload[k] for k in ${snake(ent.name).toUpperCase()}_FIELDS if k in payload})` : `    item = ${ent.Name}.query.get_or_404(item_id)`,
      ...(kind === 'update' ? [`    for key in ${snake(ent.name).toUpperCase()}_FIELDS:`, '        if key in payload:', '            setattr(item, key, payload[key])'] : []),
      '    db.session.add(item)',
      '    db.session.commit()',
      `    return jsonify(item.to_dict()), ${kind === 'create' ? 201 : 200}`,
    );
  }
  out.push('', '');
  return out.flatMap((l) => l.split('\n'));
};

const djangoModel: Unit = (c) => {
  const { ent } = c;
  const cls = c.s.uniq(ent.Name);
  const dj = (t: string, n: string): string =>
    t === 'string' ? (n === 'email' ? 'models.EmailField(unique=True)' : n === 'description' || n === 'notes' ? 'models.TextField(blank=True)' : 'models.CharField(max_length=200)') : t === 'number' ? 'models.IntegerField(default=0)' : t === 'boolean' ? 'models.BooleanField(default=False)' : 'models.DateTimeField(null=True, blank=True)';
  return [
    ...pyComment(c),
    `class ${cls}(models.Model):`,
    ...pyDoc(c, '    '),
    ...ent.fields.map((f) => `    ${snake(f[0])} = ${dj(f[1], f[0])}`),
    `    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default="${STATUSES[0]}")`,
    '    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")',
    '    created_at = models.DateTimeField(auto_now_add=True)',
    '    updated_at = models.DateTimeField(auto_now=True)',
    '',
    '    class Meta:',
    '        ordering = ["-created_at"]',
    `        indexes = [models.Index(fields=["owner", "status"])]`,
    '',
    '    def __str__(self):',
    `        return f"${ent.Name} {self.pk}"`,
    '',
    '    @property',
    '    def is_active(self) -> bool:',
    `        return self.status not in {"archived", "cancelled"}`,
    '',
    '',
  ];
};

const djangoView: Unit = (c) => {
  const { ent, r } = c;
  if (r.chance(0.5)) {
    const cls = c.s.uniq(`${ent.Name}ListView`);
    return [
      `class ${cls}(LoginRequiredMixin, ListView):`,
      `    model = ${ent.Name}`,
      `    paginate_by = ${r.pick([20, 25, 50])}`,
      `    template_name = "${snake(ent.names)}/list.html"`,
      '',
      '    def get_queryset(self):',
      '        qs = super().get_queryset().filter(owner=self.request.user)',
      '        term = self.request.GET.get("q", "").strip()',
      '        if term:',
      `            qs = qs.filter(${snake(ent.fields[0][0])}__icontains=term)`,
      '        return qs.select_related("owner")',
      '',
      '',
    ];
  }
  const fn = c.s.uniq(`${snake(ent.name)}_detail`);
  return [
    '@require_http_methods(["GET", "POST"])',
    `def ${fn}(request, pk):`,
    ...pyDoc(c, '    '),
    `    obj = get_object_or_404(${ent.Name}, pk=pk, owner=request.user)`,
    '    if request.method == "POST":',
    `        form = ${ent.Name}Form(request.POST, instance=obj)`,
    '        if form.is_valid():',
    '            form.save()',
    `            messages.success(request, "${ent.Name} saved.")`,
    `            return redirect("${snake(ent.names)}:detail", pk=obj.pk)`,
    '    else:',
    `        form = ${ent.Name}Form(instance=obj)`,
    `    return render(request, "${snake(ent.names)}/detail.html", {"object": obj, "form": form})`,
    '',
    '',
  ];
};

const fastapiRoute: Unit = (c) => {
  const { ent, r } = c;
  const get = r.chance(0.6);
  const fn = c.s.uniq(`${get ? 'read' : 'create'}_${snake(ent.names)}`);
  return get
    ? [
        ...pyComment(c),
        `@router.get("/${ent.names}", response_model=list[${ent.Name}Out])`,
        `async def ${fn}(`,
        '    skip: int = 0,',
        '    limit: int = Query(default=50, le=200),',
        '    db: AsyncSession = Depends(get_db),',
        '    user: User = Depends(get_current_user),',
        `) -> list[${ent.Name}Out]:`,
        ...pyDoc(c, '    '),
        `    stmt = select(${ent.Name}).where(${ent.Name}.owner_id == user.id).offset(skip).limit(limit)`,
        '    result = await db.execute(stmt)',
        '    return list(result.scalars())',
        '',
        '',
      ]
    : [
        `@router.post("/${ent.names}", response_model=${ent.Name}Out, status_code=201)`,
        `async def ${fn}(payload: ${ent.Name}In, db: AsyncSession = Depends(get_db), user: User = Depends(get_current_user)):`,
        `    item = ${ent.Name}(**payload.model_dump(), owner_id=user.id)`,
        '    db.add(item)',
        '    try:',
        '        await db.commit()',
        '    except IntegrityError:',
        '        await db.rollback()',
        `        raise HTTPException(status_code=409, detail="${ent.name} already exists")`,
        '    await db.refresh(item)',
        '    return item',
        '',
        '',
      ];
};

const pydanticSchema: Unit = (c) => {
  const { ent, r } = c;
  const base = c.s.uniq(`${ent.Name}In`);
  return [
    `class ${base}(BaseModel):`,
    ...ent.fields.map((f) => `    ${snake(f[0])}: ${r.chance(0.25) ? `${pyType(f[1])} | None = None` : pyType(f[1])}`),
    '',
    '    model_config = ConfigDict(str_strip_whitespace=True)',
    '',
    '',
    `class ${base.replace(/In(\d*)$/, 'Out$1')}(${base}):`,
    '    id: int',
    '    created_at: datetime',
    '',
    '',
  ];
};

const pyService: Unit = (c) => {
  const { ent } = c;
  const cls = c.s.uniq(`${ent.Name}Repository`);
  const t = snake(ent.names);
  const cols = ent.fields.map((f) => snake(f[0]));
  return [
    '@dataclass',
    `class ${cls}:`,
    ...pyDoc(c, '    '),
    '    conn: Connection',
    '    cache_ttl: int = 60',
    '    _cache: dict[int, dict] = field(default_factory=dict)',
    '',
    `    def get(self, item_id: int) -> dict | None:`,
    '        if item_id in self._cache:',
    '            return self._cache[item_id]',
    `        cur = self.conn.execute("SELECT id, ${cols.join(', ')} FROM ${t} WHERE id = ?", (item_id,))`,
    '        row = cur.fetchone()',
    '        if row is None:',
    '            return None',
    `        value = dict(zip(["id", ${cols.map((x) => `"${x}"`).join(', ')}], row))`,
    '        self._cache[item_id] = value',
    '        return value',
    '',
    '    def list(self, status: str | None = None, limit: int = 100) -> list[dict]:',
    `        sql = "SELECT id, ${cols.join(', ')} FROM ${t}"`,
    '        params: list = []',
    '        if status:',
    '            sql += " WHERE status = ?"',
    '            params.append(status)',
    '        sql += " ORDER BY id LIMIT ?"',
    '        params.append(limit)',
    `        return [dict(zip(["id", ${cols.map((x) => `"${x}"`).join(', ')}], r)) for r in self.conn.execute(sql, params)]`,
    '',
    `    def create(self, **values) -> int:`,
    `        unknown = set(values) - {${cols.map((x) => `"${x}"`).join(', ')}}`,
    '        if unknown:',
    '            raise ValueError(f"unknown fields: {sorted(unknown)}")',
    `        cur = self.conn.execute(`,
    `            "INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})",`,
    `            (${cols.map((x) => `values.get("${x}")`).join(', ')}${cols.length === 1 ? ',' : ''}),`,
    '        )',
    '        self.conn.commit()',
    '        return cur.lastrowid',
    '',
    '',
  ];
};

const PY_UTILS: Array<(c: Ctx) => string[]> = [
  (c) => [`def ${c.s.uniq('chunked')}(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:`, '    for start in range(0, len(items), size):', '        yield items[start : start + size]', '', ''],
  (c) => [`def ${c.s.uniq('slugify')}(value: str) -> str:`, '    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()', '    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")', '', ''],
  (c) => [`def ${c.s.uniq('retry')}(times: int = 3, delay: float = 0.5):`, '    def decorator(fn):', '        @functools.wraps(fn)', '        def wrapper(*args, **kwargs):', '            for attempt in range(times):', '                try:', '                    return fn(*args, **kwargs)', '                except (ConnectionError, TimeoutError):', '                    if attempt == times - 1:', '                        raise', '                    time.sleep(delay * 2**attempt)', '        return wrapper', '    return decorator', '', ''],
  (c) => [`def ${c.s.uniq('parse_date')}(value: str | None) -> date | None:`, '    if not value:', '        return None', '    try:', '        return datetime.strptime(value, "%Y-%m-%d").date()', '    except ValueError:', '        logger.warning("bad date %r", value)', '        return None', '', ''],
  (c) => [`def ${c.s.uniq('money')}(cents: int, currency: str = "EUR") -> str:`, '    return f"{cents / 100:,.2f} {currency}"', '', ''],
  (c) => [`async def ${c.s.uniq('fetch_json')}(client: httpx.AsyncClient, url: str, **params) -> dict:`, '    response = await client.get(url, params=params, timeout=10)', '    response.raise_for_status()', '    return response.json()', '', ''],
  (c) => [`def ${c.s.uniq('group_by')}(rows: Iterable[dict], key: str) -> dict[str, list[dict]]:`, '    groups: dict[str, list[dict]] = defaultdict(list)', '    for row in rows:', '        groups[row.get(key, "")].append(row)', '    return dict(groups)', '', ''],
];

const pyUtilBlock: Unit = (c) => [...pyComment(c), ...c.r.sample(PY_UTILS, c.r.int(2, 4)).flatMap((u) => u(c))];

const pyScript: Unit = (c) => {
  const { ent, r } = c;
  const fn = c.s.uniq('main');
  return [
    `def ${fn}(argv: list[str] | None = None) -> int:`,
    `    parser = argparse.ArgumentParser(description="Export ${ent.names} to CSV.")`,
    '    parser.add_argument("output", type=Path)',
    `    parser.add_argument("--since", type=parse_date, default=None)`,
    `    parser.add_argument("--batch-size", type=int, default=${r.pick([100, 500, 1000])})`,
    '    args = parser.parse_args(argv)',
    '    logging.basicConfig(level=logging.INFO)',
    '    with closing(sqlite3.connect(os.environ.get("DB_PATH", "app.db"))) as conn, args.output.open("w", newline="") as fh:',
    '        writer = csv.writer(fh)',
    `        writer.writerow([${ent.fields.map((f) => `"${snake(f[0])}"`).join(', ')}])`,
    `        cur = conn.execute("SELECT ${ent.fields.map((f) => snake(f[0])).join(', ')} FROM ${snake(ent.names)} WHERE created_at >= ?", (args.since or date.min,))`,
    '        total = 0',
    '        while rows := cur.fetchmany(args.batch_size):',
    '            writer.writerows(rows)',
    '            total += len(rows)',
    `    logger.info("exported %d ${ent.names}", total)`,
    '    return 0',
    '',
    '',
  ];
};

const pyTest: Unit = (c) => {
  const { ent } = c;
  const n = c.s.uniq(snake(ent.name));
  return [
    '@pytest.fixture',
    `def ${n}_payload():`,
    `    return {${ent.fields.map((f) => `"${snake(f[0])}": ${f[1] === 'number' ? 3 : f[1] === 'boolean' ? 'True' : f[1] === 'date' ? '"2024-05-01"' : `"${f[0]}-1"`}`).join(', ')}}`,
    '',
    '',
    `def test_create_${n}(client, auth_headers, ${n}_payload):`,
    `    response = client.post("/${ent.names}", json=${n}_payload, headers=auth_headers)`,
    '    assert response.status_code == 201',
    `    assert response.json()["${snake(ent.fields[0][0])}"] == ${n}_payload["${snake(ent.fields[0][0])}"]`,
    '',
    '',
    `def test_${n}_requires_auth(client):`,
    `    assert client.get("/${ent.names}").status_code == 401`,
    '',
    '',
    '@pytest.mark.parametrize("limit", [0, 1, 50, 200])',
    `def test_list_${n}_limit(client, auth_headers, limit):`,
    `    response = client.get(f"/${ent.names}?limit={limit}", headers=auth_headers)`,
    '    assert response.status_code == 200',
    '    assert len(response.json()) <= max(limit, 0)',
    '',
    '',
  ];
};

const pySettings: Unit = (c) => [
  ...pyComment(c),
  `${c.s.uniq('ALLOWED_HOSTS')} = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")`,
  `DATABASES = {"default": dj_database_url.config(default=os.environ.get("DATABASE_URL"), conn_max_age=${c.r.pick([60, 300, 600])})}`,
  'CACHES = {',
  '    "default": {',
  '        "BACKEND": "django.core.cache.backends.redis.RedisCache",',
  '        "LOCATION": os.environ.get("REDIS_URL", "redis://localhost:6379/0"),',
  '    }',
  '}',
  'LOGGING = {',
  '    "version": 1,',
  '    "handlers": {"console": {"class": "logging.StreamHandler"}},',
  '    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},',
  '}',
  '',
];

const PY_INSECURE: ReadonlyArray<[string, Unit]> = [
  ['sql-fstring', (c) => [`@bp.route("/${c.ent.names}/search")`, `def ${c.s.uniq('search_' + snake(c.ent.names))}():`, '    term = request.args.get("q", "")', `    rows = db.session.execute(text(f"SELECT * FROM ${snake(c.ent.names)} WHERE name LIKE '%{term}%'")).fetchall()`, '    return jsonify([dict(r._mapping) for r in rows])', '', '']],
  ['sql-percent', (c) => [`def ${c.s.uniq('load_' + snake(c.ent.name))}(cur, item_id):`, `    cur.execute("SELECT * FROM ${snake(c.ent.names)} WHERE id = %s" % item_id)`, '    return cur.fetchone()', '', '']],
  ['shell', (c) => [`def ${c.s.uniq('make_thumbnail')}(filename):`, '    subprocess.run(f"convert {filename} -resize 200x200 thumb_{filename}", shell=True, check=True)', '', '']],
  ['pickle', (c) => [`@bp.route("/${c.ent.names}/restore", methods=["POST"])`, `def ${c.s.uniq('restore_' + snake(c.ent.names))}():`, '    state = pickle.loads(base64.b64decode(request.form["state"]))', '    return jsonify(restored=len(state))', '', '']],
  ['yaml', (c) => [`def ${c.s.uniq('load_rules')}(request):`, '    rules = yaml.load(request.body)', '    return JsonResponse({"count": len(rules)})', '', '']],
  ['verify-false', (c) => [`def ${c.s.uniq('sync_' + snake(c.ent.names))}(api_url, token):`, '    response = requests.get(f"{api_url}/export", headers={"Authorization": f"Bearer {token}"}, verify=False, timeout=30)', '    response.raise_for_status()', '    return response.json()', '', '']],
  ['debug', () => ['app.config["DEBUG"] = True', '']],
  ['secret-key', (c) => [`${c.s.uniq('SECRET_KEY')} = "django-insecure-${c.r.int(1000, 9999)}f$k2!x9q@m#r8z&w1"`, '']],
  ['md5', (c) => [`def ${c.s.uniq('hash_password')}(password: str) -> str:`, '    return hashlib.md5(password.encode()).hexdigest()', '', '']],
  ['random-token', (c) => [`def ${c.s.uniq('make_reset_code')}() -> str:`, '    return str(random.randint(100000, 999999))', '', '']],
  ['error-leak', (c) => [`@router.post("/${c.ent.names}/import")`, `async def ${c.s.uniq('import_' + snake(c.ent.names))}(file: UploadFile):`, '    try:', '        return await import_rows(await file.read())', '    except Exception as e:', '        raise HTTPException(status_code=500, detail=str(e))', '', '']],
  ['eval', (c) => [`def ${c.s.uniq('evaluate_formula')}():`, '    value = eval(request.args.get("expr"))', '    return jsonify(value=value)', '', '']],
];

// ---------------------------------------------------------------------------------------------------------------
// Projects and files

interface FileKind {
  readonly dir: string;
  readonly name: (ent: Ent) => string;
  readonly header: (c: Ctx) => string[];
  readonly units: readonly Unit[];
  readonly footer?: (c: Ctx) => string[];
}

interface ProjectKind {
  readonly name: string;
  readonly language: 'js' | 'ts' | 'react-js' | 'next' | 'python';
  readonly files: readonly FileKind[];
}

const expressHeader = (c: Ctx): string[] =>
  c.ts
    ? [
        "import { Router, type Request, type Response, type NextFunction } from 'express';",
        "import jwt from 'jsonwebtoken';",
        "import { pool } from '../db';",
        "import { logger } from '../logger';",
        "import { requireAuth } from '../middleware/auth';",
        `import { ${c.ent.name}Schema, to${c.ent.Name}Dto } from '../schemas/${c.ent.name}';`,
        `import { ${c.ent.name}Service } from '../services';`,
        '',
        'export const router = Router();',
        '',
      ]
    : [
        "'use strict';",
        "const express = require('express');",
        "const jwt = require('jsonwebtoken');",
        "const { pool } = require('../db');",
        "const logger = require('../logger');",
        "const { requireAuth } = require('../middleware/auth');",
        `const { ${c.ent.name}Schema, to${c.ent.Name}Dto } = require('../schemas/${c.ent.name}');`,
        `const { ${c.ent.name}Service } = require('../services');`,
        '',
        'const router = express.Router();',
        '',
      ];

const serviceHeader = (c: Ctx): string[] =>
  c.ts
    ? ["import type { Db } from '../db';", "import type { EventBus } from '../events';", `import type { ${c.ent.Name}, New${c.ent.Name} } from '../types';`, "import { NotFoundError } from '../errors';", '', `const ALLOWED_${snake(c.ent.name).toUpperCase()}_FILTERS = [${c.ent.fields.slice(0, 3).map((f) => `'${f[0]}'`).join(', ')}];`, '']
    : ["const { NotFoundError } = require('../errors');", '', `const ALLOWED_${snake(c.ent.name).toUpperCase()}_FILTERS = [${c.ent.fields.slice(0, 3).map((f) => `'${f[0]}'`).join(', ')}];`, ''];

const utilHeader = (c: Ctx): string[] => (c.r.chance(0.5) ? [`// Small helpers shared by the ${c.ent.names} screens and jobs.`, ''] : []);

const middlewareHeader = (c: Ctx): string[] =>
  c.ts
    ? ["import type { Request, Response, NextFunction } from 'express';", "import jwt from 'jsonwebtoken';", "import { config } from '../config';", "import { logger } from '../logger';", '']
    : ["import jwt from 'jsonwebtoken';", "import { config } from '../config';", "import { logger } from '../logger';", ''];

const reactHeader = (c: Ctx): string[] => [
  "import React, { useEffect, useMemo, useState } from 'react';",
  "import { Alert, EmptyState, Spinner } from '../ui';",
  "import { api } from '../api/client';",
  ...(c.ts ? [`import type { ${c.ent.Name} } from '../types/${c.ent.name}';`] : []),
  '',
];

const nextHeader = (c: Ctx): string[] => [
  "import { NextResponse } from 'next/server';",
  "import type { NextApiRequest, NextApiResponse } from 'next';",
  "import { getServerSession } from 'next-auth';",
  "import { authOptions } from '@/lib/auth';",
  "import { prisma } from '@/lib/prisma';",
  `import { ${c.ent.name}Input } from '@/lib/schemas';`,
  '',
  `const PAGE_SIZE = ${c.r.pick([20, 25, 50])};`,
  '',
];

const testHeader = (c: Ctx): string[] => [
  c.ts ? `import { ${c.ent.Name}Service } from '../src/services/${c.ent.name}Service';` : `const { ${c.ent.Name}Service } = require('../src/services/${c.ent.name}Service');`,
  c.ts ? "import { NotFoundError } from '../src/errors';" : "const { NotFoundError } = require('../src/errors');",
  c.ts ? "import { fakeDb, fakeEvents, events } from './helpers';" : "const { fakeDb, fakeEvents, events } = require('./helpers');",
  '',
];

const flaskHeader = (c: Ctx): string[] => [
  '"""' + `${c.ent.Names} endpoints.` + '"""',
  'import base64',
  'import logging',
  'import pickle',
  'import subprocess',
  '',
  'from flask import Blueprint, abort, jsonify, request',
  'from flask_login import current_user, login_required',
  'from sqlalchemy import text',
  '',
  'from ..extensions import db',
  `from ..models import ${c.ent.Name}`,
  '',
  `bp = Blueprint("${snake(c.ent.names)}", __name__)`,
  'logger = logging.getLogger(__name__)',
  `${snake(c.ent.name).toUpperCase()}_FIELDS = (${c.ent.fields.map((f) => `"${snake(f[0])}"`).join(', ')},)`,
  '',
  '',
];

const djangoHeader = (c: Ctx): string[] => [
  'from django.conf import settings',
  'from django.contrib import messages',
  'from django.contrib.auth.mixins import LoginRequiredMixin',
  'from django.db import models',
  'from django.http import JsonResponse',
  'from django.shortcuts import get_object_or_404, redirect, render',
  'from django.views.decorators.http import require_http_methods',
  'from django.views.generic import ListView',
  'import hashlib',
  'import random',
  'import yaml',
  '',
  `from .forms import ${c.ent.Name}Form`,
  '',
  `STATUS_CHOICES = [${STATUSES.slice(0, 4).map((s) => `("${s}", "${cap(s)}")`).join(', ')}]`,
  '',
  '',
];

const fastapiHeader = (c: Ctx): string[] => [
  'from datetime import datetime',
  '',
  'from fastapi import APIRouter, Depends, HTTPException, Query, UploadFile',
  'from pydantic import BaseModel, ConfigDict',
  'from sqlalchemy import select',
  'from sqlalchemy.exc import IntegrityError',
  'from sqlalchemy.ext.asyncio import AsyncSession',
  '',
  'from ..deps import get_current_user, get_db',
  `from ..models import ${c.ent.Name}, User`,
  '',
  `router = APIRouter(prefix="/api", tags=["${c.ent.names}"])`,
  '',
  '',
];

const pyUtilHeader = (): string[] => [
  'from __future__ import annotations',
  '',
  'import functools',
  'import logging',
  'import re',
  'import time',
  'import unicodedata',
  'from collections import defaultdict',
  'from dataclasses import dataclass, field',
  'from datetime import date, datetime',
  'from sqlite3 import Connection',
  'from typing import Iterable, Iterator, Sequence, TypeVar',
  '',
  'import httpx',
  'import requests',
  '',
  'T = TypeVar("T")',
  'logger = logging.getLogger(__name__)',
  '',
  '',
];

const pyScriptHeader = (): string[] => ['#!/usr/bin/env python3', 'import argparse', 'import csv', 'import logging', 'import os', 'import sqlite3', 'from contextlib import closing', 'from datetime import date', 'from pathlib import Path', '', 'from app.utils import parse_date', '', 'logger = logging.getLogger("export")', '', ''];

const pyScriptFooter = (): string[] => ['if __name__ == "__main__":', '    raise SystemExit(main())', ''];

const PROJECTS: readonly ProjectKind[] = [
  {
    name: 'api',
    language: 'js',
    files: [
      { dir: 'src/routes', name: (e) => e.names, header: expressHeader, units: [expressRoute, expressRoute, expressRoute], footer: (c) => (c.ts ? [] : ['module.exports = { router };', '']) },
      { dir: 'src/services', name: (e) => `${e.name}Service`, header: serviceHeader, units: [serviceClass], footer: (c) => (c.ts ? [] : [`module.exports = { ${c.ent.Name}Service };`, '']) },
      { dir: 'src/middleware', name: () => 'http', header: middlewareHeader, units: [middleware] },
      { dir: 'src/lib', name: (e) => e.name, header: utilHeader, units: [utilBlock] },
      { dir: 'src/models', name: (e) => e.Name, header: () => ["const mongoose = require('mongoose');", ''], units: [mongooseModel] },
      { dir: 'src/settings', name: () => 'index', header: () => [], units: [configObject] },
      { dir: 'test', name: (e) => `${e.name}.test`, header: testHeader, units: [jsTest] },
    ],
  },
  {
    name: 'service',
    language: 'ts',
    files: [
      { dir: 'src/routes', name: (e) => e.names, header: expressHeader, units: [expressRoute, expressRoute] },
      { dir: 'src/services', name: (e) => `${e.name}Service`, header: serviceHeader, units: [serviceClass] },
      { dir: 'src/types', name: (e) => e.name, header: () => [], units: [typesBlock] },
      { dir: 'src/middleware', name: () => 'http', header: middlewareHeader, units: [middleware] },
      { dir: 'src/lib', name: (e) => e.name, header: utilHeader, units: [utilBlock] },
      { dir: 'src/settings', name: () => 'index', header: () => [], units: [configObject] },
      { dir: 'test', name: (e) => `${e.name}.test`, header: testHeader, units: [jsTest] },
    ],
  },
  {
    name: 'web',
    language: 'next',
    files: [
      { dir: 'components', name: (e) => `${e.Name}List`, header: reactHeader, units: [reactComponent, reactForm] },
      { dir: 'components/forms', name: (e) => `${e.Name}Form`, header: reactHeader, units: [reactForm] },
      { dir: 'hooks', name: (e) => `use${e.Name}`, header: reactHeader, units: [reactHook] },
      { dir: 'app/api', name: (e) => `${e.names}-route`, header: nextHeader, units: [nextHandler] },
      { dir: 'types', name: (e) => e.name, header: () => [], units: [typesBlock] },
      { dir: 'lib', name: (e) => `${e.name}-utils`, header: utilHeader, units: [utilBlock] },
    ],
  },
  {
    name: 'dashboard',
    language: 'react-js',
    files: [
      { dir: 'src/components', name: (e) => `${e.Name}List`, header: reactHeader, units: [reactComponent, reactForm, reactHook] },
      { dir: 'src/hooks', name: (e) => `use${e.Name}`, header: reactHeader, units: [reactHook] },
      { dir: 'src/utils', name: (e) => e.name, header: utilHeader, units: [utilBlock] },
      { dir: 'src/settings', name: () => 'config', header: () => [], units: [configObject] },
    ],
  },
  {
    name: 'flask',
    language: 'python',
    files: [
      { dir: 'app/views', name: (e) => snake(e.names), header: flaskHeader, units: [flaskView, flaskView, flaskView] },
      { dir: 'app/services', name: (e) => `${snake(e.name)}_repository`, header: pyUtilHeader, units: [pyService, pyUtilBlock] },
      { dir: 'app', name: () => 'utils', header: pyUtilHeader, units: [pyUtilBlock] },
      { dir: 'scripts', name: (e) => `export_${snake(e.names)}`, header: pyScriptHeader, units: [pyScript], footer: pyScriptFooter },
      { dir: 'tests', name: (e) => `test_${snake(e.names)}`, header: () => ['import pytest', '', ''], units: [pyTest] },
    ],
  },
  {
    name: 'django',
    language: 'python',
    files: [
      { dir: 'core', name: (e) => `${snake(e.names)}_models`, header: djangoHeader, units: [djangoModel] },
      { dir: 'core', name: (e) => `${snake(e.names)}_views`, header: djangoHeader, units: [djangoView, djangoView] },
      { dir: 'config', name: () => 'settings_base', header: () => ['import os', '', 'import dj_database_url', '', ''], units: [pySettings] },
      { dir: 'core/tests', name: (e) => `test_${snake(e.names)}`, header: () => ['import pytest', '', ''], units: [pyTest] },
    ],
  },
  {
    name: 'fastapi',
    language: 'python',
    files: [
      { dir: 'app/routers', name: (e) => snake(e.names), header: fastapiHeader, units: [fastapiRoute, fastapiRoute, pydanticSchema] },
      { dir: 'app/crud', name: (e) => snake(e.name), header: pyUtilHeader, units: [pyService] },
      { dir: 'app/core', name: () => 'helpers', header: pyUtilHeader, units: [pyUtilBlock] },
      { dir: 'tests', name: (e) => `test_${snake(e.names)}`, header: () => ['import pytest', '', ''], units: [pyTest] },
    ],
  },
];

/** File sizes: mostly small and medium, a few large, within 30–1,500 lines. */
function targetSize(r: Rng): number {
  return Math.round(30 * Math.pow(50, Math.pow(r.next(), 1.8)));
}

function extFor(p: ProjectKind, dir: string, r: Rng): [string, CorpusLanguage, boolean] {
  switch (p.language) {
    case 'js':
      return ['.js', 'javascript', false];
    case 'ts':
      return ['.ts', 'typescript', true];
    case 'react-js':
      return dir.includes('components') ? ['.jsx', 'javascript', false] : [r.chance(0.7) ? '.js' : '.jsx', 'javascript', false];
    case 'next':
      return dir.includes('components') || dir.includes('app') ? ['.tsx', 'tsx', true] : ['.ts', 'typescript', true];
    case 'python':
      return ['.py', 'python', false];
  }
}

function buildFile(r: Rng, p: ProjectKind, kind: FileKind, ent: Ent, insecureShare: number, size: number, ext: string, lang: CorpusLanguage, ts: boolean): { text: string; planted: string[] } {
  const c: Ctx = { r, s: new Scope(), ent, ts };
  const lines = [...kind.header(c)];
  const footer = kind.footer?.(c) ?? [];
  const planted: string[] = [];
  const pool = lang === 'python' ? PY_INSECURE : lang === 'tsx' ? [...TSX_INSECURE, ...JS_INSECURE.filter(([n]) => n === 'secret' || n === 'random-token')] : ext === '.jsx' ? JS_INSECURE.filter(([n]) => n === 'innerHTML' || n === 'secret' || n === 'random-token') : JS_INSECURE;
  const insecure = r.chance(insecureShare) ? r.sample(pool, r.chance(0.3) ? 2 : 1) : [];
  const insertAt = insecure.map(() => r.next());
  let placed = 0;
  while (lines.length + footer.length < size || lines.length < 20) {
    const progress = lines.length / size;
    if (placed < insecure.length && progress >= insertAt[placed]) {
      const [name, unit] = insecure[placed++];
      planted.push(name);
      lines.push(...unit({ ...c, ent: entity(r) }));
      continue;
    }
    // Later units of a file are about related entities, as in real modules.
    const unitEnt = r.chance(0.7) ? ent : entity(r);
    lines.push(...r.pick(kind.units)({ ...c, ent: unitEnt }));
    if (lines.length > 1500) break;
  }
  while (placed < insecure.length) {
    const [name, unit] = insecure[placed++];
    planted.push(name);
    lines.push(...unit({ ...c, ent: entity(r) }));
  }
  lines.push(...footer);
  void p;
  return { text: lines.join('\n').replace(/\n*$/, '\n'), planted };
}

/** The whole corpus, deterministic for a given seed. */
export function generateCorpus(options: CorpusOptions = {}): CorpusFile[] {
  const r = new Rng(options.seed ?? 20240601);
  const minLines = options.minLines ?? 100_000;
  const insecureShare = options.insecureShare ?? 0.2;
  const files: CorpusFile[] = [];
  let total = 0;
  for (let n = 0; total < minLines; n++) {
    const p = PROJECTS[n % PROJECTS.length];
    const projectName = `${r.pick(PROJECT_WORDS)}-${p.name}-${n + 1}`;
    const ents = r.sample(ENTITIES, r.int(4, 10));
    const seen = new Set<string>();
    for (const entName of ents) {
      for (const kind of p.files) {
        if (!r.chance(0.75)) continue;
        const ent = entity(r, entName);
        const [ext, language, ts] = extFor(p, kind.dir, r);
        const rel = `${projectName}/${kind.dir}/${kind.name(ent)}${ext}`;
        if (seen.has(rel)) continue;
        seen.add(rel);
        const { text, planted } = buildFile(r, p, kind, ent, insecureShare, targetSize(r), ext, language, ts);
        const lines = text.split('\n').length - 1;
        files.push({ path: rel, language, text, lines, planted });
        total += lines;
        if (total >= minLines) break;
      }
      if (total >= minLines) break;
    }
  }
  return files;
}

/** One large file of `lines` lines or more in `language`, for the per-keystroke benchmark. */
export function generateLargeFile(language: CorpusLanguage, lines: number, seed = 7): string {
  const r = new Rng(seed + lines);
  const ts = language === 'typescript' || language === 'tsx';
  const c: Ctx = { r, s: new Scope(), ent: entity(r), ts };
  const header = language === 'python' ? pyUtilHeader() : serviceHeader(c);
  const units: Unit[] = language === 'python' ? [flaskView, pyService, pyUtilBlock, fastapiRoute, djangoModel] : [expressRoute, serviceClass, utilBlock, middleware, configObject];
  const out = [...header];
  while (out.length < lines) {
    out.push(...r.pick(units)({ ...c, ent: entity(r) }));
    if (r.chance(0.05)) out.push(...r.pick(language === 'python' ? PY_INSECURE : JS_INSECURE)[1]({ ...c, ent: entity(r) }));
  }
  return out.join('\n') + '\n';
}
