import type { Node, Tree } from 'web-tree-sitter';
import type { Confidence } from '../types';
import type { Rule, RuleContext, Visitor } from './api';
import { calleeName, clip, dottedName, enclosingFunction, jsAndPython, mentions, importsModule, keywordArg, positionalArgs, perText, pythonImports, unwrap } from './api';
import { requestSource } from './taint';

/*
 * Application-level rules:
 *   sensitive-logging         passwords, tokens, keys, cookies, card numbers or whole request bodies/headers logged
 *   prototype-pollution       deep merges / set-by-path / two-level dynamic writes of request data, unguarded merges
 *   regex-injection           request data used as a regular expression; nested-quantifier literals run on it
 *   missing-rate-limit        login/token/reset/OTP routes in a file with no rate limiting in sight
 *   missing-security-headers  an Express/Fastify/Flask server created without helmet/Talisman or manual headers
 * Every visitor checks a cached fact about the file text or the callee name first and returns at once otherwise.
 */

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers


/** Lower-case words of an identifier or key: `resetToken` → reset, token; `X-Api-Key` → x, api, key; `sessionID` → session, id. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Content of a string literal without interpolation (JS string, constant template, Python string); else undefined. */
function literalString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'string') {
    if (n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
    const raw = n.text;
    const m = /^[rRbBuUfF]*("""|'''|"|')([\s\S]*)\1$/.exec(raw);
    return m ? m[2] : raw.slice(1, -1);
  }
  if (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution')) return n.text.slice(1, -1);
  return undefined;
}

/**
 * Per analysis run (one RuleContext), nodes already reported, for rules that reach one function or route from several
 * of its nodes. Keyed by the run, not the tree: an incremental session may analyse the same tree twice.
 */
const reportedIn = new WeakMap<RuleContext, Set<number>>();
function firstTime(ctx: RuleContext, key: number): boolean {
  let set = reportedIn.get(ctx);
  if (!set) reportedIn.set(ctx, (set = new Set()));
  if (set.has(key)) return false;
  set.add(key);
  return true;
}

/** Identifiers a simple value resolves to through the flow model (one value, up to a few hops). */
function resolveValue(node: Node, ctx: RuleContext, depth = 0): Node {
  const n = unwrap(node);
  if (n.type !== 'identifier' || depth > 3) return n;
  const values = ctx.flow.valuesOf(n.text, n);
  return values.length === 1 ? resolveValue(values[0], ctx, depth + 1) : n;
}

function isJsFunction(node: Node | null | undefined): boolean {
  return !!node && (node.type === 'arrow_function' || node.type === 'function_expression' || node.type === 'function');
}

// ---------------------------------------------------------------------------------------------------------------
// sensitive-logging (CWE-532)

/** Single words that name a secret by themselves. */
const SECRET_WORDS: Record<string, string> = {
  password: 'a password', passwords: 'passwords', passwd: 'a password', pwd: 'a password', passphrase: 'a passphrase',
  secret: 'a secret', secrets: 'secrets', token: 'a token', jwt: 'a token', bearer: 'a bearer token', apikey: 'an API key',
  authorization: 'an Authorization header', cookie: 'a cookie', cookies: 'cookies', credentials: 'credentials', creds: 'credentials',
  sessionid: 'a session id', cvv: 'a card security code', cvc: 'a card security code', otp: 'a one-time code',
  cardnumber: 'a card number', ccnumber: 'a card number', creditcard: 'a card number', pan: 'a card number',
};
/** Last word → previous words that make it a secret: `apiKey`, `sessionId`, `cardNumber`, `authHeader`. */
const SECRET_PAIRS: Record<string, { prev: ReadonlySet<string>; what: string }> = {
  key: { prev: new Set(['api', 'secret', 'private', 'access', 'signing', 'encryption', 'session', 'stripe', 'openai', 'license']), what: 'a key' },
  id: { prev: new Set(['session', 'sess']), what: 'a session id' },
  number: { prev: new Set(['card', 'cc', 'credit']), what: 'a card number' },
  no: { prev: new Set(['card', 'cc']), what: 'a card number' },
  num: { prev: new Set(['card', 'cc']), what: 'a card number' },
  header: { prev: new Set(['auth', 'authorization']), what: 'an Authorization header' },
  hash: { prev: new Set(['password', 'pwd', 'passwd']), what: 'a password hash' },
  code: { prev: new Set(['otp', 'mfa', 'totp', 'verification', '2fa', 'reset']), what: 'a one-time code' },
  pass: { prev: new Set(['user', 'db', 'admin', 'smtp', 'mail', 'root', 'my']), what: 'a password' },
  card: { prev: new Set(['credit']), what: 'a card number' },
};
/** A first word that turns the name into a flag or a count: `hasToken`, `isPasswordSet`, `numTokens`. */
const NOT_A_VALUE_FIRST = new Set(['has', 'is', 'no', 'num', 'max', 'min', 'should', 'can', 'needs', 'need', 'did', 'was', 'show', 'use', 'with', 'without', 'count', 'total', 'valid', 'missing', 'invalid', 'require', 'requires']);

/** What kind of secret a name denotes ("a password"), judged by its last word; undefined for anything else. */
function secretKind(name: string): string | undefined {
  const w = nameWords(name);
  if (!w.length || NOT_A_VALUE_FIRST.has(w[0]) && w.length > 1) return undefined;
  const last = w[w.length - 1];
  const single = SECRET_WORDS[last] ?? SECRET_WORDS[w.join('')];
  if (single) return single;
  const pair = SECRET_PAIRS[last];
  if (pair && w.length > 1 && pair.prev.has(w[w.length - 2])) return pair.what;
  return undefined;
}

const JS_WHOLE_REQUEST = /^(?:req|request|ctx\.request|event)\.(body|headers|rawHeaders|cookies|signedCookies)$|^process\.(env)$/;
const PY_WHOLE_REQUEST = /^(?:request|req)\.(json|form|headers|cookies|data|values|body|POST|COOKIES|META)$|^os\.(environ)$/;
const WHOLE_WHAT: Record<string, string> = {
  body: 'the whole request body', json: 'the whole request body', form: 'the whole submitted form', data: 'the whole request body',
  values: 'every request parameter', POST: 'the whole submitted form', headers: 'every request header', rawHeaders: 'every request header',
  META: 'every request header', cookies: 'every cookie', signedCookies: 'every cookie', COOKIES: 'every cookie',
  env: 'every environment variable, API keys and database passwords included', environ: 'every environment variable, API keys and database passwords included',
};

/** `req.body`, `request.headers`, `await request.json()`, `request.get_json()`: a whole request container. */
function wholeRequest(node: Node, ctx: RuleContext): string | undefined {
  const n = unwrap(node);
  const py = ctx.language === 'python';
  if (n.type === 'call_expression' || n.type === 'call') {
    const fn = n.childForFieldName('function');
    const name = dottedName(fn);
    if (!name) return undefined;
    if (/^(?:req|request)\.(?:json|formData|get_json|body|form)$/.test(name)) return name.endsWith('formData') || name.endsWith('form') ? WHOLE_WHAT.form : WHOLE_WHAT.body;
    // request.form.to_dict(), dict(request.form)
    if (py && fn?.type === 'attribute' && /^(?:to_dict|dict|copy)$/.test(fn.childForFieldName('attribute')?.text ?? '')) {
      const obj = fn.childForFieldName('object');
      return obj ? wholeRequest(obj, ctx) : undefined;
    }
    if (py && name === 'dict') {
      const a = positionalArgs(n)[0];
      return a ? wholeRequest(a, ctx) : undefined;
    }
    return undefined;
  }
  const name = dottedName(n);
  if (!name) return undefined;
  const m = (py ? PY_WHOLE_REQUEST : JS_WHOLE_REQUEST).exec(name);
  return m ? WHOLE_WHAT[m[1] ?? m[2]] : undefined;
}

/** Calls whose result is a redacted, hashed or summarised form of their input. */
const REDACTORS = /redact|mask|sanitiz|scrub|omit|censor|obfuscat|anonymi|hash|digest|truncate|fingerprint|strip_sensitive|safe/i;
/** Calls that pass their argument through (the value still reaches the log). */
const PASS_THROUGH_CALLS = new Set(['JSON.stringify', 'String', 'str', 'repr', 'util.inspect', 'inspect', 'json.dumps', 'dict', 'Object.entries', 'Object.values', 'Buffer.from', 'f', 'pformat', 'pprint.pformat', 'jsonify']);
const PASS_THROUGH_METHODS = new Set(['toString', 'trim', 'toLowerCase', 'toUpperCase', 'lower', 'upper', 'strip', 'decode', 'encode', 'to_dict', 'dict', 'copy', 'toJSON', 'json']);
const HEADER_GETTERS = new Set(['get', 'header', 'getHeader', 'get_header', 'getAll']);

interface Hit {
  readonly node: Node;
  readonly what: string;
}

function sensitiveIn(node: Node | null | undefined, ctx: RuleContext, depth = 0): Hit | undefined {
  if (!node || depth > 8) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'identifier':
    case 'shorthand_property_identifier': {
      const kind = secretKind(n.text);
      if (kind) return { node: n, what: kind };
      if (n.type === 'identifier') {
        const values = ctx.flow.valuesOf(n.text, n);
        if (values.length === 1) {
          const whole = wholeRequest(values[0], ctx);
          if (whole) return { node: n, what: whole };
        }
      }
      return undefined;
    }
    case 'member_expression':
    case 'attribute':
    case 'subscript_expression':
    case 'subscript': {
      const whole = wholeRequest(n, ctx);
      if (whole) return { node: n, what: whole };
      const obj = n.childForFieldName(n.type === 'subscript' ? 'value' : 'object');
      const keyNode = n.type === 'member_expression' ? n.childForFieldName('property') : n.type === 'attribute' ? n.childForFieldName('attribute') : n.childForFieldName(n.type === 'subscript' ? 'subscript' : 'index');
      const key = keyNode?.type === 'property_identifier' || keyNode?.type === 'identifier' && n.type !== 'subscript_expression' && n.type !== 'subscript' ? keyNode.text : literalString(keyNode);
      if (key) {
        const kind = secretKind(key);
        if (kind) return { node: n, what: kind };
        const objLast = obj ? lastSegment(obj) : undefined;
        if (objLast && /^(?:cookies|signedCookies|COOKIES)$/.test(objLast)) return { node: n, what: 'a cookie' };
        if (key === 'id' && objLast && /^session$/i.test(objLast)) return { node: n, what: 'a session id' };
        if (/^(?:number|cvv|cvc|pan)$/.test(key) && objLast && /card$/i.test(objLast)) return { node: n, what: 'a card number' };
      }
      return undefined;
    }
    case 'call_expression':
    case 'call': {
      const whole = wholeRequest(n, ctx);
      if (whole) return { node: n, what: whole };
      const fn = n.childForFieldName('function');
      const name = dottedName(fn) ?? '';
      const method = calleeName(n) ?? '';
      if (REDACTORS.test(method)) return undefined;
      const args = positionalArgs(n);
      if ((HEADER_GETTERS.has(method) && fn && /header|req|request|cookie/i.test(fn.text)) || ((method === 'getenv' || method === 'get') && fn && /^os\.(?:getenv|environ\.get)$/.test(name))) {
        const key = literalString(args[0]);
        if (key) {
          const kind = secretKind(key);
          if (kind) return { node: n, what: kind };
        }
        return undefined;
      }
      if (PASS_THROUGH_CALLS.has(name) || method === 'format') {
        for (const a of args) {
          const hit = sensitiveIn(a, ctx, depth + 1);
          if (hit) return hit;
        }
        return undefined;
      }
      if (PASS_THROUGH_METHODS.has(method) && fn && (fn.type === 'member_expression' || fn.type === 'attribute')) {
        return sensitiveIn(fn.childForFieldName('object'), ctx, depth + 1);
      }
      return undefined;
    }
    case 'template_string':
      for (const c of n.namedChildren) {
        if (c?.type !== 'template_substitution') continue;
        const hit = sensitiveIn(c.namedChildren[0], ctx, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    case 'string':
      for (const c of n.namedChildren) {
        if (c?.type !== 'interpolation') continue;
        const hit = sensitiveIn(c.childForFieldName('expression') ?? c.namedChildren[0], ctx, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    case 'concatenated_string':
    case 'array':
    case 'list':
    case 'tuple':
    case 'spread_element':
    case 'list_splat':
    case 'dictionary_splat':
      for (const c of n.namedChildren) {
        const hit = sensitiveIn(c, ctx, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    case 'binary_expression':
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op !== '+' && op !== '%' && op !== '||' && op !== '??') return undefined;
      return sensitiveIn(n.childForFieldName('left'), ctx, depth + 1) ?? sensitiveIn(n.childForFieldName('right'), ctx, depth + 1);
    }
    case 'ternary_expression':
      return sensitiveIn(n.childForFieldName('consequence'), ctx, depth + 1) ?? sensitiveIn(n.childForFieldName('alternative'), ctx, depth + 1);
    case 'object':
    case 'dictionary':
      for (const c of n.namedChildren) {
        if (!c) continue;
        if (c.type === 'pair') {
          const value = c.childForFieldName('value');
          const keyNode = c.childForFieldName('key');
          const key = keyNode?.type === 'property_identifier' ? keyNode.text : literalString(keyNode);
          const v = value ? unwrap(value) : undefined;
          if (key && v && /^(?:identifier|member_expression|attribute|subscript_expression|subscript)$/.test(v.type) && !ctx.flow.isConstant(v)) {
            const kind = secretKind(key);
            if (kind) return { node: v, what: kind };
          }
          const hit = sensitiveIn(value, ctx, depth + 1);
          if (hit) return hit;
        } else {
          const hit = sensitiveIn(c, ctx, depth + 1);
          if (hit) return hit;
        }
      }
      return undefined;
    default:
      return undefined;
  }
}

function lastSegment(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'identifier' || n.type === 'property_identifier') return n.text;
  if (n.type === 'member_expression') return n.childForFieldName('property')?.text;
  if (n.type === 'attribute') return n.childForFieldName('attribute')?.text;
  if (n.type === 'subscript_expression') return literalString(n.childForFieldName('index'));
  if (n.type === 'subscript') return literalString(n.childForFieldName('subscript'));
  return undefined;
}

const JS_LOG_METHODS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'http', 'notice', 'critical']);
const CONSOLE_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir']);
const PY_LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'msg']);
const LOGGER_OBJECT = /^(?:logger|log|_logger|_log|logging|winston|pino|bunyan|signale|consola|\w*Logger|\w*_logger|audit(?:Log)?)$/i;
const logJsText = mentions(/console\.|logger|\blog\.|winston|pino|bunyan|consola/i);
const logPyText = mentions(/logging|logger|\blog\.|print\s*\(/i);
const pyServerFile = perText((text) => /^\s*(?:from|import)\s+(?:flask|django|fastapi|starlette|sanic|aiohttp|tornado|bottle|falcon|quart|rest_framework)\b/m.test(text));

function jsLoggerCall(call: Node): string | undefined {
  const name = calleeName(call); // shared and cached per node: most calls stop here
  if (!name || !(CONSOLE_METHODS.has(name) || JS_LOG_METHODS.has(name))) return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression') return undefined;
  const method = fn.childForFieldName('property')?.text ?? '';
  const obj = fn.childForFieldName('object');
  if (!obj) return undefined;
  if (obj.text === 'console') return CONSOLE_METHODS.has(method) ? fn.text : undefined;
  const last = lastSegment(obj);
  return last && LOGGER_OBJECT.test(last) && JS_LOG_METHODS.has(method) ? fn.text : undefined;
}

function pyLoggerCall(call: Node, ctx: RuleContext): string | undefined {
  const name = calleeName(call); // shared and cached per node: most calls stop here
  if (!name || !(name === 'print' || PY_LOG_METHODS.has(name))) return undefined;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text === 'print' && pyServerFile(ctx.text) ? 'print' : undefined;
  if (fn?.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  const obj = fn.childForFieldName('object');
  const last = obj ? lastSegment(obj) : undefined;
  return last && LOGGER_OBJECT.test(last) && PY_LOG_METHODS.has(method) ? fn.text : undefined;
}

function checkLogging(call: Node, ctx: RuleContext): void {
  const py = ctx.language === 'python';
  if (!(py ? logPyText(ctx) : logJsText(ctx))) return;
  const logger = py ? pyLoggerCall(call, ctx) : jsLoggerCall(call);
  if (!logger) return;
  const args = call.childForFieldName('arguments');
  if (!args) return;
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    let value: Node | null = a;
    if (a.type === 'keyword_argument') {
      if (/^(?:exc_info|stack_info|stacklevel|file|sep|end|flush)$/.test(a.childForFieldName('name')?.text ?? '')) continue;
      value = a.childForFieldName('value');
    }
    const hit = sensitiveIn(value, ctx);
    if (!hit) continue;
    const source = requestSource(hit.node, ctx);
    const confidence: Confidence = source ? 'high' : 'medium';
    ctx.report(call, {
      message: `\`${logger}\` writes \`${clip(hit.node.text)}\` (${hit.what}) to the logs: anyone who can read them (support staff, log pipelines, a leaked log store) can reuse it (CWE-532). Log an id or a redacted form instead (\`user.id\`, \`'***'\`, a length).`,
      confidence,
      fingerprintText: `${logger}:${hit.node.text}`,
    });
    return;
  }
}

export const sensitiveLogging: Rule = {
  id: 'sensitive-logging',
  title: 'Secrets or whole requests written to logs',
  cwe: ['CWE-532'],
  severity: 'medium',
  confidence: 'medium',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A log call (console, winston/pino/bunyan loggers, Python `logging`, `print` in server code) writes a password, token, API key, Authorization header, cookie, session id, card number, or a whole request body or header set.',
  help: `Logs are copied to terminals, files, log services and support tickets, and kept for months; far more people
and systems can read them than can read your database. A password, token, API key, cookie or session id written to a
log can be replayed by anyone who sees it (CWE-532). Logging a whole \`req.body\`, \`req.headers\`, \`request.json\`
or \`request.form\` does the same by accident: login bodies carry passwords, headers carry \`Authorization\` and
\`Cookie\`. Assistants add such lines while debugging and they stay.

The rule judges what is logged by its name (variables, properties, template and f-string parts, object keys), not by
the words in the message: \`password reset requested for \${email}\` is fine, \`\${password}\` is not. Counts,
lengths, flags and calls that redact or hash (\`redact(...)\`, \`mask(...)\`, \`len(token)\`) are not reported.

**Fix:** log an identifier (\`user.id\`, the request id), a fact (\`token.length\`, the expiry) or a redacted value;
configure redaction in the logger (\`pino({ redact: ['req.headers.authorization'] })\`, a logging \`Filter\`).

Vulnerable:
\`\`\`js
app.post('/login', async (req, res) => {
  console.log('login attempt', req.body);
  logger.info(\`token issued: \${token}\`);
});
\`\`\`
Safe:
\`\`\`js
app.post('/login', async (req, res) => {
  console.log('login attempt', { email: req.body.email });
  logger.info(\`token issued for user \${user.id}, expires in \${ttl}s\`);
});
\`\`\``,
  visitors: jsAndPython({ call_expression: checkLogging }, { call: checkLogging }),
};

// ---------------------------------------------------------------------------------------------------------------
// prototype-pollution (CWE-1321)

const ppMergeText = mentions(/merge|defaultsDeep|extend\s*\(\s*true|\.set(?:With)?\s*\(|zipObjectDeep|setProperty/);
const ppLoopText = mentions(/\bfor\s*\(|Object\.(?:keys|entries)\s*\(/);
const ppWriteText = mentions(/\]\s*\[[^\]\n]*\]\s*=[^=]/);
const PP_GUARD = /__proto__|['"`]constructor['"`]|['"`]prototype['"`]|hasOwnProperty|Object\.hasOwn|\bhasOwn\s*\(|Object\.create\(\s*null\s*\)|isSafeKey|UNSAFE_KEYS|FORBIDDEN_KEYS|BLOCKED_KEYS/;
const LODASH_DEEP = new Set(['merge', 'mergeWith', 'defaultsDeep']);
const LODASH_PATH = new Set(['set', 'setWith', 'zipObjectDeep']);
/** Local names bound to lodash functions: `import { merge } from 'lodash'`, `const set = require('lodash/set')`. */
const lodashNames = perText((text) => {
  const names = new Map<string, string>();
  if (!/lodash/.test(text)) return names;
  const from = String.raw`['"]lodash(?:-es)?(?:[./](\w+))?['"]`;
  for (const m of text.matchAll(new RegExp(String.raw`(?:import|const|let|var)\s*\{([^}]*)\}\s*(?:from\s*|=\s*require\(\s*)` + from, 'g'))) {
    for (const part of m[1].split(',')) {
      const [orig, alias] = part.split(/\s+as\s+|\s*:\s*/).map((x) => x.trim());
      if (orig) names.set(alias || orig, orig);
    }
  }
  for (const m of text.matchAll(new RegExp(String.raw`(?:import\s+(\w+)\s+from\s*|(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*)` + from, 'g'))) {
    const local = m[1] ?? m[2];
    if (local && m[3]) names.set(local, m[3].toLowerCase() === 'defaultsdeep' ? 'defaultsDeep' : m[3].toLowerCase() === 'mergewith' ? 'mergeWith' : m[3].toLowerCase() === 'setwith' ? 'setWith' : m[3]);
  }
  return names;
});

/** Merges and path writers named outside lodash: `$.extend`, `objectPath.set`, `dotProp.setProperty`, `deepExtend`. */
const PP_OTHER_MERGES = new Set(['extend', 'set', 'setProperty', 'deepExtend']);

function checkPpCall(call: Node, ctx: RuleContext): void {
  if (calleeName(call) === 'forEach') {
    const callee = call.childForFieldName('function');
    if (callee?.type === 'member_expression') {
      checkForEachMerge(call, callee, ctx);
      return;
    }
  }
  if (!ppMergeText(ctx)) return;
  // every merge below is named by the callee's last name, or by a name imported from lodash
  const last = calleeName(call);
  if (!last || !(LODASH_DEEP.has(last) || LODASH_PATH.has(last) || PP_OTHER_MERGES.has(last) || lodashNames(ctx.text).has(last))) return;
  const fn = call.childForFieldName('function');
  if (!fn) return;
  const name = dottedName(fn);
  if (!name) return;
  const args = positionalArgs(call);
  const parts = name.split('.');
  const imported = parts.length === 1 ? lodashNames(ctx.text).get(name) : undefined;
  const method = imported ?? parts[parts.length - 1];
  const owner = parts.slice(0, -1).join('.');
  const lodash = owner === '_' || owner === 'lodash' || imported !== undefined;
  let sources: Node[] = [];
  let kind: 'deep' | 'path' | undefined;
  if (lodash && LODASH_DEEP.has(method)) {
    sources = args.slice(1);
    kind = 'deep';
  } else if (lodash && LODASH_PATH.has(method)) {
    sources = method === 'zipObjectDeep' ? args.slice(0, 1) : args.slice(1, 2);
    kind = 'path';
  } else if ((owner === '$' || owner === 'jQuery') && method === 'extend' && args[0]?.text === 'true') {
    sources = args.slice(2);
    kind = 'deep';
  } else if ((owner === 'objectPath' || owner === 'dotProp' || owner === 'dottie') && (method === 'set' || method === 'setProperty')) {
    sources = args.slice(1, 2);
    kind = 'path';
  } else if (parts.length === 1 && (method === 'deepExtend' && importsModule(ctx.text, ctx.language, 'deep-extend'))) {
    sources = args.slice(1);
    kind = 'deep';
  }
  if (!kind) return;
  for (const s of sources) {
    if (ctx.flow.isConstant(s)) continue;
    const label = requestSource(s, ctx);
    if (!label) continue;
    const message =
      kind === 'deep'
        ? `\`${name}\` deep-merges request data (\`${clip(s.text)}\`, from ${label}): a \`__proto__\` or \`constructor.prototype\` key in it can reach Object.prototype and change every object in the process (CWE-1321; lodash before 4.17.12, jQuery before 3.4 and most hand-written merges), and even patched merges let the client set any nested field. Copy the allowed fields explicitly, or validate with a schema first.`
        : `\`${name}\` writes at a path taken from the request (\`${clip(s.text)}\`, from ${label}): a path such as \`__proto__.isAdmin\` or \`constructor.prototype.x\` sets the property on Object.prototype for every object (CWE-1321). Map the request to a fixed set of allowed paths.`;
    ctx.report(call, { message, confidence: 'high' });
    return;
  }
}

/** The name a function is known by: declaration name, `const merge = (...) =>`, a method or object key. */
function functionName(fn: Node): string | undefined {
  const own = fn.childForFieldName('name');
  if (own) return own.text;
  const p = fn.parent;
  if (p?.type === 'variable_declarator') return p.childForFieldName('name')?.text;
  if (p?.type === 'pair') return p.childForFieldName('key')?.text;
  if (p?.type === 'assignment_expression') return lastSegment(p.childForFieldName('left')!);
  return undefined;
}

function indexIs(node: Node, key: string): boolean {
  const n = unwrap(node);
  return n.type === 'subscript_expression' && unwrap(n.childForFieldName('index') ?? n).text === key;
}

/**
 * A loop over the keys of an object, inside a function that calls itself with `x[key]` and writes `target[key] = …`,
 * with no check that the key is not `__proto__`/`constructor`/`prototype`: the classic unsafe recursive merge.
 */
function checkMergeLoop(pattern: Node | null | undefined, body: Node | null, at: Node, ctx: RuleContext): void {
  // `for (const key in s)`, `for (const [key, value] of Object.entries(s))`, `forEach((key) => …)`
  const names = pattern ? (pattern.type === 'identifier' ? [pattern] : pattern.descendantsOfType('identifier')).filter((x): x is Node => !!x).map((x) => x.text) : [];
  const key = names[0];
  if (!key || !body) return;
  const fn = enclosingFunction(at);
  if (!fn) return;
  const name = functionName(fn);
  if (!name) return;
  if (fn.text.length > 20000 || PP_GUARD.test(fn.text)) return;
  const bodyText = body.text;
  if (!bodyText.includes(name) || !bodyText.includes(`[${key}]`)) return;
  // objects written as `X[key] = …`: the merge target (a deep clone writes into a fresh local instead)
  const written = new Set<string>();
  for (const a of body.descendantsOfType('assignment_expression')) {
    const left = a ? unwrap(a.childForFieldName('left') ?? a) : undefined;
    if (left && indexIs(left, key)) written.add(unwrap(left.childForFieldName('object') ?? left).text);
  }
  if (!written.size) return;
  // locals that alias the target's child: `const existing = target[key]`
  const aliases = new Set<string>();
  for (const d of body.descendantsOfType('variable_declarator')) {
    const v = d?.childForFieldName('value');
    const n = d?.childForFieldName('name');
    if (v && n?.type === 'identifier' && indexIs(v, key) && written.has(unwrap(unwrap(v).childForFieldName('object') ?? v).text)) aliases.add(n.text);
  }
  // …and the recursion descends into that same object: `merge(target[key], source[key])`
  const intoTarget = (arg: Node): boolean => {
    const subs = arg.type === 'subscript_expression' ? [arg] : arg.descendantsOfType('subscript_expression').filter((x): x is Node => !!x);
    if (subs.some((x) => indexIs(x, key) && written.has(unwrap(x.childForFieldName('object') ?? x).text))) return true;
    if (!aliases.size) return false;
    const ids = arg.type === 'identifier' ? [arg] : arg.descendantsOfType('identifier').filter((x): x is Node => !!x);
    return ids.some((x) => aliases.has(x.text));
  };
  let recursive = false;
  for (const call of body.descendantsOfType('call_expression')) {
    if (!call) continue;
    const callee = call.childForFieldName('function');
    const calleeText = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.text;
    if (calleeText !== name) continue;
    if (positionalArgs(call).some(intoTarget)) {
      recursive = true;
      break;
    }
  }
  if (!recursive) return;
  if (externalKeyGuard(fn.text, ctx)) return;
  if (!firstTime(ctx, fn.id)) return;
  // report on the write that copies a leaf value (`target[key] = source[key]`): that is the line to fix
  const writes = body.descendantsOfType('assignment_expression').filter((a): a is Node => {
    const left = a ? unwrap(a.childForFieldName('left') ?? a) : undefined;
    return !!left && indexIs(left, key) && written.has(unwrap(left.childForFieldName('object') ?? left).text);
  });
  const leaf = writes.find((a) => !isIntermediate(a.childForFieldName('right'), name)) ?? writes[0];
  const target = leaf ?? fn.childForFieldName('name') ?? at;
  if (leaf && !firstTime(ctx, leaf.id)) return;
  ctx.report(target, {
    message: `\`${name}\` merges objects recursively without skipping \`__proto__\`, \`constructor\` and \`prototype\` keys: merging parsed JSON such as \`{"__proto__": {"isAdmin": true}}\` writes into Object.prototype here and changes every object in the process (CWE-1321). Skip those keys (or copy only own keys of a target made with \`Object.create(null)\`), or use a maintained merge.`,
    confidence: 'medium',
  });
}

/** Right-hand sides that create an intermediate container or recurse, rather than copy a leaf value. */
function isIntermediate(rhs: Node | null, self?: string): boolean {
  if (!rhs) return true;
  const n = unwrap(rhs);
  if (n.type === 'object' || n.type === 'array' || n.type === 'new_expression') return true;
  if (n.type === 'call_expression') {
    const f = n.childForFieldName('function');
    const t = f?.type === 'member_expression' ? f.childForFieldName('property')?.text : f?.text;
    return t === self || /^Object\.create$/.test(f?.text ?? '');
  }
  if (n.type === 'binary_expression' && /^(?:\|\||\?\?)$/.test(n.childForFieldName('operator')?.text ?? '')) return isIntermediate(n.childForFieldName('right'), self);
  return false;
}

/** Key checks made through a module-level deny-list (`const BLOCKED = new Set(['__proto__', …])` … `BLOCKED.has(k)`) or a named helper. */
function externalKeyGuard(fnText: string, ctx: RuleContext): boolean {
  if (/\b(?:is)?(?:un)?(?:safe|forbidden|blocked|dangerous|proto|polluting|reserved)\w*key\w*\s*\(/i.test(fnText)) return true;
  for (const m of fnText.matchAll(/\b([A-Za-z_$][\w$]*)\s*\.\s*(?:has|includes|indexOf)\s*\(/g)) {
    const decl = new RegExp(String.raw`\b(?:const|let|var)\s+${m[1].replace(/\$/g, '\\$')}\b[^;]{0,400}?__proto__`);
    if (decl.test(ctx.text)) return true;
  }
  return false;
}

/** Strip `node[k] ??= {}`, `node[k] = node[k] || {}`, `node[k] || (node[k] = {})` down to the `node[k]` read. */
function walkedRead(rhs: Node): Node {
  let n = unwrap(rhs);
  for (let i = 0; i < 4; i++) {
    if (n.type === 'assignment_expression' || n.type === 'augmented_assignment_expression') n = unwrap(n.childForFieldName('left') ?? n);
    else if (n.type === 'binary_expression' && /^(?:\|\||\?\?)$/.test(n.childForFieldName('operator')?.text ?? '')) n = unwrap(n.childForFieldName('left') ?? n);
    else break;
  }
  return n;
}

const ppPathText = mentions(/\b([A-Za-z_$][\w$]*)\s*=\s*\(?\s*\1\s*\[/);

/**
 * Set-by-path / nested-key parsers: a cursor walked down a key path (`node = node[k] ??= {}`, `cur = cur[parts[i]]`)
 * and then written under a dynamic key (`node[keys[keys.length - 1]] = value`). Whoever calls it with a path from a
 * form field, query string, config flag or uploaded file can pass `__proto__.x` or `constructor.prototype.x`.
 */
function checkPathWrite(node: Node, ctx: RuleContext): void {
  if (!ppPathText(ctx)) return;
  const left = node.childForFieldName('left');
  if (left?.type !== 'subscript_expression') return;
  const cursor = unwrap(left.childForFieldName('object') ?? left);
  const index = left.childForFieldName('index');
  if (cursor.type !== 'identifier' || !index || ctx.flow.isConstant(index)) return;
  if (isIntermediate(node.childForFieldName('right'))) return;
  const fn = enclosingFunction(node);
  if (!fn || fn.text.length > 20000) return;
  const name = cursor.text;
  let walk: Node | undefined;
  for (const a of fn.descendantsOfType('assignment_expression')) {
    if (!a || a.id === node.id) continue;
    const l = a.childForFieldName('left');
    const r = a.childForFieldName('right');
    if (l?.type !== 'identifier' || l.text !== name || !r) continue;
    const read = walkedRead(r);
    if (read.type === 'subscript_expression' && unwrap(read.childForFieldName('object') ?? read).text === name) {
      walk = a;
      break;
    }
  }
  if (!walk) return;
  // the written key is a segment of the path (`keys[keys.length - 1]`, `parts.at(-1)`, `keys.pop()`, a loop key the walk
  // also uses), not a fixed marker such as a trie's `node[END] = true`
  const walkIndex = walkedRead(walk.childForFieldName('right')!).childForFieldName('index')?.text;
  const segment = (ix: Node, depth = 0): boolean => {
    const n = unwrap(ix);
    if (n.type === 'subscript_expression') return true;
    if (n.type === 'call_expression') return /^(?:pop|shift|at)$/.test(n.childForFieldName('function')?.childForFieldName('property')?.text ?? '');
    if (n.type !== 'identifier' || depth > 2) return false;
    if (n.text === walkIndex) return true;
    return ctx.flow.valuesOf(n.text, n).some((x) => segment(x, depth + 1));
  };
  if (!segment(index)) return;
  if (PP_GUARD.test(fn.text) || externalKeyGuard(fn.text, ctx) || /\bnew Map\b/.test(fn.text)) return;
  if (!firstTime(ctx, node.id)) return;
  const right = node.childForFieldName('right');
  const label = (right && requestSource(right, ctx)) || requestSource(index, ctx);
  const fname = functionName(fn);
  ctx.report(node, {
    message: `${fname ? `\`${fname}\`` : 'This function'} walks \`${name}\` down a key path and writes \`${clip(left.text)}\` without refusing \`__proto__\`, \`constructor\` and \`prototype\`${label ? ` (the value comes from ${label})` : ''}: a path such as \`__proto__.isAdmin\` or \`constructor.prototype.isAdmin\` from a form field, query string or file sets the property on Object.prototype for every object in the process (CWE-1321). Reject those path segments, create intermediate objects with \`Object.create(null)\` and check \`Object.hasOwn\`, or use a \`Map\`.`,
    confidence: label ? 'high' : 'medium',
  });
}

function checkPpLoop(loop: Node, ctx: RuleContext): void {
  if (!ppLoopText(ctx)) return;
  checkMergeLoop(loop.childForFieldName('left'), loop.childForFieldName('body'), loop, ctx);
}

/** `Object.keys(source).forEach((key) => { … })` */
function checkForEachMerge(call: Node, fn: Node, ctx: RuleContext): void {
  if (!ppLoopText(ctx)) return;
  const obj = fn.childForFieldName('object');
  if (obj?.type !== 'call_expression' || !/^Object\.(?:keys|entries)$/.test(obj.childForFieldName('function')?.text ?? '')) return;
  const cb = positionalArgs(call)[0];
  if (!isJsFunction(cb)) return;
  const params = cb.childForFieldName('parameters') ?? cb.childForFieldName('parameter');
  checkMergeLoop(params?.type === 'formal_parameters' ? params.namedChildren[0] : params, cb.childForFieldName('body'), call, ctx);
}

/** `settings[req.body.section][req.body.key] = req.body.value`: two attacker-chosen keys can be `__proto__` + any. */
function checkPpAssign(node: Node, ctx: RuleContext): void {
  if (!ppWriteText(ctx)) return;
  const left = node.childForFieldName('left');
  if (left?.type !== 'subscript_expression') return;
  const inner = unwrap(left.childForFieldName('object') ?? left);
  if (inner.type !== 'subscript_expression') return;
  const k2 = left.childForFieldName('index');
  const k1 = inner.childForFieldName('index');
  if (!k1 || !k2 || ctx.flow.isConstant(k1) || ctx.flow.isConstant(k2)) return;
  const l1 = requestSource(k1, ctx);
  const l2 = requestSource(k2, ctx);
  if (!l1 || !l2) return;
  const fn = enclosingFunction(node);
  const scopeText = fn?.text ?? '';
  if (/__proto__|['"`]constructor['"`]|hasOwnProperty|\bhasOwn\s*\(|\.includes\(|\.has\(|\bin\s+ALLOWED|allowed|isSafeKey/i.test(scopeText)) return;
  const root = resolveValue(inner.childForFieldName('object') ?? inner, ctx);
  if (/Object\.create\(\s*null\s*\)|new Map\b/.test(root.text)) return;
  if (!firstTime(ctx, node.id)) return;
  ctx.report(node, {
    message: `Both keys of \`${clip(left.text)}\` come from the request (${l1}, ${l2}): sending \`__proto__\` as the first sets the second on Object.prototype, for every object in the process (CWE-1321). Check the keys against a fixed allow-list, or store the data in a \`Map\`.`,
    confidence: 'high',
  });
}

export const prototypePollution: Rule = {
  id: 'prototype-pollution',
  title: 'Prototype pollution through merges or dynamic keys',
  cwe: ['CWE-1321'],
  severity: 'high',
  confidence: 'medium',
  languages: ['javascript', 'typescript', 'tsx'],
  summary: 'Request data is deep-merged (`_.merge`, `_.defaultsDeep`, `$.extend(true, …)`), written at a request-chosen path (`_.set`), or under two request-chosen keys, or a hand-written recursive merge or set-by-path helper (`node = node[k] ??= {}` … `node[keys[keys.length - 1]] = value`) writes keys without refusing `__proto__`/`constructor`/`prototype` (reported on the write). (JavaScript and TypeScript only: Python has no prototypes.)',
  help: `In JavaScript every plain object inherits from \`Object.prototype\`. \`JSON.parse('{"__proto__": {"isAdmin":
true}}')\` yields an object with an own key \`__proto__\`; a recursive merge that copies it does
\`target.__proto__.isAdmin = true\`, which sets \`isAdmin\` on *every* object in the process (CWE-1321). That turns
into authorisation bypasses (\`if (user.isAdmin)\`), crashes, and in template engines or child_process options
remote code execution. The same happens with set-by-path helpers given a request path (\`__proto__.polluted\`) and
with \`obj[a][b] = v\` when both keys come from the request. Hand-written helpers are reported on the write
itself, with **medium** confidence when no request data is visible (their callers pass form field names, query
strings, config flags or uploaded files) and **high** when it is. \`Object.assign\` and spread copy one level only and are
not affected.

**Fix:** copy the fields you expect (\`const { name, theme } = req.body\`) or validate with a schema first; in your
own merge skip \`__proto__\`, \`constructor\` and \`prototype\` and only recurse into own properties; use
\`Object.create(null)\` or a \`Map\` for dictionaries keyed by user input; keep lodash ≥ 4.17.21.

Vulnerable:
\`\`\`js
function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === 'object') merge(target[key] ??= {}, source[key]);
    else target[key] = source[key];
  }
}
app.put('/settings', (req, res) => { merge(settings, req.body); res.json(settings); });
\`\`\`
Safe:
\`\`\`js
function merge(target, source) {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (typeof source[key] === 'object') merge(target[key] ??= {}, source[key]);
    else target[key] = source[key];
  }
}
\`\`\``,
  visitors: jsAndPython({ call_expression: checkPpCall, for_in_statement: checkPpLoop, assignment_expression: (n, c) => { checkPpAssign(n, c); checkPathWrite(n, c); } }),
};

// ---------------------------------------------------------------------------------------------------------------
// regex-injection (CWE-1333, CWE-400)

const JS_ESCAPED = /escape\w*reg|reg\w*escape|escapeRe\b|escapeString|quote(?:meta|Regex)|\\\$&|RegExp\.escape|escapeForRegex|escapeSpecial|lodash\.escaperegexp/i;
const PY_ESCAPED = /\bre\.escape\b|\bregex\.escape\b|\bescape\s*\(/;
/** Names that suggest a search term typed by a user, for non-request values (low confidence). */
const USER_TERM = /^(?:q|query|search|searchTerm|term|keyword|keywords|filter|pattern|userInput|input|needle|search_term|user_input)$/i;
const regexJsText = mentions(/RegExp|\)[*+]|\)\{\d+,\}/);
const regexPyText = mentions(/\bre\b|regex/);
const PY_RE_FUNCS = new Set(['compile', 'search', 'match', 'fullmatch', 'sub', 'subn', 'findall', 'finditer', 'split']);

/** True when the value (or what its variable holds, a few hops back) went through a regex-escaping call. */
function escaped(node: Node, ctx: RuleContext, re: RegExp, depth = 0): boolean {
  const n = unwrap(node);
  if (re.test(n.text)) return true;
  if (depth > 3) return false;
  const ids = n.type === 'identifier' ? [n] : n.descendantsOfType('identifier').filter((x): x is Node => !!x).slice(0, 8);
  for (const id of ids) {
    for (const v of ctx.flow.valuesOf(id.text, id)) if (escaped(v, ctx, re, depth + 1)) return true;
  }
  return false;
}

/** A parameter of the enclosing function named like a search term (`filter`, `query`): low-confidence evidence. */
function userTerm(node: Node, ctx: RuleContext): string | undefined {
  const n = unwrap(node);
  const fn = enclosingFunction(n);
  const params = fn?.childForFieldName('parameters') ?? fn?.childForFieldName('parameter');
  if (!params) return undefined;
  const ids = n.type === 'identifier' ? [n] : n.descendantsOfType(['identifier']).filter((x): x is Node => !!x);
  const paramNames = new Set((params.type === 'identifier' ? [params] : params.descendantsOfType('identifier')).map((x) => x?.text));
  return ids.find((id) => USER_TERM.test(id.text) && paramNames.has(id.text) && ctx.flow.valuesOf(id.text, id).length === 0)?.text;
}

function reportDynamicRegex(at: Node, pattern: Node, what: string, ctx: RuleContext): void {
  if (ctx.flow.isConstant(pattern) || escaped(pattern, ctx, ctx.language === 'python' ? PY_ESCAPED : JS_ESCAPED)) return;
  const label = requestSource(pattern, ctx);
  const term = label ? undefined : userTerm(pattern, ctx);
  if (!label && !term) return;
  const fix = ctx.language === 'python' ? '`re.escape(...)`' : '`_.escapeRegExp(...)` or `escape-string-regexp`';
  ctx.report(at, {
    message: `${what} compiles \`${clip(pattern.text)}\` (${label ? `from ${label}` : 'a search term'}) as a regular expression: input such as \`(a+)+$\` makes matching backtrack for minutes and blocks the server (ReDoS), and \`.*\` matches everything (CWE-1333/CWE-400). Escape it with ${fix} to search for the text literally.`,
    confidence: label ? 'high' : 'low',
  });
}

function checkRegexJsNew(node: Node, ctx: RuleContext): void {
  if (!regexJsText(ctx)) return;
  const ctor = node.childForFieldName('constructor')?.text;
  if (ctor !== 'RegExp') return;
  const pattern = positionalArgs(node)[0];
  if (pattern) reportDynamicRegex(node, pattern, '`new RegExp`', ctx);
}

const STRING_REGEX_METHODS = new Set(['match', 'matchAll', 'replace', 'replaceAll', 'search', 'split']);

function checkRegexJsCall(call: Node, ctx: RuleContext): void {
  if (!regexJsText(ctx)) return;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier' && fn.text === 'RegExp') {
    const pattern = positionalArgs(call)[0];
    if (pattern) reportDynamicRegex(call, pattern, '`RegExp`', ctx);
    return;
  }
  if (fn?.type !== 'member_expression') return;
  const method = fn.childForFieldName('property')?.text ?? '';
  const obj = fn.childForFieldName('object');
  if (!obj) return;
  let regex: Node | undefined;
  let subject: Node | undefined;
  if (method === 'test' || method === 'exec') {
    regex = resolveValue(obj, ctx);
    subject = positionalArgs(call)[0];
  } else if (STRING_REGEX_METHODS.has(method)) {
    const a = positionalArgs(call)[0];
    regex = a ? resolveValue(a, ctx) : undefined;
    subject = obj;
  }
  if (regex?.type !== 'regex' || !subject) return;
  const source = regex.childForFieldName('pattern')?.text ?? '';
  reportNestedQuantifier(call, source, subject, ctx);
}

function reportNestedQuantifier(call: Node, source: string, subject: Node, ctx: RuleContext): void {
  if (!/\)(?:[*+]|\{\d+,\})/.test(source)) return;
  const group = nestedQuantifier(source);
  if (!group) return;
  const label = requestSource(subject, ctx);
  if (!label) return;
  ctx.report(call, {
    message: `The pattern repeats \`${clip(group)}\`, a group that is itself a repetition, so a string that almost matches makes it backtrack exponentially; it runs on \`${clip(subject.text)}\` (from ${label}), so one request can block the server (ReDoS, CWE-1333). Remove the nested quantifier (e.g. \`(a+)+\` → \`a+\`), or limit the input length first.`,
    confidence: 'high',
  });
}

/** Python: `re.compile(pattern)`, `re.search(pattern, s)`, and compiled module-level patterns applied to request data. */
function checkRegexPy(call: Node, ctx: RuleContext): void {
  if (!regexPyText(ctx)) return;
  // a re/regex function by its last name, or a name imported from re/regex (shared, cached per node)
  const last = calleeName(call);
  if (!last) return;
  if (!PY_RE_FUNCS.has(last)) {
    const imported = pythonImports(ctx.text).names.get(last);
    if (!imported || !/^(?:re|regex)\.\w+$/.test(imported)) return;
  }
  const fn = call.childForFieldName('function');
  let module: string | undefined;
  let func: string | undefined;
  if (fn?.type === 'attribute') {
    const obj = fn.childForFieldName('object');
    func = fn.childForFieldName('attribute')?.text;
    if (obj?.type === 'identifier') {
      const imported = pythonImports(ctx.text).modules.get(obj.text);
      if (imported === 're' || imported === 'regex') module = imported;
      else if (func && PY_RE_FUNCS.has(func) && func !== 'compile') {
        checkCompiledPy(call, obj, ctx);
        return;
      }
    }
  } else if (fn?.type === 'identifier') {
    const q = pythonImports(ctx.text).names.get(fn.text);
    if (q && /^(?:re|regex)\.\w+$/.test(q)) [module, func] = q.split('.');
  }
  if (!module || !func || !PY_RE_FUNCS.has(func)) return;
  const args = positionalArgs(call);
  const pattern = args[0] ?? keywordArg(call, 'pattern');
  if (!pattern) return;
  const patternText = constantPattern(pattern, ctx);
  if (patternText === undefined) {
    reportDynamicRegex(call, pattern, `\`${module}.${func}\``, ctx);
    return;
  }
  if (func === 'compile') return;
  const subject = (func === 'sub' || func === 'subn' ? args[2] : args[1]) ?? keywordArg(call, 'string');
  if (subject) reportNestedQuantifier(call, patternText, subject, ctx);
}

/** `EMAIL_RE.match(value)` where `EMAIL_RE = re.compile("…")` with a constant pattern. */
function checkCompiledPy(call: Node, obj: Node, ctx: RuleContext): void {
  const value = resolveValue(obj, ctx);
  if (value.type !== 'call' || !/^(?:re|regex)\.compile$/.test(dottedName(value.childForFieldName('function')) ?? '')) return;
  const p = positionalArgs(value)[0];
  const patternText = p ? constantPattern(p, ctx) : undefined;
  if (patternText === undefined) return;
  const fnName = calleeName(call);
  const args = positionalArgs(call);
  const subject = (fnName === 'sub' || fnName === 'subn' ? args[1] : args[0]) ?? keywordArg(call, 'string');
  if (subject) reportNestedQuantifier(call, patternText, subject, ctx);
}

/** The regex source of a constant Python pattern string (escapes of non-raw strings undone for `\\`). */
function constantPattern(node: Node, ctx: RuleContext): string | undefined {
  const n = resolveValue(node, ctx);
  const s = literalString(n);
  if (s === undefined) return ctx.flow.isConstant(node) ? '' : undefined;
  return /^[bBuU]*[rR]/.test(n.text) ? s : s.replace(/\\\\/g, '\\');
}

interface Atom {
  min: number;
  max: number;
  zeroWidth: boolean;
  /** For groups: the alternatives, each a sequence of atoms. */
  alts?: Atom[][];
  text: string;
}

/**
 * A group with an unbounded quantifier whose body, apart from optional parts, is a single variable-width repetition:
 * `(a+)+`, `(\w+\s?)*`, `(\d*)*`, `((ab)+)+`, `([a-z0-9]{2,4})+`. Only those are reported: they backtrack exponentially on a near-match
 * whatever the characters. Alternations, backreferences and lookbehinds are not analysed (returns undefined).
 */
export function nestedQuantifier(source: string): string | undefined {
  let i = 0;
  let bail = false;
  const parseAlts = (): Atom[][] => {
    const alts: Atom[][] = [[]];
    while (i < source.length && !bail) {
      const c = source[i];
      if (c === ')') break;
      if (c === '|') {
        alts.push([]);
        i++;
        continue;
      }
      const atom = parseAtom();
      if (!atom) {
        bail = true;
        break;
      }
      alts[alts.length - 1].push(atom);
    }
    return alts;
  };
  const parseAtom = (): Atom | undefined => {
    const start = i;
    const c = source[i];
    let atom: Atom;
    if (c === '(') {
      i++;
      let zeroWidth = false;
      if (source[i] === '?') {
        if (source.startsWith('?:', i)) i += 2;
        else if (source.startsWith('?=', i) || source.startsWith('?!', i)) {
          i += 2;
          zeroWidth = true;
        } else if (source.startsWith('?<', i) && source[i + 2] !== '=' && source[i + 2] !== '!') {
          const end = source.indexOf('>', i);
          if (end < 0) return undefined;
          i = end + 1;
        } else if (source.startsWith('?P<', i)) {
          const end = source.indexOf('>', i);
          if (end < 0) return undefined;
          i = end + 1;
        } else return undefined;
      }
      const alts = parseAlts();
      if (source[i] !== ')') return undefined;
      i++;
      atom = { min: zeroWidth ? 0 : 1, max: zeroWidth ? 0 : 1, zeroWidth, alts, text: '' };
    } else if (c === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      if (i >= source.length) return undefined;
      i++;
      atom = { min: 1, max: 1, zeroWidth: false, text: '' };
    } else if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined || /[1-9k]/.test(e)) return undefined; // backreference
      i += 2;
      const zw = e === 'b' || e === 'B' || e === 'A' || e === 'Z' || e === 'z';
      atom = { min: zw ? 0 : 1, max: zw ? 0 : 1, zeroWidth: zw, text: '' };
    } else if (c === '^' || c === '$') {
      i++;
      atom = { min: 0, max: 0, zeroWidth: true, text: '' };
    } else if (c === '*' || c === '+' || c === '?') {
      return undefined; // quantifier without an atom: not a pattern we understand
    } else {
      i++;
      atom = { min: 1, max: 1, zeroWidth: false, text: '' };
    }
    // quantifier
    const q = source[i];
    if (q === '*' || q === '+' || q === '?') {
      atom.min = q === '+' ? atom.min : 0;
      atom.max = q === '?' ? atom.max : Infinity;
      i++;
    } else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (m) {
        const lo = Number(m[1]);
        const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
        atom.min = atom.min * lo;
        atom.max = hi === Infinity ? Infinity : atom.max * hi;
        i += m[0].length;
      }
    }
    if (source[i] === '?' || source[i] === '+') i++; // lazy / possessive marker
    atom.text = source.slice(start, i);
    return atom;
  };
  const top = parseAlts();
  if (bail || i < source.length) return undefined;
  const find = (alts: Atom[][]): string | undefined => {
    for (const seq of alts) {
      for (const a of seq) {
        if (!a.alts) continue;
        if (a.max === Infinity && !a.zeroWidth && a.alts.length === 1) {
          const body = a.alts[0];
          const mandatory = body.filter((x) => x.min >= 1 && !x.zeroWidth);
          // one variable-width repetition (`a+`, `\w{2,4}`) and only optional parts around it: every split of the
          // input between iterations matches, and a failing suffix makes the engine try them all
          const [only] = mandatory;
          if ((mandatory.length === 1 && only.max > only.min && only.max >= 2) || (mandatory.length === 0 && body.some((x) => x.max === Infinity && !x.zeroWidth))) return a.text;
        }
        const inner = find(a.alts);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return find(top);
}

export const regexInjection: Rule = {
  id: 'regex-injection',
  title: 'Request data used as a regular expression (ReDoS)',
  cwe: ['CWE-1333', 'CWE-400'],
  severity: 'medium',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: '`new RegExp(input)` / Python `re.compile/search/match/sub(input, …)` with request data that is not escaped, or a literal pattern with a nested quantifier (`(a+)+`, `(\\w+\\s?)*`) applied to request data.',
  help: `A regular expression built from input lets the sender choose the pattern. Node's and Python's regex engines
backtrack: a pattern such as \`(a+)+$\` against a few dozen characters takes minutes, and while it runs a Node server
answers no one else (regular expression denial of service, CWE-1333/CWE-400). Input patterns also change what a
search matches (\`.*\` matches every record). Assistants write \`new RegExp(req.query.q, 'i')\` for "search by
name". The same exponential backtracking happens with a fixed pattern that repeats a repetition, like
\`/^(\\w+\\s?)*$/\`, when it is run on request data.

**Fix:** escape the input to match it literally — \`_.escapeRegExp(q)\`, the \`escape-string-regexp\` package,
\`q.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&')\`, Python \`re.escape(q)\` — or use a plain substring search
(\`includes\`, \`in\`, a database \`LIKE\`/text index). Rewrite nested quantifiers (\`(a+)+\` → \`a+\`) and limit
input length before matching.

Vulnerable:
\`\`\`js
app.get('/users', async (req, res) => {
  const re = new RegExp(req.query.name, 'i');
  res.json(users.filter((u) => re.test(u.name)));
});
\`\`\`
Safe:
\`\`\`js
const escapeRegExp = require('lodash/escapeRegExp');
app.get('/users', async (req, res) => {
  const re = new RegExp(escapeRegExp(String(req.query.name)), 'i');
  res.json(users.filter((u) => re.test(u.name)));
});
\`\`\``,
  visitors: jsAndPython({ new_expression: checkRegexJsNew, call_expression: checkRegexJsCall }, { call: checkRegexPy }),
};

// ---------------------------------------------------------------------------------------------------------------
// missing-rate-limit (CWE-307)

/** Route paths of endpoints that check a secret: login, token issuing, password reset, one-time codes, verification. */
const AUTH_PATH = /(?:^|[^a-z0-9])(?:login|log-in|log_in|signin|sign-in|sign_in|logon|authenticate|token|password|passwd|forgot|reset|otp|verify|verification|2fa|mfa|totp|passcode|magic-link)(?:$|[^a-z0-9])/;
const AUTH_TEXT = /login|log-in|signin|sign-in|sign_in|logon|authenticate|token|passw|forgot|reset|otp|verif|2fa|mfa|totp|passcode|magic/i;
/** Evidence of rate limiting in code (module names, limiter calls and names), not the words in a comment about it. */
const JS_LIMITER = /(?:express|fastify|koa|hono)-rate-?limit|@fastify\/rate-limit|rate-limiter|[rR]ateLimit|[rR]ate_limit|ratelimit|slow-down|slowDown|[lL]imiter\b|[tT]hrottle|express-brute|ExpressBrute/;
const PY_LIMITER = /flask_limiter|Limiter\b|limiter\b|ratelimit|RateLimit|rate_limit\b|slowapi|throttle_classes|throttle_scope|Throttle|\baxes\b/;
const JS_SERVER = /['"](?:express|koa|@koa\/router|koa-router|fastify|hono|restify|polka|@hapi\/hapi|next\/server)['"]|\bRouter\s*\(/;
const rateJsFile = perText((text) => AUTH_TEXT.test(text) && !JS_LIMITER.test(text) && JS_SERVER.test(text));
const rateNextFile = perText((text) => AUTH_TEXT.test(text) && !JS_LIMITER.test(text) && /export\s+(?:default\s+)?(?:async\s+)?(?:function|const)/.test(text));
const ratePyFile = perText((text) => AUTH_TEXT.test(text) && !PY_LIMITER.test(text));
const ROUTE_METHODS = new Set(['post', 'put', 'patch', 'all']);
const AUTH_CHECK_CALL = /\b(?:compare|verify|signIn|authenticate|checkPassword|validatePassword|verifyPassword|verifyOtp|verifyCode|login|check_password|verify_password)\w*\s*\(/;

function authPath(path: string | undefined): boolean {
  if (!path) return false;
  return AUTH_PATH.test(path.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase());
}

const RATE_MESSAGE = 'with no rate limiting in this file: an attacker can try passwords, codes or tokens as fast as the server answers (CWE-307). Add a limiter to this route (express-rate-limit, @fastify/rate-limit, rate-limiter-flexible; Flask-Limiter, slowapi, django-ratelimit) or lock the account after repeated failures. If a limiter is applied where this router is mounted, suppress this with a reason.';

function reportRoute(at: Node, path: string, ctx: RuleContext): void {
  if (!firstTime(ctx, at.id)) return;
  ctx.report(at, { message: `\`${clip(path)}\` looks like a login, token, password-reset or code-check route, ${RATE_MESSAGE}`, fingerprintText: path });
}

function checkRateJs(call: Node, ctx: RuleContext): void {
  if (!rateJsFile(ctx.text)) return;
  const callee = calleeName(call); // shared and cached per node: most calls stop here
  if (!callee || !(ROUTE_METHODS.has(callee) || callee === 'route')) return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression') return;
  const method = fn.childForFieldName('property')?.text ?? '';
  const args = positionalArgs(call);
  if (ROUTE_METHODS.has(method)) {
    const obj = fn.childForFieldName('object');
    // router.route('/login').post(handler)
    if (obj?.type === 'call_expression' && calleeName(obj) === 'route') {
      const path = literalString(positionalArgs(obj)[0]);
      if (authPath(path) && args.some((a) => isHandler(a))) reportRoute(call, path!, ctx);
      return;
    }
    const path = literalString(args[0]);
    if (!authPath(path)) return;
    if (!args.slice(1).some((a) => isHandler(a))) return;
    reportRoute(call, path!, ctx);
  } else if (method === 'route' && args[0]?.type === 'object') {
    // fastify.route({ method: 'POST', url: '/login', handler })
    let url: string | undefined;
    let methods = '';
    for (const p of args[0].namedChildren) {
      if (p?.type !== 'pair') continue;
      const key = p.childForFieldName('key')?.text;
      const value = p.childForFieldName('value');
      if (key === 'url' || key === 'path') url = literalString(value);
      if (key === 'method') methods = value?.text ?? '';
    }
    if (authPath(url) && /post|put|patch/i.test(methods)) reportRoute(call, url!, ctx);
  }
}

function isHandler(node: Node): boolean {
  const n = unwrap(node);
  return isJsFunction(n) || n.type === 'identifier' || n.type === 'member_expression' || n.type === 'call_expression';
}

/** Next.js route handlers: `export async function POST(req)` (app router) or a pages API handler checking credentials. */
function checkRateNext(node: Node, ctx: RuleContext): void {
  if (!rateNextFile(ctx.text)) return;
  const decl = node.childForFieldName('declaration') ?? node.namedChildren.find((c) => c?.type === 'function_declaration' || c?.type === 'function_expression' || c?.type === 'function') ?? null;
  if (!decl) return;
  let fn: Node | null = null;
  let name: Node | null = null;
  if (decl.type === 'function_declaration' || decl.type === 'function_expression' || decl.type === 'function') {
    fn = decl;
    name = decl.childForFieldName('name');
  } else if (decl.type === 'lexical_declaration') {
    const d = decl.namedChildren.find((c) => c?.type === 'variable_declarator');
    const v = d?.childForFieldName('value');
    if (d && isJsFunction(v ? unwrap(v) : null)) {
      fn = unwrap(v!);
      name = d.childForFieldName('name');
    }
  }
  if (!fn) return;
  const isDefault = node.children.some((c) => c?.type === 'default');
  const n = name?.text ?? '';
  const body = fn.childForFieldName('body')?.text ?? '';
  if (n === 'POST' || n === 'PUT' || n === 'PATCH') {
    // app router: the path is the folder; judge by what the handler does
  } else if (isDefault) {
    if (!/\.method\b/.test(body)) return;
  } else return;
  if (!/password|passw|otp|passcode|totp|\bcode\b|token/i.test(body) || !AUTH_CHECK_CALL.test(body)) return;
  if (!firstTime(ctx, fn.id)) return;
  ctx.report(name ?? fn, {
    message: `This route handler checks a password, code or token ${RATE_MESSAGE}`,
    fingerprintText: `next:${n}`,
  });
}

const PY_ROUTE_ATTRS = new Set(['route', 'post', 'put', 'patch', 'api_route', 'add_url_rule']);

function checkRatePyDecorator(dec: Node, ctx: RuleContext): void {
  if (!ratePyFile(ctx.text)) return;
  const call = dec.namedChildren.find((c) => c?.type === 'call');
  const fn = call?.childForFieldName('function');
  if (!call || fn?.type !== 'attribute') return;
  const attr = fn.childForFieldName('attribute')?.text ?? '';
  if (!PY_ROUTE_ATTRS.has(attr)) return;
  const path = literalString(positionalArgs(call)[0] ?? keywordArg(call, 'path') ?? keywordArg(call, 'rule'));
  if (!authPath(path)) return;
  if (attr === 'route' || attr === 'api_route') {
    const methods = keywordArg(call, 'methods');
    if (!methods || !/post|put|patch/i.test(methods.text)) return;
  }
  reportRoute(dec, path!, ctx);
}

function pos(p: { row: number; column: number }): { line: number; character: number } {
  return { line: p.row, character: p.column };
}

/** Django / DRF views: `def login_view(request)` that authenticates, `class LoginView(APIView)` with `def post`. */
function checkRatePyDef(def: Node, ctx: RuleContext): void {
  if (!ratePyFile(ctx.text)) return;
  const name = def.childForFieldName('name');
  if (!name) return;
  // a view named like a login/reset/OTP endpoint, or any function view that signs the user in with Django's auth API
  const signsIn = def.type === 'function_definition' && /\bauthenticate\s*\(/.test(def.text) && /\b(?:auth\.)?login\s*\(\s*request\s*,/.test(def.text);
  if (!signsIn && !authPath(name.text.replace(/_/g, '-'))) return;
  // decorated route functions are reported on their decorator
  if (def.parent?.type === 'decorated_definition' && /\.(?:route|post|put|patch|get|api_route)\s*\(/.test(ctx.text.slice(def.parent.startIndex, def.startIndex))) return;
  if (def.type === 'class_definition') {
    if (!/View|Resource|ViewSet/.test(def.childForFieldName('superclasses')?.text ?? '')) return;
    const body = def.childForFieldName('body');
    const hasPost = body?.namedChildren.some((c) => {
      const f = c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
      return f?.type === 'function_definition' && /^(?:post|create|put)$/.test(f.childForFieldName('name')?.text ?? '');
    });
    if (!hasPost) return;
  } else {
    const params = def.childForFieldName('parameters');
    const first = params?.namedChildren.find((c) => c?.type !== 'comment');
    if (!first || !/^request\b/.test(first.text)) return;
    const text = def.parent?.type === 'decorated_definition' ? def.parent.text : def.text;
    if (!/\bauthenticate\s*\(|check_password\s*\(|verify\w*\s*\(|request\.POST|request\.method\s*==\s*['"]POST|require_POST|api_view\(\s*\[[^\]]*POST/.test(text)) return;
  }
  if (!firstTime(ctx, def.id)) return;
  // a decorated view (`@require_POST`, `@csrf_exempt`, `@api_view(["POST"])`) is reported from its first decorator to
  // its name, where a limiter decorator such as `@ratelimit(key="ip")` would go
  const at = def.parent?.type === 'decorated_definition' ? { start: pos(def.parent.startPosition), end: pos(name.endPosition) } : name;
  ctx.report(at, { message: `The \`${name.text}\` view checks credentials or codes ${RATE_MESSAGE}`, fingerprintText: name.text });
}

export const missingRateLimit: Rule = {
  id: 'missing-rate-limit',
  title: 'Login, token or reset route without rate limiting',
  cwe: ['CWE-307'],
  severity: 'medium',
  confidence: 'low',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A file defines login, sign-in, token, password-reset, OTP or verification routes (Express/Koa/Fastify/Hono, Next.js route handlers, Flask/FastAPI/Django views) and applies no rate limiting anywhere in it.',
  help: `Without a limit on attempts, an attacker can guess passwords, one-time codes and reset tokens as fast as the
server answers: a 6-digit code falls in hours, leaked password lists are tried against every account (brute force
and credential stuffing, CWE-307). Assistants write complete login and reset handlers and leave the limiter out.

The rule looks at one file: it reports each such route when nothing in the file mentions a rate limiter
(\`express-rate-limit\`, \`rate-limiter-flexible\`, \`express-slow-down\`, \`@fastify/rate-limit\`,
\`koa-ratelimit\`, Flask-Limiter \`@limiter.limit\`, slowapi, django-ratelimit \`@ratelimit\`, DRF
\`throttle_classes\`). If the limiter is applied where the router is mounted, in another file, suppress the finding
with that reason; that is why its confidence is low.

**Fix:** put a limiter on the route (per IP and per account), and lock or slow down an account after repeated
failures.

Vulnerable:
\`\`\`js
router.post('/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  if (!user || !(await bcrypt.compare(req.body.password, user.hash))) return res.status(401).end();
  res.json({ token: sign(user) });
});
\`\`\`
Safe:
\`\`\`js
const rateLimit = require('express-rate-limit');
const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 });
router.post('/login', loginLimiter, async (req, res) => { /* … */ });
\`\`\``,
  visitors: jsAndPython(
    { call_expression: checkRateJs, export_statement: checkRateNext },
    { decorator: checkRatePyDecorator, function_definition: checkRatePyDef, class_definition: checkRatePyDef },
  ),
};

// ---------------------------------------------------------------------------------------------------------------
// missing-security-headers (CWE-693)

/** helmet / lusca imported (under any local name), or the headers set by hand. */
const HEADERS_SET = /['"](?:helmet|koa-helmet|@fastify\/helmet|fastify-helmet|lusca)['"]|content-security-policy|x-content-type-options/i;
const PY_HEADERS_SET = /flask_talisman|\bTalisman\s*\(|content-security-policy|x-content-type-options|secure_headers|SecureHeaders/i;
const CREATES_SERVER = /\.listen\s*\(|module\.exports|exports\.\w+\s*=|export\s+default\b|export\s*\{|export\s+(?:const|let|var)\s/;

/** Local names the file binds to `require('express')`/`require('fastify')` or their default imports. */
const serverFactories = perText((text) => {
  const names = new Map<string, 'express' | 'fastify'>();
  if (HEADERS_SET.test(text) || !CREATES_SERVER.test(text)) return names;
  for (const m of text.matchAll(/(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"](express|fastify)['"]\s*\)|import\s+(\w+)(?:\s*,\s*\{[^}]*\})?\s+from\s+['"](express|fastify)['"]|import\s+\*\s+as\s+(\w+)\s+from\s+['"](express|fastify)['"]|\{\s*(?:default\s*:\s*)?(\w+)\s*\}\s*=\s*require\(\s*['"](fastify)['"]\s*\)/g)) {
    const name = m[1] ?? m[3] ?? m[5] ?? m[7];
    const mod = (m[2] ?? m[4] ?? m[6] ?? m[8]) as 'express' | 'fastify';
    if (name) names.set(name, mod);
  }
  if (/require\(\s*['"]express['"]\s*\)\s*\(/.test(text)) names.set("require('express')", 'express');
  if (/require\(\s*['"]fastify['"]\s*\)\s*\(/.test(text)) names.set("require('fastify')", 'fastify');
  return names;
});

/**
 * Whether the file calls one of `callees` before `offset`: the headers rules report only the first server a file
 * creates (sub-apps mounted on it get its middleware). Read from the text, so the answer needs no state between runs.
 */
function calledBefore(ctx: RuleContext, offset: number, callees: Iterable<string>): boolean {
  const head = ctx.text.slice(0, offset);
  for (const callee of callees) {
    const name = callee.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, `['"]`);
    if (new RegExp(`(?:^|[^\\w.$])${name}\\s*\\(`).test(head)) return true;
  }
  return false;
}

function checkHeadersJs(call: Node, ctx: RuleContext): void {
  const names = serverFactories(ctx.text);
  if (!names.size) return;
  const fn = call.childForFieldName('function');
  if (!fn) return;
  const key = fn.type === 'call_expression' ? fn.text.replace(/"/g, "'").replace(/\s+/g, '') : fn.text;
  const kind = names.get(key);
  if (!kind || calledBefore(ctx, call.startIndex, names.keys())) return;
  const fix = kind === 'express' ? '`app.use(helmet())` (the helmet package)' : '`await app.register(require(\'@fastify/helmet\'))`';
  ctx.report(call, {
    message: `This ${kind === 'express' ? 'Express' : 'Fastify'} server sends no security headers: without Content-Security-Policy, X-Content-Type-Options, X-Frame-Options and HSTS, an XSS bug, MIME sniffing or clickjacking is not contained by the browser (CWE-693). Add ${fix}.`,
    fingerprintText: kind,
  });
}

const flaskFile = perText((text) => /\bflask\b/.test(text) && !PY_HEADERS_SET.test(text));

function checkHeadersPy(call: Node, ctx: RuleContext): void {
  if (!flaskFile(ctx.text)) return;
  const fn = call.childForFieldName('function');
  const name = dottedName(fn);
  if (!name) return;
  const imports = pythonImports(ctx.text);
  const dot = name.indexOf('.');
  const qualified = dot < 0 ? imports.names.get(name) : `${imports.modules.get(name.slice(0, dot)) ?? name.slice(0, dot)}${name.slice(dot)}`;
  if (qualified !== 'flask.Flask' || calledBefore(ctx, call.startIndex, [name])) return;
  ctx.report(call, {
    message: 'This Flask app sends no security headers: without Content-Security-Policy, X-Content-Type-Options, X-Frame-Options and HSTS, an XSS bug, MIME sniffing or clickjacking is not contained by the browser (CWE-693). Wrap it with `Talisman(app)` (flask-talisman) or set the headers in an `after_request` hook.',
    fingerprintText: 'flask',
  });
}

export const missingSecurityHeaders: Rule = {
  id: 'missing-security-headers',
  title: 'Web server without security headers',
  cwe: ['CWE-693'],
  severity: 'low',
  confidence: 'low',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A file creates an Express or Fastify server or a Flask app and sets no security headers: no `helmet`/`@fastify/helmet`, no flask-talisman, no Content-Security-Policy or X-Content-Type-Options set by hand.',
  help: `Browsers contain many attacks only when the server asks them to: \`Content-Security-Policy\` limits what an
injected script can do, \`X-Content-Type-Options: nosniff\` stops uploads being run as scripts, \`X-Frame-Options\` /
\`frame-ancestors\` stop clickjacking, \`Strict-Transport-Security\` keeps users on HTTPS. Express, Fastify and Flask
send none of them by default (CWE-693, protection mechanism failure). Assistant-written servers almost never add them.

The rule reports once per file, on the call that creates the server, and only in the file that creates it. It is
quiet when the file uses helmet (under any local name), lusca, @fastify/helmet or flask-talisman, or sets
Content-Security-Policy / X-Content-Type-Options itself.

**Fix:** Express: \`app.use(helmet())\`; Fastify: \`await app.register(helmet)\` from \`@fastify/helmet\`; Flask:
\`Talisman(app)\` from \`flask_talisman\`, or an \`@app.after_request\` hook that sets the headers.

Vulnerable:
\`\`\`js
const app = express();
app.use(express.json());
app.listen(3000);
\`\`\`
Safe:
\`\`\`js
const helmet = require('helmet');
const app = express();
app.use(helmet());
app.use(express.json());
app.listen(3000);
\`\`\``,
  visitors: jsAndPython({ call_expression: checkHeadersJs }, { call: checkHeadersPy }),
};

export const APP_RULES: readonly Rule[] = [sensitiveLogging, prototypePollution, regexInjection, missingRateLimit, missingSecurityHeaders];
