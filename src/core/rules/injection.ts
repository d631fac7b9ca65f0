import type { Node } from 'web-tree-sitter';
import type { Confidence, Fix } from '../types';
import type { Rule, RuleContext } from './api';
import { calleeName, clip, dottedName, importsModule, insertAt, jsAndPython, keywordArg, keywordArgNode, mentions, perText, positionalArgs, pythonImports, replaceNode, unwrap } from './api';
import { enclosingFunction, isClientSource, isOperatorInput, isRouteHandler, requestSource, type SinkKind } from './taint';

/** File-level text facts (cached per text through `mentions`, so sessions see them as facts). */
const mentionsSanitiser = mentions(/express-mongo-sanitize|\.use\(\s*mongoSanitize\(|sanitizeFilter['"]?\s*[,:]\s*true|\bsanitizeFilter\s*\(/);
const mentionsFsImport = mentions(/(?:require\(\s*|from\s+|import\s*\(\s*)['"](?:node:)?(?:fs|fs\/promises|fs-extra|graceful-fs)['"]/);
const mentionsFileFrameworks = mentions(/flask|starlette|fastapi|django/);
const mentionsNodeHttp = mentions(/['"](node:)?https?['"]/);
const mentionsClientFactory = mentions(/axios\.create|got\.extend|ky\.create/);
const mentionsNextNavigation = mentions(/['"]next\/navigation['"]/);
const mentionsLocationWord = mentions(/location/i);
const mentionsRedirectFrameworks = mentions(/flask|django|fastapi|starlette|quart/);
const mentionsMarkupWord = mentions(/\b(markupsafe|flask|jinja2)\b/);
const mentionsMarkup = mentions(/flask|markupsafe|jinja2/);
const mentionsFlaskWord = mentions(/\bflask\b|\bquart\b/);

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------------------

/** The callee of a JS call/new expression as dotted text (`fs.promises.readFile`), or undefined. */
function jsCallee(call: Node): string | undefined {
  const fn = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  const d = dottedName(fn);
  if (d || fn?.type !== 'member_expression') return d;
  // res.status(200).send(...) → "res.send"
  const root = chainRoot(fn.childForFieldName('object'));
  const prop = fn.childForFieldName('property')?.text;
  return root && prop ? `${root.text}.${prop}` : undefined;
}

/** The fully qualified name of a Python callee, resolving import aliases (`from flask import redirect as r` → flask.redirect). */
function pyCallee(call: Node, ctx: RuleContext): string | undefined {
  const name = dottedName(call.childForFieldName('function'));
  if (!name) return undefined;
  const { modules, names } = pythonImports(ctx.text);
  const [head, ...rest] = name.split('.');
  if (rest.length === 0) return names.get(head) ?? name;
  const module = modules.get(head) ?? names.get(head) ?? head;
  return [module, ...rest].join('.');
}

let lastCall: { node: Node; last: string } | undefined;

/**
 * The last segment of a call's callee (`res.status(200).send` → send; Python names through `from x import y as z`),
 * cached for the node the engine is visiting: every call-visitor here asks first, so most calls cost one look-up.
 */
function calleeLast(call: Node, ctx: RuleContext): string {
  if (lastCall?.node === call) return lastCall.last;
  // calleeName (shared by all rules, cached per node) is the identifier, or the member's property / attribute
  let last = calleeName(call) ?? '';
  if (last && ctx.language === 'python') {
    const imported = pythonImports(ctx.text).names.get(last);
    if (imported !== undefined && call.childForFieldName('function')?.type === 'identifier') last = imported.split('.').pop() ?? last;
  }
  lastCall = { node: call, last };
  return last;
}

function lastPart(name: string | undefined): string {
  return name?.split('.').pop() ?? '';
}

/** The identifier a member/call chain starts from: `res.status(400).send` → res. */
function chainRoot(n: Node | null): Node | undefined {
  let cur = n;
  while (cur) {
    if (cur.type === 'identifier') return cur;
    if (cur.type === 'member_expression' || cur.type === 'attribute') cur = cur.childForFieldName('object');
    else if (cur.type === 'call_expression' || cur.type === 'call') cur = cur.childForFieldName('function');
    else if (cur.type === 'parenthesized_expression' || cur.type === 'await_expression') cur = cur.namedChildren[0];
    else return undefined;
  }
  return undefined;
}

/** Whether `id` names the response object of a JS route handler (its second parameter, or res/response/reply). */
function isResponseObject(id: Node | undefined, ctx: RuleContext): boolean {
  if (!id) return false;
  if (/^(res|response|reply|resp)$/.test(id.text)) return true;
  const fn = enclosingFunction(id);
  if (!fn || !isRouteHandler(fn, ctx)) return false;
  const params = fn.childForFieldName('parameters');
  const second = params?.namedChildren.filter((c) => c && c.type !== 'comment')[1];
  return !!second && (second.childForFieldName('pattern') ?? second).text === id.text;
}

type Part = { readonly text: string } | { readonly expr: Node };

/** The literal text and substituted expressions of a template literal or Python f-string, in order. */
function stringParts(n: Node, contentType: string, substitutionType: string): Part[] {
  const out: Part[] = [];
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === contentType || c.type === 'escape_sequence') out.push({ text: c.text });
    else if (c.type === substitutionType && c.namedChildren[0]) out.push({ expr: c.namedChildren[0] });
  }
  return out;
}

/**
 * A string-building expression as a sequence of literal text and embedded expressions: template literals, `+`
 * chains, f-strings, `"%s" % x`, `"{}".format(x)`. Identifiers with one plain binding are looked through (one level
 * per call, up to a small depth) so `const url = \`https://x/${id}\`; fetch(url)` is seen whole.
 */
function parts(expr: Node, ctx: RuleContext, depth = 0): Part[] {
  const n = unwrap(expr);
  if (depth > 4) return [{ expr: n }];
  switch (n.type) {
    case 'string':
      // a Python string may be an f-string; a JS string has no substitutions
      return ctx.language === 'python' ? stringParts(n, 'string_content', 'interpolation') : [{ text: n.text.slice(1, -1) }];
    case 'template_string':
      return stringParts(n, 'string_fragment', 'template_substitution');
    case 'concatenated_string':
      return n.namedChildren.flatMap((c) => (c ? parts(c, ctx, depth + 1) : []));
    case 'binary_expression':
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      if (!l || !r) return [{ expr: n }];
      if (op === '+') return [...parts(l, ctx, depth + 1), ...parts(r, ctx, depth + 1)];
      if (op === '%' && ctx.language === 'python' && unwrap(l).type === 'string') {
        const args = unwrap(r).type === 'tuple' ? unwrap(r).namedChildren.filter((c): c is Node => !!c) : [r];
        return fillPlaceholders(parts(l, ctx, depth + 1), /%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx]/g, args);
      }
      return [{ expr: n }];
    }
    case 'call': {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' && unwrap(fn.childForFieldName('object')!).type === 'string') {
        const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment').map((c) => (c.type === 'keyword_argument' ? c.childForFieldName('value')! : c));
        return fillPlaceholders(parts(fn.childForFieldName('object')!, ctx, depth + 1), /\{[^{}]*\}/g, args);
      }
      return [{ expr: n }];
    }
    case 'identifier': {
      const values = ctx.flow.valuesOf(n.text, n);
      if (values.length === 1 && !(values[0].startIndex <= n.startIndex && values[0].endIndex >= n.endIndex)) return parts(values[0], ctx, depth + 1);
      return [{ expr: n }];
    }
    default:
      return [{ expr: n }];
  }
}

/** Splits literal parts at format placeholders and slots the arguments in, in order (last argument reused). */
function fillPlaceholders(ps: Part[], placeholder: RegExp, args: Node[]): Part[] {
  const out: Part[] = [];
  let i = 0;
  for (const p of ps) {
    if (!('text' in p)) {
      out.push(p);
      continue;
    }
    let last = 0;
    for (const m of p.text.matchAll(placeholder)) {
      out.push({ text: p.text.slice(last, m.index) });
      const a = args[Math.min(i++, args.length - 1)];
      if (a) out.push({ expr: a });
      last = (m.index ?? 0) + m[0].length;
    }
    out.push({ text: p.text.slice(last) });
  }
  return out;
}

/**
 * Whether text appended to `prefix` can still choose the host a URL points to: nothing yet, a scheme with a partial
 * host (`https://`, `https://api.` or `https://api.example.com` with no `/` after it: `@evil.com` changes the host), or
 * `/` alone (`'/' + '/evil.com'` is protocol-relative).
 */
function hostOpen(prefix: string): boolean {
  const p = prefix.trimStart();
  if (p === '' || p === '/' || p === '//' || p === '\\') return true;
  return /^[a-z][a-z0-9+.-]*:\/*[^/?#\\]*$/i.test(p);
}

/**
 * The request source that controls the host (or the whole) of a URL built by `expr`, or undefined when the start of
 * the URL is fixed: `https://api.example.com/users/${id}` and `/profile?tab=${tab}` are fine; `${req.query.url}`,
 * `https://${req.query.host}/x` and `new URL(req.query.u, base)` are not.
 */
function hostSource(expr: Node, ctx: RuleContext, kind: SinkKind): string | undefined {
  const n = unwrap(expr);
  // the whole value must be request-derived for this sink (guards such as an allow-list check end it here)
  if (!requestSource(n, ctx, kind)) return undefined;
  // new URL(input, base) / urljoin(base, input): an absolute input replaces the base
  if ((n.type === 'new_expression' || n.type === 'call_expression' || n.type === 'call') && /^(URL|url\.resolve|urljoin|urllib\.parse\.urljoin|parse\.urljoin)$/.test((ctx.language === 'python' ? pyCallee(n, ctx) : jsCallee(n)) ?? '')) {
    for (const a of positionalArgs(n)) {
      const s = hostSource(a, ctx, kind);
      if (s) return s;
    }
    return undefined;
  }
  let prefix = '';
  for (const p of parts(n, ctx)) {
    if ('text' in p) {
      prefix += p.text;
      continue;
    }
    if (!hostOpen(prefix)) return undefined;
    const s = requestSource(p.expr, ctx, kind);
    if (s) return s;
    // a non-request value (config base URL) fixes the start of the URL
    if (!ctx.flow.isConstant(p.expr)) return undefined;
    prefix += '?'; // a constant of unknown text: assume it fixes nothing more
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// nosql-injection
// ---------------------------------------------------------------------------------------------------------------

const MONGO_METHODS = new Set([
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'findOneAndRemove', 'updateOne', 'updateMany', 'update', 'deleteOne', 'deleteMany', 'remove',
  'countDocuments', 'count', 'exists', 'replaceOne', 'where', 'distinct',
]);
const PY_MONGO_METHODS = new Set(['find', 'find_one', 'find_one_and_update', 'find_one_and_delete', 'find_one_and_replace', 'update_one', 'update_many', 'delete_one', 'delete_many', 'count_documents', 'replace_one', 'distinct', 'objects']);
/** Keys of ORM option objects (Sequelize, Prisma, TypeORM): a `where` object there is not a Mongo filter. */
const ORM_KEYS = /^(where|select|include|data|attributes|order|orderBy|relations|take|skip)$/;
/** Field names whose values are strings, so `String(value)` keeps the query's meaning. */
const STRING_FIELDS = /^(email|e_?mail|username|user_?name|login|password|pass|passwd|token|reset_?token|api_?key|code|slug|handle|phone|name|nickname)$/i;

export const nosqlInjection: Rule = {
  id: 'nosql-injection',
  title: 'MongoDB query built from request data',
  cwe: ['CWE-943'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A MongoDB/Mongoose/PyMongo filter comes straight from the request, a filter value from a JSON body or query string can be an operator object, or `$where`/`$regex` takes non-constant input.',
  help: `MongoDB filters are objects, and so are parsed JSON bodies and Express query strings (\`?password[$ne]=x\`).
When a request value is used as a filter value, an attacker sends \`{ "$ne": null }\` instead of a string and the
query matches every document: \`findOne({ email, password })\` logs in without a password (NoSQL operator injection,
CWE-943). A whole filter taken from the request (\`User.find(req.body)\`) lets the client query any field. \`$where\`
runs JavaScript on the server, and \`$regex\` from input lets a client match everything or send a catastrophic pattern.

**Fix:** coerce values to the type you expect (\`String(req.body.email)\`, \`str(...)\`), validate the body with a schema
(zod/joi \`parse\`, pydantic), use \`$eq\`, or strip \`$\` keys with \`express-mongo-sanitize\`/\`mongo-sanitize\`. Never build
\`$where\`; escape user text before using it in \`$regex\`.

Reported with **high** confidence when a request-derived value (followed from \`req.body\`, \`req.query\`,
\`request.get_json()\` etc. within the function) is matched against a secret-like field (password, token, key, code:
an authentication bypass), when the whole filter comes from the request, and for \`$regex\` from input. Any other
equality field (\`findOne({ email: req.query.email })\`, \`deleteMany({ slug: req.body.slug })\`) is reported with
**medium** confidence: the client can still send \`{ "$ne": null }\` or \`{ "$gt": "" }\` and pick, enumerate or delete
documents it did not name. A \`typeof x === 'string'\` / \`isinstance(x, str)\` check in the function, \`String(...)\`,
a schema \`parse\`, \`$eq\` or mongo-sanitize keeps it quiet. Route parameters, headers, Flask
\`request.args\`/\`request.form\` values and f-strings are always strings, so they are not reported unless parsed as JSON.
\`$where\` with a non-constant string that is not visibly request-derived is reported with **medium** confidence.

Vulnerable:
\`\`\`js
const user = await User.findOne({ email: req.body.email, password: req.body.password });
\`\`\`
Safe:
\`\`\`js
const user = await User.findOne({ email: String(req.body.email) });
\`\`\``,
  visitors: jsAndPython({ call_expression: checkNosqlJs }, { call: checkNosqlPy }),
};

/** Request values that are always strings (route params, headers, form fields), so they cannot carry `$` operators. */
function stringOnlySource(label: string, py: boolean): boolean {
  if (py) return /^(request|req|self\.request)\.(args|form|values|headers|cookies|GET|POST|COOKIES|META|path|url|query_string|view_args)\b/.test(label) || label.startsWith('route parameter') || label === 'input()' || label.startsWith('sys.argv');
  return /\.(params|headers|cookies|url|originalUrl|path|hostname|ip|get\(\)|header\(\)|param\(\))\b/.test(label) || /^(location|window|document|process\.argv)/.test(label) || label.includes('searchParams') || label === 'URLSearchParams';
}

/** `JSON.parse(req.query.filter)`, `json.loads(request.args["q"])` (directly or through a variable): a string source made an object. */
function parsesJson(v: Node, ctx: RuleContext, depth = 0): boolean {
  const n = unwrap(v);
  if (/\b(JSON\.parse|json\.loads|loads|qs\.parse|querystring\.parse|ujson\.loads|orjson\.loads)\s*\(/.test(n.text)) return true;
  if (depth > 2) return false;
  if (n.type === 'member_expression' || n.type === 'subscript' || n.type === 'subscript_expression' || n.type === 'attribute') {
    const obj = n.childForFieldName('object') ?? n.childForFieldName('value');
    return !!obj && parsesJson(obj, ctx, depth + 1);
  }
  if (n.type === 'identifier') return ctx.flow.valuesOf(n.text, n).some((x) => parsesJson(x, ctx, depth + 1));
  return false;
}

/** Whether the expression can evaluate to an object (not a template/concatenation/String() result). */
function mayBeObject(v: Node, ctx: RuleContext, depth = 0): boolean {
  const n = unwrap(v);
  switch (n.type) {
    case 'template_string':
    case 'string':
    case 'binary_expression':
    case 'binary_operator':
    case 'number':
    case 'integer':
      return false;
    case 'call_expression':
    case 'call': {
      const last = lastPart(dottedName(n.childForFieldName('function')));
      return !/^(String|toString|trim|toLowerCase|toUpperCase|str|strip|lower|upper|Number|parseInt|int|float|format|slice|substring|escape)$/.test(last);
    }
    case 'identifier': {
      if (depth > 3) return true;
      const values = ctx.flow.valuesOf(n.text, n);
      return values.length === 0 || values.some((x) => mayBeObject(x, ctx, depth + 1));
    }
    default:
      return true;
  }
}

/** Whether the program strips `$` keys from all input (express-mongo-sanitize, mongoose sanitizeFilter). */
function globallySanitised(ctx: RuleContext): boolean {
  return mentionsSanitiser(ctx);
}

function mongoFile(ctx: RuleContext): boolean {
  if (ctx.language === 'python') return ['pymongo', 'motor', 'flask_pymongo', 'mongoengine', 'bson', 'beanie'].some((m) => importsModule(ctx.text, 'python', m));
  return ['mongoose', 'mongodb', 'monk', 'mongojs'].some((m) => importsModule(ctx.text, ctx.language, m));
}

function sqlOrmFile(ctx: RuleContext): boolean {
  return ['sequelize', 'typeorm', '@prisma/client', 'knex', 'drizzle-orm', 'objection', '@mikro-orm/core', 'pg', 'mysql2', 'sqlite3'].some((m) => importsModule(ctx.text, ctx.language, m));
}

interface NosqlHit {
  readonly node: Node;
  readonly message: string;
  readonly confidence: Confidence;
  readonly fixes?: Fix[];
  /** A value that is coerced by the fix but not a problem on its own. */
  readonly silent?: boolean;
}

function checkNosqlJs(call: Node, ctx: RuleContext): void {
  if (!MONGO_METHODS.has(calleeLast(call, ctx))) return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression') return;
  const method = fn.childForFieldName('property')?.text ?? '';
  if (!MONGO_METHODS.has(method)) return;
  const recv = fn.childForFieldName('object');
  const root = chainRoot(recv);
  // Mongo filters: a Model (capitalised), a collection, or any receiver in a file that imports a Mongo driver
  const recvText = recv?.text ?? '';
  const looksMongo = mongoFile(ctx) || (!sqlOrmFile(ctx) && (/^[A-Z]\w*$/.test(recvText) || /collection\(|\bcollection\b|\bColl\b/i.test(recvText) || /^(db|mongo)\./.test(recvText)));
  if (!looksMongo || !root || /^(Array|Object|_|lodash|arr|list|items|results|rows)$/.test(root.text)) return;
  const filter = positionalArgs(call)[method === 'distinct' ? 1 : 0];
  if (!filter) return;
  const hits: NosqlHit[] = [];
  collectNosql(filter, ctx, false, hits, 0);
  report(ctx, hits);
}

function checkNosqlPy(call: Node, ctx: RuleContext): void {
  if (!PY_MONGO_METHODS.has(calleeLast(call, ctx))) return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  if (!PY_MONGO_METHODS.has(method)) return;
  const recvText = fn.childForFieldName('object')?.text ?? '';
  if (!mongoFile(ctx) && !/\b(db|mongo|collection|coll)\b/i.test(recvText)) return;
  if (method === 'objects') return;
  const filter = positionalArgs(call)[method === 'distinct' ? 1 : 0] ?? keywordArg(call, 'filter');
  if (!filter) return;
  const hits: NosqlHit[] = [];
  collectNosql(filter, ctx, true, hits, 0);
  report(ctx, hits);
}

/** One finding per query: the most confident problem, with the fixes of every coercible field in one edit set. */
function report(ctx: RuleContext, all: NosqlHit[]): void {
  const hits = all.filter((h) => !h.silent);
  if (!hits.length) return;
  const rank = (c: Confidence) => (c === 'high' ? 2 : c === 'medium' ? 1 : 0);
  const best = hits.reduce((a, b) => (rank(b.confidence) > rank(a.confidence) ? b : a));
  const others = hits.filter((h) => h !== best).length;
  const fixable = all.filter((h) => h.fixes?.length);
  const edits = fixable.flatMap((h) => h.fixes![0].edits);
  const allFixable = hits.every((h) => h.fixes?.length);
  const fixes: Fix[] = allFixable && edits.length ? [{ ...best.fixes![0], title: fixable.length > 1 ? `Coerce the ${fixable.length} request values to strings so they cannot be operator objects` : best.fixes![0].title, edits }] : [];
  ctx.report(best.node, { message: others ? `${best.message} (${others} more request value${others > 1 ? 's' : ''} in this query.)` : best.message, confidence: best.confidence, fixes });
}

function keyText(k: Node | null): string {
  return (k?.text ?? '').replace(/^['"`]|['"`]$/g, '');
}

/** Walks a filter expression (object/dict literals, `$or` arrays) and records the unsafe parts. */
function collectNosql(filter: Node, ctx: RuleContext, py: boolean, hits: NosqlHit[], depth: number): void {
  const f = unwrap(filter);
  if (depth > 5) return;
  if (f.type === 'object' || f.type === 'dictionary') {
    for (const c of f.namedChildren) {
      if (!c) continue;
      if (c.type === 'shorthand_property_identifier') {
        checkValue(c.text, c, c, ctx, py, hits);
        continue;
      }
      if (c.type !== 'pair') continue;
      const key = keyText(c.childForFieldName('key'));
      const value = c.childForFieldName('value');
      if (!value) continue;
      if (!py && ORM_KEYS.test(key) && depth === 0) return; // Sequelize/Prisma/TypeORM options object
      if (key === '$where') {
        if (!ctx.flow.isConstant(value)) {
          const src = requestSource(value, ctx, 'nosql');
          hits.push({
            node: c,
            confidence: src ? 'high' : 'medium',
            message: `\`$where\` runs \`${clip(value.text)}\` as JavaScript inside MongoDB${src ? ` and it is built from ${src}` : ''}: input in it can change the query or run code in the database (NoSQL injection, CWE-943). Express the condition as a normal filter ($eq, $gt, $expr) instead.`,
          });
        }
        continue;
      }
      if (key === '$regex') {
        const src = requestSource(value, ctx, 'nosql');
        if (src) {
          hits.push({
            node: c,
            confidence: 'high',
            message: `\`$regex\` uses ${src} as a pattern: a client can send \`.*\` to match every document or a catastrophic pattern that ties up the database (CWE-943). Escape the text first (e.g. replace /[.*+?^\${}()|[\\]\\\\]/g with '\\\\$&').`,
          });
        }
        continue;
      }
      // comparison operators: a value there cannot add operators of its own that widen the match
      if (/^\$(eq|in|nin|ne|gt|gte|lt|lte|size|exists|type|mod|all)$/.test(key)) continue;
      const v = unwrap(value);
      if (v.type === 'object' || v.type === 'dictionary' || v.type === 'array' || v.type === 'list') {
        if (key.startsWith('$') || v.type === 'object' || v.type === 'dictionary') for (const x of v.type === 'array' || v.type === 'list' ? v.namedChildren : [v]) if (x) collectNosql(x, ctx, py, hits, depth + 1);
        continue;
      }
      if (key.startsWith('$')) continue; // $text: { $search }, $elemMatch values: operands, not filters
      checkValue(key, c, value, ctx, py, hits);
    }
    return;
  }
  if (f.type === 'array' || f.type === 'list') return;
  // the whole filter from the request: User.find(req.body), collection.find(request.json)
  if (globallySanitised(ctx)) return;
  const src = requestSource(f, ctx, 'nosql');
  if (!src || (stringOnlySource(src, py) && !parsesJson(f, ctx)) || !mayBeObject(f, ctx)) return;
  const values = f.type === 'identifier' ? ctx.flow.valuesOf(f.text, f) : [];
  if (values.length === 1 && (unwrap(values[0]).type === 'object' || unwrap(values[0]).type === 'dictionary')) {
    collectNosql(values[0], ctx, py, hits, depth + 1);
    return;
  }
  hits.push({
    node: f,
    confidence: 'high',
    message: `The whole MongoDB filter comes from ${src}: the client chooses the fields and operators (\`$ne\`, \`$gt\`, \`$where\`), so it can read or match any document (NoSQL injection, CWE-943). Build the filter from named fields, each coerced to the expected type.`,
  });
}

function checkValue(key: string, at: Node, value: Node, ctx: RuleContext, py: boolean, hits: NosqlHit[]): void {
  if (globallySanitised(ctx)) return;
  const src = requestSource(value, ctx, 'nosql');
  if (!src || (stringOnlySource(src, py) && !parsesJson(value, ctx)) || !mayBeObject(value, ctx)) return;
  const shorthand = at.type === 'shorthand_property_identifier';
  const wrap = py ? 'str' : 'String';
  const fixes: Fix[] =
    STRING_FIELDS.test(key) && !key.startsWith('$')
      ? [{ title: `Coerce the value to a string (${wrap}(...)) so it cannot be an operator object`, edits: [shorthand ? replaceNode(at, `${key}: String(${key})`) : replaceNode(value, `${wrap}(${value.text})`)], isPreferred: true }]
      : [];
  // A secret matched in the query (password, reset token, API key, one-time code) is an authentication bypass with
  // `{ "$ne": null }`. Any other equality field still lets a client choose an operator (`{ "$ne": null }`, `{ "$gt": "" }`)
  // and pick, enumerate or delete records it did not name: medium confidence.
  if (!/pass|token|secret|otp|pin|code|hash|key/i.test(key)) {
    hits.push({
      node: at,
      confidence: 'medium',
      message: `\`${clip(key)}\` is matched against ${src}, which can be an object: a client that sends \`{ "$ne": null }\` or \`{ "$gt": "" }\` (\`?${clip(key)}[$ne]=x\` in a query string) makes the filter match documents it did not name, and an update or delete then touches them too (NoSQL operator injection, CWE-943). Coerce it (${wrap}(...)), check \`typeof\`, validate the body with a schema, or use $eq.`,
      fixes,
    });
    return;
  }
  hits.push({
    node: at,
    confidence: 'high',
    message: `\`${clip(key)}\` is matched against ${src}, which can be an object: a client that sends \`{ "$ne": null }\` matches a document without knowing the value (NoSQL operator injection, CWE-943). Coerce it (${wrap}(...)), validate the body with a schema, or use $eq.`,
    fixes,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// path-traversal
// ---------------------------------------------------------------------------------------------------------------

const FS_FUNCS = new Set([
  'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync',
  'readdir', 'readdirSync', 'open', 'openSync', 'copyFile', 'copyFileSync', 'rename', 'renameSync', 'mkdir', 'mkdirSync', 'truncate', 'readJson', 'readJSON', 'outputFile', 'remove', 'readJsonSync', 'symlink', 'cp', 'cpSync',
]);
const PY_PATH_FUNCS = new Set([
  'open', 'io.open', 'codecs.open', 'os.remove', 'os.unlink', 'os.listdir', 'os.rmdir', 'os.makedirs', 'os.mkdir', 'os.rename', 'os.scandir', 'shutil.rmtree', 'shutil.copy', 'shutil.copyfile', 'shutil.move', 'shutil.copytree',
  'flask.send_file', 'send_file', 'fastapi.responses.FileResponse', 'starlette.responses.FileResponse', 'django.http.FileResponse', 'FileResponse', 'aiofiles.open', 'pandas.read_csv', 'np.load', 'numpy.load',
]);
const PY_PATH_METHODS = /^(read_text|read_bytes|write_text|write_bytes|open|unlink|rmdir|iterdir|mkdir)$/;

export const pathTraversal: Rule = {
  id: 'path-traversal',
  title: 'File path built from request data',
  cwe: ['CWE-22'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A file-system call (`fs.*`, `res.sendFile`, `res.download`, Python `open`, `send_file`, `Path(...).read_text()`) receives a path derived from the request without normalising it and checking it stays under a root.',
  help: `\`path.join(UPLOADS, req.query.file)\` does not keep the result inside \`UPLOADS\`: \`../../etc/passwd\` (or an
absolute path, which \`path.resolve\` and Python's \`os.path.join\` let replace the base) walks out of it, so a client can
read, overwrite or delete any file the server can (path traversal, CWE-22).

**Fix:** take only the file name (\`path.basename\`, \`werkzeug.utils.secure_filename\`, \`Path(name).name\`), or resolve
the full path and check it is still inside the root (\`full.startsWith(root + path.sep)\`,
\`Path(p).resolve().is_relative_to(root)\`). Express's \`res.sendFile(name, { root })\` and Flask's
\`send_from_directory(dir, name)\` do the check for you.

Only request-derived paths are reported (**high** confidence): Vetted follows values from \`req.query\`/\`req.params\`/
\`req.body\`, Flask/Django/FastAPI view arguments and \`request.*\` within the function. Flask and FastAPI path
parameters without a \`path\` converter cannot contain \`/\`, so those are reported with **medium** confidence (\`..\`
alone still names the parent directory).

Vulnerable:
\`\`\`js
app.get('/files', (req, res) => res.sendFile(path.join(__dirname, 'uploads', req.query.name)));
\`\`\`
Safe:
\`\`\`js
app.get('/files', (req, res) => res.sendFile(path.basename(req.query.name), { root: path.join(__dirname, 'uploads') }));
\`\`\``,
  visitors: jsAndPython({ call_expression: checkPathJs }, { call: checkPathPy }),
};

function usesFs(ctx: RuleContext): boolean {
  return mentionsFsImport(ctx);
}

function checkPathJs(call: Node, ctx: RuleContext): void {
  const pre = calleeLast(call, ctx);
  if (!FS_FUNCS.has(pre) && pre !== 'sendFile' && pre !== 'download' && pre !== 'sendfile') return;
  const fn = call.childForFieldName('function');
  const name = jsCallee(call);
  if (!fn || !name) return;
  const last = lastPart(name);
  const args = positionalArgs(call);
  let target: Node | undefined;
  let what = name;
  if (fn.type === 'member_expression' && (last === 'sendFile' || last === 'download' || last === 'sendfile')) {
    const root = chainRoot(fn.childForFieldName('object'));
    // @fastify/static's reply.sendFile(name) resolves under its configured root
    if (!isResponseObject(root, ctx) || root?.text === 'reply') return;
    // express enforces `root` (rejects `..` outside it)
    const opts = args[1] && unwrap(args[1]).type === 'object' ? unwrap(args[1]) : args[2] && unwrap(args[2]).type === 'object' ? unwrap(args[2]) : undefined;
    if (opts?.namedChildren.some((p) => (p?.type === 'pair' && keyText(p.childForFieldName('key')) === 'root') || (p?.type === 'shorthand_property_identifier' && p.text === 'root'))) return;
    target = args[0];
    what = `res.${last}`;
  } else if (FS_FUNCS.has(last)) {
    if (!usesFs(ctx)) return;
    const obj = fn.type === 'member_expression' ? fn.childForFieldName('object')?.text ?? '' : '';
    if (fn.type === 'member_expression' && !/^(fs|fsp|fsPromises|promises|fse|fs\.promises|fsExtra|require\(['"](node:)?fs(\/promises)?['"]\)(\.promises)?)$/.test(obj)) return;
    target = args[0];
    if ((last === 'copyFile' || last === 'copyFileSync' || last === 'rename' || last === 'renameSync' || last === 'cp' || last === 'cpSync' || last === 'symlink') && args[1] && !requestSource(args[0], ctx, 'path')) target = args[1];
  }
  if (!target || ctx.flow.isConstant(target)) return;
  reportPath(call, target, what, ctx);
}

const PY_PATH_LAST = /^(save|read_text|read_bytes|write_text|write_bytes|open|unlink|rmdir|iterdir|mkdir|remove|listdir|makedirs|rename|scandir|rmtree|copy|copyfile|move|copytree|send_file|FileResponse|read_csv|load)$/;

function checkPathPy(call: Node, ctx: RuleContext): void {
  if (!PY_PATH_LAST.test(calleeLast(call, ctx))) return;
  const fn = call.childForFieldName('function');
  if (!fn) return;
  let target: Node | undefined;
  let what: string;
  if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'save' && /\.files\b|FILES/.test(requestSource(fn.childForFieldName('object')!, ctx) ?? '')) {
    // Flask/Werkzeug upload: file.save(os.path.join(UPLOAD_FOLDER, file.filename))
    target = positionalArgs(call)[0] ?? keywordArg(call, 'dst');
    what = 'FileStorage.save';
  } else if (fn.type === 'attribute' && PY_PATH_METHODS.test(fn.childForFieldName('attribute')?.text ?? '')) {
    // Path(p).read_text(), (BASE / name).open()
    const obj = unwrap(fn.childForFieldName('object')!);
    const isPath = (obj.type === 'call' && /^(pathlib\.)?(Path|PurePath|PosixPath)$/.test(pyCallee(obj, ctx) ?? '')) || (obj.type === 'binary_operator' && obj.childForFieldName('operator')?.text === '/');
    if (!isPath) return;
    target = obj;
    what = `Path(...).${fn.childForFieldName('attribute')?.text}()`;
  } else {
    const name = pyCallee(call, ctx);
    if (!name) return;
    const bare = name.replace(/^(flask|werkzeug\.utils|os\.path)\./, '');
    if (!PY_PATH_FUNCS.has(name) && !PY_PATH_FUNCS.has(bare)) return;
    if (name === 'open' && fn.type !== 'identifier') return;
    if ((bare === 'FileResponse' || bare === 'send_file') && !mentionsFileFrameworks(ctx)) return;
    target = positionalArgs(call)[0] ?? keywordArg(call, 'path') ?? keywordArg(call, 'file') ?? keywordArg(call, 'path_or_file');
    what = name;
  }
  if (!target || ctx.flow.isConstant(target)) return;
  reportPath(call, target, what, ctx);
}

function reportPath(call: Node, target: Node, what: string, ctx: RuleContext): void {
  const src = requestSource(target, ctx, 'path');
  if (!src || isOperatorInput(src)) return;
  const medium = ctx.language === 'python' && src.startsWith('route parameter ') && !pathConverter(call, src.slice('route parameter '.length));
  ctx.report(call, {
    message: `\`${what}\` opens a path built from ${src}: \`../\` sequences or an absolute path in it reach files outside the intended folder (path traversal, CWE-22). Keep only the file name (basename/secure_filename) or resolve the path and check it starts with the root.`,
    confidence: medium ? 'medium' : 'high',
    fixes: sendFileFix(call, target, ctx),
  });
}

/** Whether the Flask/FastAPI route declares `name` with a converter that allows `/` (`<path:name>`, `{name:path}`). */
function pathConverter(at: Node, name: string): boolean {
  const fn = enclosingFunction(at);
  const deco = fn?.parent?.type === 'decorated_definition' ? fn.parent.text : '';
  if (!deco) return true;
  if (new RegExp(`<path:${name}>|\\{${name}:path\\}`).test(deco)) return true;
  // a path parameter without a converter cannot contain "/"; a query parameter (not in the route) can
  return !new RegExp(`<(?:\\w+:)?${name}>|\\{${name}\\}`).test(deco);
}

/**
 * `res.sendFile(path.join(BASE, ..., name))` → `res.sendFile(name, { root: path.join(BASE, ...) })`: Express then refuses
 * paths that leave the root. Only when the last join argument is the only request-derived one and there is no options
 * argument.
 */
function sendFileFix(call: Node, target: Node, ctx: RuleContext): Fix[] {
  const name = jsCallee(call);
  if (!name || !/\.(sendFile|download)$/.test(name) || positionalArgs(call).length !== 1) return [];
  const t = unwrap(target);
  if (t.type !== 'call_expression' || !/^path\.(join|resolve)$/.test(jsCallee(t) ?? '')) return [];
  const joinArgs = positionalArgs(t);
  if (joinArgs.length < 2) return [];
  const lastArg = joinArgs[joinArgs.length - 1];
  if (joinArgs.slice(0, -1).some((a) => requestSource(a, ctx, 'path'))) return [];
  const root = joinArgs.length === 2 ? joinArgs[0].text : `path.join(${joinArgs.slice(0, -1).map((a) => a.text).join(', ')})`;
  return [{ title: "Pass the root as sendFile's `root` option (Express rejects paths outside it)", edits: [replaceNode(target, `${lastArg.text}, { root: ${root} }`)], isPreferred: true }];
}

// ---------------------------------------------------------------------------------------------------------------
// ssrf
// ---------------------------------------------------------------------------------------------------------------

const JS_HTTP_CLIENTS = /^(fetch|axios|got|ky|needle|request|superagent|undici\.request|undici\.fetch|nodeFetch|\$fetch|ofetch)$/;
const JS_HTTP_METHODS = /^(get|post|put|patch|delete|head|options|request|stream)$/;
const PY_HTTP = /^(requests|httpx|aiohttp|urllib3|urllib\.request|urllib2|treq)\b/;

export const ssrf: Rule = {
  id: 'ssrf',
  title: 'Server-side request to a URL chosen by the client',
  cwe: ['CWE-918'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'An HTTP client call (`fetch`, `axios`, `got`, `http.get`, `requests`, `httpx`, `urlopen`, `aiohttp`) gets a URL whose start (scheme and host) comes from the request.',
  help: `When the server fetches a URL the client chose, the client can make it call internal services
(\`http://localhost:6379\`, \`http://10.0.0.5/admin\`) or cloud metadata endpoints (\`http://169.254.169.254/\`, which hands
out credentials) from inside your network (server-side request forgery, CWE-918). Assistants write this for
"fetch a preview", "proxy an image" and "call the webhook the user configured".

**Fix:** keep the scheme and host fixed in code and put user input only in the path or query
(\`https://api.example.com/users/\${encodeURIComponent(id)}\`); when the host must vary, parse the URL and check its
\`hostname\` against an allow-list (and block private addresses after DNS resolution).

Reported only when a request-derived value (followed from \`req.*\`, \`request.*\`, view arguments, Lambda events) sits
where it can choose the host: the whole URL, its start, or \`new URL(input, base)\` (an absolute input replaces the
base). User values after a fixed \`https://host/\` are not reported. Confidence **high**.

Vulnerable:
\`\`\`js
const r = await fetch(req.query.url);
\`\`\`
Safe:
\`\`\`js
const r = await fetch(\`https://api.example.com/items/\${encodeURIComponent(req.query.id)}\`);
\`\`\``,
  visitors: jsAndPython({ call_expression: checkSsrfJs }, { call: checkSsrfPy }),
};

function checkSsrfJs(call: Node, ctx: RuleContext): void {
  const pre = calleeLast(call, ctx);
  if (!JS_HTTP_CLIENTS.test(pre) && !JS_HTTP_METHODS.test(pre)) return;
  const name = jsCallee(call);
  if (!name) return;
  const args = positionalArgs(call);
  const parts = name.split('.');
  let url: Node | undefined;
  if (parts.length === 1 && JS_HTTP_CLIENTS.test(name)) {
    if (name === 'request' && !importsModule(ctx.text, ctx.language, 'request')) return;
    if (name === 'needle') url = args[1];
    else url = args[0];
  } else if (parts.length === 2 && JS_HTTP_METHODS.test(parts[1]) && /^(axios|got|ky|needle|request|superagent|http|https|undici|client|api|httpClient)$/.test(parts[0])) {
    if ((parts[0] === 'http' || parts[0] === 'https') && !mentionsNodeHttp(ctx)) return;
    if (parts[0] === 'request' && !importsModule(ctx.text, ctx.language, 'request')) return;
    if ((parts[0] === 'client' || parts[0] === 'api' || parts[0] === 'httpClient') && !mentionsClientFactory(ctx)) return;
    url = parts[0] === 'needle' && parts[1] === 'request' ? args[1] : args[0];
  } else {
    return;
  }
  if (!url) return;
  const u = unwrap(url);
  // axios({ url }), http.get({ host, path }), got({ url })
  if (u.type === 'object') {
    for (const p of u.namedChildren) {
      const key = p?.type === 'pair' ? keyText(p.childForFieldName('key')) : p?.type === 'shorthand_property_identifier' ? p.text : '';
      if (!/^(url|baseURL|host|hostname|prefixUrl)$/.test(key)) continue;
      const value = p?.type === 'pair' ? p.childForFieldName('value') : p;
      if (!value) continue;
      const src = /^(host|hostname)$/.test(key) ? requestSource(value, ctx, 'url') : hostSource(value, ctx, 'url');
      if (src) return reportSsrf(call, name, src, ctx);
    }
    return;
  }
  if (ctx.flow.isConstant(u)) return;
  const src = hostSource(u, ctx, 'url');
  if (src) reportSsrf(call, name, src, ctx);
}

/** Whether the file names a Python HTTP client library (sessions and clients are only looked at then). */
const mentionsPyHttpClient = mentions(/\b(requests|httpx|aiohttp)\b/);
/** Necessary for PY_HTTP to match a resolved callee name (each of its names contains one of these). */
const mentionsPyHttpLib = mentions(/requests|httpx|aiohttp|urllib|treq/);

function checkSsrfPy(call: Node, ctx: RuleContext): void {
  const pre = calleeLast(call, ctx);
  if (!/^(get|post|put|patch|delete|head|options|request|urlopen|Request|stream)$/.test(pre)) return;
  // PY_HTTP's module names come from the file's text (the call or its imports); a bare `urlopen` needs none
  if (pre !== 'urlopen' && !mentionsPyHttpLib(ctx)) return;
  const name = pyCallee(call, ctx);
  if (!name) return;
  const last = lastPart(name);
  let url: Node | undefined;
  const args = positionalArgs(call);
  if (PY_HTTP.test(name) && /^(get|post|put|patch|delete|head|options|request|urlopen|Request|stream)$/.test(last)) {
    url = last === 'request' || (last === 'stream' && args.length > 1) ? args[1] ?? keywordArg(call, 'url') : args[0] ?? keywordArg(call, 'url');
  } else if (name === 'urlopen' || name === 'urllib.request.urlopen') {
    url = args[0] ?? keywordArg(call, 'url');
  } else {
    // session.get(url) / client.get(url) on requests.Session(), httpx.Client(), aiohttp.ClientSession()
    const fn = call.childForFieldName('function');
    const recv = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    if (!recv || !/^(get|post|put|patch|delete|head|request|stream)$/.test(last)) return;
    if (!mentionsPyHttpClient(ctx) || !/\b(session|client|http|sess)\b/i.test(recv.text)) return;
    url = last === 'request' ? args[1] ?? keywordArg(call, 'url') : args[0] ?? keywordArg(call, 'url');
  }
  if (!url || ctx.flow.isConstant(url)) return;
  const src = hostSource(url, ctx, 'url');
  if (src) reportSsrf(call, name, src, ctx);
}

function reportSsrf(call: Node, name: string, src: string, ctx: RuleContext): void {
  // a browser fetching a URL from its own address bar is not a server-side request forgery
  if (isOperatorInput(src) || isClientSource(src, ctx)) return;
  ctx.report(call, {
    message: `\`${name}\` requests a URL whose host comes from ${src}: a client can point the server at internal services or the cloud metadata endpoint (SSRF, CWE-918). Keep the scheme and host fixed in code, or check the parsed hostname against an allow-list.`,
    confidence: 'high',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// open-redirect
// ---------------------------------------------------------------------------------------------------------------

const PY_REDIRECTS = new Set([
  'flask.redirect', 'django.shortcuts.redirect', 'django.http.HttpResponseRedirect', 'django.http.HttpResponsePermanentRedirect', 'fastapi.responses.RedirectResponse', 'starlette.responses.RedirectResponse',
  'redirect', 'HttpResponseRedirect', 'HttpResponsePermanentRedirect', 'RedirectResponse', 'quart.redirect', 'werkzeug.utils.redirect',
]);

export const openRedirect: Rule = {
  id: 'open-redirect',
  title: 'Redirect to a URL taken from the request',
  cwe: ['CWE-601'],
  severity: 'medium',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: '`res.redirect`, `res.location`, a `Location` header (`res.writeHead(302, { Location })`, `res.setHeader`/`res.set`), `ctx.redirect`, `NextResponse.redirect`, `window.location = ...`, Flask/Django `redirect`/`HttpResponseRedirect` or `RedirectResponse` sends the user to a URL the request chose.',
  help: `A "return to" parameter (\`/login?next=https://evil.example\`) that is redirected to unchecked turns your domain
into a trusted-looking link to a phishing page, and can leak OAuth codes or tokens in the URL to another site (open
redirect, CWE-601). In the browser, \`location = params.get('next')\` also runs \`javascript:\` URLs (XSS).

**Fix:** accept only relative paths (\`next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\\\')\`), compare
against an allow-list, or use Django's \`url_has_allowed_host_and_scheme(next, allowed_hosts={request.get_host()})\`.
Fall back to a fixed page otherwise.

Reported when a request-derived value (query, body, \`location.search\`/\`URLSearchParams\`, view arguments) can choose
where the redirect goes: the whole target or its start. \`'/profile/' + id\` is fine; \`'/' + next\` is not
(\`//evil.example\` is protocol-relative). Confidence **high**.

Vulnerable:
\`\`\`python
return redirect(request.args.get("next") or url_for("index"))
\`\`\`
Safe:
\`\`\`python
target = request.args.get("next", "")
if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):
    target = url_for("index")
return redirect(target)
\`\`\``,
  visitors: jsAndPython({ call_expression: checkRedirectJs, assignment_expression: checkLocationAssign }, { call: checkRedirectPy }),
};

function checkRedirectJs(call: Node, ctx: RuleContext): void {
  const pre = calleeLast(call, ctx);
  if (!/^(redirect|location|assign|replace|setHeader|writeHead|set|header)$/.test(pre)) return;
  // all but redirect() need a `location` (the object, the header name or key) somewhere in the file's text
  if (pre !== 'redirect' && !mentionsLocationWord(ctx)) return;
  const fn = call.childForFieldName('function');
  const name = jsCallee(call);
  if (!fn || !name) return;
  const last = lastPart(name);
  const args = positionalArgs(call);
  let target: Node | undefined;
  if (fn.type === 'member_expression' && (last === 'redirect' || last === 'location')) {
    const root = chainRoot(fn.childForFieldName('object'));
    const koa = root?.text === 'ctx' && last === 'redirect';
    const next = /^(NextResponse|Response)$/.test(root?.text ?? '') && last === 'redirect';
    if (!koa && !next && !isResponseObject(root, ctx)) return;
    // res.redirect(301, url) / res.redirect(url)
    target = args.length > 1 && !next ? args[args.length - 1] : args[0];
  } else if (fn.type === 'member_expression' && (last === 'assign' || last === 'replace') && /^(window\.|document\.)?location$/.test(dottedName(fn.childForFieldName('object')) ?? '')) {
    target = args[0];
  } else if (fn.type === 'member_expression' && /^(setHeader|set|header)$/.test(last) && responseLike(fn, ctx)) {
    // res.setHeader('Location', url), res.set('location', url), reply.header('Location', url), ctx.set('Location', url)
    if (/^['"`]location['"`]$/i.test(args[0]?.text ?? '')) target = args[1];
    else if (last !== 'setHeader' && args.length === 1) target = locationInHeaders(args[0]);
  } else if (fn.type === 'member_expression' && last === 'writeHead' && responseLike(fn, ctx)) {
    // res.writeHead(302, { Location: url }) / res.writeHead(302, 'Found', { Location: url })
    target = locationInHeaders(args[args.length - 1]);
  } else if (fn.type === 'identifier' && name === 'redirect' && mentionsNextNavigation(ctx)) {
    target = args[0];
  }
  if (!target || ctx.flow.isConstant(target)) return;
  reportRedirect(call, target, name, ctx);
}

/** The receiver of a header call is a response: `res`, `reply`, the handler's response parameter, or Koa's `ctx`. */
function responseLike(fn: Node, ctx: RuleContext): boolean {
  const root = chainRoot(fn.childForFieldName('object'));
  return !!root && (root.text === 'ctx' || isResponseObject(root, ctx));
}

/** The value of a `Location` key in a headers object literal (`{ Location: url }`, `{ 'location': url }`). */
function locationInHeaders(arg: Node | undefined): Node | undefined {
  const obj = arg ? unwrap(arg) : undefined;
  if (obj?.type !== 'object') return undefined;
  for (const c of obj.namedChildren) {
    if (c?.type === 'pair' && /^['"`]?location['"`]?$/i.test(c.childForFieldName('key')?.text ?? '')) return c.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

function checkLocationAssign(node: Node, ctx: RuleContext): void {
  if (!mentionsLocationWord(ctx)) return;
  const left = dottedName(node.childForFieldName('left'));
  if (!left || !/^((window|document|self|top)\.)?location(\.href)?$/.test(left)) return;
  const right = node.childForFieldName('right');
  if (!right || ctx.flow.isConstant(right)) return;
  reportRedirect(node, right, left, ctx);
}

function checkRedirectPy(call: Node, ctx: RuleContext): void {
  if (!/^(redirect|HttpResponseRedirect|HttpResponsePermanentRedirect|RedirectResponse)$/.test(calleeLast(call, ctx))) return;
  const name = pyCallee(call, ctx);
  if (!name || !PY_REDIRECTS.has(name)) return;
  if ((name === 'redirect' || name === 'RedirectResponse') && !mentionsRedirectFrameworks(ctx)) return;
  const target = positionalArgs(call)[0] ?? keywordArg(call, 'url') ?? keywordArg(call, 'location') ?? keywordArg(call, 'redirect_to');
  if (!target || ctx.flow.isConstant(target)) return;
  reportRedirect(call, target, name, ctx);
}

function reportRedirect(node: Node, target: Node, name: string, ctx: RuleContext): void {
  const src = hostSource(target, ctx, 'redirect');
  // Host and other headers cannot be chosen by a link (the HTTP→HTTPS redirect `'https://' + req.headers.host + req.url` is fine)
  if (!src || /host|header|\.get\(\)|referr?er|\bip\b|META|environ/i.test(src)) return;
  // Flask's request.url / base_url is this request's own absolute URL (an HTTPS upgrade redirect), its host from the Host header
  if (ctx.language === 'python' && /^(request|req)\.(url|base_url|url_root|host_url)$/.test(src)) return;
  ctx.report(node, {
    message: `\`${name}\` sends the user to a URL taken from ${src}: a crafted link redirects your users to any site (open redirect, CWE-601). Allow only relative paths (starting with one "/"), or check the host against an allow-list.`,
    // the request's own path starts with "/", and only a path like "//evil.example" turns it into another site
    confidence: /^\w+(\.request)?\.(originalUrl|url|path|full_path)$/.test(src) ? 'medium' : 'high',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// xss-template
// ---------------------------------------------------------------------------------------------------------------

export const xssTemplate: Rule = {
  id: 'xss-template',
  title: 'Unescaped request data in server-rendered HTML or templates',
  cwe: ['CWE-79', 'CWE-1336'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'Request data reaches HTML without escaping (`res.send(`<h1>${req.query.name}</h1>`)`, a Flask view returning an f-string, `Markup`/`mark_safe` of input), a template is compiled from input (`render_template_string`, `jinja2.Template`, `Handlebars.compile`, server-side template injection), or auto-escaping is turned off.',
  help: `Server-rendered HTML that contains request data unescaped runs the attacker's markup and script in your
users' browsers (reflected XSS, CWE-79). \`Markup(...)\`/\`mark_safe(...)\` tell the template engine "this is already safe
HTML", so user data inside them is not escaped either. Compiling a *template* from input
(\`render_template_string(f"Hello {name}")\`, \`jinja2.Template(text)\`, \`Handlebars.compile(req.body.tpl)\`) is worse: the
input is template code, and \`{{ config }}\` or \`{{ ''.__class__.__mro__ }}\` tricks read secrets or run code on the
server (server-side template injection, CWE-1336). Engines configured with \`autoescape: false\`/\`noEscape: true\`
(or a bare \`jinja2.Environment()\`, which does not escape by default) make every \`{{ value }}\` raw.

**Fix:** render a template file with variables (\`render_template("hello.html", name=name)\`, \`res.render\`), pass data
as template variables instead of formatting it into the template source, escape what you insert
(\`markupsafe.escape\`, \`html.escape\`, an \`escapeHtml\` helper), and keep auto-escaping on
(\`Environment(autoescape=select_autoescape())\`).

Confidence: **high** when request-derived data (followed from \`req.*\`, \`request.*\`, view arguments) reaches the HTML or
template source; **medium** for templates compiled from other non-constant strings (an f-string in
\`render_template_string\`), for engines configured without escaping (they may render non-HTML text), and for request
data in a plain string sent by Express \`res.send\` or returned from a Flask view (both are served as \`text/html\` unless
the handler sets another content type). \`mark_safe\`/\`Markup\` of any other non-constant value that is not escaped,
sanitised or rendered from a template (\`mark_safe(review.body)\`: a model field users wrote) and \`format_html\` given a
format string with values already interpolated (\`format_html(f"<b>{name}</b>")\`, which bypasses its escaping) are
**medium** (high when the value is visibly request data).

Vulnerable:
\`\`\`python
return render_template_string(f"<h1>Hello {request.args.get('name')}</h1>")
\`\`\`
Safe:
\`\`\`python
return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args.get("name"))
\`\`\``,
  visitors: jsAndPython({ call_expression: checkXssJs, new_expression: checkXssJsNew, assignment_expression: checkKoaBody }, { call: checkXssPy, return_statement: checkFlaskReturn }),
};

const HTML_TAG = /<\s*[a-zA-Z!/][^<>]*>?|<\s*[a-zA-Z]/;

/** The request source of an unescaped substitution inside an HTML-building expression (template, +, f-string). */
function htmlSubstitution(expr: Node, ctx: RuleContext): { src: string; part: Node } | undefined {
  const ps = parts(expr, ctx);
  const literal = ps.map((p) => ('text' in p ? p.text : '')).join('');
  if (!HTML_TAG.test(literal)) return undefined;
  for (const p of ps) {
    if ('text' in p) continue;
    const src = requestSource(p.expr, ctx, 'html');
    if (src) return { src, part: p.expr };
  }
  return undefined;
}

function checkXssJs(call: Node, ctx: RuleContext): void {
  if (!/^(send|write|end|compile|configure|renderString|render|template)$/.test(calleeLast(call, ctx))) return;
  const fn = call.childForFieldName('function');
  const name = jsCallee(call);
  if (!fn || !name) return;
  const last = lastPart(name);
  const args = positionalArgs(call);
  // res.send(`<h1>${req.query.name}</h1>`), res.write, res.end
  if (fn.type === 'member_expression' && /^(send|write|end)$/.test(last) && args[0]) {
    const root = chainRoot(fn.childForFieldName('object'));
    if (!isResponseObject(root, ctx)) return;
    if (/\.(json|type\(['"](json|text\/plain)['"]\))/.test(fn.text)) return;
    const hit = htmlSubstitution(args[0], ctx);
    if (hit) {
      ctx.report(call, {
        message: `\`${name}\` returns HTML with ${hit.src} inserted unescaped: markup in it runs as script in the visitor's browser (reflected XSS, CWE-79). Render a template with auto-escaping, or HTML-escape the value.`,
        confidence: 'high',
      });
      return;
    }
    // res.send(`Hello ${req.query.name}`): Express sends a string as text/html unless told otherwise
    const text = last === 'send' ? textSubstitution(args[0], ctx) : undefined;
    if (text && !plainTextResponse(call)) {
      ctx.report(call, {
        message: `\`${name}\` sends a string containing ${text} unescaped, and Express serves strings as text/html: markup in the value runs as script in the visitor's browser (reflected XSS, CWE-79). Escape it, send JSON, or set a text/plain content type.`,
        confidence: 'medium',
      });
    }
    return;
  }
  // Handlebars.compile(src, { noEscape: true }); Handlebars.compile(req.body.template)
  if (last === 'compile' && /^(Handlebars|handlebars|hbs|Hbs)\.compile$/.test(name)) {
    if (args[1] && /\bnoEscape\s*:\s*true\b/.test(args[1].text)) {
      ctx.report(call, { message: '`Handlebars.compile` with `noEscape: true` inserts every `{{value}}` as raw HTML: request data in them runs as script (XSS, CWE-79). Remove noEscape; use `{{{ }}}` only for HTML you produced yourself.', confidence: 'medium' });
      return;
    }
    templateSource(call, args[0], name, ctx);
    return;
  }
  // nunjucks.configure({ autoescape: false }), nunjucks.renderString(src), ejs.render(src), pug.render(src)
  if (/^nunjucks\.configure$/.test(name)) {
    const opts = args.find((a) => unwrap(a).type === 'object');
    if (opts && /\bautoescape\s*:\s*false\b/.test(opts.text)) reportNoEscape(call, 'nunjucks.configure', ctx);
    return;
  }
  if (/^(nunjucks\.renderString|ejs\.render|ejs\.compile|pug\.render|pug\.compile|_\.template|lodash\.template|Mustache\.render|mustache\.render|doT\.template|Eta\.renderString|eta\.renderString)$/.test(name)) {
    templateSource(call, args[0], name, ctx);
  }
}

function checkXssJsNew(node: Node, ctx: RuleContext): void {
  if (!/^(Environment|Response|NextResponse)$/.test(calleeLast(node, ctx))) return;
  const ctor = jsCallee(node);
  const args = positionalArgs(node);
  if (ctor === 'nunjucks.Environment' || (ctor === 'Environment' && importsModule(ctx.text, ctx.language, 'nunjucks'))) {
    const opts = args.find((a) => unwrap(a).type === 'object');
    if (opts && /\bautoescape\s*:\s*false\b/.test(opts.text)) reportNoEscape(node, 'new nunjucks.Environment', ctx);
  } else if (ctor === 'Response' || ctor === 'NextResponse') {
    // new Response(`<p>${q}</p>`, { headers: { 'Content-Type': 'text/html' } })
    if (!args[0] || !args[1] || !/text\/html/i.test(args[1].text)) return;
    const hit = htmlSubstitution(args[0], ctx);
    if (hit) ctx.report(node, { message: `\`new ${ctor}\` returns HTML with ${hit.src} inserted unescaped: markup in it runs as script in the visitor's browser (reflected XSS, CWE-79). Escape the value or render it with a framework that escapes.`, confidence: 'high' });
  }
}

/** Koa: `ctx.body = \`<p>${ctx.query.q}</p>\``. */
function checkKoaBody(node: Node, ctx: RuleContext): void {
  const left = node.childForFieldName('left');
  if (left?.type !== 'member_expression' || left.childForFieldName('property')?.text !== 'body' || left.childForFieldName('object')?.text !== 'ctx') return;
  const right = node.childForFieldName('right');
  if (!right) return;
  const hit = htmlSubstitution(right, ctx);
  if (hit) ctx.report(node, { message: `\`ctx.body\` is HTML with ${hit.src} inserted unescaped: markup in it runs as script in the visitor's browser (reflected XSS, CWE-79). Render a template with auto-escaping, or HTML-escape the value.`, confidence: 'high' });
}

function reportNoEscape(node: Node, what: string, ctx: RuleContext): void {
  ctx.report(node, { message: `\`${what}\` turns auto-escaping off: every \`{{ value }}\` is inserted as raw HTML, so request data in a template runs as script (XSS, CWE-79). Keep autoescape on and mark only trusted HTML as safe.`, confidence: 'medium' });
}

/** A template compiled from a non-constant source: SSTI when request-derived (high), else medium. */
function templateSource(call: Node, src: Node | undefined, name: string, ctx: RuleContext): void {
  if (!src || ctx.flow.isConstant(src)) return;
  const s = requestSource(src, ctx, 'template');
  const formatted = ['template_string', 'binary_expression', 'binary_operator'].includes(unwrap(src).type) || (unwrap(src).type === 'string' && !ctx.flow.isConstant(src)) || (unwrap(src).type === 'call' && /\.format$/.test(unwrap(src).childForFieldName('function')?.text ?? ''));
  if (!s && !formatted) return;
  ctx.report(call, {
    message: s
      ? `\`${name}\` compiles a template from ${s}: the client writes template code, which can read server data or run code (server-side template injection, CWE-1336). Use a fixed template and pass the input as a variable.`
      : `\`${name}\` compiles a template built from \`${clip(src.text)}\`: values formatted into template source are parsed as template code (template injection, CWE-1336) and are not escaped (XSS). Keep the template constant and pass values as variables.`,
    confidence: s ? 'high' : 'medium',
  });
}

function checkXssPy(call: Node, ctx: RuleContext): void {
  if (!/^(render_template_string|Template|from_string|Environment|Markup|mark_safe|format_html|HttpResponse|make_response|HTMLResponse)$/.test(calleeLast(call, ctx))) return;
  const name = pyCallee(call, ctx);
  if (!name) return;
  const args = positionalArgs(call);
  const last = lastPart(name);
  if (name === 'flask.render_template_string' || name === 'render_template_string' || name === 'quart.render_template_string') {
    templateSource(call, args[0] ?? keywordArg(call, 'source'), 'render_template_string', ctx);
    return;
  }
  if (name === 'jinja2.Template' || (name === 'Template' && importsModule(ctx.text, 'python', 'jinja2')) || name === 'jinja2.Environment.from_string' || (last === 'from_string' && /\benv\b|environment|jinja/i.test(call.childForFieldName('function')?.text ?? ''))) {
    templateSource(call, args[0], name, ctx);
    return;
  }
  if (name === 'jinja2.Environment' || (name === 'Environment' && importsModule(ctx.text, 'python', 'jinja2'))) {
    const ae = keywordArgNode(call, 'autoescape');
    const value = keywordArg(call, 'autoescape');
    if (ae && value?.text !== 'False') return;
    ctx.report(call, {
      message: ae
        ? '`jinja2.Environment(autoescape=False)` inserts every `{{ value }}` as raw HTML: request data in a template runs as script (XSS, CWE-79). Use autoescape=select_autoescape() for HTML templates.'
        : '`jinja2.Environment()` does not escape by default: every `{{ value }}` in an HTML template is inserted raw (XSS, CWE-79). Pass autoescape=select_autoescape() (or True) when rendering HTML.',
      confidence: 'medium',
      fixes: ae && value ? [{ title: 'Turn auto-escaping on (autoescape=True)', edits: [replaceNode(value, 'True')], isPreferred: true }] : [],
    });
    return;
  }
  if (/^(markupsafe\.Markup|flask\.Markup|jinja2\.Markup|Markup|django\.utils\.safestring\.mark_safe|mark_safe|django\.utils\.html\.mark_safe)$/.test(name)) {
    const v = args[0];
    if (!v || ctx.flow.isConstant(v)) return;
    const direct = requestSource(v, ctx, 'html');
    const hit = direct ? undefined : htmlSubstitution(v, ctx) ?? fstringSource(v, ctx);
    const src = direct ?? hit?.src;
    const mark = last === 'mark_safe' ? 'mark_safe' : 'Markup';
    if (!src) {
      // not visibly from this request, but a model field, argument or other variable that users may have written
      if (mark === 'Markup' && !mentionsMarkupWord(ctx)) return;
      if (escapedForHtml(v, ctx)) return;
      ctx.report(call, {
        message: `\`${mark}\` marks \`${clip(v.text)}\` as safe HTML without escaping it: if any part of it was written by a user (a model field such as a comment or review body, a profile name, an argument passed in), markup in it runs as script for every viewer (stored XSS, CWE-79). Escape it (conditional_escape / markupsafe.escape), build it with format_html, or sanitise it with an allow-list (bleach/nh3) first.`,
        confidence: 'medium',
      });
      return;
    }
    const fixes: Fix[] = [];
    if (direct && unwrap(v).type !== 'string') {
      fixes.push({ title: 'Escape the value instead of marking it safe (markupsafe.escape)', edits: [...importEdit(ctx, 'markupsafe'), replaceNode(call.childForFieldName('function')!, 'markupsafe.escape')], isPreferred: true });
    }
    ctx.report(call, {
      message: `\`${mark}\` marks ${direct ? src : `a string containing ${src}`} as safe HTML, so the template engine will not escape it: markup in it runs as script (XSS, CWE-79). Escape the value (markupsafe.escape / format_html) or let the template insert it.`,
      confidence: 'high',
      fixes,
    });
    return;
  }
  // format_html(f"<b>{name}</b>"): the value is interpolated before format_html can escape it
  if (/^(django\.utils\.html\.format_html|format_html|html\.format_html)$/.test(name)) {
    const fmt = args[0] ? unwrap(args[0]) : undefined;
    if (!fmt || ctx.flow.isConstant(fmt)) return;
    const interpolated = (fmt.type === 'string' && fmt.namedChildren.some((c) => c?.type === 'interpolation')) || (fmt.type === 'binary_operator' && /%|\+/.test(fmt.childForFieldName('operator')?.text ?? '')) || (fmt.type === 'call' && /\.format$/.test(fmt.childForFieldName('function')?.text ?? ''));
    if (!interpolated || escapedForHtml(fmt, ctx)) return;
    const src = fstringSource(fmt, ctx)?.src;
    ctx.report(call, {
      message: `\`format_html\` gets a format string that already has ${src ?? 'values'} interpolated into it (\`${clip(fmt.text)}\`), so it cannot escape them and returns them as safe HTML (XSS, CWE-79). Pass a constant format string with {} placeholders and the values as arguments: format_html("<b>{}</b>", name).`,
      confidence: src ? 'high' : 'medium',
    });
    return;
  }
  // Django HttpResponse(f"<h1>{name}</h1>"), Flask make_response(f"...")
  if (/^(django\.http\.HttpResponse|HttpResponse|flask\.make_response|make_response|HTMLResponse|fastapi\.responses\.HTMLResponse|starlette\.responses\.HTMLResponse)$/.test(name)) {
    const body = args[0] ?? keywordArg(call, 'content');
    const hit = body && htmlSubstitution(body, ctx);
    if (hit) reportPyHtml(call, name, hit, ctx);
  }
}

/** The request source inside a string-building expression (template, +, f-string) that has literal text of its own. */
function textSubstitution(expr: Node, ctx: RuleContext): string | undefined {
  const ps = parts(expr, ctx);
  if (!ps.some((p) => 'text' in p && p.text.trim() !== '')) return undefined;
  for (const p of ps) {
    if ('text' in p) continue;
    const src = requestSource(p.expr, ctx, 'html');
    if (src) return src;
  }
  return undefined;
}

/** Whether the handler around `at` sets a non-HTML content type (`res.type('text')`, `mimetype="text/plain"`). */
function plainTextResponse(at: Node): boolean {
  const fn = enclosingFunction(at);
  const text = fn?.parent?.type === 'decorated_definition' ? fn.parent.text : fn?.text ?? '';
  return /text\/plain|application\/json|\.type\(\s*['"](text|txt|json|plain)['"]|mimetype\s*=|content_type\s*=|PlainTextResponse|Content-Type/i.test(text);
}

const HTML_ESCAPERS = /\b(?:escape|conditional_escape|escapejs|format_html|format_html_join|html\.escape|markupsafe\.escape|bleach\.clean|bleach\.linkify|nh3\.clean|clean_html|sanitize\w*|sanitise\w*|strip_tags|render_to_string|render_template|render|get_template|json_script|urlencode|quote|quote_plus|int|len|float|intcomma|naturaltime|linebreaks|linebreaksbr|urlize)\s*\(/;

/** The value is (or every assignment of its variable is) escaped, sanitised, rendered from a template or numeric. */
function escapedForHtml(v: Node, ctx: RuleContext, depth = 0): boolean {
  const n = unwrap(v);
  if (HTML_ESCAPERS.test(n.text)) return true;
  // developer-written text: settings and ALL_CAPS constants, translations of literal strings (`_("<b>Note:</b>")`)
  if (/^(?:(?:django\.conf\.)?settings|conf|config)\.[A-Z][A-Z0-9_]*$|^[A-Z][A-Z0-9_]+$/.test(n.text)) return true;
  if (n.type === 'call' && /^(?:_|gettext|gettext_lazy|ugettext|ugettext_lazy|pgettext|ngettext|lazy_gettext)$/.test(n.childForFieldName('function')?.text ?? '')) {
    const args = positionalArgs(n);
    if (args.length && args.every((a) => ctx.flow.isConstant(a))) return true;
  }
  if (n.type !== 'identifier' || depth > 2) return false;
  const values = ctx.flow.valuesOf(n.text, n);
  return values.length > 0 && values.every((x) => ctx.flow.isConstant(x) || escapedForHtml(x, ctx, depth + 1));
}

/** An f-string/format without markup can still carry request data into Markup(...). */
function fstringSource(v: Node, ctx: RuleContext): { src: string; part: Node } | undefined {
  for (const p of parts(v, ctx)) {
    if ('text' in p) continue;
    const src = requestSource(p.expr, ctx, 'html');
    if (src) return { src, part: p.expr };
  }
  return undefined;
}

function reportPyHtml(node: Node, what: string, hit: { src: string; part: Node }, ctx: RuleContext): void {
  const fixes: Fix[] = [];
  // f"<h1>{name}</h1>" → f"<h1>{escape(name)}</h1>" (markupsafe ships with Flask and Jinja)
  const interp = hit.part.parent;
  if (interp?.type === 'interpolation' && mentionsMarkup(ctx)) {
    const subs = interp.parent?.namedChildren.filter((c): c is Node => c?.type === 'interpolation' && !!c.namedChildren[0] && !!requestSource(c.namedChildren[0], ctx, 'html')) ?? [];
    fixes.push({ title: 'HTML-escape the inserted values (markupsafe.escape)', edits: [...importEdit(ctx, 'markupsafe'), ...subs.map((s) => replaceNode(s.namedChildren[0]!, `markupsafe.escape(${s.namedChildren[0]!.text})`))], isPreferred: true });
  }
  ctx.report(node, {
    message: `\`${what}\` returns HTML with ${hit.src} inserted unescaped: markup in it runs as script in the visitor's browser (reflected XSS, CWE-79). Render a template (render_template) or escape the value (markupsafe.escape).`,
    confidence: 'high',
    fixes,
  });
}

function importEdit(ctx: RuleContext, module: string) {
  if (new RegExp(`^\\s*import\\s+([\\w.]+\\s*,\\s*)*${module}\\b`, 'm').test(ctx.text)) return [];
  let line = 0;
  for (const child of ctx.tree.rootNode.namedChildren) {
    if (!child) continue;
    const isDocstring = child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string';
    if (child.type === 'comment' || isDocstring || child.type === 'future_import_statement') {
      line = child.endPosition.row + 1;
      continue;
    }
    break;
  }
  return [insertAt(line, 0, `import ${module}\n`)];
}

/** Flask views: `return f"<h1>Hello {name}</h1>"` is sent as text/html. */
const isFlaskText = perText((text) => /\bflask\b|\bquart\b|response_class\s*=\s*HTMLResponse/.test(text));

/** Flask views and FastAPI routes declared with `response_class=HTMLResponse` send a returned string as HTML. */
function checkFlaskReturn(ret: Node, ctx: RuleContext): void {
  if (!isFlaskText(ctx.text)) return;
  const value = ret.namedChildren[0];
  if (!value || !/^(string|binary_operator|call|identifier|tuple|expression_list|concatenated_string|parenthesized_expression)$/.test(value.type)) return;
  const fn = enclosingFunction(ret);
  if (!fn || fn.type !== 'function_definition' || !isRouteHandler(fn, ctx)) return;
  const flask = mentionsFlaskWord(ctx);
  if (!flask && !(fn.parent?.type === 'decorated_definition' && /response_class\s*=\s*HTMLResponse/.test(fn.parent.text.slice(0, fn.startIndex - fn.parent.startIndex)))) return;
  const v = unwrap(value);
  const target = v.type === 'tuple' || v.type === 'expression_list' ? v.namedChildren[0] : v;
  if (!target) return;
  const hit = htmlSubstitution(target, ctx);
  if (hit) return reportPyHtml(ret, 'return', hit, ctx);
  // return f"Hello {name}": Flask sends a returned string as text/html
  const text = flask ? textSubstitution(target, ctx) : undefined;
  if (text && !plainTextResponse(ret)) {
    ctx.report(ret, {
      message: `The view returns a string containing ${text} unescaped, and Flask sends strings as text/html: markup in the value runs as script in the visitor's browser (reflected XSS, CWE-79). Escape it (markupsafe.escape), return JSON, or render a template.`,
      confidence: 'medium',
    });
  }
}

export const INJECTION_RULES: readonly Rule[] = [nosqlInjection, pathTraversal, ssrf, openRedirect, xssTemplate];
