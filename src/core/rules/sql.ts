import type { Node } from 'web-tree-sitter';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './api';
import { calleeName, clip, dottedName, importsModule, positionalArgs, replaceNode, unwrap } from './api';

/** Call names that always take raw SQL: any non-constant interpolation is reported. */
const RAW_SQL_SINKS = new Set([
  '$queryRawUnsafe', '$executeRawUnsafe', '$queryRaw', '$executeRaw', // Prisma
  'raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'joinRaw', 'selectRaw', 'groupByRaw', 'fromRaw', // knex
  'unsafe', // postgres.js
  'text', // SQLAlchemy
  'executescript', 'read_sql', 'read_sql_query', // sqlite3, pandas
]);
/** Generic call names (also used for non-SQL things): reported only when the string looks like SQL. */
const GENERIC_SQL_SINKS = new Set(['query', 'execute', 'executemany', 'exec', 'run', 'all', 'get', 'each', 'prepare', 'many', 'one', 'none', 'any', 'oneOrNone', 'manyOrNone']);

const SQL_SHAPE =
  /\b(?:select\b[\s\S]{0,400}?\bfrom\b|insert\s+(?:or\s+\w+\s+)?into\b|update\s+[\w."`[\]]+\s+set\b|delete\s+from\b|replace\s+into\b|merge\s+into\b|(?:create|drop)\s+(?:table|index|view|database|schema)\b|alter\s+table\b|truncate\s+table\b|where\s+[\w."`[\]]+\s*(?:=|<|>|!=|\blike\b|\bin\b|\bis\b))/i;

interface SqlBuild {
  /** The string-building expression (template literal, f-string, concatenation, % or .format). */
  readonly node: Node;
  readonly how: string;
  /** Source text of the non-constant values spliced into the SQL. */
  readonly values: readonly string[];
  /** When the build reached the sink through a variable. */
  readonly via?: string;
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
  visitors: {
    javascript: { call_expression: checkCall },
    typescript: { call_expression: checkCall },
    tsx: { call_expression: checkCall },
    python: { call: checkCall },
  },
};

function checkCall(call: Node, ctx: RuleContext): void {
  const name = calleeName(call);
  if (!name) return;
  const raw = RAW_SQL_SINKS.has(name);
  if (!raw && !GENERIC_SQL_SINKS.has(name)) return;
  if (name === 'text' && ctx.language !== 'python') return;
  // Tagged templates (sql`...`, prisma.$queryRaw`...`) are parameterised by the tag.
  const argsNode = call.childForFieldName('arguments');
  if (argsNode?.type === 'template_string') return;
  const first = positionalArgs(call)[0];
  if (!first) return;
  const build = findSqlBuild(first, ctx, raw, 0);
  if (!build) return;
  const sink = dottedName(call.childForFieldName('function')) ?? name;
  const shown = build.values.slice(0, 3).map((v) => `\`${clip(v)}\``).join(', ');
  const via = build.via ? ` (through \`${build.via}\`)` : '';
  ctx.report(build.via ? first : build.node, {
    message: `SQL built with ${build.how} from ${shown}${via} is passed to \`${sink}\`: whoever controls ${build.values.length > 1 ? 'these values' : 'this value'} can rewrite the query (SQL injection). Pass values as query parameters instead.`,
    confidence: build.via ? 'medium' : 'high',
    fixes: build.via ? [] : parameteriseFix(call, first, build, ctx),
  });
}

function findSqlBuild(expr: Node, ctx: RuleContext, raw: boolean, depth: number): SqlBuild | undefined {
  const n = unwrap(expr);
  const looksSql = (text: string) => raw || SQL_SHAPE.test(text);
  const flow = ctx.flow;
  switch (n.type) {
    case 'template_string': {
      const values = n.namedChildren
        .filter((c): c is Node => c?.type === 'template_substitution')
        .map((c) => c.namedChildren[0])
        .filter((e): e is Node => !!e && !flow.isConstant(e));
      return values.length && looksSql(n.text) ? { node: n, how: 'a template literal', values: values.map((v) => v.text) } : undefined;
    }
    case 'string': {
      // Python f-string
      const values = n.namedChildren
        .filter((c): c is Node => c?.type === 'interpolation')
        .map((c) => c.childForFieldName('expression') ?? c.namedChildren[0])
        .filter((e): e is Node => !!e && !flow.isConstant(e));
      return values.length && looksSql(n.text) ? { node: n, how: 'an f-string', values: values.map((v) => v.text) } : undefined;
    }
    case 'binary_expression':
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op === '+') {
        const parts = flattenPlus(n);
        const nonConst = parts.filter((p) => !flow.isConstant(p));
        const literalText = parts.filter((p) => flow.isConstant(p)).map((p) => p.text).join(' ');
        if (nonConst.length && parts.some((p) => isStringish(p)) && looksSql(literalText)) {
          return { node: n, how: 'string concatenation', values: nonConst.map((v) => v.text) };
        }
        return undefined;
      }
      if (op === '%' && ctx.language === 'python') {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (left && right && flow.isConstant(left) && looksSql(left.text) && !flow.isConstant(right)) {
          return { node: n, how: '%-formatting', values: [right.text] };
        }
      }
      return undefined;
    }
    case 'call': {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') {
        const template = fn.childForFieldName('object');
        const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
        const values = args.map((a) => (a.type === 'keyword_argument' ? a.childForFieldName('value') : a)).filter((v): v is Node => !!v && !flow.isConstant(v));
        if (template && flow.isConstant(template) && looksSql(template.text) && values.length) {
          return { node: n, how: 'str.format', values: values.map((v) => v.text) };
        }
      }
      return undefined;
    }
    case 'identifier': {
      if (depth >= 2) return undefined;
      const values = flow.valuesOf(n.text, n);
      // `sql += ...` pieces are SQL when any other binding of the variable is.
      const sqlVar = raw || values.some((v) => !v.type.startsWith('augmented') && SQL_SHAPE.test(v.text));
      for (const v of values) {
        const inner = v.type.startsWith('augmented') ? appendedSql(v, ctx, sqlVar, depth) : findSqlBuild(v, ctx, raw, depth + 1);
        if (inner) return { ...inner, via: n.text };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `sql += \` AND x = '${v}'\`` where `sql` holds SQL. */
function appendedSql(stmt: Node, ctx: RuleContext, sqlVar: boolean, depth: number): SqlBuild | undefined {
  const right = stmt.childForFieldName('right');
  if (!right || stmt.childForFieldName('operator')?.text !== '+=') return undefined;
  return findSqlBuild(right, ctx, sqlVar, depth + 1);
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

function isStringish(n: Node): boolean {
  return n.type === 'string' || n.type === 'template_string' || n.type === 'concatenated_string';
}

type Style = '$n' | '?' | '%s';

/** The placeholder style of the database library this file uses, if it can be told. */
function placeholderStyle(name: string, ctx: RuleContext): Style | undefined {
  const uses = (m: string) => importsModule(ctx.text, ctx.language, m);
  if (ctx.language === 'python') {
    if (uses('sqlite3')) return '?';
    if (['psycopg2', 'psycopg', 'pymysql', 'MySQLdb', 'mysql.connector', 'pgdb'].some(uses)) return '%s';
    return undefined;
  }
  if (/Raw$/.test(name) || name === 'raw') return '?'; // knex
  if (uses('pg') || uses('pg-promise')) return '$n';
  if (['mysql', 'mysql2', 'sqlite3', 'better-sqlite3', 'sequelize'].some(uses)) return '?';
  return undefined;
}

/** Rewrites the interpolated string into constant SQL text with placeholders; undefined when that is not safe to do mechanically. */
function placeholderSql(str: Node, style: Style | 'tagged', python: boolean): { sql: string; values: string[] } | undefined {
  const base = str.startIndex;
  const src = str.text;
  const subs = str.namedChildren.filter((c): c is Node => c?.type === (python ? 'interpolation' : 'template_substitution'));
  if (!subs.length) return undefined;
  let out = '';
  let pos = 0;
  const values: string[] = [];
  const opening = python ? str.namedChildren.find((c) => c?.type === 'string_start') : undefined;
  const closing = python ? str.namedChildren.find((c) => c?.type === 'string_end') : undefined;
  const contentStart = opening ? opening.endIndex - base : 1;
  const contentEnd = closing ? closing.startIndex - base : src.length - 1;
  for (const sub of subs) {
    const expr = python ? sub.childForFieldName('expression') ?? sub.namedChildren[0] : sub.namedChildren[0];
    if (!expr || (python && sub.namedChildren.length > 1)) return undefined; // !r conversions, :format specs
    let chunk = src.slice(pos, sub.startIndex - base);
    let after = sub.endIndex - base;
    // Characters next to the value inside the string body (the string's own delimiters do not count).
    const prev = sub.startIndex - base > contentStart ? chunk.slice(-1) : '';
    const next = after < contentEnd ? src.charAt(after) : '';
    if ((prev === "'" || prev === '"') && next === prev) {
      chunk = chunk.slice(0, -1);
      after += 1;
    } else if (/['"%\w]/.test(prev) || /['"%\w]/.test(next)) {
      return undefined; // value is part of a larger literal, e.g. LIKE '%${q}%'
    }
    values.push(expr.text);
    const placeholder = style === 'tagged' ? `\${${expr.text}}` : style === '$n' ? `$${values.length}` : style;
    out += chunk + placeholder;
    pos = after;
  }
  out += src.slice(pos);
  if (python) {
    const m = /^([rRbBuUfF]*)(['"]{1,3})/.exec(out);
    if (!m) return undefined;
    const prefix = m[1].replace(/[fF]/g, '');
    let body = out.slice(m[0].length).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    if (style === '%s') body = body.replace(/%(?!s)/g, '%%');
    out = prefix + m[2] + body;
  }
  return { sql: out, values };
}

function parameteriseFix(call: Node, first: Node, build: SqlBuild, ctx: RuleContext): Fix[] {
  const str = unwrap(first);
  if (str !== build.node || positionalArgs(call).length !== 1) return [];
  const python = ctx.language === 'python';
  if (python ? str.type !== 'string' : str.type !== 'template_string') return [];
  const name = calleeName(call) ?? '';
  const fn = call.childForFieldName('function');
  if (!python && (name === '$queryRawUnsafe' || name === '$executeRawUnsafe') && fn) {
    const rewritten = placeholderSql(str, 'tagged', false);
    if (!rewritten) return [];
    const tag = fn.text.replace(/\$(query|execute)RawUnsafe$/, '$$$1Raw');
    return [{ title: `Use the tagged template ${tag}\`...\` (values become parameters)`, edits: [replaceNode(call, tag + rewritten.sql)], isPreferred: true }];
  }
  const style = placeholderStyle(name, ctx);
  if (!style) return [];
  const rewritten = placeholderSql(str, style, python);
  if (!rewritten) return [];
  const list = python
    ? `(${rewritten.values.join(', ')}${rewritten.values.length === 1 ? ',' : ''})`
    : `[${rewritten.values.join(', ')}]`;
  const second = !python && name === 'query' && importsModule(ctx.text, ctx.language, 'sequelize') ? `{ replacements: ${list} }` : list;
  const edits = [replaceNode(first, `${rewritten.sql}, ${second}`)];
  return [{ title: `Use query parameters (${style === '$n' ? '$1, $2…' : style})`, edits, isPreferred: true }];
}
