import type { Node } from 'web-tree-sitter';
import { requestSource } from './taint';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './api';
import { calleeName, clip, dottedName, importsModule, jsAndPython, keywordArg, perText, perTextKey, positionalArgs, pythonImports, replaceNode, unwrap } from './api';

// ---------------------------------------------------------------------------------------------------------------
// Sinks
// ---------------------------------------------------------------------------------------------------------------

/** Call names that always take raw SQL: any non-constant interpolation is reported. */
const RAW_SQL_SINKS = new Set([
  '$queryRawUnsafe', '$executeRawUnsafe', '$queryRaw', '$executeRaw', // Prisma
  'raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'joinRaw', 'selectRaw', 'groupByRaw', 'fromRaw', // knex (raw: also drizzle sql.raw, Django .raw)
  'unsafe', // postgres.js
  'executescript', 'read_sql', 'read_sql_query', // sqlite3, pandas
]);
/** Generic call names (also used for non-SQL things): reported only when the string looks like SQL. */
const GENERIC_SQL_SINKS = new Set(['query', 'execute', 'executemany', 'exec', 'run', 'all', 'get', 'each', 'prepare', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone']);
/** Python-only generic names: asyncpg (`fetch`, `fetchrow`, `fetchval`) and `databases` (`fetch_all`, ...). */
const PY_GENERIC_SQL_SINKS = new Set(['fetch', 'fetchrow', 'fetchval', 'fetch_all', 'fetch_one', 'fetch_val']);
/** JS query-builder methods that take a SQL condition (TypeORM, knex): reported when a value is spliced into a comparison. */
const CONDITION_SINKS = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving']);
/** Python keyword arguments that carry the SQL when it is not passed positionally (`pd.read_sql(sql=...)`). */
const SQL_KEYWORDS = ['sql', 'query', 'statement', 'operation'];

/** Text that reads as SQL. `WHERE x is`/`in`/`like` need what follows to look like SQL too: "where customer is" is English. */
const SQL_SHAPE =
  /\b(?:select\b[\s\S]{0,400}?\bfrom\b|insert\s+(?:or\s+\w+\s+)?into\b|update\s+[\w."`[\]]+\s+set\b|delete\s+from\b|replace\s+into\b|merge\s+into\b|(?:create|drop)\s+(?:table|index|view|database|schema)\b|alter\s+table\b|truncate\s+table\b|where\s+[\w."`[\]]+\s*(?:=|<|>|!=|\blike\s*['"%$?:@{(]|\bin\s*\(|\bis\s+(?:not\s+)?null\b))/i;
/**
 * Whether the file's text could make SQL_SHAPE match anything built for a sink: SQL_SHAPE only ever runs over the
 * texts of literals (and numbers) of this file joined with spaces and `${}`, each piece starting and ending with a
 * quote, so every alternative but `select … from` matches within one literal, hence in the file text itself, and
 * `select … from` needs both words somewhere in it. Files where this fails have no 'sql'-kind finding to look for.
 */
const SQL_SHAPE_BUT_SELECT = new RegExp(
  (() => {
    const select = String.raw`select\b[\s\S]{0,400}?\bfrom\b|`;
    if (!SQL_SHAPE.source.includes(select)) throw new Error('SQL_SHAPE changed: update SQL_SHAPE_BUT_SELECT');
    return SQL_SHAPE.source.replace(select, '');
  })(),
  'i',
);
const mayHoldSql = perText((text) => (/\bselect\b/i.test(text) && /\bfrom\b/i.test(text)) || SQL_SHAPE_BUT_SELECT.test(text));

/**
 * A comparison whose right-hand side is spliced in: `u.name = '${n}'`, `"age > " + min`, `id IN (${ids})`.
 * Shape texts mark values that cannot be resolved with `${}` (see shapeText), so this also reads concatenations.
 */
const CONDITION_SHAPE = /[\w\]"`)]\s*(?:<>|!=|<=|>=|=|<|>|\b(?:i?like|in)\b)\s*\(?\s*(?:['"`]\s*){0,2}\$\{/i;

/** Strings that start like a URL or a path are not SQL, whatever words they hold (`/search?select=name&from=${x}`). */
const URL_START = /^[a-zA-Z]{0,3}[`'"]{1,3}\s*(?:[a-z][\w+.-]*:\/\/|\/(?!\*))/i;

/** How a sink reads its SQL argument: always SQL (raw), SQL when it looks like it, or a condition fragment. */
type SinkKind = 'raw' | 'sql' | 'condition';

/** Per kind of sink: whether the text built for it counts as SQL. */
const SHAPE_TESTS: Readonly<Record<SinkKind, (text: string) => boolean>> = {
  raw: () => true,
  sql: (t) => SQL_SHAPE.test(t) && !URL_START.test(t),
  condition: (t) => CONDITION_SHAPE.test(t) || SQL_SHAPE.test(t),
};

interface SqlBuild {
  /** The string-building expression (template literal, f-string, concatenation, % or .format). */
  readonly node: Node;
  readonly how: string;
  /** Source text of the non-constant values spliced into the SQL. */
  readonly values: readonly string[];
  /** When the build reached the sink through a variable. */
  readonly via?: string;
}

/** What findSqlBuild needs besides the node: the context and whether a piece of text counts as SQL for this sink. */
interface Env {
  readonly ctx: RuleContext;
  readonly looksSql: (text: string) => boolean;
}

export const sqlInjection: Rule = {
  id: 'sql-injection',
  title: 'SQL built from non-constant strings',
  cwe: ['CWE-89'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A SQL statement is assembled with string interpolation or concatenation and passed to a query call.',
  help: `Building SQL by pasting values into the query text lets whoever controls a value rewrite the query:
read other users' rows, bypass a login, or drop tables (SQL injection, CWE-89). ORMs do not help when their raw-query
escape hatches (\`knex.raw\`, Sequelize \`query\`, Prisma \`$queryRawUnsafe\`, SQLAlchemy \`text()\`) receive a formatted string.

**Fix:** keep the SQL text constant and pass the values as parameters: \`$1\` (pg), \`?\` (mysql, sqlite, knex),
\`%s\` (psycopg, PyMySQL), or a tagged template such as Prisma's \`$queryRaw\`\`...\`\`. Identifiers that cannot be
parameters (table or column names) must come from an allow-list.

Vulnerable:
\`\`\`js
db.query(\`SELECT * FROM users WHERE email = '\${req.body.email}'\`);
\`\`\`
Safe:
\`\`\`js
db.query('SELECT * FROM users WHERE email = $1', [req.body.email]);
\`\`\``,
  visitors: jsAndPython({ call_expression: checkCall }, { call: checkCall }),
};

function checkCall(call: Node, ctx: RuleContext): void {
  const name = sinkName(call);
  if (!name) return;
  const kind = sinkKind(call, name, ctx); // cheap Set look-ups first: most calls stop here
  if (!kind || (kind === 'sql' && !mayHoldSql(ctx.text))) return;
  // Tagged templates (sql`...`, prisma.$queryRaw`...`) are parameterised by the tag.
  const argsNode = call.childForFieldName('arguments');
  if (argsNode?.type === 'template_string') return;
  const first = sqlArgument(call, argsNode, ctx);
  if (!first) return;
  const build = findSqlBuild(first, { ctx, looksSql: SHAPE_TESTS[kind] }, 0);
  if (!build) return;
  const sink = dottedName(callee(call)) ?? name;
  const shown = build.values.slice(0, 3).map((v) => `\`${clip(v)}\``).join(', ');
  const via = build.via ? ` (through \`${build.via}\`)` : '';
  ctx.report(build.via ? first : build.node, {
    message: `SQL built with ${build.how} from ${shown}${via} is passed to \`${sink}\`: whoever controls ${build.values.length > 1 ? 'these values' : 'this value'} can rewrite the query (SQL injection). Pass values as query parameters instead.`,
    // a query assembled in a variable is less certain to be SQL we read right, unless its input is visibly request data
    confidence: build.via && !requestSource(first, ctx, 'sql') ? 'medium' : 'high',
    fixes: build.via ? [] : parameteriseFix(call, first, build, ctx),
  });
}

/**
 * The callee, seen through tree-sitter-typescript's reading of `await prisma.$queryRaw<T>(...)`
 * as a call of `await prisma.$queryRaw`.
 */
function callee(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'await_expression' ? fn.namedChildren[0] : fn;
}

function sinkName(call: Node): string | undefined {
  const name = calleeName(call);
  if (name) return name;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'await_expression') return undefined;
  const inner = fn.namedChildren[0];
  return inner?.type === 'member_expression' ? inner.childForFieldName('property')?.text : inner?.type === 'identifier' ? inner.text : undefined;
}

/** Whether a call named `name` is a SQL sink, and how it reads its argument. */
function sinkKind(call: Node, name: string, ctx: RuleContext): SinkKind | undefined {
  if (RAW_SQL_SINKS.has(name)) return 'raw';
  if (GENERIC_SQL_SINKS.has(name)) return 'sql';
  if (ctx.language === 'python') {
    if (PY_GENERIC_SQL_SINKS.has(name)) return 'sql';
    // Only SQLAlchemy's text() is raw SQL; any other `text(...)` (st.text, widgets) must look like SQL.
    if (name === 'text') return isSqlAlchemyText(call, ctx) ? 'raw' : 'sql';
    return undefined;
  }
  if (CONDITION_SINKS.has(name)) return 'condition';
  if (name === 'literal' && isSequelizeLiteral(call, ctx)) return 'raw';
  return undefined;
}

/** The argument holding the SQL: the first positional one, pg's `{ text: ... }` config, or Python `query=`/`sql=`. */
function sqlArgument(call: Node, args: Node | null, ctx: RuleContext): Node | undefined {
  if (!args || args.type === 'generator_expression') return undefined; // f(x for x in y)
  const first = args.namedChildren.find((c) => c !== null && c.type !== 'comment' && c.type !== 'keyword_argument') ?? undefined;
  if (ctx.language === 'python') {
    if (first) return first;
    for (const k of SQL_KEYWORDS) {
      const v = keywordArg(call, k);
      if (v) return v;
    }
    return undefined;
  }
  if (first?.type === 'object') {
    const text = first.namedChildren.find((p) => p?.type === 'pair' && /^['"]?text['"]?$/.test(p.childForFieldName('key')?.text ?? ''));
    return text?.childForFieldName('value') ?? undefined;
  }
  return first;
}

/** `text(...)` imported from SQLAlchemy, or `sqlalchemy.text` / `sa.text` / `<alias of sqlalchemy>.text`. */
function isSqlAlchemyText(call: Node, ctx: RuleContext): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') {
    return importsSqlAlchemyText(ctx.text);
  }
  const owner = fn?.type === 'attribute' ? dottedName(fn.childForFieldName('object')) : undefined;
  if (!owner) return false;
  if (owner === 'sqlalchemy' || owner === 'sa' || owner.startsWith('sqlalchemy.')) return true;
  return pythonImports(ctx.text).modules.get(owner) === 'sqlalchemy';
}

/** `Sequelize.literal(...)`, `sequelize.literal(...)`, `db.Sequelize.literal(...)`, or `literal` imported from sequelize. */
function isSequelizeLiteral(call: Node, ctx: RuleContext): boolean {
  const fn = dottedName(call.childForFieldName('function'));
  if (fn === 'literal') return importsModule(ctx.text, ctx.language, 'sequelize');
  return !!fn && /(?:^|\.)sequelize\.literal$/i.test(fn);
}

// ---------------------------------------------------------------------------------------------------------------
// Finding the SQL build
// ---------------------------------------------------------------------------------------------------------------

/**
 * The SQL-building expression behind `expr`, if it splices in values that are not known to be safe.
 * `self` is the variable being resolved (`sql = sql + ...`): its own name in the build is the accumulated SQL, not a value.
 */
function findSqlBuild(expr: Node, env: Env, depth: number, self?: string): SqlBuild | undefined {
  const n = unwrap(expr);
  switch (n.type) {
    case 'template_string':
    case 'string': // Python f-string
    case 'concatenated_string': {
      // Python "..." f"..."
      const spliced = splicedValues(n, env.ctx, self);
      if (!spliced.length || !env.looksSql(shapeText(n, env.ctx, 0) ?? '')) return undefined;
      const values = spliced.filter((v) => !isSafeValue(v, env.ctx, 0));
      if (!values.length) return undefined;
      return { node: n, how: n.type === 'template_string' ? 'a template literal' : 'an f-string', values: values.map((v) => v.text) };
    }
    case 'binary_expression':
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op === '+') return concatenation(n, env, self);
      if (op === '%' && env.ctx.language === 'python') return percentFormat(n, env);
      return undefined;
    }
    case 'call':
      return strFormat(n, env);
    case 'identifier':
      return throughVariable(n, env, depth);
    default:
      return undefined;
  }
}

/** `'SELECT ... ' + id`, `base + \` WHERE id = ${id}\``, `sql = sql + ...`. */
function concatenation(n: Node, env: Env, self: string | undefined): SqlBuild | undefined {
  const { ctx } = env;
  const parts = flattenPlus(n);
  const isSelf = (p: Node) => !!self && p.type === 'identifier' && p.text === self;
  const spliced = parts.filter((p) => !isSelf(p)).flatMap((p) => splicedValues(p, ctx, self));
  if (!spliced.length) return undefined;
  const texts = parts.map((p) => shapeText(p, ctx, 0));
  // some part must be text (a literal, or a variable holding one): `a + b` of two unknowns is not string building
  if (!parts.some((p, i) => isStringish(p) || (p.type === 'identifier' && texts[i] !== undefined))) return undefined;
  if (!env.looksSql(texts.map((t) => t ?? '${}').join(' '))) return undefined;
  const values = spliced.filter((v) => !isSafeValue(v, ctx, 0));
  if (!values.length) return undefined;
  return { node: n, how: 'string concatenation', values: values.map((v) => v.text) };
}

/** Python `"... %s" % value` / `q % (a, b)` with a constant SQL template. */
function percentFormat(n: Node, env: Env): SqlBuild | undefined {
  const { ctx } = env;
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  if (!left || !right || !ctx.flow.isConstant(left) || !env.looksSql(shapeText(left, ctx, 0) ?? '')) return undefined;
  const r = unwrap(right);
  const values = r.type === 'tuple' ? r.namedChildren.flatMap((c) => (c && c.type !== 'comment' ? unsafeValues(c, ctx) : [])) : unsafeValues(r, ctx);
  return values.length ? { node: n, how: '%-formatting', values: values.map((v) => v.text) } : undefined;
}

/** Python `"... {}".format(value)` / `q.format(value)` with a constant SQL template. */
function strFormat(n: Node, env: Env): SqlBuild | undefined {
  const { ctx } = env;
  const fn = n.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return undefined;
  const template = fn.childForFieldName('object');
  if (!template || !ctx.flow.isConstant(template) || !env.looksSql(shapeText(template, ctx, 0) ?? '')) return undefined;
  const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  const values = args
    .map((a) => (a.type === 'keyword_argument' ? a.childForFieldName('value') : a))
    .flatMap((v) => (v ? unsafeValues(v, ctx) : []));
  return values.length ? { node: n, how: 'str.format', values: values.map((v) => v.text) } : undefined;
}

/** `cur.execute(query)` where `query` was built earlier in the same function (or appended to with `+=`). */
function throughVariable(n: Node, env: Env, depth: number): SqlBuild | undefined {
  if (depth >= 2) return undefined;
  const { ctx } = env;
  const values = ctx.flow.valuesOf(n.text, n);
  // `sql += ...` pieces are SQL when any other binding of the variable is.
  const sqlVar = values.some((v) => !isAugmented(v) && SQL_SHAPE.test(shapeText(v, ctx, 1) ?? ''));
  const appendEnv: Env = sqlVar ? { ctx, looksSql: () => true } : env;
  for (const v of values) {
    const right = isAugmented(v) && v.childForFieldName('operator')?.text === '+=' ? v.childForFieldName('right') : undefined;
    const inner = isAugmented(v) ? right && findSqlBuild(right, appendEnv, depth + 1, n.text) : findSqlBuild(v, env, depth + 1, n.text);
    if (inner) return { ...inner, via: n.text };
  }
  return undefined;
}

function isAugmented(n: Node): boolean {
  return n.type.startsWith('augmented');
}

function flattenPlus(n: Node): Node[] {
  const u = unwrap(n);
  if ((u.type === 'binary_expression' || u.type === 'binary_operator') && u.childForFieldName('operator')?.text === '+') {
    const l = u.childForFieldName('left');
    const r = u.childForFieldName('right');
    return [...(l ? flattenPlus(l) : []), ...(r ? flattenPlus(r) : [])];
  }
  return [u];
}

const STRINGISH = new Set(['string', 'template_string', 'concatenated_string']);

function isStringish(n: Node): boolean {
  return STRINGISH.has(n.type);
}

/** The expressions interpolated into a template literal, an f-string or an implicit concatenation of f-strings. */
function substitutions(str: Node): Node[] {
  if (str.type === 'concatenated_string') return str.namedChildren.flatMap((c) => (c ? substitutions(c) : []));
  const out: Node[] = [];
  for (const c of str.namedChildren) {
    const type = c?.type;
    if (type === 'template_substitution') {
      const e = c!.namedChildren[0];
      if (e) out.push(e);
    } else if (type === 'interpolation') {
      const e = c!.childForFieldName('expression') ?? c!.namedChildren[0];
      if (e) out.push(e);
    }
  }
  return out;
}

/**
 * The non-constant values spliced in by a piece of SQL building (cheap: the value model caches constants).
 * Callers test the SQL shape before the costlier isSafeValue (numbers, placeholder lists, allow-lists).
 */
function splicedValues(n: Node, ctx: RuleContext, self?: string): Node[] {
  const u = unwrap(n);
  if (isStringish(u)) return substitutions(u).filter((e) => !(self && e.type === 'identifier' && e.text === self) && !ctx.flow.isConstant(e));
  return ctx.flow.isConstant(u) ? [] : [u];
}

/** The values in a piece of SQL building that are not known to be safe (constant, numeric, a placeholder list, allow-listed). */
function unsafeValues(n: Node, ctx: RuleContext): Node[] {
  return splicedValues(n, ctx).filter((v) => !isSafeValue(v, ctx, 0));
}

/**
 * Text to test for SQL shape: literals as written, variables resolved to the text they are bound to (so
 * `q = "SELECT ..."; q % x` and `base + ...` are recognised). Undefined when nothing textual is known.
 * Unresolvable parts of a concatenation read as `${}`.
 */
function shapeText(n: Node, ctx: RuleContext, depth: number): string | undefined {
  const u = unwrap(n);
  switch (u.type) {
    case 'template_string':
    case 'string':
    case 'concatenated_string': {
      let text = u.text;
      // `${base} WHERE ...`: the SQL may start in a variable
      if (depth < 2) for (const e of substitutions(u)) if (e.type === 'identifier') text += ` ${shapeText(e, ctx, depth + 1) ?? ''}`;
      return text;
    }
    case 'number':
    case 'integer':
    case 'float':
      return u.text;
    case 'identifier': {
      if (depth >= 2) return undefined;
      const texts = ctx.flow.valuesOf(u.text, u).map((v) => shapeText(v, ctx, depth + 1)).filter((t): t is string => t !== undefined);
      return texts.length ? texts.join(' ') : undefined;
    }
    case 'augmented_assignment_expression':
    case 'augmented_assignment': {
      const right = u.childForFieldName('right');
      return right ? shapeText(right, ctx, depth) : undefined;
    }
    case 'binary_expression':
    case 'binary_operator': {
      const op = u.childForFieldName('operator')?.text;
      if (op === '%') {
        const left = u.childForFieldName('left');
        return left ? shapeText(left, ctx, depth) : undefined;
      }
      if (op !== '+') return undefined;
      const texts = flattenPlus(u).map((p) => shapeText(p, ctx, depth));
      return texts.some((t) => t !== undefined) ? texts.map((t) => t ?? '${}').join(' ') : undefined;
    }
    case 'call': {
      const fn = u.childForFieldName('function');
      const obj = fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' ? fn.childForFieldName('object') : null;
      return obj ? shapeText(obj, ctx, depth) : undefined;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Values that cannot carry SQL
// ---------------------------------------------------------------------------------------------------------------

const JS_NUMERIC_CALLS = new Set(['Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'BigInt']);
const PY_NUMERIC_CALLS = new Set(['int', 'float', 'len', 'round', 'abs']);
/** JS operators whose result is always a number (or boolean), whatever the operands. */
const JS_NUMERIC_OPS = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
/** Python operators that raise on strings instead of producing one. */
const PY_NUMERIC_OPS = new Set(['-', '/', '//']);

/**
 * True when the value cannot carry SQL syntax: a constant, a number (`Number(x)`, `parseInt(x) || 10`, `int(x)`),
 * or a list of placeholders (`ids.map(() => '?').join(',')`, `",".join("?" * len(ids))`). Variables are followed
 * a few levels through their bindings.
 */
function isSafeValue(node: Node, ctx: RuleContext, depth: number, assumed: ReadonlySet<string> = new Set()): boolean {
  const n = unwrap(node);
  if (ctx.flow.isConstant(n)) return true;
  if (depth > 3) return false;
  const safe = (c: Node | null) => !!c && isSafeValue(c, ctx, depth + 1, assumed);
  const py = ctx.language === 'python';
  switch (n.type) {
    case 'identifier': {
      // `count = count + 1`: a variable is safe when all its bindings are, given that it is itself
      if (assumed.has(n.text)) return true;
      const values = ctx.flow.valuesOf(n.text, n);
      const inner = new Set(assumed).add(n.text);
      if (values.length > 0 && values.every((v) => isSafeValue(v, ctx, depth + 1, inner))) return true;
      return isGuarded(n, ctx);
    }
    case 'augmented_assignment_expression':
    case 'augmented_assignment':
      // the name's other bindings are checked on their own; this one adds only its right-hand side
      return safe(n.childForFieldName('right'));
    case 'call_expression':
    case 'call':
      return isSafeCall(n, ctx, depth);
    case 'update_expression': // i++
      return true;
    case 'template_string':
    case 'string':
    case 'concatenated_string':
      // `WHERE ${clauses.join(' AND ')}` built from safe pieces
      return substitutions(n).every((e) => safe(e));
    case 'member_expression':
    case 'attribute':
      // deployment configuration is not attacker input: process.env.USERS_TABLE
      return n.text.startsWith('process.env.') || isLocalArrayLength(n, ctx) || isGuarded(n, ctx);
    case 'subscript_expression': {
      // SORT_COLUMNS[req.query.sort], process.env['TABLE']
      const obj = n.childForFieldName('object');
      return obj?.text === 'process.env' || isConstantCollection(obj, ctx, 0);
    }
    case 'subscript': {
      // Python SORT_COLUMNS[sort], os.environ["TABLE"]
      const obj = n.childForFieldName('value');
      return obj?.text === 'os.environ' || isConstantCollection(obj, ctx, 0);
    }
    case 'unary_expression': {
      const op = n.childForFieldName('operator')?.text;
      return op === '+' || op === '-' || op === '!' || op === '~' || op === 'typeof';
    }
    case 'binary_expression':
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text ?? '';
      if (!py && JS_NUMERIC_OPS.has(op)) return true;
      if (py && PY_NUMERIC_OPS.has(op)) return true;
      return (op === '+' || op === '*' || op === '||' || op === '??') && safe(n.childForFieldName('left')) && safe(n.childForFieldName('right'));
    }
    case 'boolean_operator': // Python `a or b`
      return safe(n.childForFieldName('left')) && safe(n.childForFieldName('right'));
    case 'ternary_expression':
      return safeChoice(n.childForFieldName('condition'), n.childForFieldName('consequence'), n.childForFieldName('alternative'), safe, ctx);
    case 'conditional_expression': // Python `a if c else b`
      return safeChoice(n.namedChildren[1], n.namedChildren[0], n.namedChildren[2], safe, ctx);
    default:
      return false;
  }
}

/**
 * `c ? a : b` is safe when both branches are, or when the condition tests the chosen branch against an
 * allow-list: `SORTABLE.includes(sort) ? sort : 'id'`, `sort if sort in ALLOWED else "id"`.
 */
function safeChoice(cond: Node | null, yes: Node | null, no: Node | null, safe: (n: Node | null) => boolean, ctx: RuleContext): boolean {
  if (!yes || !no) return false;
  const test = cond ? membershipTest(cond, ctx) : undefined;
  const allowed = test && (test.negated ? no : yes);
  const other = allowed === yes ? no : yes;
  if (allowed && unwrap(allowed).text === test.subject) return safe(other);
  return safe(yes) && safe(no);
}

/** `X.includes(v)`, `X.has(v)`, `X.indexOf(v) !== -1`, Python `v in X` (and their negations) for a constant collection X. */
function membershipTest(node: Node, ctx: RuleContext): { subject: string; negated: boolean } | undefined {
  const n = unwrap(node);
  const flip = (t: { subject: string; negated: boolean } | undefined) => t && { subject: t.subject, negated: !t.negated };
  switch (n.type) {
    case 'unary_expression': {
      const arg = n.childForFieldName('argument');
      return n.childForFieldName('operator')?.text === '!' && arg ? flip(membershipTest(arg, ctx)) : undefined;
    }
    case 'not_operator': {
      const arg = n.childForFieldName('argument');
      return arg ? flip(membershipTest(arg, ctx)) : undefined;
    }
    case 'call_expression': {
      const name = calleeName(n);
      const fn = n.childForFieldName('function');
      const arg = positionalArgs(n)[0];
      if ((name !== 'includes' && name !== 'has') || fn?.type !== 'member_expression' || !arg) return undefined;
      return isConstantCollection(fn.childForFieldName('object'), ctx, 0) ? { subject: unwrap(arg).text, negated: false } : undefined;
    }
    case 'binary_expression': {
      // X.indexOf(v) === -1 / !== -1 / < 0 / >= 0
      const left = unwrap(n.childForFieldName('left') ?? n);
      const op = n.childForFieldName('operator')?.text ?? '';
      const right = n.childForFieldName('right')?.text.replace(/\s/g, '');
      const fn = left.type === 'call_expression' ? left.childForFieldName('function') : null;
      const arg = left.type === 'call_expression' ? positionalArgs(left)[0] : undefined;
      if (calleeName(left) !== 'indexOf' || fn?.type !== 'member_expression' || !arg || !isConstantCollection(fn.childForFieldName('object'), ctx, 0)) return undefined;
      const absent = ((op === '===' || op === '==') && right === '-1') || (op === '<' && right === '0');
      const present = ((op === '!==' || op === '!=') && right === '-1') || (op === '>=' && right === '0') || (op === '>' && right === '-1');
      return absent || present ? { subject: unwrap(arg).text, negated: absent } : undefined;
    }
    case 'comparison_operator': {
      // Python `v in X` / `v not in X`
      const [subject, collection] = n.namedChildren;
      const ops = n.children.filter((c) => c && !c.isNamed).map((c) => c!.text).join(' ');
      if (!subject || !collection || n.namedChildren.length !== 2 || (ops !== 'in' && ops !== 'not in')) return undefined;
      return isConstantCollection(collection, ctx, 0) ? { subject: subject.text, negated: ops === 'not in' } : undefined;
    }
    default:
      return undefined;
  }
}

const FUNCTION_SCOPES = new Set([
  'program', 'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function',
  'module', 'function_definition', 'lambda',
]);
const BLOCKS = new Set(['statement_block', 'block', 'program', 'module']);
/** How many earlier statements per block are examined (keeps long top-level scripts linear). */
const LOOK_BACK = 30;

/**
 * Whether the value was validated by the statements before its use, walking back through the enclosing blocks of
 * its function (the value model is flow-insensitive, so it cannot tell this itself):
 * - an allow-list guard that leaves or resets: `if (!SORTABLE.includes(sort)) return res.sendStatus(400);`,
 *   `if sort not in ALLOWED: abort(400)`;
 * - the nearest earlier unconditional assignment is safe: `sort = sort if sort in ALLOWED else "id"`.
 */
function isGuarded(value: Node, ctx: RuleContext): boolean {
  const name = value.text;
  if (!mentionsAllowListTest(ctx.text, name)) return false; // cheap: most values are never tested
  for (let node: Node = value; node.parent && !FUNCTION_SCOPES.has(node.type); node = node.parent) {
    if (!BLOCKS.has(node.parent.type)) continue;
    let budget = LOOK_BACK;
    for (let stmt = node.previousNamedSibling; stmt && budget-- > 0; stmt = stmt.previousNamedSibling) {
      if (!stmt.text.includes(name)) continue;
      const assigned = assignedValue(stmt, name);
      if (assigned !== undefined) return !!assigned && isSafeValue(assigned, ctx, 2);
      if (stmt.type === 'if_statement' && isAllowListGuard(stmt, name, ctx)) return true;
      if (reassigns(stmt, name)) return false; // rebound conditionally, in a loop...
    }
  }
  return false;
}

/** Whether the file tests `name` for membership anywhere: `.includes(name)`, `.has(name)`, `.indexOf(name)`, `name in`. */
const mentionsAllowListTest = perTextKey((text, name) => {
  const n = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?:includes|has|indexOf)\\(\\s*${n}\\s*\\)|(?<![\\w.])${n}\\s+(?:not\\s+)?in\\b`).test(text);
});

const importsSqlAlchemyText = perText((text) => /^[ \t]*from[ \t]+sqlalchemy(?:\.[\w.]+)?[ \t]+import[ \t]+(?:\([^)]*|[^\n]*)\btext\b/m.test(text));

/** `name = value` / `let name = value` as a whole statement: the value (null when not a simple binding); undefined otherwise. */
function assignedValue(stmt: Node, name: string): Node | null | undefined {
  if (stmt.type === 'lexical_declaration' || stmt.type === 'variable_declaration') {
    const decl = stmt.namedChildren.find((d) => d?.type === 'variable_declarator' && d.childForFieldName('name')?.text === name);
    return decl ? decl.childForFieldName('value') : undefined;
  }
  const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : null;
  if ((expr?.type === 'assignment' || expr?.type === 'assignment_expression') && expr.childForFieldName('left')?.text === name) {
    return expr.childForFieldName('right');
  }
  return undefined;
}

function isAllowListGuard(stmt: Node, name: string, ctx: RuleContext): boolean {
  const cond = stmt.childForFieldName('condition');
  const test = cond && membershipTest(cond, ctx);
  if (!test || !test.negated || test.subject !== name) return false;
  const body = stmt.childForFieldName('consequence');
  return !!body && (exits(body) || reassigns(body, name));
}

function exits(body: Node): boolean {
  if (body.descendantsOfType(['return_statement', 'throw_statement', 'raise_statement']).length) return true;
  return body.descendantsOfType(['call', 'call_expression']).some((c) => c && calleeName(c) === 'abort'); // Flask abort(400)
}

function reassigns(body: Node, name: string): boolean {
  return body.descendantsOfType(['assignment', 'assignment_expression']).some((a) => a?.childForFieldName('left')?.text === name);
}

/**
 * A literal collection of constants, or a name bound only to such: `['name', 'price']`, `new Set([...])`,
 * `{ newest: 'created_at DESC' }`, `Object.keys(SORTS)`, Python dict/set/list/tuple, `frozenset({...})`.
 */
function isConstantCollection(node: Node | null, ctx: RuleContext, depth: number): boolean {
  if (!node || depth > 2) return false;
  const n = unwrap(node);
  const items = () => n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  switch (n.type) {
    case 'identifier':
      return namedList(n, ctx, depth, (v) => isConstantCollection(v, ctx, depth + 1));
    case 'array':
    case 'list':
    case 'tuple':
    case 'set':
      return items().every((c) => ctx.flow.isConstant(c));
    case 'object':
    case 'dictionary':
      return items().every((c) => c.type === 'pair' && ctx.flow.isConstant(c.childForFieldName('value')));
    case 'new_expression': {
      // new Set([...]), new Map([[k, v], ...])
      const ctor = n.childForFieldName('constructor')?.text;
      const args = positionalArgs(n);
      return (ctor === 'Set' || ctor === 'Map') && args.length === 1 && isConstantCollection(args[0], ctx, depth + 1);
    }
    case 'call_expression':
    case 'call': {
      const fn = dottedName(n.childForFieldName('function'));
      const args = positionalArgs(n);
      if (fn === 'Object.freeze' || fn === 'Object.keys' || fn === 'Object.values' || fn === 'frozenset' || fn === 'set' || fn === 'tuple') {
        return args.length === 1 && isConstantCollection(args[0], ctx, depth + 1);
      }
      // Python SORTS.keys()
      const f = n.childForFieldName('function');
      return f?.type === 'attribute' && /^(?:keys|values)$/.test(f.childForFieldName('attribute')?.text ?? '') && isConstantCollection(f.childForFieldName('object'), ctx, depth + 1);
    }
    default:
      return false;
  }
}

/** Methods whose result derives only from the receiver and arguments (checked only for these: it costs value look-ups). */
const PURE_METHODS = new Set(['join', 'get', 'toUpperCase', 'toLowerCase', 'upper', 'lower', 'trim', 'strip', 'concat', 'slice', 'substring', 'replace']);
const PY_ENV_CALLS = new Set(['os.getenv', 'getenv', 'os.environ.get']);

/** A call whose result cannot carry SQL: numeric, environment, a driver's escaping, a list of placeholders, constants. */
function isSafeCall(call: Node, ctx: RuleContext, depth: number): boolean {
  const py = ctx.language === 'python';
  const fnNode = call.childForFieldName('function');
  const fn = dottedName(fnNode) ?? '';
  if (py ? PY_NUMERIC_CALLS.has(fn) || PY_ENV_CALLS.has(fn) : JS_NUMERIC_CALLS.has(fn) || fn.startsWith('Math.')) return true;
  if (py && fn === 'str') return isNumericStr(call, ctx, depth);
  const method = fnNode?.type === 'member_expression' || fnNode?.type === 'attribute' ? calleeName(call) ?? '' : '';
  if (isSqlEscape(call, method, fnNode)) return true;
  if (!PURE_METHODS.has(method)) return false;
  return isConstantMethodCall(call, ctx) || (method === 'join' && isSafeList(call, ctx, depth));
}

/** A method of constants with constant arguments: `COLUMNS.join(', ')`, `", ".join(FIELDS)`, `SORTS.get(key, "id")`. */
function isConstantMethodCall(call: Node, ctx: RuleContext): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression' && fn?.type !== 'attribute') return false;
  const owner = fn.childForFieldName('object');
  if (!owner || !isFixed(owner, ctx)) return false;
  if (call.childForFieldName('arguments')?.type === 'generator_expression') return false; // ", ".join(str(i) for i in ids)
  const args = positionalArgs(call);
  // a lookup in a constant map yields one of its values whatever the key: SORTS.get(key, "id")
  if (calleeName(call) === 'get') return args.slice(1).every((a) => ctx.flow.isConstant(a));
  return args.every((a) => isFixed(a, ctx));
}

const MUTABLE_LITERALS = new Set(['array', 'list', 'set']);

/**
 * A constant, or a collection of constants, that nothing adds to: the value model does not see
 * `where.push(\`name = '${name}'\`)`, so a name bound to `[]` must also pass isConstantCollection's push check.
 */
function isFixed(node: Node, ctx: RuleContext): boolean {
  const n = unwrap(node);
  if (n.type === 'identifier' && ctx.flow.valuesOf(n.text, n).some((v) => MUTABLE_LITERALS.has(unwrap(v).type))) return isConstantCollection(n, ctx, 0);
  return ctx.flow.isConstant(n) || isConstantCollection(n, ctx, 0);
}

/** Receivers whose `escape` is an HTML/URL escape, not a SQL one. */
const NON_SQL_ESCAPERS = new Set(['_', 'lodash', 'validator', 'he', 'html', 'entities', 'encoder', 'querystring', 'qs', 'React']);

/**
 * A driver's SQL escaping: `connection.escape(v)`, `mysql.escapeId(col)`, `client.escapeLiteral(v)`,
 * `SqlString.escape(v)`, PyMySQL `conn.escape_string(v)` / `conn.literal(v)`, psycopg `quote_ident(v, cur)`.
 */
function isSqlEscape(call: Node, name: string, fn: Node | null): boolean {
  if (name === 'escape_string' || name === 'quote_ident' || name === 'escapeLiteral' || name === 'escapeIdentifier' || name === 'escapeId') return true;
  if (name !== 'escape' && name !== 'literal') return false;
  const owner = fn?.type === 'member_expression' || fn?.type === 'attribute' ? fn.childForFieldName('object')?.text : undefined;
  return !!owner && !NON_SQL_ESCAPERS.has(owner) && (name === 'escape' || fn?.type === 'attribute');
}

/** Python `str(<safe value>)`: `str(int(x))`. */
function isNumericStr(call: Node, ctx: RuleContext, depth: number): boolean {
  const args = positionalArgs(call);
  return args.length === 1 && isSafeValue(args[0], ctx, depth + 1);
}

/** `params.length` where `params` is a local array (`const params = []`): the `$${params.length}` placeholder idiom. */
function isLocalArrayLength(n: Node, ctx: RuleContext): boolean {
  const obj = n.childForFieldName('object');
  if (n.childForFieldName('property')?.text !== 'length' || obj?.type !== 'identifier') return false;
  const values = ctx.flow.valuesOf(obj.text, obj).filter((v) => !isAdderCall(v, obj.text));
  return values.length > 0 && values.every((v) => v.type === 'array');
}

/**
 * A joined list whose items cannot carry SQL: placeholders (`xs.map(() => '?').join(',')`,
 * `",".join(["%s"] * len(xs))`) or numbers (`ids.map(Number).join(',')`, `",".join(str(int(i)) for i in ids)`).
 */
function isSafeList(call: Node, ctx: RuleContext, depth: number): boolean {
  const fn = call.childForFieldName('function');
  if (!fn || calleeName(call) !== 'join') return false;
  const owner = fn.childForFieldName('object');
  if (!owner) return false;
  if (ctx.language === 'python') {
    // ", ".join(items): the separator is the owner, the items the argument
    const args = call.childForFieldName('arguments');
    const items = args?.type === 'generator_expression' ? args : positionalArgs(call)[0];
    return ctx.flow.isConstant(owner) && !!items && isSafeItems(items, ctx, depth);
  }
  return isSafeItems(owner, ctx, depth);
}

const JS_NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'Math.round', 'Math.floor', 'Math.trunc', 'Math.abs']);

/** An array/list/iterable whose elements are all placeholders or numbers. */
function isSafeItems(node: Node, ctx: RuleContext, depth: number): boolean {
  const n = unwrap(node);
  if (depth > 3) return false;
  switch (n.type) {
    case 'identifier':
      return namedList(n, ctx, depth, (v) => isSafeItems(v, ctx, depth + 1));
    case 'binary_operator': {
      // ["?"] * len(ids), "?" * len(ids): repeats a constant
      if (n.childForFieldName('operator')?.text !== '*') return false;
      return ctx.flow.isConstant(n.childForFieldName('left')) || ctx.flow.isConstant(n.childForFieldName('right'));
    }
    case 'generator_expression':
    case 'list_comprehension': {
      // "?" for _ in ids, str(int(i)) for i in ids
      const body = n.childForFieldName('body');
      return !!body && isSafeValue(body, ctx, depth + 1);
    }
    case 'call': {
      // map(int, ids), map(str, <safe items>)
      const args = positionalArgs(n);
      if (n.childForFieldName('function')?.text !== 'map' || args.length !== 2) return false;
      const f = args[0].text;
      return f === 'int' || f === 'float' || (f === 'str' && isSafeItems(args[1], ctx, depth + 1));
    }
    case 'call_expression': {
      // ids.map(cb), Array.from(xs, cb), Array(n).fill('?'), xs.filter(...) of safe items
      const name = calleeName(n);
      const args = positionalArgs(n);
      const receiver = n.childForFieldName('function')?.childForFieldName('object');
      if (name === 'fill') return args.length === 1 && ctx.flow.isConstant(args[0]);
      if (name === 'map' && args.length === 1) return isSafeCallback(args[0], ctx, depth);
      if (name === 'from' && dottedName(n.childForFieldName('function')) === 'Array.from' && args.length === 2) return isSafeCallback(args[1], ctx, depth);
      if ((name === 'filter' || name === 'slice') && receiver) return isSafeItems(receiver, ctx, depth + 1);
      return false;
    }
    default:
      return false;
  }
}

/**
 * A name bound only to list literals filled in place (judged as an accumulator), or else only to values that pass
 * `each`. The flow model records `xs.push(…)` / `xs.append(…)` as bindings of xs; the accumulator check reads them.
 */
function namedList(n: Node, ctx: RuleContext, depth: number, each: (v: Node) => boolean): boolean {
  const all = ctx.flow.valuesOf(n.text, n);
  const values = all.filter((v) => !isAdderCall(v, n.text));
  if (values.length > 0 && values.every((v) => MUTABLE_LITERALS.has(unwrap(v).type))) return isSafeAccumulator(n.text, values, ctx, depth);
  if (values.length !== all.length) return false;
  return values.length > 0 && values.every(each);
}

const LIST_ADDERS = new Set(['push', 'unshift', 'append', 'insert', 'extend', 'add']);

/** `name.push(…)`, `name.append(…)`. */
function isAdderCall(v: Node, name: string): boolean {
  if (v.type !== 'call_expression' && v.type !== 'call') return false;
  const fn = v.childForFieldName('function');
  const obj = fn?.childForFieldName('object');
  const prop = fn?.childForFieldName('property') ?? fn?.childForFieldName('attribute');
  return obj?.text === name && !!prop && LIST_ADDERS.has(prop.text);
}

/**
 * A list filled in place with safe items: the dynamic-filter idiom
 * `const where = []; if (name) { params.push(name); where.push(\`name = $${params.length}\`); } ... where.join(' AND ')`,
 * `conditions.append("name = %s")`. Every literal and every push/append in the function must be safe.
 */
function isSafeAccumulator(name: string, literals: readonly Node[], ctx: RuleContext, depth: number): boolean {
  const key = literals[0].id;
  if (accumulatorsInProgress.has(key)) return false; // ALLOWED.push(ALLOWED.includes(x) ? x : 'a')
  accumulatorsInProgress.add(key);
  try {
    return accumulatesSafely(name, literals, ctx, depth);
  } finally {
    accumulatorsInProgress.delete(key);
  }
}

const accumulatorsInProgress = new Set<number>();

function accumulatesSafely(name: string, literals: readonly Node[], ctx: RuleContext, depth: number): boolean {
  const items = (list: Node) => list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (!literals.every((l) => items(l).every((c) => isSafeValue(c, ctx, depth + 1)))) return false;
  const scope = enclosingFunction(literals[0]);
  if (!scope) return false;
  for (const call of callsOn(scope, ctx).get(name) ?? []) {
    const method = calleeName(call) ?? '';
    if (!LIST_ADDERS.has(method)) continue;
    const args = positionalArgs(call);
    const ok = method === 'extend' ? args.every((a) => isSafeItems(a, ctx, depth + 1) || isSafeAccumulatorLiteral(a, ctx, depth)) : args.every((a) => isSafeValue(a, ctx, depth + 1));
    if (!ok) return false;
  }
  return true;
}

/** Per tree and scope node: its method calls by receiver (`where.push(…)` under "where"), in source order. */
const callsCache = new WeakMap<object, Map<number, ReadonlyMap<string, Node[]>>>();

function callsOn(scope: Node, ctx: RuleContext): ReadonlyMap<string, Node[]> {
  let perScope = callsCache.get(ctx.tree);
  if (!perScope) callsCache.set(ctx.tree, (perScope = new Map()));
  let byReceiver = perScope.get(scope.id);
  if (!byReceiver) {
    const index = new Map<string, Node[]>();
    for (const call of scope.descendantsOfType(['call_expression', 'call'])) {
      const fn = call?.childForFieldName('function');
      if (!call || (fn?.type !== 'member_expression' && fn?.type !== 'attribute')) continue;
      const receiver = fn.childForFieldName('object')?.text;
      if (receiver === undefined) continue;
      const list = index.get(receiver);
      if (list) list.push(call);
      else index.set(receiver, [call]);
    }
    perScope.set(scope.id, (byReceiver = index));
  }
  return byReceiver;
}

function isSafeAccumulatorLiteral(n: Node, ctx: RuleContext, depth: number): boolean {
  const u = unwrap(n);
  return (u.type === 'list' || u.type === 'array') && u.namedChildren.every((c) => !c || c.type === 'comment' || isSafeValue(c, ctx, depth + 1));
}

function enclosingFunction(n: Node): Node | null {
  let p = n.parent;
  while (p && !FUNCTION_SCOPES.has(p.type)) p = p.parent;
  return p;
}

/** A map callback whose results cannot carry SQL: `Number`, `(x) => parseInt(x, 10)`, or one making placeholders. */
function isSafeCallback(node: Node, ctx: RuleContext, depth: number): boolean {
  const cb = unwrap(node);
  if (JS_NUMBER_FUNCTIONS.has(dottedName(cb) ?? '')) return true;
  if (isPlaceholderCallback(cb, ctx)) return true;
  const body = callbackResult(cb);
  return !!body && isSafeValue(body, ctx, depth + 1);
}

/** The returned expression of `x => expr`, `function (x) { return expr; }`. */
function callbackResult(cb: Node): Node | null {
  if (cb.type !== 'arrow_function' && cb.type !== 'function_expression' && cb.type !== 'function') return null;
  const body = cb.childForFieldName('body');
  if (body?.type !== 'statement_block') return body;
  const stmts = body.namedChildren.filter((c) => c?.type !== 'comment');
  return stmts.length === 1 && stmts[0]?.type === 'return_statement' ? stmts[0].namedChildren[0] : null;
}

/**
 * `() => '?'`, `(_, i) => \`$${i + 1}\``: a callback that returns a constant, or a template built only from
 * the index parameters (never the element, the first parameter, which is the data).
 */
function isPlaceholderCallback(cb: Node, ctx: RuleContext): boolean {
  const body = callbackResult(cb);
  if (!body) return false;
  if (ctx.flow.isConstant(body)) return true;
  const params = cb.childForFieldName('parameters') ?? cb.childForFieldName('parameter');
  const names = params ? (params.type === 'identifier' ? [params] : params.descendantsOfType('identifier')).map((p) => p?.text) : [];
  const indexParams = new Set(names.slice(1));
  const b = unwrap(body);
  if (b.type !== 'template_string') return false;
  return substitutions(b).every((e) => isIndexArithmetic(e, indexParams));
}

/** `i`, `i + 1`, `(i + 1) * 2`: numbers and the given parameters combined arithmetically. */
function isIndexArithmetic(n: Node, params: ReadonlySet<string | undefined>): boolean {
  switch (n.type) {
    case 'number':
      return true;
    case 'identifier':
      return params.has(n.text);
    case 'parenthesized_expression':
      return n.namedChildren.length === 1 && isIndexArithmetic(n.namedChildren[0]!, params);
    case 'binary_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      return /^[-+*/%]$/.test(n.childForFieldName('operator')?.text ?? '') && !!l && !!r && isIndexArithmetic(l, params) && isIndexArithmetic(r, params);
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Quick fix: constant SQL with placeholders
// ---------------------------------------------------------------------------------------------------------------

type Style = '$n' | '?' | '%s';
/** How the parameters are passed: `[a, b]`, `{ replacements: [a, b] }` (Sequelize), `(a, b)` (DB-API), `a, b` (asyncpg). */
type ParamList = 'array' | 'replacements' | 'tuple' | 'spread';
type Parameterisation = { readonly style: Style; readonly list: ParamList } | { readonly style: 'tagged' };

const PRISMA_RAW = new Set(['$queryRawUnsafe', '$executeRawUnsafe', '$queryRaw', '$executeRaw']);
const ASYNCPG_METHODS = new Set(['execute', 'fetch', 'fetchrow', 'fetchval']);
/** JS drivers by module: placeholder style, and the methods that take `(sql, params)` (not prepare/exec: no parameter list). */
const JS_DRIVERS: ReadonlyArray<{ module: string; style: Style | 'sequelize'; methods: readonly string[] }> = [
  { module: 'pg', style: '$n', methods: ['query'] },
  { module: 'pg-promise', style: '$n', methods: ['query', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone', 'result'] },
  { module: 'postgres', style: '$n', methods: ['unsafe'] },
  { module: 'mysql', style: '?', methods: ['query'] },
  { module: 'mysql2', style: '?', methods: ['query', 'execute'] },
  { module: 'sqlite3', style: '?', methods: ['run', 'all', 'get', 'each'] },
  { module: 'better-sqlite3', style: '?', methods: [] }, // db.prepare(sql).get(params)
  { module: 'sequelize', style: 'sequelize', methods: ['query'] }, // ? placeholders, passed as { replacements }
];
const PY_DRIVERS: ReadonlyArray<[string, Style]> = [
  ['sqlite3', '?'], ['aiosqlite', '?'],
  ['psycopg2', '%s'], ['psycopg', '%s'], ['pymysql', '%s'], ['MySQLdb', '%s'], ['mysql.connector', '%s'], ['pgdb', '%s'],
  ['asyncpg', '$n'],
];

function parameteriseFix(call: Node, first: Node, build: SqlBuild, ctx: RuleContext): Fix[] {
  const str = unwrap(first);
  if (str !== build.node || positionalArgs(call).length !== 1) return [];
  const python = ctx.language === 'python';
  if (python ? str.type !== 'string' : str.type !== 'template_string') return [];
  const fn = call.childForFieldName('function');
  const how = parameterisation(call, sinkName(call) ?? '', ctx);
  if (!fn || !how) return [];
  const rewritten = placeholderSql(str, how.style, ctx);
  if (!rewritten) return [];
  if (how.style === 'tagged') {
    // prisma.$queryRawUnsafe(`...`) / prisma.$queryRaw(`...`) → prisma.$queryRaw`...`; constants kept inline would become parameters
    if (rewritten.keptConstants) return [];
    const typeArgs = call.childForFieldName('type_arguments')?.text ?? '';
    const tag = fn.text.replace(/\$(query|execute)RawUnsafe$/, '$$$1Raw') + typeArgs;
    return [{ title: `Use the tagged template ${tag}\`...\` (values become parameters)`, edits: [replaceNode(call, tag + rewritten.sql)], isPreferred: true }];
  }
  const values = rewritten.values.join(', ');
  const params =
    how.list === 'tuple' ? `(${values}${rewritten.values.length === 1 ? ',' : ''})`
    : how.list === 'spread' ? values
    : how.list === 'replacements' ? `{ replacements: [${values}] }`
    : `[${values}]`;
  const edits = [replaceNode(first, `${rewritten.sql}, ${params}`)];
  return [{ title: `Use query parameters (${how.style === '$n' ? '$1, $2…' : how.style})`, edits, isPreferred: true }];
}

/** How this call takes parameters, if that can be told from the call and the file's imports. */
function parameterisation(call: Node, name: string, ctx: RuleContext): Parameterisation | undefined {
  if (ctx.language === 'python') {
    const style = onlyStyle(PY_DRIVERS.filter(([m]) => pythonImportsModule(ctx.text, m)).map(([, s]) => s));
    if (style === '$n') return ASYNCPG_METHODS.has(name) ? { style, list: 'spread' } : undefined;
    return style && name === 'execute' ? { style, list: 'tuple' } : undefined; // not executemany (list of tuples), executescript, text()
  }
  if (PRISMA_RAW.has(name)) return { style: 'tagged' };
  const fn = callee(call);
  if (name === 'raw' || /^\w+Raw$/.test(name)) {
    // knex (? for every client); not drizzle's sql.raw(), which takes no parameters
    return fn?.type === 'member_expression' && fn.childForFieldName('object')?.text !== 'sql' ? { style: '?', list: 'array' } : undefined;
  }
  const drivers = jsDrivers(ctx);
  if (!drivers.style || !drivers.methods.has(name)) return undefined;
  return drivers.style === 'sequelize' ? { style: '?', list: 'replacements' } : { style: drivers.style, list: 'array' };
}

interface JsDrivers {
  /** The placeholder style all imported drivers agree on. */
  readonly style: Style | 'sequelize' | undefined;
  readonly methods: ReadonlySet<string>;
}
let jsDriversCache: { text: string; drivers: JsDrivers } | undefined;

/** The JS database drivers the file imports (cached: several findings per file ask). */
function jsDrivers(ctx: RuleContext): JsDrivers {
  if (jsDriversCache?.text !== ctx.text) {
    const used = JS_DRIVERS.filter((d) => importsModule(ctx.text, ctx.language, d.module));
    const drivers = { style: onlyStyle(used.map((d) => d.style)), methods: new Set(used.flatMap((d) => d.methods)) };
    jsDriversCache = { text: ctx.text, drivers };
  }
  return jsDriversCache.drivers;
}

/** The one style all imported drivers agree on; undefined when there are none or they disagree. */
function onlyStyle<T>(styles: readonly T[]): T | undefined {
  return styles.length > 0 && styles.every((s) => s === styles[0]) ? styles[0] : undefined;
}

/** Before a spliced value: it is a single SQL value here (`= `, `LIKE `, `LIMIT `, inside `VALUES (...)`). */
const VALUE_POSITION = /(?:[=<>])\s*$|\b(?:i?like|limit|offset)\s+$/i;

/**
 * Rewrites the interpolated string into SQL text with placeholders; undefined when that is not safe to do
 * mechanically (a value in an identifier or list position, or inside a longer SQL literal). Constant
 * substitutions stay inline (`${TABLE}`); every other one must be a single value.
 */
function placeholderSql(str: Node, style: Style | 'tagged', ctx: RuleContext): { sql: string; values: string[]; keptConstants: boolean } | undefined {
  const python = ctx.language === 'python';
  const base = str.startIndex;
  const src = str.text;
  const opening = python ? str.namedChildren.find((c) => c?.type === 'string_start') : undefined;
  const closing = python ? str.namedChildren.find((c) => c?.type === 'string_end') : undefined;
  if (python && (!opening || !closing)) return undefined;
  const contentStart = opening ? opening.endIndex - base : 1;
  const contentEnd = closing ? closing.startIndex - base : src.length - 1;
  if (/\\['"`]/.test(src.slice(contentStart, contentEnd))) return undefined; // escaped quotes: the SQL quoting is not what it looks like
  const subs = str.namedChildren.filter((c): c is Node => c?.type === (python ? 'interpolation' : 'template_substitution'));
  // pieces of the new string body: literal SQL text (re-escaped below for Python) or code kept verbatim
  const pieces: Array<{ text: string; literal: boolean }> = [];
  const values: string[] = [];
  let sqlSoFar = ''; // the SQL before the current position, with spliced values read as `0`
  let keptConstants = false;
  let pos = contentStart;
  for (const sub of subs) {
    const expr = python ? sub.childForFieldName('expression') : sub.namedChildren[0];
    if (!expr || (python && sub.namedChildren.length > 1)) return undefined; // !r conversions, :format specs
    let chunk = src.slice(pos, sub.startIndex - base);
    let after = sub.endIndex - base;
    if (ctx.flow.isConstant(expr)) {
      pieces.push({ text: chunk, literal: true }, { text: sub.text, literal: false });
      sqlSoFar += `${chunk}0`;
      keptConstants = true;
      pos = after;
      continue;
    }
    // '${x}' as a whole SQL string literal: the quotes go, the value becomes a parameter
    const prev = sub.startIndex - base > contentStart ? src.charAt(sub.startIndex - base - 1) : '';
    const quoted = (prev === "'" || prev === '"') && after < contentEnd && src.charAt(after) === prev;
    if (quoted) {
      chunk = chunk.slice(0, -1);
      after += 1;
    }
    const before = sqlSoFar + chunk;
    if (insideQuotes(before)) return undefined; // e.g. VALUES ('User ${name} logged in')
    if (!quoted && !VALUE_POSITION.test(before) && !inValuesList(before)) return undefined; // ORDER BY ${col}, IN (${list}), WHERE ${cond}
    const next = after < contentEnd ? src.charAt(after) : '';
    if (next && !/[\s),;]/.test(next)) return undefined; // part of a longer token: = ${a}${b}, LIKE ${q}%
    values.push(expr.text);
    const placeholder = style === 'tagged' ? `\${${expr.text}}` : style === '$n' ? `$${values.length}` : style;
    pieces.push({ text: chunk, literal: true }, { text: placeholder, literal: false });
    sqlSoFar = `${before}0`;
    pos = after;
  }
  if (!values.length) return undefined;
  pieces.push({ text: src.slice(pos, contentEnd), literal: true });
  if (!python) return { sql: `\`${pieces.map((p) => p.text).join('')}\``, values, keptConstants };
  // Python: drop the f prefix (and its {{ }} escapes) unless constants stay interpolated; %s drivers need %% for %.
  const prefix = /^[a-zA-Z]*/.exec(opening!.text)![0];
  const literal = (s: string) => {
    const unbraced = keptConstants ? s : s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    return style === '%s' ? unbraced.replace(/%/g, '%%') : unbraced;
  };
  const body = pieces.map((p) => (p.literal ? literal(p.text) : p.text)).join('');
  const newPrefix = keptConstants ? prefix : prefix.replace(/[fF]/g, '');
  return { sql: newPrefix + opening!.text.slice(prefix.length) + body + closing!.text, values, keptConstants };
}

/** True when the end of `sql` is inside a quoted SQL literal or quoted identifier. */
function insideQuotes(sql: string): boolean {
  let quote = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    }
  }
  return quote !== '';
}

/** True when `sql` ends at the start of an item of a `VALUES (...)[, (...)]` list: after `(` or `,` at depth 1. */
function inValuesList(sql: string): boolean {
  if (!/[(,]\s*$/.test(sql)) return false;
  let start = -1;
  for (const m of sql.matchAll(/\bvalues\s*\(/gi)) start = m.index + m[0].length;
  if (start < 0) return false;
  let depth = 1;
  let quote = '';
  for (const ch of sql.slice(start)) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (depth === 0 && !/[\s,]/.test(ch)) {
      return false; // the VALUES list ended: `VALUES (...) RETURNING ...`
    }
  }
  return depth === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Python imports (local: `import os, sqlite3` and aliases, which api.ts importsModule does not read)
// ---------------------------------------------------------------------------------------------------------------

function pythonImportsModule(text: string, module: string): boolean {
  return pythonImports(text).all.has(module);
}
