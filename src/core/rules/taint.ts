import type { Node, Tree } from 'web-tree-sitter';
import type { RuleContext } from './api';
import { FUNCTION_TYPES, dottedName, enclosingFunction, positionalArgs, unwrap } from './api';

/**
 * A lightweight, intra-procedural request-taint model: "does this value come from the request / the user?".
 *
 * It answers per expression, on top of `ctx.flow` (constants and plain bindings) plus its own small index of the
 * bindings `Flow` leaves unknown (parameters, destructuring, loop variables). It follows assignments, destructuring,
 * template literals, `+`, f-strings, `%`, `.format` and simple pass-through calls (`String(x)`, `x.trim()`,
 * `path.join(a, x)`, `str(x)`, ...), and stops at sanitisers that are right for the sink (`SinkKind`): an
 * `encodeURIComponent`'d value is still a path-traversal risk but no longer an HTML one, `String(x)` ends a NoSQL
 * operator injection but not a path traversal. Guards in the same function (allow-list membership, resolve +
 * `startsWith(root)`, relative-path checks) end taint for the whole function: this is deliberately not
 * flow-sensitive. Calls to functions other than the known pass-throughs end taint (the model is intra-procedural),
 * so it under-reports rather than over-reports.
 *
 * Public API (kept stable for other rules):
 * - `requestSource(expr, ctx, kind?)`: a short label of the source (`req.query.file`, `request.args`, `route
 *   parameter name`) when `expr` is request-derived for a sink of `kind`, else undefined.
 * - `isRouteHandler(fn, ctx)`: whether a function node is a web route handler (Express/Koa/Fastify callbacks, Next API
 *   routes, Flask/FastAPI decorated views, Django views taking `request`).
 * - `enclosingFunction(node)`: the nearest enclosing function node.
 */

/** What the value flows into: decides which sanitisers and guards count. `any`: only universal ones. */
export type SinkKind = 'any' | 'path' | 'nosql' | 'url' | 'redirect' | 'html' | 'template' | 'sql' | 'command' | 'code';

const SCOPES = new Set([...FUNCTION_TYPES, 'program', 'module', 'class_definition']);

/** Properties of a request object that carry client-controlled data (Express, Koa, Fastify, Next, Flask, Django, Starlette). */
const JS_REQ_PROPS = new Set(['query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'files', 'file', 'url', 'originalUrl', 'path', 'hostname', 'ip', 'ips', 'host', 'rawBody', 'querystring', 'search', 'nextUrl', 'searchParams', 'href']);
/** Methods of a request object that return client-controlled data: `req.get('Host')`, `await request.json()`. */
const JS_REQ_METHODS = new Set(['get', 'header', 'param', 'json', 'formData', 'text', 'query', 'arrayBuffer', 'blob', 'parseBody']);
/** `ctx` is a common name (canvas contexts): only Koa's request-side properties count. */
const KOA_CTX_PROPS = new Set(['query', 'params', 'querystring', 'headers', 'header', 'cookies', 'path', 'url', 'href', 'host', 'hostname', 'ip', 'originalUrl', 'search']);
/** Nested request objects: `ctx.request.body`, `ctx.req.url`, Hono `c.req.query('x')`. */
const NESTED_ROOTS = new Set(['request', 'req']);
const LAMBDA_PROPS = new Set(['body', 'queryStringParameters', 'pathParameters', 'multiValueQueryStringParameters', 'headers', 'multiValueHeaders', 'rawPath', 'rawQueryString', 'cookies']);
const PY_REQ_PROPS = new Set(['args', 'form', 'json', 'values', 'files', 'cookies', 'headers', 'data', 'GET', 'POST', 'FILES', 'COOKIES', 'META', 'body', 'query_params', 'path_params', 'path', 'full_path', 'url', 'query_string', 'view_args', 'stream', 'host', 'referrer']);
const PY_REQ_METHODS = new Set(['get_json', 'get_data', 'json', 'form', 'body', 'stream', 'get_full_path', 'build_absolute_uri', 'get_host']);
const BROWSER_SOURCES = new Set([
  'location.search', 'location.hash', 'window.location.search', 'window.location.hash', 'document.location.search', 'document.location.hash',
  'window.name', 'document.cookie', 'document.referrer', 'document.URL', 'document.documentURI', 'process.argv', 'sys.argv',
]);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head', 'route', 'any']);
const PY_ROUTE_DECORATORS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket', 'head', 'options']);
/** FastAPI/Flask parameters that are not client data. */
const PY_NON_DATA_PARAMS = new Set(['self', 'cls', 'request', 'db', 'session', 'background_tasks', 'response', 'current_user', 'user', 'settings', 'conn', 'context']);
const PY_NON_DATA_TYPES = /^(Request|Response|Session|AsyncSession|BackgroundTasks|WebSocket|HTTPConnection|SecurityScopes|User)\b/;

/** Calls that return (a transformation of) their input: taint passes through receiver and arguments. */
const PASS_FUNCS = new Set([
  'String', 'path.basename', 'basename', 'path.extname', 'path.dirname', 'decodeURIComponent', 'decodeURI', 'unescape', 'JSON.parse', 'JSON.stringify', 'Buffer.from', 'url.format', 'url.parse', 'url.resolve', 'path.join', 'path.resolve', 'path.normalize', 'querystring.parse', 'qs.parse',
  'Object.assign', 'Array.from', 'atob', 'btoa', 'URL', 'URLSearchParams', 'Path', 'PurePath', 'PosixPath',
  'str', 'bytes', 'repr', 'os.path.join', 'os.path.normpath', 'os.path.abspath', 'os.path.realpath', 'os.path.expanduser', 'posixpath.join', 'json.loads', 'json.dumps', 'unquote', 'urllib.parse.unquote', 'unquote_plus', 'urljoin', 'urllib.parse.urljoin', 'dict', 'list', 'tuple', 'base64.b64decode', 'f',
]);
/** Methods whose result carries their receiver's (or arguments') data. */
const PASS_METHODS = new Set([
  'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toString', 'slice', 'substring', 'substr', 'replace', 'replaceAll', 'split', 'join', 'concat', 'padStart', 'padEnd', 'normalize', 'at', 'valueOf', 'toLocaleLowerCase', 'get', 'getAll', 'pop', 'shift', 'find', 'map', 'filter', 'flat', 'values', 'entries', 'keys',
  'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'format', 'encode', 'decode', 'getlist', 'copy', 'items', 'dict', 'model_dump', 'resolve', 'joinpath', 'read', 'with_suffix', 'removeprefix', 'removesuffix', 'casefold', 'title', 'to_dict',
]);
/** Sanitisers that end taint for every sink: the value is no longer a free-form string. */
const UNIVERSAL_SANITISERS = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean', 'Math.floor', 'Math.round', 'Math.trunc', 'Math.ceil', 'int', 'float', 'bool', 'uuid.UUID', 'UUID', 'isNaN', 'Number.isInteger', 'Number.parseInt', 'Number.parseFloat', 'len', 'crypto.randomUUID', 'uuid4', 'uuid.uuid4']);
const KIND_SANITISERS: Record<string, ReadonlySet<string>> = {
  path: new Set(['path.basename', 'basename', 'os.path.basename', 'secure_filename', 'werkzeug.utils.secure_filename', 'sanitize', 'sanitizeFilename', 'sanitize_filename', 'encodeURIComponent', 'quote', 'urllib.parse.quote']),
  nosql: new Set(['String', 'str', 'sanitize', 'mongoSanitize', 'mongoSanitize.sanitize', 'mongo_sanitize', 'escapeRegExp', 'escapeRegex', 're.escape', 'lodash.escapeRegExp', '_.escapeRegExp', 'ObjectId', 'mongoose.Types.ObjectId', 'Types.ObjectId', 'bson.ObjectId', 'encodeURIComponent']),
  html: new Set(['escape', 'escapeHtml', 'escapeHTML', 'htmlEscape', 'html.escape', 'markupsafe.escape', 'cgi.escape', 'encodeURIComponent', 'he.encode', 'he.escape', 'sanitize', 'sanitizeHtml', 'DOMPurify.sanitize', 'bleach.clean', 'xss', 'filterXSS', 'validator.escape', 'quote', 'urllib.parse.quote', 'conditional_escape', 'strip_tags']),
  template: new Set(['escape', 'html.escape', 'markupsafe.escape']),
  url: new Set(['encodeURIComponent', 'quote', 'urllib.parse.quote', 'quote_plus', 'urllib.parse.quote_plus']),
  redirect: new Set(['encodeURIComponent', 'quote', 'urllib.parse.quote', 'quote_plus']),
  sql: new Set(['escape', 'mysql.escape', 'pg.escapeLiteral', 'escapeLiteral', 'escapeIdentifier', 'sqlstring.escape', 'SqlString.escape']),
  command: new Set(['shlex.quote', 'quote', 'shellescape', 'shellEscape', 'shell-quote.quote']),
};

interface Binding {
  readonly kind: 'value' | 'pattern' | 'param' | 'iter';
  /** value / pattern / iter: the expression bound; param: the function. */
  readonly source: Node;
  /** pattern: the property keys from the pattern root to the name; param: the parameter index. */
  readonly path?: readonly string[];
  readonly index?: number;
}

interface Index {
  readonly scopes: Map<number, Map<string, Binding[]>>;
  readonly memo: Map<string, string | null>;
  readonly guards: Map<number, GuardFacts>;
  /** Labels of browser-side sources (location, URLSearchParams, postMessage data) seen in this tree. */
  readonly client: Set<string>;
  /** Scopes whose own bindings have been read (`scopes` is filled lazily, one scope at a time). */
  readonly collected: Set<number>;
  readonly py: boolean;
}

const indexes = new WeakMap<Tree, Index>();

function indexFor(ctx: RuleContext): Index {
  let ix = indexes.get(ctx.tree);
  if (!ix) {
    ix = { scopes: new Map(), memo: new Map(), guards: new Map(), client: new Set(), collected: new Set(), py: ctx.language === 'python' };
    indexes.set(ctx.tree, ix);
  }
  return ix;
}

function bind(ix: Index, scope: number, name: string, b: Binding): void {
  let names = ix.scopes.get(scope);
  if (!names) ix.scopes.set(scope, (names = new Map()));
  const list = names.get(name);
  if (list) list.push(b);
  else names.set(name, [b]);
}

/** Names bound by a pattern, with the property path to each: `{ a, b: { c } }` → a:[a], c:[b,c]. */
function patternNames(p: Node, path: string[], out: Array<{ name: string; path: string[] }>): void {
  switch (p.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      out.push({ name: p.text, path: p.type === 'shorthand_property_identifier_pattern' ? [...path, p.text] : path });
      return;
    case 'object_pattern':
      for (const c of p.namedChildren) if (c) patternNames(c, path, out);
      return;
    case 'pair_pattern': {
      const key = p.childForFieldName('key');
      const value = p.childForFieldName('value');
      if (value) patternNames(value, [...path, key?.text.replace(/^['"]|['"]$/g, '') ?? '?'], out);
      return;
    }
    case 'object_assignment_pattern': // `{ next = '/' }`
    case 'assignment_pattern': {
      const left = p.childForFieldName('left');
      if (left) patternNames(left, path, out);
      return;
    }
    case 'rest_pattern':
      for (const c of p.namedChildren) if (c) patternNames(c, path, out);
      return;
    case 'array_pattern':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
      p.namedChildren.forEach((c, i) => c && patternNames(c, [...path, `[${i}]`], out));
      return;
    default:
      return;
  }
}

const COLLECT_TYPES = new Set([...FUNCTION_TYPES, 'variable_declarator', 'assignment_expression', 'assignment', 'named_expression', 'for_in_statement', 'for_statement', 'for_in_clause', 'import_statement']);

/**
 * The bindings a scope makes itself, read on first use: a cursor walk over the scope that creates nodes only for
 * binding sites and does not enter nested scopes (their bindings are theirs). Lazy per scope because every keystroke
 * brings a new tree: reading only the scopes a lookup climbs through keeps an edit's cost to what it touches.
 * A function's parameters belong to the function's own scope.
 */
function scopeBindings(scope: Node, ix: Index): Map<string, Binding[]> | undefined {
  if (!ix.collected.has(scope.id)) {
    ix.collected.add(scope.id);
    collectScope(scope, ix);
  }
  return ix.scopes.get(scope.id);
}

function collectScope(scope: Node, ix: Index): void {
  const t0 = scope.type;
  if (FUNCTION_TYPES.has(t0)) visitBinding(scope, t0, scope.id, ix, ix.py);
  const cursor = scope.walk();
  let depth = 0;
  try {
    if (!cursor.gotoFirstChild()) return;
    depth = 1;
    for (;;) {
      const t = cursor.nodeType;
      let enter = true;
      if (SCOPES.has(t)) enter = false; // a nested scope: its bindings (and its parameters) are its own
      else if (COLLECT_TYPES.has(t)) enter = !visitBinding(cursor.currentNode, t, scope.id, ix, ix.py);
      if (enter && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (depth <= 1 || !cursor.gotoParent()) return;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Records the bindings a node makes; true when its children need no visit. `scope`: the scope the node sits in. */
function visitBinding(n: Node, t: string, scope: number, ix: Index, py: boolean): boolean {
  {
    if (FUNCTION_TYPES.has(t)) {
      const params = n.childForFieldName('parameters') ?? n.childForFieldName('parameter');
      if (params?.type === 'identifier') bind(ix, n.id, params.text, { kind: 'param', source: n, index: 0 });
      else if (params) {
        params.namedChildren.forEach((p, i) => {
          if (!p || p.type === 'comment') return;
          const names: Array<{ name: string; path: string[] }> = [];
          const target = py ? (p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null) : p.childForFieldName('pattern') ?? p;
          if (target) patternNames(target, [], names);
          for (const { name, path } of names) bind(ix, n.id, name, { kind: 'param', source: n, index: i, path });
        });
      }
    } else if (!py && t === 'variable_declarator') {
      const name = n.childForFieldName('name');
      const value = n.childForFieldName('value');
      if (name && value) {
        if (name.type === 'identifier') bind(ix, scope, name.text, { kind: 'value', source: value });
        else {
          const names: Array<{ name: string; path: string[] }> = [];
          patternNames(name, [], names);
          for (const x of names) bind(ix, scope, x.name, { kind: 'pattern', source: value, path: x.path });
        }
      }
    } else if (t === 'assignment_expression' || t === 'assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left && right) {
        if (left.type === 'identifier') bind(ix, scope, left.text, { kind: 'value', source: right });
        else if (left.type !== 'member_expression' && left.type !== 'subscript_expression' && left.type !== 'attribute' && left.type !== 'subscript') {
          const inner = left.type === 'parenthesized_expression' ? left.namedChildren[0] ?? left : left;
          const names: Array<{ name: string; path: string[] }> = [];
          patternNames(inner.type === 'object' ? inner : inner, [], names);
          if (inner.type === 'object') for (const c of inner.namedChildren) if (c?.type === 'shorthand_property_identifier') names.push({ name: c.text, path: [c.text] });
          // Python `a, b = x, y`: positional
          const rights = right.type === 'expression_list' || right.type === 'tuple' ? right.namedChildren : undefined;
          for (const x of names) {
            const m = /^\[(\d+)\]$/.exec(x.path[0] ?? '');
            const r = rights && m ? rights[Number(m[1])] : undefined;
            bind(ix, scope, x.name, r ? { kind: 'value', source: r } : { kind: 'pattern', source: right, path: x.path });
          }
        }
      }
    } else if (t === 'named_expression') {
      const name = n.childForFieldName('name');
      const value = n.childForFieldName('value');
      if (name && value) bind(ix, scope, name.text, { kind: 'value', source: value });
    } else if (t === 'for_in_statement' || t === 'for_statement' || t === 'for_in_clause') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left && right) {
        const names: Array<{ name: string; path: string[] }> = [];
        patternNames(left.type === 'lexical_declaration' || left.type === 'variable_declaration' ? left.namedChildren[0]?.childForFieldName('name') ?? left : left, [], names);
        for (const x of names) bind(ix, scope, x.name, { kind: 'iter', source: right });
      }
    } else if (!py && t === 'import_statement') {
      // `import request from 'request'`: a library, not a request object
      for (const id of n.descendantsOfType('identifier')) if (id) bind(ix, scope, id.text, { kind: 'value', source: n });
      return true;
    }
  }
  return false;
}

export { enclosingFunction };

/**
 * Whether `fn` is a web route handler: a callback registered with `app.get('/x', fn)` / `router.post(...)` /
 * `app.use(fn)` (Express, Koa, Fastify, Hono), a Next.js API route (`export default function handler(req, res)`, App
 * Router `export async function GET(request)`), a Flask/FastAPI view (`@app.route`, `@router.get`), or a Django view
 * (first parameter `request`).
 */
const handlerCache = new WeakMap<Tree, Map<number, boolean>>();

export function isRouteHandler(fn: Node, ctx: RuleContext): boolean {
  let cache = handlerCache.get(ctx.tree);
  if (!cache) handlerCache.set(ctx.tree, (cache = new Map()));
  let v = cache.get(fn.id);
  if (v === undefined) cache.set(fn.id, (v = computeRouteHandler(fn, ctx.language === 'python')));
  return v;
}

function computeRouteHandler(fn: Node, py: boolean): boolean {
  if (py) {
    if (fn.type !== 'function_definition') return false;
    const deco = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    for (const d of deco?.namedChildren ?? []) {
      if (d?.type !== 'decorator') continue;
      const expr = d.namedChildren[0];
      const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
      const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
      if (last && PY_ROUTE_DECORATORS.has(last) && callee?.childForFieldName('object')?.text !== 'requests') return true;
      if (/^(api_view|require_http_methods|require_GET|require_POST|login_required|csrf_exempt)$/.test(callee?.text ?? '')) return true;
    }
    // Django views: `def view(request, slug)`, class-based `def get(self, request, pk)`
    const params = fn.childForFieldName('parameters')?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
    const pname = (p: Node | null | undefined) => (p?.type === 'identifier' ? p.text : p?.childForFieldName('name')?.text ?? p?.namedChildren[0]?.text);
    if (pname(params[0]) === 'request') return true;
    const method = fn.childForFieldName('name')?.text ?? '';
    return pname(params[0]) === 'self' && pname(params[1]) === 'request' && /^(get|post|put|patch|delete|head|options|dispatch|list|create|retrieve|update|partial_update|destroy)$/.test(method);
  }
  // callback argument of a route registration
  const args = fn.parent;
  if (args?.type === 'arguments') {
    const call = args.parent;
    const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
    if (callee?.type === 'member_expression') {
      const method = callee.childForFieldName('property')?.text ?? '';
      if (!ROUTE_METHODS.has(method)) return false;
      const first = args.namedChildren.find((c) => c && c.type !== 'comment');
      if (method === 'use' && first === fn) return !/^(React|Vue)\b/.test(callee.text);
      if (first && (first.type === 'string' || first.type === 'template_string' || first.type === 'regex' || first.type === 'array')) return first !== fn;
      // router.route('/x').get(fn)
      const obj = callee.childForFieldName('object');
      return obj?.type === 'call_expression' && obj.childForFieldName('function')?.text.endsWith('.route') === true;
    }
    return false;
  }
  // Next.js: export default function handler(req, res) / export async function GET(request)
  const name = fn.childForFieldName('name')?.text ?? (fn.parent?.type === 'variable_declarator' ? fn.parent.childForFieldName('name')?.text : undefined);
  const exported = fn.parent?.type === 'export_statement' || fn.parent?.parent?.parent?.type === 'export_statement';
  if (exported && name && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|handler)$/.test(name)) return true;
  if (fn.parent?.type === 'export_statement' && fn.parent.text.startsWith('export default')) return true;
  return false;
}

/** `addEventListener('message', fn)` / `onmessage = fn`: the first parameter's `.data` is attacker-posted. */
function isMessageListener(fn: Node): boolean {
  const args = fn.parent;
  if (args?.type === 'arguments') {
    const call = args.parent;
    if (call?.type !== 'call_expression' || !/(^|\.)addEventListener$/.test(call.childForFieldName('function')?.text ?? '')) return false;
    return /^['"]message['"]$/.test(args.namedChildren[0]?.text ?? '');
  }
  const p = fn.parent;
  return p?.type === 'assignment_expression' && /(^|\.)onmessage$/.test(p.childForFieldName('left')?.text ?? '');
}

type RootKind = 'req' | 'koa' | 'lambda' | 'message' | 'pyreq';

/** Whether an identifier names a request-like object, and which kind. */
function rootKind(id: Node, ctx: RuleContext, ix: Index): RootKind | undefined {
  const py = ctx.language === 'python';
  const name = id.text;
  const b = resolve(id, ix);
  const param = b?.find((x) => x.kind === 'param');
  if (param && !param.path?.length) {
    const fn = param.source;
    if (param.index === 0 && !py && isMessageListener(fn)) return 'message';
    if (param.index === 0 && /^(event|evt)$/.test(name)) return 'lambda';
    if (param.index === 0 && !py && isRouteHandler(fn, ctx)) return name === 'ctx' ? 'koa' : 'req';
  }
  if (b && b.length && !param) return undefined; // a local named `req` bound to something else
  if (py) {
    if (name === 'request' || name === 'req') return 'pyreq';
    if (name === 'event') return 'lambda';
    return undefined;
  }
  // outside registered routes, a parameter named req/request is a server request only next to a response parameter
  // or with a server request type: HTTP client code passes outgoing `request` objects around too
  if (name === 'req' || name === 'request') return param && !param.path?.length && param.index === 0 && handlerSignature(param.source) ? 'req' : undefined;
  if (name === 'ctx' && !b) return undefined;
  if (name === 'ctx') return 'koa';
  if (name === 'event' || name === 'evt') return param ? 'lambda' : undefined;
  return undefined;
}

const SERVER_REQUEST_TYPES = /^(NextRequest|NextApiRequest|FastifyRequest|express\.Request|Express\.Request|VercelRequest|IncomingMessage|http\.IncomingMessage|Koa\.Context|Context|HonoRequest|APIGatewayProxyEvent)\b/;

/** `(req, res)`, `(request, reply)`, `(req: NextApiRequest)`: the signature of a server-side handler. */
function handlerSignature(fn: Node): boolean {
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
  const second = params[1] ? (params[1].childForFieldName('pattern') ?? params[1]).text : '';
  if (/^(res|response|reply|resp|_res|h)$/.test(second)) return true;
  const type = params[0]?.childForFieldName('type')?.text.replace(/^:\s*/, '') ?? '';
  return SERVER_REQUEST_TYPES.test(type);
}

/**
 * Sources the person running the program controls anyway (command-line arguments, `input()`): they matter for
 * command and code injection, not for path traversal or SSRF in a CLI tool.
 */
export function isOperatorInput(label: string): boolean {
  return label === 'input()' || label.startsWith('process.argv') || label.startsWith('sys.argv');
}

/**
 * Whether a label returned by `requestSource` (for this tree) names a browser-side source: `location.search`,
 * `URLSearchParams`, `useSearchParams()`, postMessage `event.data`. These matter for DOM XSS and client-side
 * redirects, not for server-side sinks such as SSRF.
 */
export function isClientSource(label: string, ctx: RuleContext): boolean {
  const client = indexes.get(ctx.tree)?.client;
  if (!client) return false;
  for (const c of client) if (label === c || label.startsWith(`${c}.`) || label.startsWith(`${c}[`)) return true;
  return false;
}

/** Bindings of the identifier at its use site: the nearest enclosing scope that binds it. */
function resolve(id: Node, ix: Index): Binding[] | undefined {
  return resolveScoped(id, ix)?.list;
}

function resolveScoped(id: Node, ix: Index): { scope: number; list: Binding[] } | undefined {
  for (let p = id.parent; p; p = p.parent) {
    if (!SCOPES.has(p.type)) continue;
    const list = scopeBindings(p, ix)?.get(id.text);
    if (list) return { scope: p.id, list };
  }
  return undefined;
}

/** Member access `obj.prop` / `obj['prop']` / Python `obj.attr` / `obj["key"]`: [object, key text or undefined]. */
function memberParts(n: Node): [Node | null, string | undefined] {
  switch (n.type) {
    case 'member_expression':
      return [n.childForFieldName('object'), n.childForFieldName('property')?.text];
    case 'attribute':
      return [n.childForFieldName('object'), n.childForFieldName('attribute')?.text];
    case 'subscript_expression': {
      const idx = n.childForFieldName('index');
      return [n.childForFieldName('object'), idx?.type === 'string' ? idx.text.slice(1, -1) : undefined];
    }
    case 'subscript': {
      const idx = n.childForFieldName('subscript');
      return [n.childForFieldName('value'), idx?.type === 'string' ? idx.text.replace(/^[a-zA-Z]*['"]|['"]$/g, '') : undefined];
    }
    default:
      return [null, undefined];
  }
}

function rootProps(kind: RootKind): ReadonlySet<string> {
  switch (kind) {
    case 'req':
      return JS_REQ_PROPS;
    case 'koa':
      return KOA_CTX_PROPS;
    case 'lambda':
      return LAMBDA_PROPS;
    case 'message':
      return new Set(['data']);
    case 'pyreq':
      return PY_REQ_PROPS;
  }
}

interface Walk {
  readonly ctx: RuleContext;
  readonly ix: Index;
  readonly kind: SinkKind;
  /** Names and source texts the taint passed through, for the guard check. */
  readonly subjects: Set<string>;
  /** scope:name pairs being resolved (cycle guard). */
  readonly visiting: Set<string>;
  depth: number;
}

/**
 * A short human label of the request/user source `expr` is derived from (`req.query.file`, `request.args`,
 * `route parameter name`, `input()`), or undefined when it is not request-derived, is a constant, or went through a
 * sanitiser or guard that is right for a sink of `kind` (default `any`: only universal sanitisers such as `Number()`
 * and allow-list membership count). Safe to call per sink: results are cached per tree.
 */
export function requestSource(expr: Node, ctx: RuleContext, kind: SinkKind = 'any'): string | undefined {
  try {
    const ix = indexFor(ctx);
    const key = `${expr.id}:${kind}`;
    const hit = ix.memo.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const w: Walk = { ctx, ix, kind, subjects: new Set(), visiting: new Set(), depth: 0 };
    let label = taint(expr, w);
    if (label !== undefined && guarded(expr, w)) label = undefined;
    ix.memo.set(key, label ?? null);
    return label;
  } catch {
    return undefined;
  }
}

function calleeText(fn: Node | null): string | undefined {
  if (!fn) return undefined;
  const d = dottedName(fn);
  if (d) return d.replace(/^require\(['"]([\w-]+)['"]\)/, '$1');
  return undefined;
}

function isSanitiser(name: string, kind: SinkKind): boolean {
  if (UNIVERSAL_SANITISERS.has(name)) return true;
  const set = KIND_SANITISERS[kind];
  if (!set) return false;
  if (set.has(name)) return true;
  // the same function under a module alias: `markupsafe.escape`, `posixpath.basename`, `utils.secure_filename`
  const last = name.split('.').pop() ?? '';
  return /^(escape|escapeHtml|sanitize|secure_filename|basename|escapeRegExp)$/.test(last) && set.has(last) && !/^(JSON|url|querystring|qs|str)\./.test(name);
}

/** nosql: validation libraries make the value a checked shape (`schema.parse(req.body)`, `Joi.validate`). */
function isValidation(call: Node, name: string): boolean {
  const last = name.split('.').pop() ?? '';
  if (!/^(parse|safeParse|parseAsync|safeParseAsync|validate|validateAsync|validateSync|cast|model_validate|parse_obj)$/.test(last)) return false;
  if (/^(JSON|url|querystring|qs|path|Date|URL|new URL)\./.test(name)) return false;
  return call.type === 'call_expression' || call.type === 'call';
}

function taint(node: Node | null | undefined, w: Walk): string | undefined {
  if (!node || w.depth > 12) return undefined;
  const n = unwrap(node);
  const { ctx } = w;
  const py = ctx.language === 'python';
  w.depth++;
  try {
    switch (n.type) {
      case 'string':
        if (!py) return undefined;
        for (const c of n.namedChildren) {
          if (c?.type !== 'interpolation') continue;
          const l = taint(c.namedChildren[0], w);
          if (l) return l;
        }
        return undefined;
      case 'template_string':
        for (const c of n.namedChildren) {
          if (c?.type !== 'template_substitution') continue;
          const l = taint(c.namedChildren[0], w);
          if (l) return l;
        }
        return undefined;
      case 'concatenated_string':
      case 'array':
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
      case 'spread_element':
      case 'list_splat':
      case 'dictionary_splat':
        for (const c of n.namedChildren) {
          const l = c && c.type !== 'comment' ? taint(c, w) : undefined;
          if (l) return l;
        }
        return undefined;
      case 'object':
      case 'dictionary':
        for (const c of n.namedChildren) {
          if (!c) continue;
          const v = c.type === 'pair' ? c.childForFieldName('value') : c.type === 'shorthand_property_identifier' ? c : c.type === 'spread_element' || c.type === 'dictionary_splat' ? c : null;
          const l = v ? (v.type === 'shorthand_property_identifier' ? taintName(v, w) : taint(v, w)) : undefined;
          if (l) return l;
        }
        return undefined;
      case 'binary_expression':
      case 'binary_operator':
      case 'boolean_operator': {
        const op = n.childForFieldName('operator')?.text;
        if (op && !/^(\+|%|\|\||\?\?|&&|or|and)$/.test(op) && !(py && op === '/') && n.type !== 'boolean_operator') return undefined;
        return taint(n.childForFieldName('left'), w) ?? taint(n.childForFieldName('right'), w);
      }
      case 'ternary_expression':
        return taint(n.childForFieldName('consequence'), w) ?? taint(n.childForFieldName('alternative'), w);
      case 'conditional_expression':
        return taint(n.namedChildren[0], w) ?? taint(n.namedChildren[2], w);
      case 'identifier':
      case 'shorthand_property_identifier':
        return taintName(n, w);
      case 'member_expression':
      case 'attribute':
      case 'subscript_expression':
      case 'subscript':
        return taintMember(n, w);
      case 'call_expression':
      case 'call':
      case 'new_expression':
        return taintCall(n, w);
      case 'await':
        return taint(n.namedChildren[0], w);
      default:
        return undefined;
    }
  } finally {
    w.depth--;
  }
}

function taintName(id: Node, w: Walk): string | undefined {
  const { ctx, ix } = w;
  if (ctx.flow.isConstant(id)) return undefined;
  const found = resolveScoped(id, ix);
  if (!found) return undefined;
  const bindings = found.list;
  const key = `${found.scope}:${id.text}`;
  if (w.visiting.has(key)) return undefined; // x = x + y
  w.visiting.add(key);
  try {
    const l = taintBindings(id, bindings, w);
    if (l) w.subjects.add(id.text);
    return l;
  } finally {
    w.visiting.delete(key);
  }
}

function taintBindings(id: Node, bindings: readonly Binding[], w: Walk): string | undefined {
  const { ctx } = w;
  // plain bindings through Flow; the rest (destructuring, parameters, loops) through the local index
  const plain = ctx.flow.valuesOf(id.text, id);
  if (plain.length) {
    for (const v of plain) {
      if (v.startIndex <= id.startIndex && v.endIndex >= id.endIndex) continue; // x = f(x)
      const l = taint(v, w);
      if (l) return l;
    }
    return undefined;
  }
  for (const b of bindings) {
    if (b.kind === 'value') {
      if (b.source.startIndex <= id.startIndex && b.source.endIndex >= id.endIndex) continue;
      const l = taint(b.source, w);
      if (l) return l;
    } else if (b.kind === 'iter') {
      const l = taint(b.source, w);
      if (l) return l;
    } else if (b.kind === 'pattern') {
      const l = taintPattern(b.source, b.path ?? [], w);
      if (l) return l;
    } else if (b.kind === 'param') {
      const l = taintParam(id, b, w);
      if (l) return l;
    }
  }
  return undefined;
}

/** `const { id } = req.query` → req.query.id; `const { query: { next } } = req` → req.query.next. */
function taintPattern(value: Node, path: readonly string[], w: Walk): string | undefined {
  const v = unwrap(value);
  if (v.type === 'identifier' && path.length) {
    const root = rootKind(v, w.ctx, w.ix);
    if (root) {
      const props = rootProps(root);
      if (props.has(path[0])) return labelOf(`${v.text}.${path.join('.')}`);
      if (NESTED_ROOTS.has(path[0]) && path.length > 1 && (JS_REQ_PROPS.has(path[1]) || PY_REQ_PROPS.has(path[1]))) return labelOf(`${v.text}.${path.join('.')}`);
      return undefined;
    }
  }
  const l = taint(v, w);
  if (!l) return undefined;
  const keys = path.filter((k) => !k.startsWith('['));
  return keys.length && !l.includes(' ') ? labelOf(`${l}.${keys.join('.')}`) : l;
}

function taintParam(id: Node, b: Binding, w: Walk): string | undefined {
  const fn = b.source;
  const { ctx } = w;
  const py = ctx.language === 'python';
  if (!isRouteHandler(fn, ctx)) return undefined;
  if (py) {
    // Flask/FastAPI/Django view arguments (URL path parts, query or body fields), except request objects and injected dependencies
    const p = fn.childForFieldName('parameters')?.namedChildren[b.index ?? 0];
    if (!p || PY_NON_DATA_PARAMS.has(id.text)) return undefined;
    const type = p.childForFieldName('type')?.text ?? '';
    const def = p.childForFieldName('value')?.text ?? '';
    if (PY_NON_DATA_TYPES.test(type) || /^(Depends|Security)\(/.test(def)) return undefined;
    if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') return undefined;
    return `route parameter ${id.text}`;
  }
  // Next App Router: GET(request, { params }) → params.id; Express: destructured first parameter ({ query }, res)
  if (b.index === 0 && b.path?.length) {
    // Next.js pages: export default function Page({ searchParams }) / getServerSideProps({ query })
    if (/^(searchParams|params)$/.test(b.path[0]) && !/^(req|request)$/.test(id.text)) return labelOf(b.path.join('.'));
    if (JS_REQ_PROPS.has(b.path[0])) return labelOf(`req.${b.path.join('.')}`);
    return undefined;
  }
  if (b.index === 1 && b.path?.[0] === 'params' && /^(GET|POST|PUT|PATCH|DELETE)$/.test(fn.childForFieldName('name')?.text ?? '')) return labelOf(b.path.join('.'));
  return undefined;
}

function labelOf(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 48 ? `${one.slice(0, 45)}...` : one;
}

function taintMember(n: Node, w: Walk): string | undefined {
  const { ctx, ix } = w;
  const text = n.text;
  const dotted = dottedName(n);
  if (dotted && BROWSER_SOURCES.has(dotted)) {
    w.subjects.add(text);
    if (!dotted.endsWith('argv')) ix.client.add(dotted);
    return dotted;
  }
  const [obj, key] = memberParts(n);
  if (!obj) return undefined;
  const o = unwrap(obj);
  if (o.type === 'identifier' && key !== undefined) {
    const root = rootKind(o, ctx, ix);
    if (root) {
      if (rootProps(root).has(key)) {
        w.subjects.add(text);
        if (root === 'message') ix.client.add(labelOf(text));
        return labelOf(text);
      }
      return undefined; // req.method, request.user, ctx.body (the response), event.requestContext
    }
  }
  // ctx.request.body, c.req.query, self.request.GET
  if (key !== undefined && (o.type === 'member_expression' || o.type === 'attribute')) {
    const [inner, innerKey] = memberParts(o);
    if (inner && innerKey && NESTED_ROOTS.has(innerKey)) {
      const ik = unwrap(inner);
      const innerRoot = ik.type === 'identifier' ? rootKind(ik, ctx, ix) : undefined;
      if (innerRoot || ik.text === 'self' || ik.type === 'identifier') {
        const props = ctx.language === 'python' ? PY_REQ_PROPS : JS_REQ_PROPS;
        if (props.has(key) && (innerRoot || ik.text === 'self' || innerKey === 'req')) {
          w.subjects.add(text);
          return labelOf(text);
        }
      }
    }
  }
  // Path(user).name is a bare file name (path sanitiser)
  if (w.kind === 'path' && key === 'name' && (o.type === 'call' || o.type === 'call_expression') && /^(Path|PurePath|pathlib\.Path)$/.test(o.childForFieldName('function')?.text ?? '')) return undefined;
  if (key === 'length' || key === 'size') return undefined;
  const l = taint(obj, w);
  if (!l) return undefined;
  // multer: req.file.path / req.files[0].filename are names the server chose (originalname is the client's)
  if (ctx.language !== 'python' && key !== undefined && /^(path|destination|filename|size|buffer)$/.test(key) && /\.files?(\[[^\]]*\])?$/.test(l)) return undefined;
  w.subjects.add(text);
  // a field of a source read directly: name the field (`req.query.file`, `event["body"]`)
  return key !== undefined && l === labelOf(o.text) ? labelOf(text) : l;
}

/** Methods of a source value that read one field of it: the label names the field (`request.args.get("next")`). */
const FIELD_READS = new Set(['get', 'getlist', 'getAll', 'getone']);
/** Pass-through methods whose arguments also flow into the result. */
const ARG_PASS = new Set(['format', 'join', 'concat', 'replace', 'replaceAll', 'resolve', 'joinpath', 'padStart', 'padEnd']);

function taintCall(call: Node, w: Walk): string | undefined {
  const { ctx, ix, kind } = w;
  const py = ctx.language === 'python';
  const fn = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  if (!fn) return undefined;
  const name = calleeText(fn);
  const args = positionalArgs(call);
  const kwValues = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c) => c?.type === 'keyword_argument').map((c) => c!.childForFieldName('value'));
  if (name) {
    if (isSanitiser(name, kind)) return undefined;
    if (kind === 'nosql' && isValidation(call, name)) return undefined;
    if (py && name === 'input') return 'input()';
    if (!py && /^(useSearchParams|useParams)$/.test(name)) {
      ix.client.add(`${name}()`);
      return `${name}()`;
    }
    if (name === 'URLSearchParams' && call.type === 'new_expression') {
      const a = args[0];
      if (!a) return undefined;
      const l = taint(a, w);
      if (l) return l;
      if (ctx.flow.isConstant(a) || !/location|search|url|href/i.test(a.text)) return undefined;
      ix.client.add('URLSearchParams');
      return 'URLSearchParams';
    }
  }
  const recv = fn.type === 'member_expression' || fn.type === 'attribute' ? fn.childForFieldName('object') : null;
  const method = fn.type === 'member_expression' ? fn.childForFieldName('property')?.text : fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  const r = recv ? unwrap(recv) : undefined;
  if (r && method) {
    // req.get('Host'), await request.json(), request.get_json(), event.get("body")
    if (r.type === 'identifier') {
      const root = rootKind(r, ctx, ix);
      if (root) {
        if ((root === 'req' && JS_REQ_METHODS.has(method)) || (root === 'pyreq' && PY_REQ_METHODS.has(method))) {
          w.subjects.add(call.text);
          return labelOf(`${r.text}.${method}()`);
        }
        if (root === 'lambda' && method === 'get' && LAMBDA_PROPS.has(args[0]?.text.replace(/^['"]|['"]$/g, '') ?? '')) {
          w.subjects.add(call.text);
          return labelOf(call.text);
        }
        return undefined;
      }
    }
    // Hono c.req.query('q'), Koa ctx.req
    if (r.type === 'member_expression' && NESTED_ROOTS.has(r.childForFieldName('property')?.text ?? '') && JS_REQ_METHODS.has(method)) {
      const inner = r.childForFieldName('object');
      if (inner?.type === 'identifier' && rootKind(inner, ctx, ix)) {
        w.subjects.add(call.text);
        return labelOf(`${r.text}.${method}()`);
      }
    }
  }
  if (name && (PASS_FUNCS.has(name) || (py && /^(os\.path|posixpath|pathlib|urllib\.parse)\./.test(name)))) {
    for (const a of [...args, ...kwValues]) {
      const l = taint(a, w);
      if (l) return l;
    }
    return undefined;
  }
  if (recv && method && PASS_METHODS.has(method)) {
    const l = taint(recv, w);
    if (l) {
      if (FIELD_READS.has(method) && args[0] && w.ctx.flow.isConstant(args[0]) && l === labelOf(unwrap(recv).text)) {
        w.subjects.add(call.text);
        return labelOf(call.text);
      }
      return l;
    }
    if (ARG_PASS.has(method)) {
      for (const a of [...args, ...kwValues]) {
        const al = taint(a, w);
        if (al) return al;
      }
    }
  }
  return undefined;
}

interface GuardFacts {
  /** Subjects of allow-list membership tests: `ALLOWED.includes(x)`, `x in ALLOWED`, `ALLOWED.has(x)`. */
  readonly members: string[];
  /** Receivers of prefix checks, with the prefix argument text: `p.startsWith(root)`. */
  readonly prefixes: Array<{ subject: string; arg: string }>;
  /** Sides of comparisons against a constant: `url.hostname === 'api.example.com'`. */
  readonly equals: string[];
  /** Arguments of URL safety checks: Django `url_has_allowed_host_and_scheme(next, ...)`. */
  readonly urlChecks: string[];
  /** Project validators by name: `isSafeRedirect(next)`, `is_allowed_host(url)`, `isPathInside(p)`. */
  readonly validators: Array<{ name: string; arg: string }>;
  readonly normalises: boolean;
  /** Values whose primitive type is checked: `typeof x === 'string'`, `isinstance(x, str)`. */
  readonly typeChecks: string[];
}

function guardFacts(fn: Node, w: Walk): GuardFacts {
  const cached = w.ix.guards.get(fn.id);
  if (cached) return cached;
  const facts = { members: [] as string[], prefixes: [] as Array<{ subject: string; arg: string }>, equals: [] as string[], urlChecks: [] as string[], validators: [] as Array<{ name: string; arg: string }>, normalises: false, typeChecks: [] as string[] };
  const py = w.ctx.language === 'python';
  for (const c of fn.descendantsOfType(py ? ['call', 'comparison_operator'] : ['call_expression', 'binary_expression'])) {
    if (!c) continue;
    if (c.type === 'call' || c.type === 'call_expression') {
      const f = c.childForFieldName('function');
      const method = f?.type === 'member_expression' ? f.childForFieldName('property')?.text : f?.type === 'attribute' ? f.childForFieldName('attribute')?.text : f?.text;
      const recv = f?.type === 'member_expression' || f?.type === 'attribute' ? f.childForFieldName('object') : null;
      const a0 = positionalArgs(c)[0];
      if (!method) continue;
      if (/^(includes|has|indexOf|contains|some|hasOwnProperty|hasOwn)$/.test(method) && a0) facts.members.push(a0.text);
      else if (/^(startsWith|startswith|is_relative_to|relative_to)$/.test(method) && recv) facts.prefixes.push({ subject: recv.text, arg: a0?.text ?? '' });
      else if (/^(commonpath|commonprefix)$/.test(method) && a0) facts.prefixes.push({ subject: a0.text, arg: '' });
      else if (/^(url_has_allowed_host_and_scheme|is_safe_url|isSafeUrl|isSafeRedirect|is_safe_redirect|safe_url|isAllowedUrl|isRelativeUrl|is_relative_url)$/.test(method)) {
        if (a0) (/redirect/i.test(method) ? facts.validators.push({ name: method, arg: a0.text }) : facts.urlChecks.push(a0.text));
        for (const k of c.childForFieldName('arguments')?.namedChildren ?? []) if (k?.type === 'keyword_argument' && /^(url|target)$/.test(k.childForFieldName('name')?.text ?? '')) facts.urlChecks.push(k.childForFieldName('value')?.text ?? '');
      }
      else if (a0 && /^(is|validate|check|ensure|verify|assert|safe)/i.test(method) && /(safe|allowed|trusted|whitelist|allowlist|permitted|local|relative|internal|same_?origin|within|inside)/i.test(method)) facts.validators.push({ name: method, arg: a0.text });
      if (/^(resolve|normalize|realpath|abspath|normpath)$/.test(method)) facts.normalises = true;
      const a1 = positionalArgs(c)[1];
      if (method === 'isinstance' && a0 && a1 && /^\(?\s*(?:str|int|float|bool)\b/.test(a1.text)) facts.typeChecks.push(a0.text);
    } else if (c.type === 'comparison_operator') {
      const ops = c.children.filter((x) => x && !x.isNamed).map((x) => x!.text);
      const parts = c.namedChildren.filter((x): x is Node => !!x);
      if (ops.some((o) => o === 'in' || o === 'not in') && parts[0]) facts.members.push(parts[0].text);
      if (ops.some((o) => o === '==' || o === '!=') && parts.length === 2) {
        if (w.ctx.flow.isConstant(parts[1])) facts.equals.push(parts[0].text);
        else if (w.ctx.flow.isConstant(parts[0])) facts.equals.push(parts[1].text);
      }
    } else {
      const op = c.childForFieldName('operator')?.text ?? '';
      if (/^(===|==|!==|!=)$/.test(op)) {
        const l = c.childForFieldName('left');
        const r = c.childForFieldName('right');
        for (const [t, other] of [[l, r], [r, l]] as const) {
          if (t?.type === 'unary_expression' && t.text.startsWith('typeof') && /^['"`](?:string|number|boolean)['"`]$/.test(other?.text ?? '')) facts.typeChecks.push(t.text.replace(/^typeof\s*/, ''));
        }
        if (l && r && w.ctx.flow.isConstant(r) && !/^(null|undefined)$/.test(r.text)) facts.equals.push(l.text);
        else if (l && r && w.ctx.flow.isConstant(l) && !/^(null|undefined)$/.test(l.text)) facts.equals.push(r.text);
      }
    }
  }
  w.ix.guards.set(fn.id, facts);
  return facts;
}

function mentions(haystack: string, subjects: ReadonlySet<string>): boolean {
  for (const s of subjects) {
    if (s.startsWith('@')) continue;
    if (/^\w+$/.test(s) ? new RegExp(`\\b${s}\\b`).test(haystack) : haystack.includes(s)) return true;
  }
  return false;
}

/** A guard in the enclosing function that makes the tainted value safe for this kind of sink. */
function guarded(expr: Node, w: Walk): boolean {
  const fn = enclosingFunction(expr);
  if (!fn) return false;
  const facts = guardFacts(fn, w);
  const subj = w.subjects;
  if (facts.members.some((m) => mentions(m, subj))) return true;
  const validated = (noun: RegExp) => facts.validators.some((v) => noun.test(v.name) && mentions(v.arg, subj));
  if (w.kind === 'redirect' && validated(/url|uri|redirect|next|return|path|local|relative|origin|host|target/i)) return true;
  if (w.kind === 'url' && validated(/url|uri|host|domain|origin|target/i)) return true;
  if (w.kind === 'path' && validated(/path|file|name|dir|inside|within/i)) return true;
  switch (w.kind) {
    case 'path':
      return facts.normalises && facts.prefixes.some((p) => mentions(p.subject, subj));
    case 'redirect':
      return facts.urlChecks.some((u) => mentions(u, subj)) || facts.prefixes.some((p) => mentions(p.subject, subj) && /^['"]\/['"]$/.test(p.arg)) || facts.equals.some((e) => mentions(e, subj) && /host|origin|netloc/i.test(e));
    case 'url':
      return facts.equals.some((e) => mentions(e, subj) && /host|origin|netloc/i.test(e)) || facts.prefixes.some((p) => mentions(p.subject, subj) && /^['"`]https?:\/\/[^'"`/]+\//.test(p.arg)) || facts.urlChecks.some((u) => mentions(u, subj));
    case 'nosql':
      // the checked value itself (or a name it was read through), not any expression that shares `req` with it
      return facts.typeChecks.some((t) => t === expr.text || subj.has(t));
    default:
      return false;
  }
}
