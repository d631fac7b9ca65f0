import type { Node } from 'web-tree-sitter';
import type { Confidence, Fix, Range, Severity, TextEdit } from '../types';
import type { Rule, RuleContext } from './api';
import { calleeName, clip, dottedName, importsModule, jsAndPython, mentions, keywordArg, keywordArgNode, positionalArgs, perText, perTextKey, pythonImportEdit, replaceNode, unwrap } from './api';
import { isSecretName, strictEnvRead } from './secrets';

// ---------------------------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------------------------


/** The value of a plain string literal (JS string, template without substitutions, Python string without interpolation). */
function str(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'string') {
    let out = '';
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'interpolation') return undefined;
      if (c.type === 'string_fragment' || c.type === 'string_content' || c.type === 'escape_sequence') out += c.text;
    }
    return out;
  }
  if (n.type === 'template_string' && n.namedChildren.every((c) => c?.type === 'string_fragment')) return n.text.slice(1, -1);
  return undefined;
}

/** A string literal, or a name every binding of which is the same string literal. */
function constStr(node: Node | null | undefined, ctx: RuleContext): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  const direct = str(n);
  if (direct !== undefined || n.type !== 'identifier') return direct;
  const values = ctx.flow.valuesOf(n.text, n);
  let result: string | undefined;
  for (const v of values) {
    const s = str(v);
    if (s === undefined || (result !== undefined && s !== result)) return undefined;
    result = s;
  }
  return result;
}

function isTrue(node: Node | null | undefined): boolean {
  return !!node && unwrap(node).type === 'true';
}

function isFalse(node: Node | null | undefined): boolean {
  return !!node && unwrap(node).type === 'false';
}

/** An object literal / dict / list, directly or through a name bound once to one. */
function resolve(node: Node | null | undefined, ctx: RuleContext, types: readonly string[]): Node | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (types.includes(n.type)) return n;
  if (n.type !== 'identifier') return undefined;
  const values = ctx.flow.valuesOf(n.text, n);
  if (values.length !== 1) return undefined;
  const v = unwrap(values[0]);
  return types.includes(v.type) ? v : undefined;
}

const OBJECT = ['object'];
const DICT = ['dictionary'];

/** Key of a JS object pair or Python dict pair: `a: 1`, `'a': 1`, `"a": 1`. */
function keyOf(pair: Node): string | undefined {
  const key = pair.childForFieldName('key');
  if (!key) return undefined;
  if (key.type === 'property_identifier' || key.type === 'identifier') return key.text;
  return str(key);
}

function getPair(obj: Node | undefined, key: string): Node | undefined {
  if (!obj) return undefined;
  for (const c of obj.namedChildren) if (c?.type === 'pair' && keyOf(c) === key) return c;
  return undefined;
}

function valueOf(pair: Node | undefined): Node | undefined {
  return pair?.childForFieldName('value') ?? undefined;
}

/** Spread (`...x`, `**x`) or computed keys (`[EXP]: …`): the object may hold keys we cannot see. */
function hasSpread(obj: Node): boolean {
  return obj.namedChildren.some((c) => c?.type === 'spread_element' || c?.type === 'dictionary_splat' || (c?.type === 'pair' && c.childForFieldName('key')?.type === 'computed_property_name'));
}

function hasKwSplat(call: Node): boolean {
  return !!call.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'dictionary_splat');
}

/** A JS property written without a value: `{ secure }` or `{ origin(o, cb) {...} }` (the key is present, its value unknown). */
function hasShorthand(obj: Node, key: string): boolean {
  return obj.namedChildren.some((c) => (c?.type === 'shorthand_property_identifier' && c.text === key) || (c?.type === 'method_definition' && c.childForFieldName('name')?.text === key));
}

/** Whether a resolved node is the (unwrapped) argument itself, i.e. written inline: tree-sitter hands out new Node objects per access. */
function same(resolved: Node | undefined, arg: Node | null | undefined): boolean {
  return !!resolved && !!arg && resolved.id === unwrap(arg).id;
}

function rangeOf(text: string, start: number, end: number): Range {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * Edit that deletes one element of a comma-separated list (object pair, keyword argument, array element) so the rest
 * still parses: the whole line when the element sits alone on it, otherwise the element and one adjacent comma.
 */
function removeListItem(item: Node, text: string): TextEdit {
  const parent = item.parent!;
  const kids: Node[] = [];
  for (let i = 0; i < parent.childCount; i++) {
    const c = parent.child(i);
    if (c) kids.push(c);
  }
  const i = kids.findIndex((k) => k.startIndex === item.startIndex && k.endIndex === item.endIndex);
  const next = kids[i + 1];
  const prev = kids[i - 1];
  const comma = next?.type === ',' ? next : undefined;
  const end = comma ? comma.endIndex : item.endIndex;
  const lineStart = text.lastIndexOf('\n', item.startIndex - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl === -1 ? text.length : nl;
  if (nl !== -1 && /^[ \t]*$/.test(text.slice(lineStart, item.startIndex)) && /^[ \t]*(?:(?:\/\/|#).*)?$/.test(text.slice(end, lineEnd))) {
    return { range: rangeOf(text, lineStart, lineEnd + 1), newText: '' };
  }
  if (comma) {
    const following = kids[i + 2];
    const stop = following && following.startPosition.row === comma.endPosition.row ? following.startIndex : comma.endIndex;
    return { range: rangeOf(text, item.startIndex, stop), newText: '' };
  }
  if (prev?.type === ',') return { range: rangeOf(text, prev.startIndex, item.endIndex), newText: '' };
  return { range: rangeOf(text, item.startIndex, item.endIndex), newText: '' };
}

/** Edit that deletes a whole statement line, when that leaves valid code (never the only statement of a Python block). */
function removeStatement(node: Node, ctx: RuleContext): TextEdit | undefined {
  let stmt: Node | null = node;
  while (stmt && stmt.type !== 'expression_statement') stmt = stmt.parent;
  const block = stmt?.parent;
  if (!stmt || !block) return undefined;
  if (ctx.language === 'python') {
    if (block.type !== 'module' && block.type !== 'block') return undefined;
    if (block.type === 'block' && block.namedChildren.filter((c) => c && c.type !== 'comment').length < 2) return undefined;
  } else if (block.type !== 'program' && block.type !== 'statement_block') {
    return undefined;
  }
  const text = ctx.text;
  const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  const nl = text.indexOf('\n', stmt.endIndex);
  if (nl === -1 || !/^[ \t]*$/.test(text.slice(lineStart, stmt.startIndex)) || !/^[ \t]*(?:(?:\/\/|#).*)?$/.test(text.slice(stmt.endIndex, nl))) return undefined;
  return { range: rangeOf(text, lineStart, nl + 1), newText: '' };
}

const JS_FUNCTIONS = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'method_definition', 'generator_function', 'generator_function_declaration']);
const PY_FUNCTIONS = new Set(['function_definition', 'lambda']);

function enclosingFunction(node: Node, language: string): Node | undefined {
  const kinds = language === 'python' ? PY_FUNCTIONS : JS_FUNCTIONS;
  for (let n = node.parent; n; n = n.parent) if (kinds.has(n.type)) return n;
  return undefined;
}

/** The text of `at`'s enclosing function up to `at` (or of the file, at top level). */
function textBefore(at: Node, ctx: RuleContext): string {
  const fn = enclosingFunction(at, ctx.language);
  return ctx.text.slice(fn ? fn.startIndex : 0, at.startIndex);
}

function report(ctx: RuleContext, node: Node, message: string, opts: { severity?: Severity; confidence?: Confidence; fixes?: Fix[] } = {}): void {
  ctx.report(node, { message, severity: opts.severity, confidence: opts.confidence, fixes: opts.fixes ?? [] });
}

function fix(title: string, edits: TextEdit[] | TextEdit | undefined, preferred = true): Fix[] {
  if (!edits) return [];
  return [{ title, edits: Array.isArray(edits) ? edits : [edits], isPreferred: preferred }];
}

/** Per-document pre-filters, one per rule and language. */
const tlsJsText = mentions(/rejectUnauthorized|strictSSL|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity|tlsAllowInvalid|tlsInsecure/);
const tlsPyText = mentions(/verify|SSL_VERIFY|cert_reqs|ssl\s*=\s*False|CERT_NONE|_create_unverified_context|tlsAllowInvalid|tlsInsecure/);
const tlsPyText2 = mentions(/verify|CERT_NONE|check_hostname|_create_unverified_context/);
const corsText = mentions(/cors|access-control-allow-origin/i);
const jwtJsText = mentions(/jsonwebtoken|\bjwt\b/);
const jwtPyText = mentions(/\bjwt\b/);
const cookieJsText = mentions(/cookie|session/i);
const cookiePyText = mentions(/cookie/i);
const debugJsText = mentions(/errorhandler/);
const debugPyText = mentions(/debug/i);

// ---------------------------------------------------------------------------------------------------------------------
// tls-verification-disabled
// ---------------------------------------------------------------------------------------------------------------------

/** Python callees where `verify=False` is an HTTP client's certificate check (requests, httpx, boto3). */
const PY_HTTP_CALLEES = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream', 'Client', 'AsyncClient', 'client', 'resource', 'Session', 'urlopen', 'HTTPTransport', 'AsyncHTTPTransport']);

/** MongoDB driver options (Node and PyMongo) that switch certificate or host name checks off when true. */
const MONGO_INSECURE = new Set(['tlsAllowInvalidCertificates', 'tlsAllowInvalidHostnames', 'tlsInsecure']);

const TLS_WHY = 'anyone on the network path can then impersonate the server and read or change the traffic (CWE-295)';

export const tlsVerificationDisabled: Rule = {
  id: 'tls-verification-disabled',
  title: 'TLS certificate verification disabled',
  cwe: ['CWE-295'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary:
    'TLS certificate or hostname checking is switched off: `rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `strictSSL: false`, Python `verify=False`, `ssl._create_unverified_context()`, `CERT_NONE` or `check_hostname = False`.',
  help: `Without certificate verification a TLS connection is encrypted to *whoever answers*: an attacker on the network
path (public Wi-Fi, a compromised router, a malicious proxy) presents their own certificate and reads or changes
everything, including credentials and tokens (CWE-295). Assistants add \`rejectUnauthorized: false\` or \`verify=False\`
to make a "self-signed certificate" error go away; the check stays off in production.

**Fix:** remove the override. For a private or self-signed CA, trust that CA explicitly: the \`ca\` option (Node),
\`NODE_EXTRA_CA_CERTS\`, \`verify="/path/to/ca.pem"\` (requests/httpx) or \`ssl.create_default_context(cafile=...)\`.

Vulnerable:
\`\`\`js
const agent = new https.Agent({ rejectUnauthorized: false });
\`\`\`
Safe:
\`\`\`js
const agent = new https.Agent({ ca: fs.readFileSync('certs/internal-ca.pem') });
\`\`\``,
  visitors: jsAndPython({ pair: tlsJsPair, assignment_expression: tlsJsAssign }, { call: tlsPyCall, assignment: tlsPyAssign }),
};

function isZero(node: Node | null | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return (n.type === 'number' && n.text === '0') || str(n) === '0';
}

/** `() => {}`, `() => undefined`, `function () { return undefined; }`: accepts every certificate. */
function isNoopFunction(node: Node | null | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type !== 'arrow_function' && n.type !== 'function_expression' && n.type !== 'function') return false;
  const body = n.childForFieldName('body');
  if (!body) return false;
  if (body.type !== 'statement_block') return /^(undefined|null|void 0)$/.test(unwrap(body).text);
  const stmts = body.namedChildren.filter((c) => c && c.type !== 'comment');
  if (stmts.length === 0) return true;
  return stmts.length === 1 && stmts[0]!.type === 'return_statement' && /^return\s*(undefined|null|void 0)?\s*;?$/.test(stmts[0]!.text);
}

function tlsJsPair(pair: Node, ctx: RuleContext): void {
  if (!tlsJsText(ctx)) return;
  const k = keyOf(pair);
  if (k !== 'rejectUnauthorized' && k !== 'strictSSL' && k !== 'NODE_TLS_REJECT_UNAUTHORIZED' && k !== 'checkServerIdentity' && !(k && MONGO_INSECURE.has(k))) return;
  const value = valueOf(pair);
  if (MONGO_INSECURE.has(k)) {
    if (!isTrue(value)) return;
    report(ctx, pair, `\`${k}: true\` accepts any certificate${k === 'tlsAllowInvalidHostnames' ? ' issued for any host' : ', self-signed or forged'}: ${TLS_WHY}. Remove it; for a private CA pass \`tlsCAFile\`.`, {
      fixes: fix(`Remove ${k}: true (verify certificates)`, removeListItem(pair, ctx.text)),
    });
    return;
  }
  if (k === 'NODE_TLS_REJECT_UNAUTHORIZED') {
    if (!isZero(value)) return;
    report(ctx, pair, `\`NODE_TLS_REJECT_UNAUTHORIZED: '0'\` turns off certificate checking for every TLS connection of the child process: ${TLS_WHY}. Remove it; trust a private CA with NODE_EXTRA_CA_CERTS instead.`, {
      fixes: fix('Remove NODE_TLS_REJECT_UNAUTHORIZED', removeListItem(pair, ctx.text)),
    });
  } else if (k === 'checkServerIdentity') {
    if (!isNoopFunction(value)) return;
    report(ctx, pair, `A \`checkServerIdentity\` that accepts everything skips the hostname check, so a valid certificate for any other site is accepted: ${TLS_WHY}. Remove it to keep Node's default check.`, {
      fixes: fix('Remove the checkServerIdentity override', removeListItem(pair, ctx.text)),
    });
  } else {
    if (!isFalse(value)) return;
    report(ctx, pair, `\`${k}: false\` accepts any certificate, self-signed or forged: ${TLS_WHY}. Remove it; for a private CA pass its certificate with the \`ca\` option.`, {
      fixes: fix(`Remove ${k}: false (verify certificates)`, removeListItem(pair, ctx.text)),
    });
  }
}

function tlsJsAssign(node: Node, ctx: RuleContext): void {
  if (!tlsJsText(ctx)) return;
  const left = node.childForFieldName('left');
  if (!left) return;
  let prop: string | undefined;
  if (left.type === 'member_expression') prop = left.childForFieldName('property')?.text;
  else if (left.type === 'subscript_expression') prop = str(left.childForFieldName('index'));
  if (prop !== 'NODE_TLS_REJECT_UNAUTHORIZED' && prop !== 'rejectUnauthorized') return;
  const right = node.childForFieldName('right');
  if (prop === 'NODE_TLS_REJECT_UNAUTHORIZED') {
    if (!isZero(right) || !/env/.test(left.text)) return;
    report(ctx, node, `Setting \`NODE_TLS_REJECT_UNAUTHORIZED\` to 0 turns off certificate checking for every TLS connection in the process: ${TLS_WHY}. Remove it; trust a private CA with NODE_EXTRA_CA_CERTS or the \`ca\` option.`, {
      fixes: fix('Remove the line (verify certificates)', removeStatement(node, ctx)),
    });
  } else if (isFalse(right)) {
    report(ctx, node, `\`rejectUnauthorized = false\` accepts any certificate, self-signed or forged: ${TLS_WHY}. Remove it; for a private CA pass its certificate with the \`ca\` option.`, {
      fixes: fix('Remove the line (verify certificates)', removeStatement(node, ctx)),
    });
  }
}

function tlsPyCall(call: Node, ctx: RuleContext): void {
  if (!tlsPyText(ctx)) return;
  const name = calleeName(call);
  if (!name) return;
  if (name === '_create_unverified_context') {
    const fn = call.childForFieldName('function')!;
    report(ctx, call, `\`${clip(fn.text)}()\` builds an SSL context that checks neither the certificate nor the host name: ${TLS_WHY}. Use \`ssl.create_default_context()\` (with \`cafile=\` for a private CA).`, {
      fixes: fn.text === 'ssl._create_unverified_context' ? fix('Use ssl.create_default_context()', replaceNode(fn, 'ssl.create_default_context')) : [],
    });
    return;
  }
  if (name === 'setopt') {
    // pycurl: c.setopt(pycurl.SSL_VERIFYPEER, 0)
    const [opt, value] = positionalArgs(call);
    if (!opt || !value || !/SSL_VERIFY(?:PEER|HOST)$/.test(opt.text) || !/^(?:0|False)$/.test(value.text)) return;
    report(ctx, call, `\`${clip(opt.text)}\` set to ${value.text} turns off curl's ${/PEER$/.test(opt.text) ? 'certificate' : 'host name'} check: ${TLS_WHY}. Remove it; for a private CA set \`pycurl.CAINFO\`.`);
    return;
  }
  const args = call.childForFieldName('arguments');
  if (!args) return;
  const root = dottedName(call.childForFieldName('function'))?.split('.')[0];
  for (const kw of args.namedChildren) {
    if (kw?.type !== 'keyword_argument') continue;
    const k = kw.childForFieldName('name')?.text;
    const v = kw.childForFieldName('value');
    if (!k || !v) continue;
    let bad = false;
    let fixes: Fix[] = [];
    if (k === 'verify' && isFalse(v)) {
      bad = PY_HTTP_CALLEES.has(name) || root === 'requests' || root === 'httpx';
    } else if ((k === 'verify_ssl' || k === 'verify_certs') && isFalse(v)) {
      bad = true;
    } else if (k === 'ssl' && isFalse(v)) {
      bad = name === 'TCPConnector' || (PY_HTTP_CALLEES.has(name) && importsModule(ctx.text, 'python', 'aiohttp'));
    } else if (MONGO_INSECURE.has(k) && isTrue(v)) {
      bad = true;
    } else if ((k === 'cert_reqs' || k === 'ssl_cert_reqs') && (/CERT_NONE$/.test(v.text) || str(v) === 'CERT_NONE' || (k === 'ssl_cert_reqs' && (str(v) === 'none' || v.type === 'none')))) {
      bad = true;
      const value = v.type === 'none' ? '"required"' : str(v) === 'none' ? `${v.text.slice(0, 1)}required${v.text.slice(-1)}` : str(v) === 'CERT_NONE' ? `${v.text.slice(0, 1)}CERT_REQUIRED${v.text.slice(-1)}` : v.text.replace(/CERT_NONE$/, 'CERT_REQUIRED');
      fixes = fix('Require a valid certificate (CERT_REQUIRED)', replaceNode(v, value));
    }
    if (!bad) continue;
    if (!fixes.length) fixes = fix(`Remove ${clip(kw.text)} (verify certificates)`, removeListItem(kw, ctx.text));
    const remedy =
      k === 'verify' ? 'Remove it; for a private CA pass the CA bundle path (`verify="/path/to/ca.pem"`).'
      : /cert_reqs/.test(k) ? 'Require certificates (`CERT_REQUIRED`) and pass the CA bundle for a private CA.'
      : MONGO_INSECURE.has(k) ? 'Remove it; for a private CA pass `tlsCAFile`.'
      : 'Remove it; for a private CA pass an `ssl.create_default_context(cafile=...)` context.';
    report(ctx, kw, `\`${clip(kw.text)}\` makes \`${clip(call.childForFieldName('function')!.text)}\` accept any certificate, self-signed or forged: ${TLS_WHY}. ${remedy}`, { fixes });
    return;
  }
}

function tlsPyAssign(node: Node, ctx: RuleContext): void {
  if (!tlsPyText2(ctx)) return;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return;
  if (left.type === 'attribute') {
    const attr = left.childForFieldName('attribute')?.text;
    if (attr === 'verify') {
      if (!isFalse(right)) return;
      const obj = left.childForFieldName('object')?.text ?? '';
      if (!/sess|client|http/i.test(obj) && !importsModule(ctx.text, 'python', 'requests') && !importsModule(ctx.text, 'python', 'httpx')) return;
      report(ctx, node, `\`${clip(left.text)} = False\` makes every request of this session accept any certificate: ${TLS_WHY}. Remove it; for a private CA set \`verify\` to the CA bundle path.`, {
        fixes: fix('Remove the line (verify certificates)', removeStatement(node, ctx)),
      });
    } else if (attr === 'verify_mode') {
      if (!/CERT_NONE$/.test(right.text) || left.childForFieldName('object')?.text === 'self') return;
      report(ctx, node, `\`verify_mode = CERT_NONE\` accepts any certificate, self-signed or forged: ${TLS_WHY}. Use \`ssl.CERT_REQUIRED\` (the default of \`ssl.create_default_context()\`).`, {
        fixes: fix('Require a valid certificate (CERT_REQUIRED)', replaceNode(right, right.text.replace(/CERT_NONE$/, 'CERT_REQUIRED'))),
      });
    } else if (attr === 'check_hostname') {
      // `self.check_hostname = False`: an SSLContext implementation initialising itself, not a client turning checks off
      if (!isFalse(right) || left.childForFieldName('object')?.text === 'self') return;
      report(ctx, node, `\`check_hostname = False\` accepts a valid certificate issued for any other host: ${TLS_WHY}. Remove it (\`ssl.create_default_context()\` checks the host name).`, {
        fixes: fix('Remove the line (check the host name)', removeStatement(node, ctx)),
      });
    } else if (/_create_unverified_context$/.test(right.text) && right.type === 'attribute') {
      report(ctx, node, `Replacing the default HTTPS context with \`_create_unverified_context\` turns off certificate checking for every urllib request in the process: ${TLS_WHY}. Remove it.`, {
        fixes: fix('Remove the line (verify certificates)', removeStatement(node, ctx)),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// cors-wildcard
// ---------------------------------------------------------------------------------------------------------------------

const ACAO = 'access-control-allow-origin';
/** A condition that compares the origin against something: an allow-list lookup, an equality, a regex test. */
const ALLOW_CHECK = /\b(?:includes|indexOf|has|test|match|some|find|startsWith|endsWith)\s*\(|[!=]==?|\bin\b|allow|whitelist|trusted|permitted/i;
const JS_ORIGIN_SOURCE = /\b(?:req|request|ctx|event|c)\b[\w.]*?(?:\.headers\.origin\b|\.headers\[\s*['"]origin['"]\s*\]|\.(?:header|get)\(\s*['"]origin['"]\s*\)|\.headers\.get\(\s*['"]origin['"]\s*\))/i;
const PY_ORIGIN_SOURCE = /\brequest\b[\w.]*?(?:\.headers(?:\.get\(\s*|\[\s*)[rbu]?['"]origin['"]|\.(?:META|environ)(?:\.get\(\s*|\[\s*)['"]HTTP_ORIGIN['"])/i;

const sendsCredentials = perText((text) => /access-control-allow-credentials['"]?[\s\],:=]*['"]?true/i.test(text));
const djangoCorsCredentials = perText((text) => /^CORS_ALLOW_CREDENTIALS\s*=\s*True\b/m.test(text));

const passedToCors = perTextKey((text, name) => {
  const names = [...jsCorsNames(text)].join('|');
  return new RegExp(`\\b(?:${names})\\(\\s*${name.replace(/\W/g, '')}\\s*\\)|enableCors\\(\\s*${name.replace(/\W/g, '')}\\s*\\)`).test(text);
});

/** Local names of the `cors` middleware (and @fastify/cors), plus `cors` itself for snippets without imports. */
const jsCorsNames = perText((text) => {
  const names = new Set(['cors', 'fastifyCors']);
  for (const m of text.matchAll(/(?:import\s+(\w+)\s+from\s*|(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*)['"](?:cors|@fastify\/cors|fastify-cors)['"]/g)) names.add(m[1] ?? m[2]);
  return names;
});

const CORS_WHY = 'any website can then read responses from this API in its visitors\' browsers (CWE-942)';

export const corsWildcard: Rule = {
  id: 'cors-wildcard',
  title: 'CORS allows any origin',
  cwe: ['CWE-942'],
  severity: 'medium',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary:
    'The CORS policy lets every origin read responses: `cors()` without options, `origin: \'*\'` or `origin: true`, `Access-Control-Allow-Origin: *` or the echoed request origin with credentials, Flask-CORS without origins, `CORSMiddleware(allow_origins=["*"])`, `CORS_ALLOW_ALL_ORIGINS = True`.',
  help: `CORS decides which other websites may read your API's responses from a browser. A wildcard lets every site do so;
reflecting the request's \`Origin\` together with \`Access-Control-Allow-Credentials: true\` (\`origin: true\` +
\`credentials: true\`, \`allow_credentials=True\` with \`"*"\`) is worse: any page a logged-in user visits can call the
API *as that user* and read the answers (CWE-942). Assistants add a wildcard to make a CORS error in development go away.

**Fix:** list the origins that may call the API (from configuration, e.g. \`process.env.ALLOWED_ORIGINS\`), or check
the origin against an allow-list in a function. Never combine a wildcard or a reflected origin with credentials.

Vulnerable:
\`\`\`js
app.use(cors({ origin: true, credentials: true }));
\`\`\`
Safe:
\`\`\`js
app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
\`\`\``,
  visitors: jsAndPython({ call_expression: corsJsCall, pair: corsJsPair }, { call: corsPyCall, assignment: corsPyAssign, pair: corsPyPair }),
};

const JS_HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'append']);

function isCorsRegister(call: Node, ctx: RuleContext): boolean {
  const first = positionalArgs(call)[0];
  if (!first) return false;
  if (first.type === 'identifier') return jsCorsNames(ctx.text).has(first.text) && importsAny(ctx, ['@fastify/cors', 'fastify-cors', 'cors']);
  return /require\(\s*['"](?:@fastify\/cors|fastify-cors)['"]\s*\)|import\(\s*['"]@fastify\/cors['"]\s*\)/.test(first.text);
}

function importsAny(ctx: RuleContext, modules: readonly string[]): boolean {
  return modules.some((m) => importsModule(ctx.text, ctx.language, m));
}

function corsJsCall(call: Node, ctx: RuleContext): void {
  if (!corsText(ctx)) return;
  const fn = call.childForFieldName('function');
  if (!fn) return;
  let name: string | undefined;
  if (fn.type === 'identifier') name = fn.text;
  else if (fn.type === 'member_expression') name = fn.childForFieldName('property')?.text;
  if (!name) return;
  if (JS_HEADER_SETTERS.has(name) && fn.type === 'member_expression') {
    const args = positionalArgs(call);
    if (args.length < 2 || str(args[0])?.toLowerCase() !== ACAO) return;
    checkAcaoValue(args[1], call, ctx);
    return;
  }
  let options: Node | undefined;
  let what: string;
  const args = positionalArgs(call);
  if (fn.type === 'identifier' && jsCorsNames(ctx.text).has(name)) {
    options = args[0];
    what = `${name}()`;
  } else if (name === 'enableCors') {
    options = args[0];
    what = 'enableCors()';
  } else if (name === 'register' && isCorsRegister(call, ctx)) {
    options = args[1];
    what = 'the CORS plugin';
  } else {
    return;
  }
  if (options) {
    const obj = resolve(options, ctx, OBJECT);
    // with an origin the pair is judged on its own; unknown or dynamic options are not judged
    if (!obj || getPair(obj, 'origin') || hasShorthand(obj, 'origin') || hasSpread(obj)) return;
  }
  report(ctx, call, `${what} without an \`origin\` option answers every origin with \`Access-Control-Allow-Origin: *\`: ${CORS_WHY}. Pass the allowed origins, e.g. \`{ origin: ['https://app.example.com'] }\`.`, {
    confidence: 'low',
  });
}

/** `'*'`, `['*']`, `true`, a match-all regex, or a callback that always allows: the kind of permissive origin, if any. */
function permissiveOrigin(value: Node | undefined, ctx: RuleContext): 'wildcard' | 'reflect' | undefined {
  if (!value) return undefined;
  const n = unwrap(value);
  if (n.type === 'true') return 'reflect';
  if (constStr(n, ctx) === '*') return 'wildcard';
  if (n.type === 'array') return n.namedChildren.some((c) => c && str(c) === '*') ? 'wildcard' : undefined;
  if (n.type === 'regex' && /^\/\^?\.[*+]\$?\/\w*$/.test(n.text)) return 'reflect';
  if (n.type === 'arrow_function' || n.type === 'function_expression' || n.type === 'function') {
    const body = n.childForFieldName('body')?.text ?? '';
    if (/\(\s*null\s*,\s*(?:true|origin)\s*\)/.test(body) && !ALLOW_CHECK.test(body.replace(/\(\s*null\s*,\s*(?:true|origin)\s*\)/g, '')) && !/\bif\b|\?/.test(body)) return 'reflect';
  }
  return undefined;
}

/** Whether an object literal holding `origin` is a CORS configuration (and not, say, a postMessage check). */
function isCorsOptions(obj: Node, ctx: RuleContext): boolean {
  let p = obj.parent;
  while (p && (p.type === 'parenthesized_expression' || p.type === 'as_expression' || p.type === 'satisfies_expression')) p = p.parent;
  if (!p) return false;
  if (p.type === 'arguments') {
    const call = p.parent;
    if (!call || call.type !== 'call_expression') return false;
    const fn = call.childForFieldName('function');
    const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
    if (!name) return false;
    return (fn!.type === 'identifier' && jsCorsNames(ctx.text).has(name)) || name === 'enableCors' || (name === 'register' && isCorsRegister(call, ctx));
  }
  if (p.type === 'pair') return keyOf(p) === 'cors';
  if (p.type === 'variable_declarator') {
    const name = p.childForFieldName('name')?.text ?? '';
    if (/cors/i.test(name)) return true;
    return passedToCors(ctx.text, name);
  }
  return false;
}

function corsJsPair(pair: Node, ctx: RuleContext): void {
  if (!corsText(ctx)) return;
  const k = keyOf(pair);
  if (!k) return;
  if (k === 'origin') {
    const kind = permissiveOrigin(valueOf(pair), ctx);
    if (!kind) return;
    const obj = pair.parent;
    if (!obj || !isCorsOptions(obj, ctx)) return;
    const credentials = isTrue(valueOf(getPair(obj, 'credentials')));
    if (kind === 'reflect') {
      report(ctx, pair, `\`${clip(pair.text)}\` echoes back whatever origin asks${credentials ? ', and with `credentials: true` any website can call this API as the logged-in user and read the answers' : ', so every website is allowed'} (CWE-942). Pass an allow-list of origins instead.`, {
        severity: credentials ? 'high' : 'medium',
      });
    } else {
      report(ctx, pair, `\`${clip(pair.text)}\` allows every origin: ${CORS_WHY}. List the allowed origins, e.g. from \`process.env.ALLOWED_ORIGINS\`.`, {
        severity: credentials ? 'high' : 'medium',
      });
    }
    return;
  }
  if (k.toLowerCase() === ACAO) {
    checkAcaoValue(valueOf(pair), pair, ctx);
  } else if (k === 'value') {
    // Next.js `headers()` config: { key: 'Access-Control-Allow-Origin', value: '*' }
    const obj = pair.parent;
    if (str(valueOf(getPair(obj ?? undefined, 'key')))?.toLowerCase() !== ACAO) return;
    checkAcaoValue(valueOf(pair), pair, ctx);
  }
}

/** The value given to `Access-Control-Allow-Origin`: a wildcard, or the request's origin echoed with credentials. */
function checkAcaoValue(value: Node | undefined, at: Node, ctx: RuleContext): void {
  if (!value) return;
  if (constStr(value, ctx) === '*') {
    report(ctx, at, `\`Access-Control-Allow-Origin: *\` lets every origin read this response: ${CORS_WHY}. Send a specific allowed origin instead.`);
    return;
  }
  if (!sendsCredentials(ctx.text) || !reflectsOrigin(value, ctx)) return;
  const before = textBefore(at, ctx);
  if (before.split('\n').some((line) => /origin/i.test(line) && /\bif\b|\?/.test(line) && ALLOW_CHECK.test(line))) return;
  report(ctx, at, `The request's own \`Origin\` is echoed into \`Access-Control-Allow-Origin\` while credentials are allowed: any website can call this API as the logged-in user and read the answers (CWE-942). Echo the origin only after checking it against an allow-list.`, {
    severity: 'high',
  });
}

function reflectsOrigin(value: Node, ctx: RuleContext): boolean {
  const source = ctx.language === 'python' ? PY_ORIGIN_SOURCE : JS_ORIGIN_SOURCE;
  const n = unwrap(value);
  if (n.type === 'identifier') {
    const values = ctx.flow.valuesOf(n.text, n);
    return values.length > 0 && values.every((v) => source.test(v.text) && !ALLOW_CHECK.test(v.text.replace(/[!=]==?/g, '')));
  }
  return source.test(n.text);
}

function isPyWildcard(node: Node | undefined | null, ctx: RuleContext): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (constStr(n, ctx) === '*') return true;
  const list = resolve(n, ctx, ['list', 'tuple', 'set']);
  return !!list && list.namedChildren.some((c) => c && constStr(c, ctx) === '*');
}

function corsPyCall(call: Node, ctx: RuleContext): void {
  if (!corsText(ctx)) return;
  const name = calleeName(call);
  if (name === 'CORS' || name === 'cross_origin') {
    const args = call.childForFieldName('arguments');
    if (name === 'CORS' && !args?.namedChildren.some((c) => c && c.type !== 'comment')) return; // CORS() + init_app: judged nowhere
    if (hasKwSplat(call)) return;
    const credentials = isTrue(keywordArg(call, 'supports_credentials'));
    const severity: Severity = credentials ? 'high' : 'medium';
    const credText = credentials ? ' With supports_credentials=True Flask-CORS then echoes the caller\'s origin, so any site can act as the logged-in user.' : '';
    const origins = keywordArgNode(call, 'origins');
    if (origins) {
      if (isPyWildcard(origins.childForFieldName('value'), ctx)) {
        report(ctx, origins, `\`${clip(origins.text)}\` allows every origin: ${CORS_WHY}.${credText} List the allowed origins instead.`, { severity });
      }
      return;
    }
    const resources = resolve(keywordArg(call, 'resources'), ctx, DICT);
    if (resources) {
      let missing = false;
      for (const pair of resources.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const inner = resolve(valueOf(pair), ctx, DICT);
        if (!inner) continue;
        const o = getPair(inner, 'origins');
        if (!o) missing = true;
        else if (isPyWildcard(valueOf(o), ctx)) {
          report(ctx, o, `\`${clip(o.text)}\` allows every origin for these routes: ${CORS_WHY}.${credText} List the allowed origins instead.`, { severity });
          return;
        }
      }
      if (!missing) return;
    } else if (keywordArg(call, 'resources')) {
      if (!/^[rbu]*['"]/.test(keywordArg(call, 'resources')!.text)) return; // resources given by a name we cannot see
    }
    report(ctx, call, `\`${name}(...)\` without \`origins\` allows every origin: ${CORS_WHY}.${credText} Pass \`origins=[...]\` with the sites that may call the API.`, {
      severity,
      confidence: credentials ? 'high' : 'low',
    });
    return;
  }
  if (name === 'add_middleware' || name === 'Middleware') {
    const first = positionalArgs(call)[0];
    if (!first || !/(?:^|\.)CORSMiddleware$/.test(first.text)) return;
    const credentials = isTrue(keywordArg(call, 'allow_credentials'));
    const origins = keywordArgNode(call, 'allow_origins');
    const regex = keywordArgNode(call, 'allow_origin_regex');
    const bad = origins && isPyWildcard(origins.childForFieldName('value'), ctx) ? origins : regex && /^\^?\.[*+]\$?$/.test(str(regex.childForFieldName('value')) ?? '') ? regex : undefined;
    if (!bad) return;
    report(
      ctx,
      bad,
      credentials
        ? `\`${clip(bad.text)}\` with \`allow_credentials=True\` lets any website call this API as the logged-in user and read the answers (CWE-942). List the allowed origins instead.`
        : `\`${clip(bad.text)}\` allows every origin: ${CORS_WHY}. List the allowed origins instead.`,
      { severity: credentials ? 'high' : 'medium' },
    );
    return;
  }
  if (name === 'SocketIO' || name === 'AsyncServer' || name === 'Server') {
    // Flask-SocketIO / python-socketio
    const origins = keywordArgNode(call, 'cors_allowed_origins');
    if (!origins || !isPyWildcard(origins.childForFieldName('value'), ctx)) return;
    report(ctx, origins, `\`${clip(origins.text)}\` lets pages from every origin open a Socket.IO connection and talk to this server as the visiting user (CWE-942). List the allowed origins instead.`);
    return;
  }
  if (name === 'add' || name === 'set' || name === '__setitem__') {
    const args = positionalArgs(call);
    if (args.length < 2 || str(args[0])?.toLowerCase() !== ACAO) return;
    checkAcaoValue(args[1], call, ctx);
  }
}

function corsPyAssign(node: Node, ctx: RuleContext): void {
  if (!corsText(ctx)) return;
  const left = node.childForFieldName('left');
  if (!left) return;
  if (left.type === 'identifier') {
    if (left.text !== 'CORS_ALLOW_ALL_ORIGINS' && left.text !== 'CORS_ORIGIN_ALLOW_ALL') return;
    if (!isTrue(node.childForFieldName('right'))) return;
    const credentials = djangoCorsCredentials(ctx.text);
    report(
      ctx,
      node,
      credentials
        ? `\`${left.text} = True\` with \`CORS_ALLOW_CREDENTIALS = True\` lets any website call this API as the logged-in user and read the answers (CWE-942). Set CORS_ALLOWED_ORIGINS to the sites that need access.`
        : `\`${left.text} = True\` allows every origin: ${CORS_WHY}. Set CORS_ALLOWED_ORIGINS to the sites that need access instead.`,
      { severity: credentials ? 'high' : 'medium' },
    );
  } else if (left.type === 'subscript') {
    if (str(left.childForFieldName('subscript'))?.toLowerCase() !== ACAO) return;
    checkAcaoValue(node.childForFieldName('right') ?? undefined, node, ctx);
  }
}

function corsPyPair(pair: Node, ctx: RuleContext): void {
  if (!corsText(ctx)) return;
  if (keyOf(pair)?.toLowerCase() !== ACAO) return;
  checkAcaoValue(valueOf(pair), pair, ctx);
}

// ---------------------------------------------------------------------------------------------------------------------
// jwt-weak-verification
// ---------------------------------------------------------------------------------------------------------------------

interface JwtNames {
  /** Names bound to the jsonwebtoken module (`jwt`). */
  readonly modules: ReadonlySet<string>;
  /** Named imports: local name → sign / verify / decode. */
  readonly functions: ReadonlyMap<string, string>;
}

/** How the file refers to `jsonwebtoken`; `jwt` counts too unless it is bound to another module. */
const jsJwtNames = perText((text): JwtNames => {
  const modules = new Set<string>();
  const functions = new Map<string, string>();
  for (const m of text.matchAll(/(?:import\s+(?:\*\s+as\s+)?(\w+)\s*(?:,\s*\{[^}]*\}\s*)?from\s*|(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*)['"]jsonwebtoken['"]/g)) modules.add(m[1] ?? m[2]);
  for (const m of text.matchAll(/(?:import\s+(?:\w+\s*,\s*)?\{([^}]*)\}\s*from\s*|(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\(\s*)['"]jsonwebtoken['"]/g)) {
    for (const part of (m[1] ?? m[2]).split(',')) {
      const [orig, local] = part.trim().split(/\s+as\s+|\s*:\s*/);
      if (orig && /^(sign|verify|decode)$/.test(orig)) functions.set((local ?? orig).trim(), orig);
    }
  }
  if (!modules.size) {
    const other = /(?:import\s+(?:\*\s+as\s+)?jwt\b[^;\n]*?from\s*|\bjwt\s*=\s*require\(\s*)['"]([^'"]+)['"]/.exec(text);
    if (!other) modules.add('jwt');
  }
  return { modules, functions };
});

const jsHasVerify = perText((text) => /\b(?:verify|jwtVerify|verifyAsync)\s*\(/.test(text));
const looksServerSide = perText((text) => /authorization|bearer|\breq\.|\brequest\.|\bres\.|middleware|getServerSession|NextRequest/i.test(text));

const JWT_WHY_SECRET = 'anyone who reads the source (or guesses a default) can mint valid tokens for any user (CWE-347)';

export const jwtWeakVerification: Rule = {
  id: 'jwt-weak-verification',
  title: 'JWT signed or verified unsafely',
  cwe: ['CWE-347', 'CWE-613'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary:
    'A JSON Web Token is signed with a hard-coded secret or without an expiry, verified with the `none` algorithm, `ignoreExpiration` or `verify_signature: False`, or only decoded (`jwt.decode`) where it should be verified.',
  help: `A JWT is only as trustworthy as the check of its signature. Signing with a constant secret (\`'secret'\`,
\`'your-secret-key'\`) lets anyone who has seen the code forge tokens for any user; accepting \`alg: none\`, skipping the
signature (\`verify_signature: False\`, \`jwt.decode\` instead of \`jwt.verify\`) or ignoring expiry lets forged or stolen
tokens in (CWE-347). A token without an expiry stays valid forever once leaked (CWE-613).

**Fix:** load the signing key from the environment or a secret manager, set \`expiresIn\` (or an \`exp\` claim), pin the
accepted algorithms (\`algorithms: ['HS256']\`, \`algorithms=["HS256"]\`) and always verify, never just decode, before
trusting a claim. The quick fix turns \`jwt.decode(token)\` into \`jwt.verify(token, key, { algorithms: ['HS256'] })\` (which
also checks \`exp\`, and throws on a bad token) and PyJWT's \`jwt.decode(token, options={"verify_signature": False})\` into
\`jwt.decode(token, key, algorithms=["HS256"])\`, using a key the file already has (\`JWT_SECRET\`, \`app.config["SECRET_KEY"]\`)
or else \`process.env.JWT_SECRET\` / \`os.environ["JWT_SECRET"]\`, which you then set; its title says which.

Vulnerable:
\`\`\`js
const token = jwt.sign({ sub: user.id }, 'secret');
const claims = jwt.verify(token, key, { ignoreExpiration: true });
\`\`\`
Safe:
\`\`\`js
const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '15m' });
const claims = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
\`\`\``,
  visitors: jsAndPython({ call_expression: jwtJsCall }, { call: jwtPyCall }),
};

/** `sign` / `verify` / `decode` when the call is jsonwebtoken's. */
function jsJwtMethod(call: Node, ctx: RuleContext): string | undefined {
  // sign/verify/decode on a jwt module, or a function imported from one (shared, cached per node)
  const last = calleeName(call);
  if (!last || !(last === 'sign' || last === 'verify' || last === 'decode' || jsJwtNames(ctx.text).functions.has(last))) return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'member_expression') {
    const prop = fn.childForFieldName('property')?.text;
    if (prop !== 'sign' && prop !== 'verify' && prop !== 'decode') return undefined;
    const obj = fn.childForFieldName('object');
    return obj?.type === 'identifier' && jsJwtNames(ctx.text).modules.has(obj.text) ? prop : undefined;
  }
  if (fn?.type === 'identifier') return jsJwtNames(ctx.text).functions.get(fn.text);
  return undefined;
}

/** A constant, non-empty signing key (a literal or a name bound only to literals). */
function isConstantKey(key: Node | undefined, ctx: RuleContext): boolean {
  if (!key) return false;
  const n = unwrap(key);
  if (n.type === 'null' || n.type === 'none' || n.type === 'undefined' || n.text === 'undefined' || n.text === 'None') return false;
  if (n.type !== 'string' && n.type !== 'template_string' && n.type !== 'identifier' && n.type !== 'binary_expression' && n.type !== 'concatenated_string') return false;
  return ctx.flow.isConstant(n);
}

/** Names the constant key without ever repeating its value. */
function secretText(key: Node): string {
  const n = unwrap(key);
  return n.type === 'identifier' ? `\`${n.text}\`, a secret fixed in the source` : 'a secret written into the source';
}

/** Where to report a problem in an options object: the pair itself when the object is written inline in the call. */
function inlineOr(pair: Node, options: Node | undefined, optionsArg: Node | undefined, call: Node): Node {
  return same(options, optionsArg) ? pair : call;
}

function hasNone(list: Node | undefined): Node | undefined {
  if (!list) return undefined;
  const n = unwrap(list);
  if (n.type !== 'array' && n.type !== 'list' && n.type !== 'tuple') return str(n)?.toLowerCase() === 'none' ? n : undefined;
  return n.namedChildren.find((c) => c && str(c)?.toLowerCase() === 'none') ?? undefined;
}

function jwtJsCall(call: Node, ctx: RuleContext): void {
  if (!jwtJsText(ctx)) return;
  const method = jsJwtMethod(call, ctx);
  if (!method) return;
  const args = positionalArgs(call);
  if (method === 'decode') {
    if (!looksServerSide(ctx.text) || (jsHasVerify(ctx.text) && !decodedForAuthorisation(call, ctx))) return;
    report(ctx, call, '`jwt.decode` reads the token without checking its signature, and this file never verifies one: anyone can forge the claims it returns (CWE-347). Use `jwt.verify(token, key, { algorithms: [...] })` before trusting them.', {
      confidence: 'medium',
      fixes: jsDecodeToVerify(call, args, ctx),
    });
    return;
  }
  const [first, key, third] = args;
  if (!first) return;
  const optionsArg = third && (unwrap(third).type === 'arrow_function' || unwrap(third).type === 'function_expression') ? undefined : third;
  const options = optionsArg ? resolve(optionsArg, ctx, OBJECT) : undefined;
  const optionsKnown = !optionsArg || (!!options && !hasSpread(options));
  if (method === 'sign') {
    const algorithm = valueOf(getPair(options, 'algorithm'));
    if (algorithm && str(algorithm)?.toLowerCase() === 'none') {
      report(ctx, call, "`algorithm: 'none'` produces an unsigned token that anyone can forge (CWE-347). Sign with HS256/RS256/ES256 and a key from the environment.");
      return;
    }
    const payload = resolve(first, ctx, OBJECT);
    const noExpiry =
      optionsKnown && !getPair(options, 'expiresIn') && !hasShorthand(options ?? first, 'expiresIn') && !!payload && !hasSpread(payload) && !getPair(payload, 'exp') && !hasShorthand(payload, 'exp');
    if (isConstantKey(key, ctx)) {
      const literal = str(key) !== undefined;
      report(ctx, call, `This token is signed with ${secretText(key!)}: ${JWT_WHY_SECRET}.${noExpiry ? ' It also never expires.' : ''} Load the key from the environment or a secret manager.`, {
        fixes: literal ? fix('Read the secret from the environment (process.env.JWT_SECRET)', replaceNode(key!, 'process.env.JWT_SECRET')) : [],
      });
      return;
    }
    if (noExpiry) {
      report(ctx, call, 'This token has no expiry (no `expiresIn` and no `exp` claim): once leaked it stays valid forever (CWE-613). Pass `{ expiresIn: \'1h\' }` or a lifetime that fits the session.', {
        severity: 'medium',
        fixes: expiresInFix(key, third, options),
      });
    }
    return;
  }
  // verify
  const none = hasNone(valueOf(getPair(options, 'algorithms')));
  if (none) {
    const list = unwrap(valueOf(getPair(options, 'algorithms'))!);
    const others = list.namedChildren.filter((c) => c && c.type !== 'comment').length > 1;
    report(ctx, inlineOr(getPair(options, 'algorithms')!, options, optionsArg, call), "Accepting the `none` algorithm lets anyone send an unsigned token with any claims (CWE-347). Remove `'none'` and list only the algorithm you sign with.", {
      fixes: others && same(options, optionsArg) ? fix("Remove 'none' from the accepted algorithms", removeListItem(none, ctx.text)) : [],
    });
    return;
  }
  const ignore = getPair(options, 'ignoreExpiration');
  if (ignore && isTrue(valueOf(ignore))) {
    report(ctx, inlineOr(ignore, options, optionsArg, call), '`ignoreExpiration: true` accepts expired tokens, so a leaked or logged-out token works forever (CWE-613). Remove it.', {
      fixes: same(options, optionsArg) ? fix('Remove ignoreExpiration: true', removeListItem(ignore, ctx.text)) : [],
    });
    return;
  }
  if (isConstantKey(key, ctx)) {
    report(ctx, call, `Tokens are verified against ${secretText(key!)}: ${JWT_WHY_SECRET}. Load the key from the environment or a secret manager.`, {
      fixes: str(key) !== undefined ? fix('Read the secret from the environment (process.env.JWT_SECRET)', replaceNode(key!, 'process.env.JWT_SECRET')) : [],
    });
    return;
  }
  if (optionsKnown && !getPair(options, 'algorithms') && key && /public|\.pem|jwks|getKey|getSigningKey|cert/i.test(key.text)) {
    report(ctx, call, "`jwt.verify` with a public key but no `algorithms` option may accept a token HMAC-signed with that public key (algorithm confusion, CWE-347). Pin the algorithm: `{ algorithms: ['RS256'] }`.", {
      severity: 'medium',
      confidence: 'medium',
    });
  }
}

/**
 * The signing key a verify fix can use: a secret-looking env var the file already reads (`process.env.JWT_SECRET`,
 * `os.environ["SECRET_KEY"]`), else a top-level name bound to one (`JWT_SECRET = os.environ[...]`), else undefined.
 */
const jwtKeyInScope = perText((text): { js?: string; py?: string } => {
  const env = [...text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]).find((n) => /JWT|SECRET|SIGNING|TOKEN_KEY|AUTH_KEY|PUBLIC_KEY/.test(n) && (isSecretName(n) || /PUBLIC_KEY$/.test(n)));
  const pyEnv = /\bos\.(?:environ\[|environ\.get\(|getenv\()\s*(["'])([A-Z][A-Z0-9_]*)\1/g;
  const py = [...text.matchAll(pyEnv)].map((m) => m[2]).find((n) => /JWT|SECRET|SIGNING|PUBLIC_KEY/.test(n));
  const flask = /\b((?:current_)?app\.config\[(["'])(?:JWT_SECRET_KEY|SECRET_KEY)\2\])/.exec(text)?.[1];
  const jsName = [...text.matchAll(/^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/gm)].map((m) => m[1]).find((n) => /jwt|secret|signing|public/i.test(n) && (isSecretName(n) || /public_?key$/i.test(n)));
  const pyName = [...text.matchAll(/^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)/gm)].map((m) => m[1]).find((n) => /jwt|secret|signing|public/i.test(n) && (isSecretName(n) || /public_?key$/i.test(n)));
  return { js: jsName ?? (env ? `process.env.${env}` : undefined), py: pyName ?? (py ? `os.environ["${py}"]` : flask) };
});

/** RS256 for a key that looks like a public key or certificate, else HS256 (a shared secret). */
function algorithmFor(key: string): string {
  return /public|pem|cert|jwks|rsa/i.test(key) ? 'RS256' : 'HS256';
}

/** `jwt.decode(token)` → `jwt.verify(token, key, { algorithms: [...] })` (jsonwebtoken checks `exp` by default). */
function jsDecodeToVerify(call: Node, args: Node[], ctx: RuleContext): Fix[] {
  const fn = call.childForFieldName('function');
  const argList = call.childForFieldName('arguments');
  if (fn?.type !== 'member_expression' || !argList || !args[0] || args.length > 2) return []; // a named `decode` import would need its import changed too
  const options = args[1] ? unwrap(args[1]) : undefined;
  if (options && (options.type !== 'object' || hasSpread(options))) return [];
  const known = jwtKeyInScope(ctx.text).js;
  const env = 'process.env.JWT_SECRET';
  const key = known ?? (ctx.language === 'javascript' ? env : strictEnvRead(env, 'JWT_SECRET'));
  const algorithms = `algorithms: ['${algorithmFor(known ?? env)}']`;
  const rest = options?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && !(c.type === 'pair' && keyOf(c) === 'json')) ?? [];
  const opts = `{ ${[algorithms, ...rest.map((c) => c.text)].join(', ')} }`;
  const title = known
    ? `Verify the token with ${fn.childForFieldName('object')!.text}.verify(…, ${known}, { ${algorithms} }) (checks the signature and expiry; throws on a bad token)`
    : `Verify the token with jwt.verify(…, process.env.JWT_SECRET, { ${algorithms} }): set JWT_SECRET to your signing key (checks the signature and expiry; throws on a bad token)`;
  return fix(title, [replaceNode(fn.childForFieldName('property')!, 'verify'), replaceNode(argList, `(${args[0].text}, ${key}, ${opts})`)]);
}

/**
 * PyJWT `jwt.decode(token, options={"verify_signature": False})` / `jwt.decode(token, verify=False)` →
 * `jwt.decode(token, key, algorithms=["HS256"])`: the key the call had, else one in scope, else `os.environ["JWT_SECRET"]`.
 * `exp` is checked by default once the signature is verified.
 */
function pyVerifyFix(call: Node, drop: Node, ctx: RuleContext, what: string): Fix[] {
  const argList = call.childForFieldName('arguments');
  const positional = positionalArgs(call);
  if (!argList || !positional[0] || hasKwSplat(call)) return [];
  const keywords = argList.namedChildren.filter((c): c is Node => !!c && c.type === 'keyword_argument' && !c.equals(drop));
  const keyArg = positional[1] ?? keywordArg(call, 'key');
  const known = keyArg?.text ?? jwtKeyInScope(ctx.text).py;
  const key = known ?? 'os.environ["JWT_SECRET"]';
  const hasAlgorithms = !!keywordArg(call, 'algorithms') || positional.length >= 3;
  const parts = [positional[0].text, key, ...positional.slice(2).map((p) => p.text), ...keywords.filter((k) => k.childForFieldName('name')?.text !== 'key').map((k) => k.text)];
  if (!hasAlgorithms) parts.push(`algorithms=["${algorithmFor(key)}"]`);
  const edits = [...(key.startsWith('os.') ? pythonImportEdit(ctx, 'os') : []), replaceNode(argList, `(${parts.join(', ')})`)];
  const title = known
    ? `Verify the signature (remove ${what}${keyArg ? '' : `, pass ${key}`}${hasAlgorithms ? '' : `, pin algorithms=["${algorithmFor(key)}"]`})`
    : `Verify the signature with os.environ["JWT_SECRET"] (remove ${what}, pin algorithms=["${algorithmFor(key)}"]): set JWT_SECRET to your signing key`;
  return fix(title, edits);
}

function expiresInFix(key: Node | undefined, third: Node | undefined, options: Node | undefined): Fix[] {
  if (!key) return [];
  const title = "Expire the token after one hour (expiresIn: '1h')";
  if (!third) return fix(title, { range: { start: pos(key, 'end'), end: pos(key, 'end') }, newText: ", { expiresIn: '1h' }" });
  const t = unwrap(third);
  if (t.type === 'arrow_function' || t.type === 'function_expression') return fix(title, { range: { start: pos(third, 'start'), end: pos(third, 'start') }, newText: "{ expiresIn: '1h' }, " });
  if (options && same(options, t)) {
    const firstProp = options.namedChildren.find((c) => c && c.type !== 'comment');
    if (!firstProp) return fix(title, replaceNode(options, "{ expiresIn: '1h' }"));
    return fix(title, { range: { start: pos(firstProp, 'start'), end: pos(firstProp, 'start') }, newText: "expiresIn: '1h', " });
  }
  return [];
}

function pos(node: Node, which: 'start' | 'end'): { line: number; character: number } {
  const p = which === 'start' ? node.startPosition : node.endPosition;
  return { line: p.row, character: p.column };
}

/**
 * A PyJWT payload known to lack an `exp` claim: a dict written in the call (or bound once to a name) without `"exp"`
 * or `**` splats, in a function that never adds one later (`payload["exp"] = …`, `payload.update(exp=…)`).
 */
function pyPayloadWithoutExpiry(call: Node, payloadArg: Node | undefined, ctx: RuleContext): boolean {
  const payload = resolve(payloadArg, ctx, DICT);
  if (!payload || hasSpread(payload) || getPair(payload, 'exp')) return false;
  if (same(payload, payloadArg)) return true;
  const fn = enclosingFunction(call, 'python');
  const scope = fn ? fn.text : ctx.text;
  return !/["']exp["']|\bexp\s*=/.test(scope);
}

/**
 * `jwt.decode(token)` in a file that verifies tokens elsewhere still matters when this request handler trusts the
 * decoded claims: the token comes from the request, the function never verifies, and it reads identity or role
 * claims (`claims.sub`, `payload.role`) from the result. Decoding only to read a header (`{ complete: true }`) before
 * verifying is the usual safe use, and that function calls verify itself.
 */
function decodedForAuthorisation(call: Node, ctx: RuleContext): boolean {
  const fn = enclosingFunction(call, ctx.language);
  if (!fn) return false;
  const body = fn.text;
  if (/\b(?:verify|jwtVerify|verifyAsync)\s*\(/.test(body)) return false;
  if (!/\breq(?:uest)?\.(?:headers|cookies|header\(|get\()|authorization|bearer/i.test(body)) return false;
  let n: Node = call;
  while (n.parent && WRAPPERS.has(n.parent.type)) n = n.parent;
  const decl = n.parent;
  const name = decl?.type === 'variable_declarator' && decl.childForFieldName('value')?.id === n.id ? decl.childForFieldName('name') : undefined;
  if (!name) return false;
  const claims = (id: string) => new RegExp(`(?<![\\w$.])${id.replace(/\$/g, '\\$')}\\??\\.(?:sub|id|userId|user_id|uid|role|roles|admin|isAdmin|is_admin|scope|scopes|permissions|email|tenantId|orgId)\\b`);
  if (name.type === 'identifier') return claims(name.text).test(body);
  if (name.type === 'object_pattern') return /\b(?:sub|id|userId|role|roles|admin|isAdmin|scope|permissions|email)\b/.test(name.text);
  return false;
}

const WRAPPERS = new Set(['as_expression', 'parenthesized_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion']);

/** Python: names bound to PyJWT / python-jose's `jwt` module (`jwt` itself unless bound to something else). */
const pyJwtNames = perText((text) => {
  const modules = new Set<string>();
  const functions = new Map<string, string>();
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([^\n#]+)/gm)) {
    for (const part of m[1].split(',')) {
      const [mod, alias] = part.trim().split(/\s+as\s+/);
      if (mod?.trim() === 'jwt') modules.add((alias ?? mod).trim());
    }
  }
  for (const m of text.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm)) {
    for (const part of m[2].replace(/[()\\]/g, ' ').split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (!name) continue;
      if (name.trim() === 'jwt' && m[1] === 'jose') modules.add((alias ?? name).trim());
      if (m[1] === 'jwt' && /^(encode|decode)$/.test(name.trim())) functions.set((alias ?? name).trim(), name.trim());
    }
  }
  if (!modules.size && !/^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[^\n]*\bjwt\b|import[^\n]*\bas[ \t]+jwt\b)/m.test(text)) modules.add('jwt');
  return { modules, functions };
});

function jwtPyCall(call: Node, ctx: RuleContext): void {
  if (!jwtPyText(ctx)) return;
  const fn = call.childForFieldName('function');
  let method: string | undefined;
  if (fn?.type === 'attribute') {
    const attr = fn.childForFieldName('attribute')?.text;
    if (attr !== 'encode' && attr !== 'decode') return;
    const obj = fn.childForFieldName('object');
    if (obj?.type !== 'identifier' || !pyJwtNames(ctx.text).modules.has(obj.text)) return;
    method = attr;
  } else if (fn?.type === 'identifier') {
    method = pyJwtNames(ctx.text).functions.get(fn.text);
  }
  if (!method) return;
  const args = positionalArgs(call);
  const key = args[1] ?? keywordArg(call, 'key');
  if (method === 'encode') {
    const algorithm = keywordArg(call, 'algorithm') ?? args[2];
    if (algorithm && str(algorithm)?.toLowerCase() === 'none') {
      report(ctx, call, '`algorithm="none"` produces an unsigned token that anyone can forge (CWE-347). Sign with HS256/RS256/ES256 and a key from the environment.');
      return;
    }
    const noExpiry = pyPayloadWithoutExpiry(call, args[0] ?? keywordArg(call, 'payload'), ctx);
    if (isConstantKey(key, ctx)) {
      report(ctx, call, `This token is signed with ${secretText(key!)}: ${JWT_WHY_SECRET}.${noExpiry ? ' It also never expires.' : ''} Load the key from the environment (os.environ["JWT_SECRET"]) or a secret manager.`, {
        fixes: str(key) !== undefined ? fix('Read the secret from the environment (os.environ["JWT_SECRET"])', [...pythonImportEdit(ctx, 'os'), replaceNode(key!, 'os.environ["JWT_SECRET"]')]) : [],
      });
      return;
    }
    if (noExpiry) {
      report(ctx, call, 'This token has no expiry (no `"exp"` claim): once leaked it stays valid forever (CWE-613). Add `"exp": datetime.now(timezone.utc) + timedelta(hours=1)` (PyJWT checks it on decode) or a lifetime that fits the session.', {
        severity: 'medium',
      });
    }
    return;
  }
  // decode
  const optionsKw = keywordArgNode(call, 'options');
  const options = resolve(keywordArg(call, 'options'), ctx, DICT);
  const noSig = getPair(options, 'verify_signature');
  if (noSig && isFalse(valueOf(noSig))) {
    const only = options!.namedChildren.filter((c) => c && c.type !== 'comment').length === 1;
    const inline = same(options, optionsKw?.childForFieldName('value'));
    report(ctx, inlineOr(noSig, options, optionsKw?.childForFieldName('value') ?? undefined, call), '`verify_signature: False` accepts tokens with any signature, so anyone can forge the claims this returns (CWE-347). Remove it and pass the key and `algorithms=[...]`.', {
      fixes: inline ? (only ? pyVerifyFix(call, optionsKw!, ctx, 'verify_signature: False') : fix('Verify the signature (remove verify_signature: False)', removeListItem(noSig, ctx.text))) : [],
    });
    return;
  }
  const verifyKw = keywordArgNode(call, 'verify');
  if (verifyKw && isFalse(verifyKw.childForFieldName('value'))) {
    report(ctx, verifyKw, '`verify=False` accepts tokens with any signature, so anyone can forge the claims this returns (CWE-347). Remove it and pass the key and `algorithms=[...]`.', {
      fixes: pyVerifyFix(call, verifyKw, ctx, 'verify=False'),
    });
    return;
  }
  const noExp = getPair(options, 'verify_exp');
  if (noExp && isFalse(valueOf(noExp))) {
    report(ctx, inlineOr(noExp, options, optionsKw?.childForFieldName('value') ?? undefined, call), '`verify_exp: False` accepts expired tokens, so a leaked or logged-out token works forever (CWE-613). Remove it.', {
      fixes: same(options, optionsKw?.childForFieldName('value')) ? fix('Check expiry (remove verify_exp: False)', removeListItem(noExp, ctx.text)) : [],
    });
    return;
  }
  const algorithms = keywordArg(call, 'algorithms') ?? args[2];
  if (algorithms && hasNone(resolve(algorithms, ctx, ['list', 'tuple']) ?? algorithms)) {
    report(ctx, keywordArgNode(call, 'algorithms') ?? call, 'Accepting the `none` algorithm lets anyone send an unsigned token with any claims (CWE-347). List only the algorithm you sign with, e.g. `algorithms=["HS256"]`.');
    return;
  }
  if (isConstantKey(key, ctx)) {
    report(ctx, call, `Tokens are verified against ${secretText(key!)}: ${JWT_WHY_SECRET}. Load the key from the environment or a secret manager.`, {
      fixes: str(key) !== undefined ? fix('Read the secret from the environment (os.environ["JWT_SECRET"])', [...pythonImportEdit(ctx, 'os'), replaceNode(key!, 'os.environ["JWT_SECRET"]')]) : [],
    });
    return;
  }
  if (!algorithms && key && !hasKwSplat(call)) {
    report(ctx, call, '`jwt.decode` without `algorithms=` does not pin the signing algorithm: PyJWT 2 rejects the call, older PyJWT and python-jose let the token header choose, which opens `none` and key-confusion forgeries (CWE-347). Pass `algorithms=["HS256"]` (the algorithm you sign with).', {
      severity: 'medium',
      confidence: 'medium',
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// insecure-cookie
// ---------------------------------------------------------------------------------------------------------------------

/** Cookie names that carry a session or credential (`session`, `sid`, `connect.sid`, `access_token`, `refreshToken`, `jwt`). */
const SESSION_WORDS = new Set(['session', 'sess', 'sid', 'sessionid', 'sessid', 'token', 'jwt', 'auth', 'refresh', 'remember', 'rememberme', 'credential', 'credentials', 'accesstoken', 'refreshtoken', 'authtoken', 'idtoken', 'phpsessid', 'jsessionid']);
const NOT_SESSION_COOKIE = /csrf|xsrf/i;
const PY_COOKIE_SETTINGS = new Set(['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'REMEMBER_COOKIE_SECURE', 'REMEMBER_COOKIE_HTTPONLY', 'JWT_COOKIE_SECURE']);
const jsSessionNames = perText((text) => {
  const names = new Set(['session', 'expressSession', 'cookieSession']);
  for (const m of text.matchAll(/(?:import\s+(\w+)\s+from\s*|(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*)['"](?:express-session|cookie-session)['"]/g)) names.add(m[1] ?? m[2]);
  return names;
});

export const insecureCookie: Rule = {
  id: 'insecure-cookie',
  title: 'Session cookie without Secure or HttpOnly',
  cwe: ['CWE-614', 'CWE-1004'],
  severity: 'medium',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary:
    'A session or auth cookie is set without `Secure` (sent over plain HTTP) or `HttpOnly` (readable by scripts): `res.cookie(\'token\', t)`, `cookie: { secure: false }`, `set_cookie("session", v)`, `SESSION_COOKIE_SECURE = False`.',
  help: `A cookie that holds a session id or a token is the user's login. Without \`Secure\` the browser also sends it
over plain HTTP, where anyone on the network can copy it (CWE-614); without \`HttpOnly\` any script on the page, including
one injected through an XSS bug, can read and exfiltrate it (CWE-1004). Express's \`res.cookie\`, Flask's and
Django's \`set_cookie\` set neither flag unless asked.

**Fix:** set both flags (and a \`SameSite\` policy) on session and token cookies: \`{ httpOnly: true, secure: true,
sameSite: 'lax' }\`, \`set_cookie(..., httponly=True, secure=True, samesite="Lax")\`, \`SESSION_COOKIE_SECURE = True\`.
Cookies that scripts must read (theme, locale, a CSRF double-submit token) are not affected.

Vulnerable:
\`\`\`js
res.cookie('token', token, { maxAge: 3600000 });
\`\`\`
Safe:
\`\`\`js
res.cookie('token', token, { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 3600000 });
\`\`\``,
  visitors: jsAndPython({ call_expression: cookieJsCall }, { call: cookiePyCall, assignment: cookiePyAssign, pair: cookiePyPair }),
};

/** `token`, `connect.sid`, `refreshToken`, `__Host-session`, `next-auth.session-token`; not `theme`, `authorName`, `XSRF-TOKEN`. */
function isSessionCookieName(name: string | undefined): boolean {
  if (!name || NOT_SESSION_COOKIE.test(name)) return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase());
  return words.some((w) => SESSION_WORDS.has(w));
}

function cookieJsCall(call: Node, ctx: RuleContext): void {
  if (!cookieJsText(ctx)) return;
  // the identifier (a session middleware) or the member's property, shared and cached per node: most calls stop here
  const last = calleeName(call);
  if (!last || !(RAW_HEADER_SETTERS.has(last) || last === 'cookie' || last === 'setCookie' || last === 'set' || jsSessionNames(ctx.text).has(last))) return;
  const fn = call.childForFieldName('function');
  if (!fn) return;
  if (fn.type === 'identifier') {
    if (jsSessionNames(ctx.text).has(fn.text)) checkSessionConfig(call, ctx);
    return;
  }
  if (fn.type !== 'member_expression') return;
  const prop = fn.childForFieldName('property')?.text;
  if (prop && RAW_HEADER_SETTERS.has(prop) && checkRawSetCookie(call, prop, ctx)) return;
  if (prop !== 'cookie' && prop !== 'setCookie' && prop !== 'set') return;
  const receiver = fn.childForFieldName('object');
  if (!receiver) return;
  // Koa `ctx.cookies.set`, Next.js `cookies().set` / `response.cookies.set`: only explicit `false` is judged
  const explicitOnly = prop === 'set';
  if (explicitOnly && !/cookies(?:\(\))?$/.test(receiver.text)) return;
  if (/^(?:\$|jQuery|Cookies|document)$/.test(receiver.text)) return;
  const args = positionalArgs(call);
  if (args.length < 2) return;
  const name = constStr(args[0], ctx);
  if (!isSessionCookieName(name)) return;
  const optsArg = args[2];
  const opts = optsArg ? resolve(optsArg, ctx, OBJECT) : undefined;
  if (optsArg && !opts) return;
  const problems: string[] = [];
  const falsePairs: Node[] = [];
  const edits: TextEdit[] = [];
  const optsName = optsArg && unwrap(optsArg).type === 'identifier' ? unwrap(optsArg).text : undefined;
  for (const [key, label] of [['httpOnly', 'HttpOnly'], ['secure', 'Secure']] as const) {
    // `cookieOptions.secure = true` set later (often only in production) counts as set
    if (optsName && setLater(ctx, optsName, key)) continue;
    const pair = getPair(opts, key);
    if (pair) {
      if (isFalse(valueOf(pair))) {
        problems.push(`\`${key}: false\``);
        falsePairs.push(pair);
        edits.push(replaceNode(valueOf(pair)!, 'true'));
      }
    } else if (!explicitOnly && !(opts && (hasSpread(opts) || hasShorthand(opts, key)))) {
      problems.push(`no ${label}`);
    }
  }
  if (!problems.length) return;
  let fixes: Fix[] = [];
  if (!optsArg) {
    fixes = fix('Set httpOnly, secure and sameSite', { range: { start: pos(args[1], 'end'), end: pos(args[1], 'end') }, newText: ", { httpOnly: true, secure: true, sameSite: 'lax' }" });
  } else if (opts && same(opts, optsArg)) {
    const real = [...edits];
    const missing = ['httpOnly', 'secure'].filter((k) => !getPair(opts, k));
    const firstProp = opts.namedChildren.find((c) => c && c.type !== 'comment');
    if (missing.length) {
      const insert = missing.map((k) => `${k}: true`).join(', ');
      if (firstProp) real.push({ range: { start: pos(firstProp, 'start'), end: pos(firstProp, 'start') }, newText: `${insert}, ` });
      else real.push(replaceNode(opts, `{ ${insert} }`));
    }
    fixes = fix('Set httpOnly: true and secure: true', real);
  }
  const at = falsePairs.length === problems.length && opts && same(opts, optsArg) ? falsePairs[0] : call;
  report(ctx, at, `Cookie \`${name}\` looks like a session or token cookie but is set with ${problems.join(' and ')}: it can be ${describeExposure(problems)}. Set \`httpOnly: true\` and \`secure: true\`.`, {
    confidence: problems.some((p) => p.startsWith('no ')) ? 'medium' : 'high',
    fixes,
  });
}

const RAW_HEADER_SETTERS = new Set(['setHeader', 'set', 'header', 'append', 'writeHead']);
const HOLE = '\uFFFF';

/** A header value's text with every non-constant part replaced by HOLE (`session=${sid}; Path=/` → `session=\uFFFF; Path=/`). */
function shapeOf(node: Node, ctx: RuleContext, depth = 0): string | undefined {
  const n = unwrap(node);
  if (depth > 4) return undefined;
  if (n.type === 'string') return str(n);
  if (n.type === 'template_string') {
    let out = '';
    for (let i = 0; i < n.namedChildCount; i++) {
      const c = n.namedChild(i);
      if (!c) continue;
      if (c.type === 'string_fragment') out += c.text;
      else if (c.type === 'template_substitution') out += constStr(c.namedChild(0), ctx) ?? HOLE;
      else if (c.type === 'escape_sequence') out += HOLE;
    }
    return out;
  }
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    if (!l || !r) return undefined;
    return (shapeOf(l, ctx, depth + 1) ?? HOLE) + (shapeOf(r, ctx, depth + 1) ?? HOLE);
  }
  return constStr(n, ctx) ?? HOLE;
}

/**
 * A raw `Set-Cookie` header for a session-like cookie without HttpOnly or Secure: `res.setHeader('Set-Cookie',
 * \`session=${sid}; Path=/\`)`, `res.set(...)`, `res.append(...)`, `res.writeHead(200, { 'Set-Cookie': ... })`. Only
 * when the cookie name and every attribute are written out (a value built elsewhere may carry the flags). Returns
 * whether the call was a Set-Cookie header (judged here, whatever the verdict).
 */
function checkRawSetCookie(call: Node, prop: string, ctx: RuleContext): boolean {
  const args = positionalArgs(call);
  let values: Node[] = [];
  if (prop === 'writeHead') {
    const headers = args.map((a) => resolve(a, ctx, OBJECT)).find((o) => !!o);
    const pair = headers?.namedChildren.find((c) => c?.type === 'pair' && keyOf(c)?.toLowerCase() === 'set-cookie');
    const v = valueOf(pair ?? undefined);
    if (!v) return false;
    values = [v];
  } else {
    if (args.length < 2 || constStr(args[0], ctx)?.toLowerCase() !== 'set-cookie') return false;
    values = [args[1]];
  }
  const list = unwrap(values[0]);
  if (list.type === 'array') values = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  for (const v of values) {
    const shape = shapeOf(v, ctx);
    if (!shape) continue;
    const eq = shape.indexOf('=');
    const semi = shape.indexOf(';');
    const name = eq === -1 ? undefined : shape.slice(0, eq).trim();
    if (!name || name.includes(HOLE) || !isSessionCookieName(name)) continue;
    const attributes = semi === -1 ? '' : shape.slice(semi);
    if (attributes.includes(HOLE)) continue; // attributes built elsewhere
    const missing = [/;\s*httponly\s*(?:;|$)/i.test(attributes) ? undefined : 'HttpOnly', /;\s*secure\s*(?:;|$)/i.test(attributes) ? undefined : 'Secure'].filter((m): m is string => !!m);
    if (!missing.length) continue;
    const raw = unwrap(v);
    const literal = raw.type === 'string' || raw.type === 'template_string';
    const end = { line: raw.endPosition.row, character: raw.endPosition.column - 1 };
    report(ctx, call, `The \`Set-Cookie\` header sets \`${name}\`, a session or token cookie, without ${missing.join(' and ')}: it can be ${describeExposure(missing.map((m) => `no ${m}`))}. Add \`; ${missing.join('; ')}; SameSite=Lax\` to the header (or use \`res.cookie(name, value, { httpOnly: true, secure: true })\`).`, {
      confidence: 'medium',
      fixes: literal && raw.startPosition.row === raw.endPosition.row ? fix(`Add ${missing.join(' and ')} to the cookie`, { range: { start: end, end }, newText: `; ${missing.join('; ')}` }) : [],
    });
  }
  return true;
}

function describeExposure(problems: readonly string[]): string {
  const noSecure = problems.some((p) => /secure/i.test(p));
  const noHttpOnly = problems.some((p) => /httponly/i.test(p));
  if (noSecure && noHttpOnly) return 'sent over plain HTTP and read by any script on the page, so a network observer or an XSS bug can steal the session (CWE-614, CWE-1004)';
  return noSecure ? 'sent over plain HTTP, where anyone on the network can copy it (CWE-614)' : 'read by any script on the page, so an XSS bug can steal it (CWE-1004)';
}

/** express-session / cookie-session options with `secure: false` or `httpOnly: false`. */
/** `name.key = …` or `name.cookie.key = …` assigned somewhere in the file (the express-session README sets `secure` this way in production). */
function setLater(ctx: RuleContext, name: string, key: string): boolean {
  return assignedLater(ctx.text, `${name}\n${key}`);
}

const assignedLater = perTextKey((text, nameAndKey) => {
  const [name, key] = nameAndKey.split('\n');
  return new RegExp(`\\b${name.replace(/[^\w$]/g, '').replace(/\$/g, '\\$')}(?:\\.cookie)?\\.${key}\\s*=[^=]`).test(text);
});

function checkSessionConfig(call: Node, ctx: RuleContext): void {
  const arg = positionalArgs(call)[0];
  const opts = resolve(arg, ctx, OBJECT);
  if (!opts) return;
  const optsName = unwrap(arg).type === 'identifier' ? unwrap(arg).text : undefined;
  const cookie = resolve(valueOf(getPair(opts, 'cookie')), ctx, OBJECT);
  for (const obj of [cookie, opts]) {
    if (!obj) continue;
    const bad = ['secure', 'httpOnly'].map((k) => getPair(obj, k)).filter((p): p is Node => !!p && isFalse(valueOf(p)) && !(optsName && setLater(ctx, optsName, keyOf(p)!)));
    if (!bad.length) continue;
    const keys = bad.map((p) => keyOf(p)!);
    report(ctx, bad[0], `The session cookie is configured with ${keys.map((k) => `\`${k}: false\``).join(' and ')}: it can be ${describeExposure(keys)}. Set \`secure: true\` (behind a proxy also \`app.set('trust proxy', 1)\`) and \`httpOnly: true\`.`, {
      fixes: fix('Set the flags to true', bad.map((p) => replaceNode(valueOf(p)!, 'true'))),
    });
    return;
  }
}

function cookiePyCall(call: Node, ctx: RuleContext): void {
  if (!cookiePyText(ctx)) return;
  const name = calleeName(call);
  if (name === 'set_cookie') {
    const args = positionalArgs(call);
    const cookieName = constStr(args[0] ?? keywordArg(call, 'key'), ctx);
    if (!isSessionCookieName(cookieName)) return;
    const splat = hasKwSplat(call);
    const problems: string[] = [];
    const edits: TextEdit[] = [];
    const missing: string[] = [];
    const falseKws: Node[] = [];
    for (const [kw, label] of [['httponly', 'HttpOnly'], ['secure', 'Secure']] as const) {
      const node = keywordArgNode(call, kw);
      if (node) {
        if (isFalse(node.childForFieldName('value'))) {
          problems.push(`\`${kw}=False\``);
          falseKws.push(node);
          edits.push(replaceNode(node.childForFieldName('value')!, 'True'));
        }
      } else if (!splat && !(kw === 'secure' && args.length >= 7) && !(kw === 'httponly' && args.length >= 8)) {
        problems.push(`no ${label}`);
        missing.push(`${kw}=True`);
      }
    }
    if (!problems.length) return;
    const argList = call.childForFieldName('arguments')!;
    const last = argList.namedChildren.filter((c) => c && c.type !== 'comment').pop();
    if (missing.length && last) edits.push({ range: { start: pos(last, 'end'), end: pos(last, 'end') }, newText: `, ${missing.join(', ')}` });
    report(ctx, missing.length ? call : falseKws[0], `Cookie \`${cookieName}\` looks like a session or token cookie but is set with ${problems.join(' and ')}: it can be ${describeExposure(problems)}. Pass \`httponly=True, secure=True\`.`, {
      confidence: problems.some((p) => p.startsWith('no ')) ? 'medium' : 'high',
      fixes: fix('Set httponly=True and secure=True', edits),
    });
    return;
  }
  if (name === 'update' || name === 'from_mapping') {
    if (!/config$/.test(dottedName(call.childForFieldName('function')?.childForFieldName('object') ?? null) ?? '')) return;
    for (const kw of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (kw?.type !== 'keyword_argument') continue;
      const k = kw.childForFieldName('name')?.text;
      if (!k || !PY_COOKIE_SETTINGS.has(k) || !isFalse(kw.childForFieldName('value'))) continue;
      reportCookieSetting(kw, k, kw.childForFieldName('value')!, ctx);
      return;
    }
  }
}

function reportCookieSetting(at: Node, setting: string, value: Node, ctx: RuleContext): void {
  const cookie = setting.startsWith('CSRF') ? 'CSRF' : setting.startsWith('REMEMBER') ? 'remember-me' : setting.startsWith('JWT') ? 'JWT' : 'session';
  const what = /HTTPONLY/.test(setting)
    ? `lets any script on the page, including an injected one, read the ${cookie} cookie (CWE-1004)`
    : `lets the browser send the ${cookie} cookie over plain HTTP, where anyone on the network can copy it (CWE-614)`;
  report(ctx, at, `\`${setting} = False\` ${what}. Set it to True.`, {
    fixes: fix(`Set ${setting} to True`, replaceNode(value, 'True')),
  });
}

/** Inside `class DevelopmentConfig:` / `class TestConfig(Config):`: settings meant for a developer machine or tests. */
function inDevelopmentConfigClass(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') return false;
    if (n.type === 'class_definition') return /dev|test|local/i.test(n.childForFieldName('name')?.text ?? '');
  }
  return false;
}

function cookiePyAssign(node: Node, ctx: RuleContext): void {
  if (!cookiePyText(ctx)) return;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right || !isFalse(right)) return;
  const setting = left.type === 'identifier' ? left.text : left.type === 'subscript' ? str(left.childForFieldName('subscript')) : undefined;
  if (!setting || !PY_COOKIE_SETTINGS.has(setting) || inDevelopmentConfigClass(node)) return;
  reportCookieSetting(node, setting, right, ctx);
}

function cookiePyPair(pair: Node, ctx: RuleContext): void {
  if (!cookiePyText(ctx)) return;
  const k = keyOf(pair);
  if (!k || !PY_COOKIE_SETTINGS.has(k)) return;
  const v = valueOf(pair);
  if (!v || !isFalse(v)) return;
  reportCookieSetting(pair, k, v, ctx);
}

// ---------------------------------------------------------------------------------------------------------------------
// debug-mode-enabled
// ---------------------------------------------------------------------------------------------------------------------

const looksLikeDjangoSettings = perText((text) => /^(?:INSTALLED_APPS|MIDDLEWARE|ROOT_URLCONF|WSGI_APPLICATION|ALLOWED_HOSTS|DATABASES)\s*=/m.test(text));
const PY_WEB_MODULES = ['flask', 'flask_socketio', 'werkzeug', 'dash', 'bottle', 'quart', 'sanic', 'fastapi', 'uvicorn'];

const DEBUG_WHY = 'errors then show stack traces, source and settings to anyone, and the Werkzeug debugger even runs code typed into the error page (CWE-489)';

export const debugModeEnabled: Rule = {
  id: 'debug-mode-enabled',
  title: 'Debug mode enabled in application code',
  cwe: ['CWE-489'],
  severity: 'medium',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary:
    'The web framework\'s debug mode is switched on in code: Flask `app.run(debug=True)` / `app.debug = True` / `DEBUG` config, Django settings `DEBUG = True`, `FastAPI(debug=True)`, or Express `errorhandler()` outside development.',
  help: `Debug mode is for a developer's machine. On a reachable server it shows full stack traces, source snippets and
configuration (often secrets) on every error page; Flask's Werkzeug debugger goes further and runs Python typed into
the page, which is remote code execution for anyone who can trigger an error (CWE-489). Assistants leave
\`debug=True\` in generated entry points and settings, and it ships.

**Fix:** drive debug mode from the environment and keep it off by default: \`app.run(debug=os.environ.get("FLASK_DEBUG") == "1")\`,
\`DEBUG = os.environ.get("DJANGO_DEBUG") == "1"\`; in Express, mount \`errorhandler()\` only when
\`process.env.NODE_ENV === 'development'\`.

Vulnerable:
\`\`\`python
app.run(host="0.0.0.0", port=5000, debug=True)
\`\`\`
Safe:
\`\`\`python
app.run(host="0.0.0.0", port=5000, debug=os.environ.get("FLASK_DEBUG") == "1")
\`\`\``,
  visitors: jsAndPython({ call_expression: debugJsCall }, { call: debugPyCall, assignment: debugPyAssign }),
};

const jsErrorhandlerNames = perText((text) => {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:import\s+(\w+)\s+from\s*|(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*)['"]errorhandler['"]/g)) names.add(m[1] ?? m[2]);
  if (!names.size && !/['"]errorhandler['"]/.test(text)) names.add('errorhandler');
  return names;
});

function debugJsCall(call: Node, ctx: RuleContext): void {
  if (!debugJsText(ctx)) return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' || !jsErrorhandlerNames(ctx.text).has(fn.text)) return;
  // the documented use: only in development
  for (let n = call.parent; n; n = n.parent) {
    if ((n.type === 'if_statement' || n.type === 'ternary_expression' || n.type === 'binary_expression') && /development|NODE_ENV|isDev|dev\b/i.test(n.childForFieldName('condition')?.text ?? n.childForFieldName('left')?.text ?? '')) return;
  }
  if (/if\s*\([^)]*(?:NODE_ENV|development)[^)]*\)\s*(?:return|\{\s*return)/.test(textBefore(call, ctx))) return;
  report(ctx, call, '`errorhandler()` sends full stack traces and error details to every client; outside development that leaks internals (CWE-489). Mount it only when `process.env.NODE_ENV === \'development\'`.', {
    severity: 'low',
    confidence: 'medium',
  });
}

function envDebugFix(value: Node, ctx: RuleContext, variable: string): Fix[] {
  return fix(`Read debug mode from the environment (${variable})`, [...pythonImportEdit(ctx, 'os'), replaceNode(value, `os.environ.get("${variable}") == "1"`)]);
}

function debugPyCall(call: Node, ctx: RuleContext): void {
  if (!debugPyText(ctx)) return;
  const name = calleeName(call);
  if (name === 'run_simple') {
    // werkzeug.serving.run_simple(..., use_debugger=True): the interactive debugger, reachable by every client
    const kw = keywordArgNode(call, 'use_debugger');
    if (!kw || !isTrue(kw.childForFieldName('value'))) return;
    report(ctx, kw, `\`use_debugger=True\` serves the Werkzeug debugger, which runs Python typed into an error page, to every client that can trigger an error (CWE-489). Read it from the environment and keep it off outside development.`, {
      fixes: envDebugFix(kw.childForFieldName('value')!, ctx, 'FLASK_DEBUG'),
    });
    return;
  }
  if (name !== 'run' && name !== 'run_server' && name !== 'FastAPI' && name !== 'Starlette' && name !== 'update' && name !== 'from_mapping') return;
  const fn = call.childForFieldName('function');
  if (name === 'update' || name === 'from_mapping') {
    if (!/config$/.test(dottedName(fn?.childForFieldName('object') ?? null) ?? '')) return;
    const kw = keywordArgNode(call, 'DEBUG');
    if (!kw || !isTrue(kw.childForFieldName('value'))) return;
    report(ctx, kw, `\`DEBUG=True\` in the app config turns on debug mode: ${DEBUG_WHY}. Read it from the environment and keep it off in production.`, {
      fixes: envDebugFix(kw.childForFieldName('value')!, ctx, 'FLASK_DEBUG'),
    });
    return;
  }
  const debug = keywordArgNode(call, 'debug');
  if (!debug || !isTrue(debug.childForFieldName('value'))) return;
  if (name === 'run' || name === 'run_server') {
    const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object')?.text ?? '' : '';
    if (!receiver || receiver === 'asyncio') return;
    if (!/app|application|server|socketio/i.test(receiver) && !importsAny(ctx, PY_WEB_MODULES)) return;
  }
  const variable = name === 'run' || name === 'run_server' ? 'FLASK_DEBUG' : 'APP_DEBUG';
  report(ctx, debug, `\`${clip(debug.text)}\` ${name.startsWith('run') ? 'starts the server' : 'runs the app'} in debug mode: ${name.startsWith('run') ? DEBUG_WHY : 'unhandled errors then return full stack traces to any client (CWE-489)'}. Read it from the environment and keep it off in production.`, {
    fixes: envDebugFix(debug.childForFieldName('value')!, ctx, variable),
  });
}

function debugPyAssign(node: Node, ctx: RuleContext): void {
  if (!debugPyText(ctx)) return;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right || !isTrue(right)) return;
  if (left.type === 'identifier') {
    if (left.text !== 'DEBUG' || node.parent?.parent?.type !== 'module' || !looksLikeDjangoSettings(ctx.text)) return;
    report(ctx, node, `\`DEBUG = True\` in Django settings shows stack traces, settings and SQL to anyone who triggers an error (CWE-489). Read it from the environment and keep it off in production.`, {
      fixes: envDebugFix(right, ctx, 'DJANGO_DEBUG'),
    });
    return;
  }
  let target: string | undefined;
  if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'debug') target = left.childForFieldName('object')?.text;
  else if (left.type === 'subscript' && str(left.childForFieldName('subscript')) === 'DEBUG') {
    const obj = left.childForFieldName('value');
    if (obj?.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'config') target = obj.childForFieldName('object')?.text;
  }
  if (!target) return;
  if (!/^(?:app|application|flask_app|server|api)$/.test(target) && !importsAny(ctx, ['flask', 'quart'])) return;
  report(ctx, node, `\`${clip(left.text)} = True\` turns on debug mode: ${DEBUG_WHY}. Read it from the environment and keep it off in production.`, {
    fixes: envDebugFix(right, ctx, 'FLASK_DEBUG'),
  });
}

/** Transport, configuration and auth rules (TLS verification, CORS, cookies, JWT, debug mode). */
export const TRANSPORT_RULES: readonly Rule[] = [tlsVerificationDisabled, corsWildcard, jwtWeakVerification, insecureCookie, debugModeEnabled];
