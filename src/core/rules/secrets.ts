import type { Node } from 'web-tree-sitter';
import type { Confidence, Fix, ParsedLanguage, Severity } from '../types';
import type { Rule, RuleContext, Visitor } from './api';
import { dottedName, jsAndPython, pythonImportEdit, replaceNode, unwrap } from './api';

/*
 * hardcoded-secret: one visitor per string literal. For each literal the rule works out
 *   1. where the literal sits (`siteOf`): the name it is bound to, whether it is an env-var fallback, or a key / type /
 *      docstring position that is never a value;
 *   2. what it is (`judge`): a private key, a known provider key, a URL with an inline password or an Authorization
 *      header value (recognised whatever the name), else — for secret-looking names only — a credential, a placeholder,
 *      or a value that merely names a key, field, header, selector, event, enum or algorithm (silent).
 * One literal gives at most one finding. The value itself never appears in a message or a fingerprint.
 */

// ---------------------------------------------------------------------------------------------------------------
// Names

/** Last words of a name that make it a secret: `dbPassword`, `JWT_SECRET`, `accessToken`. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey']);
/** `key` alone is too common (`sortKey`); it counts after one of these words. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'client', 'app', 'auth', 'session', 'jwt', 'hmac', 'license', 'subscription']);
/** Secret-looking first words that, followed by these last words, name something else (`tokenUrl`, `passwordField`). */
const NON_SECRET_LAST = new Set(['url', 'uri', 'endpoint', 'path', 'file', 'name', 'type', 'field', 'label', 'header', 'prompt', 'message', 'msg', 'error', 'regex', 'pattern', 'length', 'len', 'min', 'max', 'count', 'id', 'hash', 'hashed', 'policy', 'rule', 'rules', 'placeholder', 'hint', 'env', 'var', 'expiry', 'expires', 'ttl', 'timeout', 'route', 'key_name', 'input', 'param', 'query']);

/** Splits a name into lower-case words: `stripeSecretKey` → [stripe, secret, key], `DB_PASSWORD` → [db, password]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ') // XMLHttp → XML Http (a lookahead, not `[A-Z]+`, keeps it linear)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** First words of constants that tag something (`EVENT_TEST_PASS`, `ACTION_SET_TOKEN`) rather than hold a secret. */
const TAG_FIRST = new Set(['event', 'evt', 'status', 'state', 'action', 'mode', 'kind', 'type']);
/** Tokens that are not credentials: pagination (`next_token`), cancellation, and NLP vocabulary tokens (`eos_token`). */
const NON_CREDENTIAL_TOKENS = new Set(['next', 'page', 'paging', 'pagination', 'continuation', 'cursor', 'sync', 'resume', 'marker', 'prev', 'previous', 'start', 'end', 'input', 'output', 'cancellation', 'cancel', 'eos', 'bos', 'pad', 'unk', 'mask', 'sep', 'cls', 'special', 'stop', 'lexer', 'parser', 'delimiter', 'separator', 'max', 'min', 'num', 'total']);

/** Words before a final `pass` that make it a password: `DB_PASS`, `smtpPass`, `ADMIN_PASS` (not lodash's `allPass`). */
const PASS_QUALIFIERS = new Set(['db', 'database', 'smtp', 'mail', 'email', 'user', 'admin', 'root', 'redis', 'ftp', 'sftp', 'ssh', 'ldap', 'proxy', 'basic', 'auth', 'login', 'account', 'app', 'sql', 'mysql', 'pg', 'postgres', 'mongo', 'mongodb', 'rabbit', 'rabbitmq', 'amqp', 'wifi', 'vnc', 'key', 'keystore', 'store', 'truststore', 'master', 'api', 'service', 'bot', 'dev', 'prod', 'test']);

export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (!words.length) return false;
  const last = words[words.length - 1];
  if (NON_SECRET_LAST.has(last)) return false;
  if (words.length >= 2 && TAG_FIRST.has(words[0])) return false;
  if (last === 'token' && words.length >= 2 && NON_CREDENTIAL_TOKENS.has(words[words.length - 2])) return false;
  if (SECRET_WORDS.has(last)) return true;
  if (words.slice(-3).join('_') === 'secret_key_base') return true; // Rails signs sessions with it
  if (last === 'key' && words.length >= 2 && KEY_QUALIFIERS.has(words[words.length - 2])) return true;
  if (last === 'pass' && words.length >= 2) return PASS_QUALIFIERS.has(words[words.length - 2]); // DB_PASS, smtpPass, not allPass
  return false;
}

export function envName(name: string): string {
  return nameWords(name).join('_').toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Values that name a key rather than hold one: `ACCESS_TOKEN = 'access_token'`, `csrfToken: 'X-CSRF-Token'`

/** Spellings of one secret word, so `DB_PASS` and `'db_password'` count as the same words. */
const CANONICAL: Readonly<Record<string, string>> = { pass: 'password', passwd: 'password', pwd: 'password', pw: 'password', passphrase: 'password', credentials: 'credential', apikey: 'api key' };
/** Words that decorate a field, storage or header name without being part of a credential: `user_password`, `new-password`. */
const NAME_AFFIXES = new Set(['x', 'user', 'users', 'current', 'new', 'old', 'confirm', 'confirmed', 'confirmation', 'hashed', 'hash', 'field', 'input', 'form', 'db', 'data', 'value', 'param', 'cookie', 'header', 'storage', 'local', 'session', 'csrf', 'xsrf', 'auth', 'access', 'refresh', 'id', 'oauth', 'oauth2', 'app', 'client', 'account', 'login', 'signin', 'signup', 'reset', 'verify', 'otp', 'encrypted', 'plain', 'temp', 'api', 'bearer', 'jwt', 'next', 'page', 'prev', 'previous', 'continuation', 'cursor', 'sync']);

function canonicalWords(words: readonly string[]): string[] {
  return words.flatMap((w) => (CANONICAL[w] ?? w).split(' '));
}

/**
 * Splits a run of lower-case letters into words of `vocabulary` (`csrftoken` → csrf, token), or undefined.
 * Dynamic programming over at most 40 characters.
 */
function segment(run: string, vocabulary: ReadonlySet<string>): string[] | undefined {
  if (run.length > 40) return undefined;
  const best: Array<string[] | undefined> = [[]];
  for (let end = 1; end <= run.length; end++) {
    for (let start = Math.max(0, end - 14); start < end && !best[end]; start++) {
      const prefix = best[start];
      const word = run.slice(start, end);
      if (prefix && vocabulary.has(word)) best[end] = [...prefix, word];
    }
  }
  return best[run.length];
}

/** Identifier-shaped: words joined by `-`, `_`, `.`, `:` or camelCase, optionally after `@` (`@app:accessToken`). */
const IDENTIFIER = /^@?[A-Za-z][A-Za-z0-9]*(?:[-_.:][A-Za-z0-9]+)*$/;

/**
 * Whether `value` is a key/field name built from the name's own words (plus field affixes such as `user`, `x`):
 * `access_token` for ACCESS_TOKEN, `X-CSRF-Token` for csrfToken, `user_password` for password.
 * `super-secret-key` for JWT_SECRET is not: `super` and `key` are not words of the name.
 */
export function namesItself(value: string, name: string): boolean {
  if (value.length > 64 || !IDENTIFIER.test(value)) return false;
  const own = new Set(canonicalWords(nameWords(name)));
  const vocabulary = new Set([...own, ...NAME_AFFIXES, ...Object.keys(CANONICAL)]);
  const words: string[] = [];
  for (const w of nameWords(value)) {
    const parts = vocabulary.has(w) ? [w] : /^[a-z]+$/.test(w) ? segment(w, vocabulary) : undefined;
    if (!parts) return false;
    words.push(...parts);
  }
  const canonical = canonicalWords(words);
  return canonical.every((w) => own.has(w) || NAME_AFFIXES.has(w)) && canonical.some((w) => own.has(w));
}

/** Values of enumerations that secret-looking names take: `fetch(url, { credentials: 'include' })`, `password: 'string'`. */
const ENUM_VALUES = new Set(['include', 'same-origin', 'omit', 'same-site', 'cross-origin', 'string', 'number', 'boolean', 'required', 'optional', 'hidden', 'visible', 'bearer', 'header', 'cookie', 'memory', 'session', 'plaintext', 'hashed', 'encrypted', 'environment', 'private', 'public', 'readonly', 'readwrite', 'sometimes', 'nullable', 'confirmed', 'default', 'custom', 'enabled', 'disabled', 'primary', 'secondary', 'development', 'production', 'staging']);
/** Algorithm, hash and encoding names: `secret: 'aes-256-gcm'`, `algorithm: 'HS256'`. */
const ALGORITHM = /^(?:[HRPE]S(?:256|384|512)|aes-?(?:128|192|256)(?:-?(?:cbc|gcm|ctr|ecb|cfb|ofb|ccm|xts))?|sha-?(?:1|224|256|384|512)|sha3-(?:256|384|512)|md5|bcrypt|scrypt|argon2(?:id|i|d)?|pbkdf2|hmac-?sha(?:1|256|384|512)|chacha20(?:-poly1305)?|ed25519|x25519|rsa(?:-oaep)?|ecdsa|hex|base64(?:url)?|utf-?8|ascii|latin1|binary)$/i;

/** Syntax that makes a value a name of something: a header, CSS selector, event / i18n / storage key, validation rule, SQL type, template reference. */
const NAME_SYNTAX: readonly RegExp[] = [
  /^x-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/i, // header name: X-API-Key
  /^[a-z][a-z0-9-]*(?:[#.][A-Za-z_-]+|\[[A-Za-z_-]+(?:[~|^$*]?=(?:"[^"\]]*"|'[^'\]]*'|[^\]'"]*))?\])+$/, // input[type=password], form.login
  /^[#.][A-Za-z_][A-Za-z_-]*$/, // #token-input, .password-field
  /^\[[A-Za-z_-]+(?:[~|^$*]?=[^\]]*)?\]$/, // [name=password]
  /^@?[A-Za-z][A-Za-z_-]*(?:[:./][A-Za-z][A-Za-z_-]*)+$/, // token:refresh, auth.password.label, prod/db/password
  /^[a-z_]+(?::[\w,.]+)?(?:\|[a-z_]+(?::[\w,.]+)?)+$/, // required|string|min:8
  /^[A-Za-z]+\(\d+(?:,\s?\d+)?\)$/, // VARCHAR(255)
  /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i, // a colour: Token: '#f8f8f2' in a syntax theme
];
/** Password hashes (seed data, fixtures): bcrypt, argon2, scrypt, Django's pbkdf2, crypt(3) — not the password itself. */
const PASSWORD_HASH = /^(?:\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$\S+|\$scrypt\$\S+|(?:pbkdf2_sha(?:1|256)|bcrypt_sha256|argon2)\$\S+|\$[156]\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{20,})$/;

/** A validation pattern: `^(?=.*\d).{8,}$`, `[A-Za-z0-9]{8,}`. */
function isRegexLike(v: string): boolean {
  return (v.startsWith('^') && v.endsWith('$')) || /\(\?[=!:<]|\\[dwsDWS]|\{\d+,\d*\}|\[[^\]]{1,80}\][*+?{]/.test(v);
}

/** References to a value kept elsewhere: `${DB_PASSWORD}`, `${{ secrets.TOKEN }}`, `$API_KEY`, `%(password)s`, `{{ secrets.TOKEN }}`, `:password`. */
const REFERENCE = /^(?:\$\{\{[^}]*\}\}|\$\{[^}]*\}|\$[A-Za-z_]\w*|%\(\w+\)s|\{\{[^}]*\}\}|\{[A-Za-z_][\w.]*\}|:[A-Za-z_]\w*|%s)$/;
/** An environment variable's name, unless it is a placeholder written in capitals (YOUR_API_KEY, CHANGEME). */
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

// ---------------------------------------------------------------------------------------------------------------
// Placeholders

/** Words that make a value a placeholder: `your-api-key-here`, `replace-me`, `dummy_secret`, `secret-change-in-production`. */
const PLACEHOLDER_WORDS = new Set(['your', 'yours', 'change', 'changeme', 'changeit', 'placeholder', 'example', 'sample', 'dummy', 'fake', 'replace', 'insert', 'todo', 'fixme', 'tbd', 'redacted', 'test', 'testing']);
/** Whole values that are placeholders: `password`, `secret`, `null`. */
const PLACEHOLDER_VALUES = new Set(['password', 'secret', 'token', 'apikey', 'key', 'changeme', 'changeit', 'null', 'none', 'nil', 'undefined', 'empty', 'hidden', 'foo', 'bar', 'foobar', 'notset', 'unset', 'pass', 'passwd', 'pwd', 'credential', 'credentials']);

/** Whether a value is an obvious stand-in for a credential (reported at low severity when bound to a secret name). */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (/^(.)\1+$/.test(v)) return true; // xxxxxx, ******, 000000
  if (/\.\.\.|…|x{4,}|X{4,}|\*{3,}|<[^<>]{1,64}>/.test(v)) return true; // sk-..., sk-xxxx, <YOUR_KEY>
  if (/example|placeholder|dummy|changeme/i.test(v)) return true; // also inside a word: wJalr…EXAMPLEKEY
  const words = nameWords(v);
  if (PLACEHOLDER_VALUES.has(words.join(''))) return true;
  if (words.some((w) => PLACEHOLDER_WORDS.has(w))) return true;
  return words.length >= 2 && words.includes('here'); // key_here, put-it-here
}

// ---------------------------------------------------------------------------------------------------------------
// Classifying a value bound to a secret-looking name

export type ValueKind = 'credential' | 'placeholder' | undefined;

/** Words that make a few lower-case words a message rather than a passphrase (`too short`, `token expired`). */
const MESSAGE_WORDS = new Set(['a', 'an', 'the', 'is', 'are', 'be', 'must', 'should', 'not', 'no', 'please', 'enter', 'your', 'of', 'for', 'to', 'at', 'in', 'on', 'and', 'or', 'with', 'too', 'short', 'long', 'weak', 'strong', 'invalid', 'expired', 'required', 'missing', 'wrong', 'incorrect', 'match', 'empty', 'only', 'new', 'old', 'confirm', 'current', 'reset', 'forgot', 'show', 'hide', 'change', 'set', 'field', 'error']);

/** Two to four lower-case words that are not a message: `keyboard cat` (the express-session example secret). */
function isPassphrase(value: string): boolean {
  const words = value.split(/[ \t]+/);
  if (words.length < 2 || words.length > 4 || !words.every((w) => /^[a-z0-9]+$/.test(w))) return false;
  return !words.some((w) => MESSAGE_WORDS.has(w) || SECRET_WORDS.has(w) || CANONICAL[w] || w === 'key');
}

/** A label or one-word translation: `Passwort`, `Geheimnis`, `contraseña`. */
function isWordLabel(value: string): boolean {
  return /^\p{Lu}[\p{Ll}\p{M}]+$/u.test(value) || (/^[\p{L}\p{M}]+$/u.test(value) && /[^\x00-\x7f]/.test(value));
}

function isPathOrPlainUrl(v: string): boolean {
  if (/^(?:\.{0,2}\/|~\/|[a-z]:\\)/i.test(v) || /\.(?:pem|key|crt|cer|json|txt|env|ya?ml|p12|pfx|jks|keystore)$/i.test(v)) return true;
  return /^[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*(?:[/:?#]|$)/i.test(v) && !/:\/\/[^/@\s:]*:[^/@\s]*@/.test(v);
}

/**
 * What a literal bound to the secret name `name` is. `role` "secret" means the literal is certainly used as the
 * secret (an env-var fallback, the key passed to jwt.sign), so it cannot be a key name that merely names itself.
 */
export function classifyValue(value: string, name: string, role: 'binding' | 'secret' = 'binding'): ValueKind {
  const v = value.trim();
  if (!v || v.length > 4096) return undefined;
  if (REFERENCE.test(v)) return undefined;
  if (ENV_NAME.test(v) && !isPlaceholder(v)) return undefined;
  const compact = (s: string) => canonicalWords(nameWords(s)).join('');
  if (role === 'binding' && compact(v) === compact(name)) return undefined; // token: 'token', apiKey: 'apiKey', passwd: 'pass'
  if (v.includes('***') && !/[A-Za-z0-9]/.test(v)) return undefined; // a redaction mask shown instead of the value: ':****'
  if (/^<[^<>]+>$/.test(v) || (!/[ \t]/.test(v) && isPlaceholder(v))) return 'placeholder'; // `<YOUR API KEY>`, but not `Enter your API key`
  if (/[ \t]/.test(v)) return /(?:secret|passphrase)$/i.test(name) && isPassphrase(v) ? 'credential' : undefined; // labels, messages
  if (role === 'binding' && namesItself(v, name)) return undefined;
  if (ENUM_VALUES.has(v.toLowerCase()) || ALGORITHM.test(v) || isWordLabel(v) || isPathOrPlainUrl(v)) return undefined;
  if (PASSWORD_HASH.test(v) || isRegexLike(v)) return undefined;
  if (NAME_SYNTAX.some((re) => re.test(v))) return undefined;
  if (v.length < 6) return undefined;
  return 'credential';
}

// ---------------------------------------------------------------------------------------------------------------
// Values that are credentials whatever their name

/** Has at least two of: lower-case letters, upper-case letters, digits (random tokens do; words and `xxxx` do not). */
function mixed(s: string): boolean {
  return Number(/[a-z]/.test(s)) + Number(/[A-Z]/.test(s)) + Number(/[0-9]/.test(s)) >= 2;
}

interface Provider {
  readonly label: string;
  /** Environment variable the fix reads when the literal has no name of its own. */
  readonly env: string;
  readonly pattern: RegExp;
}

/** Well-known key formats. Each pattern starts with a literal prefix and has no nested quantifiers (linear time). */
const PROVIDERS: readonly Provider[] = [
  { label: 'Stripe live secret key', env: 'STRIPE_SECRET_KEY', pattern: /(?<![\w-])[rs]k_live_[0-9A-Za-z]{16,}/ },
  { label: 'Anthropic API key', env: 'ANTHROPIC_API_KEY', pattern: /(?<![\w-])sk-ant-[\w-]{20,}/ },
  { label: 'OpenAI API key', env: 'OPENAI_API_KEY', pattern: /(?<![\w-])sk-(?:proj|svcacct|admin)-[\w-]{20,}|(?<![\w-])sk-[A-Za-z0-9]{20,}(?![\w-])/ },
  { label: 'GitHub token', env: 'GITHUB_TOKEN', pattern: /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{22,})/ },
  { label: 'GitLab token', env: 'GITLAB_TOKEN', pattern: /(?<![\w-])glpat-[\w-]{20,}/ },
  { label: 'Slack token', env: 'SLACK_TOKEN', pattern: /(?<![\w-])xox[abposr]-[0-9A-Za-z-]{10,}/ },
  { label: 'AWS access key id', env: 'AWS_ACCESS_KEY_ID', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])/ },
  { label: 'Google API key', env: 'GOOGLE_API_KEY', pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/ },
  { label: 'SendGrid API key', env: 'SENDGRID_API_KEY', pattern: /(?<![\w-])SG\.[\w-]{22}\.[\w-]{43}/ },
  { label: 'npm token', env: 'NPM_TOKEN', pattern: /(?<![\w-])npm_[A-Za-z0-9]{36}/ },
  // Whoever has a webhook URL can post into the channel as the integration: the URL is the credential.
  { label: 'Slack webhook URL', env: 'SLACK_WEBHOOK_URL', pattern: /https:\/\/hooks\.slack\.com\/(?:services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{16,40}|(?:workflows|triggers)\/T[A-Z0-9]{6,12}\/[A-Za-z0-9]{6,16}\/\d{6,24}\/[A-Za-z0-9]{16,40})/ },
  { label: 'Discord webhook URL', env: 'DISCORD_WEBHOOK_URL', pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{16,21}\/[\w-]{40,80}/ },
];
/** Cheap test before trying each provider. */
const PROVIDER_PREFIX = /sk[-_]|rk_live_|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AKIA|ASIA|AIza|SG\.|npm_|hooks\.slack\.com|\/api\/webhooks\//;

export interface Match {
  readonly label: string;
  /** The credential itself (what `mask` shows the shape of). */
  readonly secret: string;
  /** Where the recognised text sits in the literal (to tell whether it is the whole literal). */
  readonly start: number;
  readonly end: number;
  /** The usual environment variable for it, for a fix where the literal has no telling name. */
  readonly env?: string;
}

/** A real-looking provider key anywhere in `text` (example and `xxxx` keys excluded). */
export function findProviderKey(text: string): Match | undefined {
  if (!PROVIDER_PREFIX.test(text)) return undefined;
  for (const p of PROVIDERS) {
    const m = p.pattern.exec(text);
    const body = m ? (m[0].includes('://') ? m[0].slice(m[0].lastIndexOf('/') + 1) : m[0].slice(4)) : '';
    // AWS key ids are base32: a random one may have no digit, so many distinct letters count as random too
    if (m && (mixed(body) || (p.env === 'AWS_ACCESS_KEY_ID' && new Set(body).size >= 9)) && !isPlaceholder(m[0])) {
      return { label: p.label, secret: m[0], start: m.index, end: m.index + m[0].length, env: p.env };
    }
  }
  return undefined;
}

const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY(?: BLOCK)?-----/;

/** Length of the base64 body that follows a PEM header (whitespace and `Proc-Type:`-style headers aside). */
function pemBodyLength(text: string, from: number): number {
  let count = 0;
  let longest = 0;
  for (let i = from; i < text.length && i < from + 8192; i++) {
    const c = text[i];
    if (/[A-Za-z0-9+/=]/.test(c)) count++;
    else if (c === '\n' || c === '\r' || c === ' ' || c === '\t') continue;
    else if (c === ':' || c === ',') count = 0; // RFC 1421 headers (Proc-Type: 4,ENCRYPTED)
    else break; // `-----END`, an ellipsis, a placeholder
    longest = Math.max(longest, count);
  }
  return longest;
}

/** A PEM private key with real key material (at least 40 base64 characters) in `text`, or in `text + rest`. */
export function findPrivateKey(text: string, rest = ''): Match | undefined {
  if (!text.includes('PRIVATE KEY')) return undefined;
  const m = PEM_HEADER.exec(text);
  if (!m) return undefined;
  const end = m.index + m[0].length;
  const joined = rest ? text + rest : text;
  const body = pemBodyLength(joined, end);
  if (body < 40 || /(.)\1{15}/.test(joined.slice(end, end + 200))) return undefined;
  const close = joined.indexOf('-----END', end);
  const closeEnd = close === -1 ? -1 : joined.indexOf('-----', close + 8);
  const stop = closeEnd === -1 ? joined.length : closeEnd + 5;
  return { label: `${m[1].trim() ? `${m[1].trim()} ` : ''}private key`, secret: joined.slice(m.index, stop), start: m.index, end: Math.min(stop, text.length), env: 'PRIVATE_KEY' };
}

/** Passwords in URLs that stand for "put the password here": `password`, `<password>`, `${DB_PASS}`, `****`. */
function isPlaceholderPassword(pw: string): boolean {
  if (pw.includes(HOLE) || /^[$%{:<[*]/.test(pw) || isPlaceholder(pw)) return true;
  const filler = new Set(['my', 'your', 'db', 'database', 'user', 'app', 'the', 'password', 'pass', 'passwd', 'pwd', 'pw', 'secret']);
  return !!segment(pw.toLowerCase().replace(/[-_]/g, ''), filler);
}

/** Default env var per URL scheme, for a connection string that has no name of its own. */
function schemeEnv(scheme: string): string {
  const s = scheme.toLowerCase().split('+')[0];
  if (/^(?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|oracle|cockroachdb)$/.test(s)) return 'DATABASE_URL';
  if (s === 'mongodb') return 'MONGODB_URI';
  return `${s.replace(/[^a-z0-9]/g, '_').toUpperCase()}_URL`;
}

/**
 * The first `scheme://user:password@host` in `text` whose password is not a placeholder. Scans with indexOf and
 * bounded loops (no regex over the whole string), so it stays linear on long lines.
 */
export function findUrlPassword(text: string): Match | undefined {
  if (!text.includes('@')) return undefined;
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
    let s = at;
    while (s > 0 && at - s < 32 && /[A-Za-z0-9+.-]/.test(text[s - 1])) s--;
    const scheme = text.slice(s, at);
    if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme)) continue;
    let e = at + 3;
    while (e < text.length && e - at < 1024 && !/[/?#\s'"`]/.test(text[e])) e++;
    const authority = text.slice(at + 3, e);
    const userinfo = authority.slice(0, Math.max(0, authority.lastIndexOf('@')));
    const colon = userinfo.indexOf(':');
    if (colon === -1) continue;
    const password = userinfo.slice(colon + 1);
    if (!password || isPlaceholderPassword(password)) continue;
    while (e < text.length && e - at < 4096 && !/[\s'"`]/.test(text[e])) e++; // the rest of the URL
    return { label: `password in a ${scheme} connection string`, secret: password, start: s, end: e, env: schemeEnv(scheme) };
  }
  return undefined;
}

/** Whether a Basic credential decodes to `user:password` (`dXNlcg==` is only a user name). */
function basicHasPassword(b64: string): boolean {
  try {
    return /^[^:]*:./.test(atob(b64)); // atob: in browsers and Node, unlike Buffer
  } catch {
    return false; // not base64
  }
}

/**
 * A password in a key=value connection string: libpq `host=db user=app password=…`, ADO.NET `Server=…;Password=…;`.
 * Only when another connection key is present, so `password=` alone in a sentence or query string does not count.
 */
export function findKeyValuePassword(text: string): Match | undefined {
  if (!/(?:password|pwd)\s*=/i.test(text) || !/(?:^|[\s;])(?:host|hostaddr|server|dbname|database|data source|user|user id|uid|port)\s*=/i.test(text)) return undefined;
  const m = /(?:^|[\s;])(?:password|passwd|pwd)\s*=\s*([^\s;'"]{1,256})/i.exec(text);
  if (!m || isPlaceholderPassword(m[1])) return undefined;
  // start = end = 0: never "the whole literal", so no env fix (the string holds more than the password)
  return { label: 'password in a connection string', secret: m[1], start: 0, end: 0 };
}

/** A literal `Authorization` value: `Bearer eyJ…`, `Basic dXNlcjpwYXNz`, `Token 9944b0…`. */
export function findAuthorizationValue(text: string): Match | undefined {
  const m = /^(Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{8,512})$/i.exec(text.trim());
  if (!m || !mixed(m[2]) || isPlaceholder(m[2]) || ENV_NAME.test(m[2])) return undefined;
  if (m[1].toLowerCase() === 'basic' && !basicHasPassword(m[2])) return undefined;
  return { label: `${m[1][0].toUpperCase()}${m[1].slice(1).toLowerCase()} credential in an Authorization value`, secret: m[2], start: 0, end: text.length };
}

/** Decodes one base64url JWT segment to text, or undefined when it is not base64url JSON. */
function jwtPart(segment: string): Record<string, unknown> | undefined {
  try {
    const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const json: unknown = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Three base64url segments, header and payload JSON objects (both start `eyJ`, base64 of `{"`). */
const JWT_SHAPE = /(?<![\w-])eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,1024}(?![\w-])/g;

/**
 * A signed JSON Web Token literal. Not reported: the jwt.io sample token (`John Doe`, sub 1234567890), unsigned
 * tokens, and Supabase-style `anon` keys, which are public by design (the service-role key is a credential).
 */
export function findJwt(text: string, from = 0): Match | undefined {
  if (!text.includes('eyJ')) return undefined;
  JWT_SHAPE.lastIndex = from;
  for (let m = JWT_SHAPE.exec(text); m; m = JWT_SHAPE.exec(text)) {
    const [head, body] = m[0].split('.');
    const header = jwtPart(head);
    const payload = jwtPart(body);
    if (!header || !payload || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') continue;
    if (payload.name === 'John Doe' || payload.sub === '1234567890' || payload.role === 'anon' || isPlaceholder(JSON.stringify(payload))) continue;
    const label = payload.role === 'service_role' ? 'service-role JSON Web Token' : 'JSON Web Token';
    return { label, secret: m[0], start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/** A password in a JDBC URL's parameters: `jdbc:mysql://db/app?user=app&password=…`, `jdbc:sqlserver://db;password=…`. */
export function findJdbcPassword(text: string): Match | undefined {
  const at = text.indexOf('jdbc:');
  if (at === -1) return undefined;
  const m = /[?&;](?:password|passwd|pwd)=([^&;\s'"`]{1,256})/i.exec(text.slice(at, at + 2048));
  if (!m || isPlaceholderPassword(m[1])) return undefined;
  const start = at + m.index + m[0].length - m[1].length;
  return { label: 'password in a JDBC connection string', secret: m[1], start, end: start + m[1].length, env: 'DATABASE_PASSWORD' };
}

/**
 * The message for a hard-coded credential or a placeholder. `where` starts the sentence (``\`JWT_SECRET\` is set to``,
 * `This string contains`). Only the secret's shape (`mask`) is shown.
 */
export function secretMessage(where: string, what: string, secret: string, placeholder: boolean): string {
  return placeholder
    ? `${where} a placeholder credential (${mask(secret)}). Nothing real leaks yet, but the real value belongs in the environment or a secret manager, not in this line (CWE-798).`
    : `${where} a hard-coded ${what} (${mask(secret)}): anyone with the source can use it, and it cannot be rotated without a release (CWE-798). Read it from the environment or a secret manager, and rotate it.`;
}

/** The extra file edit that records `NAME=` (never the value) in `.env.example`, so the next developer knows to set it. */
export function envExampleEntry(env: string, base: 'workspace' | 'document' = 'workspace'): NonNullable<Fix['createOrAppend']> {
  return { relativePath: '.env.example', line: `${env}=`, base };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading string literals

/** Stands for an interpolation (`${x}`, `{x}`) in a literal's text. */
const HOLE = '\uFFFF';

export interface Literal {
  /** Decoded text; HOLE marks each interpolation. */
  readonly text: string;
  readonly dynamic: boolean;
}

const JS_ESCAPE = /\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|\r\n|[\s\S])/g;
const PY_ESCAPE = /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]{1,64}\}|[0-7]{1,3}|\r\n|[\s\S])/g;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', '0': '\0' };

function fromCode(hex: string): string {
  const code = parseInt(hex, 16);
  return code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

function decodeEscape(body: string, python: boolean): string {
  if (body === '\n' || body === '\r\n') return ''; // line continuation
  if (body[0] === 'x') return fromCode(body.slice(1));
  if (body[0] === 'U') return python ? fromCode(body.slice(1)) : 'U';
  if (body[0] === 'u') return fromCode(body.replace(/^u\{?|\}$/g, ''));
  if (/^[0-7]+$/.test(body)) return body === '0' ? '\0' : String.fromCharCode(parseInt(body, 8));
  if (body[0] === 'N' && python) return '?';
  if (SIMPLE_ESCAPES[body] !== undefined) return SIMPLE_ESCAPES[body];
  return python && !'\\\'"'.includes(body) ? `\\${body}` : body; // Python keeps unknown escapes (`\d`)
}

export function decodeJs(raw: string): string {
  return raw.replace(JS_ESCAPE, (_, body: string) => decodeEscape(body, false));
}

export function decodePython(raw: string): string {
  return raw.replace(PY_ESCAPE, (_, body: string) => decodeEscape(body, true));
}

/**
 * The text of a JS/TS string or template literal, or of a Python (byte, raw, f-) string or implicit concatenation.
 * `python` says which language the node is from (worked out from the node when not given).
 */
export function readLiteral(node: Node, python?: boolean, knownType?: string): Literal | undefined {
  const type = knownType ?? node.type;
  if (type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => (c ? readLiteral(c, true) : undefined));
    if (parts.some((p) => !p)) return undefined;
    return { text: parts.map((p) => p!.text).join(''), dynamic: parts.some((p) => p!.dynamic) };
  }
  if (type !== 'string' && type !== 'template_string') return undefined;
  // Fast path from the node's text (one call into tree-sitter); children are walked only for interpolations.
  const raw = node.text;
  if (python ?? node.firstChild?.type === 'string_start') {
    const py = /^([A-Za-z]*)('''|"""|'|")/.exec(raw);
    const prefix = py?.[1].toLowerCase() ?? '';
    if (py && raw.length >= py[0].length + py[2].length && (!/[ft]/.test(prefix) || !raw.includes('{'))) {
      const inner = raw.slice(py[0].length, raw.length - py[2].length);
      return { text: prefix.includes('r') ? inner : decodePython(inner), dynamic: false };
    }
    return readPython(node, prefix);
  }
  if (type === 'string' || !raw.includes('${')) return { text: decodeJs(raw.slice(1, -1)), dynamic: false };
  let text = '';
  let dynamic = false;
  for (const c of node.children) {
    if (!c) continue;
    if (c.type === 'string_fragment') text += c.text;
    else if (c.type === 'escape_sequence') text += decodeJs(c.text);
    else if (c.type === 'template_substitution') {
      text += HOLE;
      dynamic = true;
    }
  }
  return { text, dynamic };
}

function readPython(node: Node, prefix: string): Literal {
  prefix ||= node.firstChild?.text.replace(/['"]+$/, '').toLowerCase() ?? '';
  const raw = prefix.includes('r');
  const format = prefix.includes('f') || prefix.includes('t');
  let text = '';
  let dynamic = false;
  for (const c of node.children) {
    if (!c) continue;
    if (c.type === 'string_content') {
      let part = raw ? c.text : decodePython(c.text);
      if (format) part = part.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      text += part;
    } else if (c.type === 'interpolation') {
      text += HOLE;
      dynamic = true;
    }
  }
  return { text, dynamic };
}

// ---------------------------------------------------------------------------------------------------------------
// Where a literal sits

/**
 * How a literal is used. `binding`: the value of a name (variable, property, parameter default, keyword argument);
 * `secret`: certainly used as a secret (env-var fallback, password passed to `server.login`); `other`: anything else
 * (arguments, array elements, comparisons) — only name-independent checks apply there.
 */
interface Site {
  readonly role: 'binding' | 'secret' | 'other';
  readonly name?: string;
  /** The callee when the literal is an argument (for messages and fingerprints). */
  readonly callee?: string;
  /** How a "read it from the environment" fix applies: replace the literal, replace an env fallback, or not at all. */
  readonly fix: 'literal' | 'fallback' | 'none';
  /** For `fix: 'fallback'`: the whole `process.env.X || '…'` / `os.getenv("X", "…")` expression, and the variable it reads. */
  readonly fallback?: Node;
  readonly envVar?: string;
  /** `name` is not in the code but stands for the argument's role (`server.login(user, '…')` → password). */
  readonly synthetic?: boolean;
  /** The name the value is judged by, when it differs from `name` (a bare `pass` next to `user` is a password). */
  readonly judgeAs?: string;
  /** For `fix: 'literal'` in JSX attributes: the replacement needs braces. */
  readonly jsx?: boolean;
}

/** Wrappers a literal can sit in without changing what it is bound to. */
const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);
/** Parents where a string is a key, a module name, a type or a docstring, never a value. */
const NOT_A_VALUE = new Set(['import_statement', 'export_statement', 'import_from_statement', 'literal_type', 'expression_statement', 'ambient_declaration', 'import_require_clause', 'external_module_reference', 'decorator']);

/**
 * The role of a positional argument that is a secret, by callee: `cookieParser('…')`, `server.login(user, '…')`,
 * `HTTPBasicAuth(user, '…')`, `new Sequelize(db, user, '…')`. (Literal keys of jwt.sign / jwt.verify / jwt.encode are
 * jwt-weak-verification's findings, not this rule's; HMAC keys are often not secrets at all: checksums, cache keys.)
 */
const SECRET_ARGUMENT_CALLEES = new Set(['cookieParser', 'login', 'HTTPBasicAuth', 'HTTPDigestAuth', 'BasicAuth', 'Sequelize']);
function secretArgument(callee: string, index: number, count: number): string | undefined {
  switch (callee) {
    case 'cookieParser':
      return index === 0 ? 'cookieSecret' : undefined;
    case 'login': // smtplib / ftplib / imaplib login(user, password); discord.js client.login(token)
      return count === 1 && index === 0 ? 'token' : index === 1 ? 'password' : undefined;
    case 'HTTPBasicAuth':
    case 'HTTPDigestAuth':
    case 'BasicAuth':
      return index === 1 ? 'password' : undefined;
    case 'Sequelize':
      return index === 2 && count >= 3 ? 'password' : undefined;
    default:
      return undefined;
  }
}
/** Calls whose first argument names the second: `headers.set('X-API-Key', '…')`, `os.environ.setdefault('TOKEN', '…')`. */
const SETTERS = new Set(['set', 'setItem', 'setHeader', 'setRequestHeader', 'header', 'append', 'setdefault', 'putenv']);
/** Python calls that read an env var with a default: `os.getenv("K", "default")`, decouple's `config("K", default=…)`. */
const PY_ENV_GETTERS = new Set(['os.getenv', 'getenv', 'os.environ.get', 'environ.get', 'config', 'decouple.config', 'env', 'env.str']);
/** Objects whose properties are environment variables. */
const JS_ENV_OBJECTS = new Set(['process.env', 'import.meta.env', 'Bun.env']);

/** A plain name in quotes: `"SECRET_KEY"`, `'X-API-Key'` (no escapes or interpolations to decode). */
function literalName(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  return /^[bBrRuU]{0,2}(['"`])([\w.-]+)\1$/.exec(node.text)?.[2];
}

function nameOf(node: Node | null): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
    case 'property_identifier':
    case 'private_property_identifier':
    case 'shorthand_property_identifier_pattern':
      return node.text.replace(/^#/, '');
    case 'member_expression':
      return node.childForFieldName('property')?.text.replace(/^#/, '');
    case 'attribute':
      return node.childForFieldName('attribute')?.text;
    case 'subscript_expression': // config['apiKey']
      return literalName(node.childForFieldName('index'));
    case 'subscript': // app.config["SECRET_KEY"]
      return literalName(node.childForFieldName('subscript'));
    case 'string':
      return literalName(node);
    default:
      return undefined;
  }
}

/** Whether an assignment target is the environment itself (`process.env.X = …`, `os.environ["X"] = …`): no env fix. */
function isEnvTarget(node: Node | null): boolean {
  if (!node) return false;
  const obj = node.childForFieldName('object') ?? node.childForFieldName('value');
  const text = obj?.text.replace(/\s+/g, '');
  return !!text && (JS_ENV_OBJECTS.has(text) || text === 'os.environ' || text === 'environ');
}

/** Env var names read by `node`: `process.env.X`, `process.env['X']`, `Deno.env.get('X')`, `os.getenv('X')`, `os.environ['X']`, and `a || b` chains of those. */
function envReads(node: Node | null): string[] {
  if (!node) return [];
  const n = unwrap(node);
  switch (n.type) {
    case 'member_expression':
    case 'subscript_expression':
    case 'subscript':
      return isEnvTarget(n) && nameOf(n) ? [nameOf(n)!] : [];
    case 'call_expression':
    case 'call': {
      const callee = dottedName(n.childForFieldName('function'));
      if (callee !== 'Deno.env.get' && !(callee && PY_ENV_GETTERS.has(callee) && callee !== 'config' && callee !== 'env')) return [];
      const first = n.childForFieldName('arguments')?.namedChildren[0];
      const name = literalName(first);
      return name ? [name] : [];
    }
    case 'binary_expression':
    case 'boolean_operator':
      return [...envReads(n.childForFieldName('left')), ...envReads(n.childForFieldName('right'))];
    default:
      return [];
  }
}

/** The first secret-looking name among `names`, else `fallback` when that is one, else the first name. */
function pickName(names: readonly string[], fallback?: string): string | undefined {
  return names.find(isSecretName) ?? (fallback && isSecretName(fallback) ? fallback : undefined) ?? names[0];
}

/** Where `literal` sits, or undefined when it is not a value at all (an object key, an import source, a docstring). */
function siteOf(literal: Node, literalParent: Node | null = literal.parent): Site | undefined {
  let child = literal;
  let parent = literalParent;
  let parentType = parent?.type; // read once: each read crosses into tree-sitter
  while (parent && (WRAPPERS.has(parentType!) || (parentType === 'ternary_expression' && !child.equals(parent.childForFieldName('condition')!)))) {
    child = parent;
    parent = parent.parent;
    parentType = parent?.type;
  }
  if (!parent || NOT_A_VALUE.has(parentType!)) return undefined;
  const is = (field: string) => parent!.childForFieldName(field)?.equals(child) ?? false;
  const binding = (name: string | undefined, fix: Site['fix'] = 'literal'): Site => ({ role: 'binding', name, fix: name ? fix : 'none' });
  switch (parentType) {
    case 'variable_declarator':
    case 'public_field_definition':
    case 'field_definition':
      return is('value') ? binding(nameOf(parent.childForFieldName('name') ?? parent.childForFieldName('property'))) : { role: 'other', fix: 'none' };
    case 'enum_assignment': // string enum members must stay literals
      return binding(nameOf(parent.childForFieldName('name')), 'none');
    case 'assignment_expression':
    case 'augmented_assignment_expression':
    case 'assignment': {
      if (!is('right')) return { role: 'other', fix: 'none' };
      const left = parent.childForFieldName('left');
      return binding(nameOf(left), isEnvTarget(left) ? 'none' : 'literal');
    }
    case 'pair': {
      if (is('key')) return undefined;
      const name = nameOf(parent.childForFieldName('key'));
      return name === 'pass' && hasUserSibling(parent) ? { ...binding(name), judgeAs: 'password' } : binding(name);
    }
    case 'assignment_pattern': // function f(apiKey = '…'), const { token = '…' } = o
    case 'object_assignment_pattern':
      return binding(nameOf(parent.childForFieldName('left')));
    case 'required_parameter':
    case 'optional_parameter':
      return is('value') ? binding(nameOf(parent.childForFieldName('pattern'))) : undefined;
    case 'default_parameter': // Python defaults are evaluated once at import: os.environ there would be a different program
    case 'typed_default_parameter':
      return binding(nameOf(parent.childForFieldName('name')), 'none');
    case 'tuple': // requests.get(url, auth=("user", "…"))
      return authTupleSite(parent, child);
    case 'jsx_attribute':
      return { ...binding(nameOf(parent.namedChildren[0] ?? null)), jsx: true };
    case 'subscript_expression':
      return is('index') ? undefined : { role: 'other', fix: 'none' };
    case 'subscript':
      return is('value') ? { role: 'other', fix: 'none' } : undefined;
    case 'binary_expression':
    case 'boolean_operator':
      return fallbackSite(parent, child);
    case 'keyword_argument':
      return keywordSite(parent);
    case 'arguments':
    case 'argument_list':
      return argumentSite(parent, child);
    default:
      return { role: 'other', fix: 'none' };
  }
}

/** Keys that, next to a bare `pass`, make it a password: nodemailer's `auth: { user, pass }`. */
const USER_KEYS = new Set(['user', 'username', 'login', 'email']);

function hasUserSibling(pair: Node): boolean {
  return (pair.parent?.namedChildren ?? []).some((p) => p?.type === 'pair' && USER_KEYS.has((nameOf(p.childForFieldName('key')) ?? '').toLowerCase()));
}

/** The second item of `auth=(user, password)` is a password (requests, httpx). */
function authTupleSite(tuple: Node, child: Node): Site {
  const kw = tuple.parent; // checked before listing the items: generated tuples can hold thousands of strings
  if (kw?.type === 'keyword_argument' && kw.childForFieldName('name')?.text === 'auth' && tuple.namedChildCount === 2 && tuple.namedChildren[1]?.equals(child)) {
    return { role: 'secret', name: 'password', synthetic: true, fix: 'none', callee: 'auth' };
  }
  return { role: 'other', fix: 'none' };
}

/** `process.env.JWT_SECRET || 'dev-secret'`, `os.environ.get("K") or "…"`: the literal is the secret when the env var is unset. */
function fallbackSite(expr: Node, child: Node): Site {
  const op = expr.childForFieldName('operator')?.text;
  const reads = op === '||' || op === '??' || op === 'or' ? envReads(expr.childForFieldName('left')) : [];
  if (!reads.length || !expr.childForFieldName('right')?.equals(child)) return { role: 'other', fix: 'none' };
  return { role: 'secret', name: pickName(reads, siteOf(expr)?.name), fix: 'fallback', fallback: expr, envVar: reads.find(isSecretName) ?? reads[0] };
}

/** `Client(api_key="…")`, and `config("SECRET_KEY", default="…")` (an env-var fallback). */
function keywordSite(kw: Node): Site {
  const name = nameOf(kw.childForFieldName('name'));
  const call = kw.parent?.parent;
  const callee = call?.type === 'call' ? dottedName(call.childForFieldName('function')) : undefined;
  if (name === 'default' && callee && PY_ENV_GETTERS.has(callee)) {
    const env = literalName(call!.childForFieldName('arguments')?.namedChildren[0]);
    if (env) return { role: 'secret', name: env, fix: 'fallback', fallback: call!, envVar: env };
  }
  return { role: 'binding', name, fix: name ? 'literal' : 'none' };
}

/** Positional arguments: env getters' defaults, `server.login(user, '…')`, `headers.set('X-API-Key', '…')`, else a plain argument. */
function argumentSite(args: Node, child: Node): Site {
  const call = args.parent;
  const fn = call?.childForFieldName('function') ?? call?.childForFieldName('constructor');
  const callee = dottedName(fn ?? null) ?? undefined;
  const last = callee?.split('.').pop() ?? '';
  // a provider key or connection string passed straight to a client: `new Stripe('sk_live_…')` can read the env instead
  const other: Site = { role: 'other', fix: 'literal', callee: last || undefined };
  // Only calls that can give an argument a role are worth listing the arguments of (calls can have thousands).
  if (!call || !callee || !(PY_ENV_GETTERS.has(callee) || SETTERS.has(last) || SECRET_ARGUMENT_CALLEES.has(last))) return other;
  const positional = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'keyword_argument');
  const index = positional.findIndex((c) => c.equals(child));
  if (index < 0) return other;
  if (PY_ENV_GETTERS.has(callee) && index === 1) {
    const env = literalName(positional[0]);
    if (env) return { role: 'secret', name: env, fix: 'fallback', fallback: call, envVar: env };
  }
  const role = secretArgument(last, index, positional.length);
  if (role) return { role: 'secret', name: role, synthetic: true, fix: 'literal', callee: last };
  if (SETTERS.has(last) && index === 1) {
    const name = literalName(positional[0]);
    const intoEnv = last === 'setdefault' || last === 'putenv' || isEnvTarget(fn ?? null);
    if (name) return { role: 'binding', name, fix: intoEnv ? 'none' : 'literal', callee: last };
  }
  return other;
}

/**
 * Text of the other literals concatenated or listed with `literal` after it (`'-----BEGIN…\n' + 'MIIE…'`,
 * `['-----BEGIN…', 'MIIE…'].join('\n')`), so a private key split over several literals is still seen. Capped at 16 KB.
 */
function followingText(literal: Node): string {
  let group: Node = literal;
  while (group.parent && ['binary_expression', 'binary_operator', 'parenthesized_expression'].includes(group.parent.type)) group = group.parent;
  if (group.equals(literal)) {
    const p = literal.parent;
    if (!p || !['array', 'list', 'tuple'].includes(p.type)) return '';
    group = p;
  }
  let out = '';
  let after = false;
  const visit = (n: Node): void => {
    if (out.length > 16384) return;
    if (n.equals(literal)) {
      after = true;
      return;
    }
    const lit = n.type === 'string' || n.type === 'template_string' ? readLiteral(n) : undefined;
    if (lit) {
      if (after) out += `\n${lit.text}`;
      return;
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(group);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Judging and reporting

interface Verdict {
  readonly what: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** The credential (only its shape is ever shown). */
  readonly secret: string;
  readonly placeholder: boolean;
  /** The credential is the whole literal, so replacing the literal with an env read is right. */
  readonly whole: boolean;
  /** Env var for the fix when the site has no name. */
  readonly env?: string;
}

function fromMatch(m: Match, text: string, dynamic: boolean, severity: Severity, confidence: Confidence): Verdict {
  const whole = !dynamic && m.start === text.length - text.trimStart().length && m.end >= text.trimEnd().length;
  return { what: m.label, severity, confidence, secret: m.secret, placeholder: false, whole, env: m.env };
}

function judge(literal: Node, lit: Literal, site: Site): Verdict | undefined {
  const { text, dynamic } = lit;
  const pem = findPrivateKey(text) ?? (text.includes('PRIVATE KEY') ? findPrivateKey(text, followingText(literal)) : undefined);
  if (pem) return { ...fromMatch(pem, text, dynamic, 'critical', 'high'), whole: !dynamic && text.trimStart().startsWith('-----BEGIN') && pem.secret.length <= text.length };
  const provider = findProviderKey(text);
  if (provider) return fromMatch(provider, text, dynamic, 'critical', 'high');
  const url = findUrlPassword(text) ?? findKeyValuePassword(text) ?? findJdbcPassword(text);
  if (url) return fromMatch(url, text, dynamic, 'high', 'high');
  const token = findJwt(text);
  if (token) return fromMatch(token, text, dynamic, token.label.startsWith('service-role') ? 'critical' : 'high', 'medium');
  if (dynamic) return undefined;
  const auth = findAuthorizationValue(text);
  if (auth) return { ...fromMatch(auth, text, dynamic, 'high', 'medium'), whole: false };
  const name = site.judgeAs ?? site.name;
  if (!name || site.role === 'other' || !isSecretName(name)) return undefined;
  const kind = classifyValue(text, name, site.role === 'secret' ? 'secret' : 'binding');
  if (kind === 'placeholder') return { what: 'placeholder credential', severity: 'low', confidence: 'low', secret: text, placeholder: true, whole: true };
  if (kind === 'credential') return { what: 'credential', severity: 'high', confidence: 'medium', secret: text, placeholder: false, whole: true };
  return undefined;
}

/**
 * Whether `lit` could give a finding at all, judged from its text alone (no tree access, which is what costs on large
 * files): something recognised whatever its name, or a value some secret-looking name could make a credential or placeholder.
 */
function worthASite(lit: Literal): boolean {
  const t = lit.text;
  if (t.includes('PRIVATE KEY') || PROVIDER_PREFIX.test(t) || (t.includes('://') && t.includes('@')) || t.includes('eyJ') || t.includes('jdbc:')) return true;
  if (/(?:password|pwd)\s*=/i.test(t)) return true; // key=value connection strings
  if (lit.dynamic) return false;
  if (/^\s*(?:bearer|basic|token)\s/i.test(t)) return true;
  if (t.length > 256) return classifyValue(t, '', 'secret') !== undefined;
  let worth = WORTH_CACHE.get(t); // the same short strings ('function', 'object', message keys) recur all over a file
  if (worth === undefined) {
    worth = classifyValue(t, '', 'secret') !== undefined || isPassphrase(t.trim());
    if (WORTH_CACHE.size >= 4096) WORTH_CACHE.clear();
    WORTH_CACHE.set(t, worth);
  }
  return worth;
}
const WORTH_CACHE = new Map<string, boolean>();

/** The visitor for literals of one node type (the engine dispatches by type, so it need not be read again). */
function literalVisitor(type: string): Visitor {
  return (node, ctx) => visitLiteral(node, ctx, type);
}

function visitLiteral(node: Node, ctx: RuleContext, type: string): void {
  const python = ctx.language === 'python';
  const lit = readLiteral(node, python, type);
  if (!lit || !lit.text.trim() || !worthASite(lit)) return;
  const parent = node.parent;
  if (python && parent?.type === 'concatenated_string') return; // judged as a whole (JS has no such node)
  const site = siteOf(node, parent);
  if (!site) return;
  const verdict = judge(node, lit, site);
  if (verdict) report(node, site, verdict, ctx);
}

function report(node: Node, site: Site, v: Verdict, ctx: RuleContext): void {
  const where =
    site.name && !site.synthetic ? `\`${site.name}\` ${site.fix === 'fallback' ? 'falls back to' : 'is set to'}` : site.callee ? `\`${site.callee}\` is passed` : 'This string contains';
  const message = secretMessage(where, v.what, v.secret, v.placeholder);
  const fix = envFix(node, site, v, ctx);
  ctx.report(node, {
    message,
    severity: v.severity,
    confidence: v.confidence,
    fixes: fix ? withEnvExample(fix, site.fix === 'fallback' ? site.envVar : fixEnvName(site, v)) : [],
    fingerprintText: `secret:${site.name ?? `${v.what}:${site.callee ?? ''}`}`, // never a hash of the secret itself
  });
}

/** Shows only the shape of a secret: its length and first two characters. */
export function mask(secret: string): string {
  return `${secret.length} characters, starting "${secret.slice(0, 2).replace(/[^\x21-\x7e]/g, '?')}…"`;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixes

/**
 * TypeScript: `process.env.X` is `string | undefined`, so a plain env read does not type-check where a string is
 * needed. This form does, and fails at startup with a clear message when the variable is missing.
 */
export function strictEnvRead(read: string, env: string): string {
  return `${read} ?? (() => { throw new Error('${env} is not set'); })()`;
}

/** Parents where a replacement expression needs no parentheses. */
const NO_PARENS = new Set(['variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'pair', 'public_field_definition', 'field_definition', 'assignment_pattern', 'object_assignment_pattern', 'required_parameter', 'optional_parameter', 'arguments', 'array', 'return_statement', 'jsx_expression']);

function jsReplacement(read: string, env: string, target: Node, language: ParsedLanguage, jsx: boolean): string {
  let text = read;
  if (language === 'typescript' || language === 'tsx') {
    text = strictEnvRead(read, env);
    if (!jsx && !NO_PARENS.has(target.parent?.type ?? '')) text = `(${text})`;
  }
  return jsx ? `{${text}}` : text;
}

/**
 * The env fix, plus the same fix that also adds `NAME=` to the workspace's `.env.example` (created if missing; the
 * editor skips the line when the file already has one). The second is never preferred: not every project keeps one.
 */
function withEnvExample(fix: Fix, env: string | undefined): Fix[] {
  if (!env || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) return [fix];
  return [fix, { title: `${fix.title} and add ${env}= to .env.example`, edits: fix.edits, createOrAppend: envExampleEntry(env) }];
}

function envFix(node: Node, site: Site, v: Verdict, ctx: RuleContext): Fix | undefined {
  if (site.fix === 'fallback' && site.fallback) return fallbackFix(site.fallback, site.envVar ?? '', ctx);
  if (site.fix !== 'literal' || !v.whole) return undefined;
  const env = fixEnvName(site, v);
  if (!env) return undefined;
  if (ctx.language === 'python') {
    return { title: `Read it from the environment (os.environ["${env}"])`, edits: [...pythonImportEdit(ctx, 'os'), replaceNode(node, `os.environ["${env}"]`)], isPreferred: true };
  }
  return { title: `Read it from the environment (process.env.${env})`, edits: [replaceNode(node, jsReplacement(`process.env.${env}`, env, node, ctx.language, !!site.jsx))], isPreferred: true };
}

/** Name words that say nothing about which credential it is: `apiKey`, `token`, `secret`. */
const GENERIC_WORDS = new Set(['api', 'key', 'apikey', 'token', 'secret', 'access', 'auth', 'password', 'private', 'client', 'bearer', 'value', 'credential', 'credentials']);

/**
 * The variable the fix reads: the bound name (`DATABASE_URL`, `JWT_SECRET`), or the provider's usual variable when the
 * name is generic or says nothing (`new OpenAI({ apiKey: 'sk-…' })` → OPENAI_API_KEY, `new Stripe('sk_live_…')`).
 */
function fixEnvName(site: Site, v: Verdict): string | undefined {
  const name = site.judgeAs ?? site.name;
  if (!name) return v.env;
  if (!v.env) return envName(name);
  const words = nameWords(name);
  if (words.every((w) => GENERIC_WORDS.has(w))) return v.env;
  const telling = isSecretName(name) || (words.length >= 2 && /^(?:url|uri|dsn|conn|connection|string|key|token)$/.test(words[words.length - 1]));
  return telling ? envName(name) : v.env;
}

/** Drops the literal default: `process.env.X || 'lit'` → `process.env.X`; `os.getenv("X", "lit")` → `os.environ["X"]`. */
function fallbackFix(expr: Node, env: string, ctx: RuleContext): Fix | undefined {
  if (ctx.language === 'python') {
    const text = pythonEnvRead(expr);
    if (!text) return undefined;
    const edits = text.startsWith('os.') ? [...pythonImportEdit(ctx, 'os'), replaceNode(expr, text)] : [replaceNode(expr, text)];
    return { title: `Require the environment variable (${text})`, edits, isPreferred: true };
  }
  const left = expr.childForFieldName('left');
  if (!left) return undefined;
  const read = left.type === 'binary_expression' ? `(${left.text})` : left.text; // `a || b ?? c` is a syntax error
  const text = ctx.language === 'javascript' ? left.text : jsReplacement(read, env, expr, ctx.language, false);
  return { title: `Require the environment variable (drop the hard-coded fallback)`, edits: [replaceNode(expr, text)], isPreferred: true };
}

/** The strict Python read for an env getter with a default, or for `<env read> or '…'`. */
function pythonEnvRead(expr: Node): string | undefined {
  if (expr.type === 'boolean_operator') {
    const left = unwrap(expr.childForFieldName('left')!);
    return left.type === 'call' ? pythonEnvRead(left) : left.text;
  }
  const callee = dottedName(expr.childForFieldName('function'));
  const args = expr.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  if (!callee || !args.length) return undefined;
  if (['os.getenv', 'getenv', 'os.environ.get', 'environ.get'].includes(callee)) return `os.environ[${args[0].text}]`;
  // decouple / django-environ raise when the variable is missing and no default is given: drop the default only
  const positionalDefault = args.filter((a) => a.type !== 'keyword_argument')[1];
  const isDefault = (a: Node) => (positionalDefault ? a.equals(positionalDefault) : false) || (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default');
  const kept = args.filter((a) => !isDefault(a));
  return `${expr.childForFieldName('function')!.text}(${kept.map((a) => a.text).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------------

export const hardcodedSecret: Rule = {
  id: 'hardcoded-secret',
  title: 'Hard-coded credential',
  cwe: ['CWE-798'],
  severity: 'high',
  confidence: 'medium',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A credential is written into the source: a real-looking value bound to a secret-looking name, a provider key, a private key or a URL with a password.',
  help: `A password, API key or signing secret written into source is readable by everyone who can read the repository,
its history, build logs and every copy of the bundle, and it cannot be rotated without a code change (CWE-798).
Assistants often fill in a working value "for now"; that value then ships.

Reported:
- a real-looking value bound to a secret-looking name (\`JWT_SECRET\`, \`password:\`, \`app.config["SECRET_KEY"]\`, a parameter default),
  also as an env-var fallback (\`process.env.JWT_SECRET || '…'\`, \`os.getenv("API_KEY", "…")\`);
- whatever the name: well-known provider keys (Stripe, OpenAI, Anthropic, GitHub, Slack, AWS, Google, …) and PEM private
  keys (**critical**), connection strings with an inline password (\`postgres://app:…@db/app\`, \`host=db password=…\`, JDBC
  \`password=…\`), signed JSON Web Tokens and literal \`Bearer\`/\`Basic\` credentials (**high**);
- placeholders such as \`changeme\` or \`<YOUR_API_KEY>\` at **low** severity, as a reminder of where the real value must come from.

**Text files.** Files Vetted does not parse are scanned for the same things line by line: \`.env\` files, YAML (Compose,
Kubernetes, GitHub workflows), JSON, TOML, INI / \`.cfg\` / \`.properties\`, \`.npmrc\`, shell scripts, Dockerfiles, Terraform,
Go, Java, Kotlin, C#, PHP, Ruby and Markdown. \`KEY=value\`, \`key: value\`, \`"key": "value"\` and \`key = "value"\` lines with a
secret-looking name are judged as above; provider keys, PEM private keys, signed JSON Web Tokens (not the jwt.io sample,
not public Supabase \`anon\` keys) and connection strings with a password (\`postgres://user:…@host\`, \`mongodb+srv://\`,
\`redis://:…@\`, JDBC \`password=\`, ADO.NET \`Password=\`) are recognised anywhere. References are not secrets:
\`\${VAR}\`, \`$VAR\`, \`\${{ secrets.X }}\`, \`{{ .Values.x }}\`. Templates (\`.env.example\`, \`*.sample\`, \`*.template\`) and
Markdown hold placeholders by design: placeholders there are not reported (and Markdown examples are judged by format
only: provider keys, private keys, tokens, URLs with a password). A live \`.env\` is where values belong, as long as
it is never committed: only recognisable credentials (provider keys, private keys, tokens, URLs with a password) are
reported there, at **medium**, with a reminder to keep the file in \`.gitignore\` and list the name in \`.env.example\`.
Lock files (\`package-lock.json\`, \`yarn.lock\`, \`poetry.lock\`, …), binaries and minified files are not read. Suppress with a
comment in the file's syntax (\`# vetted-ignore hardcoded-secret -- reason\`); JSON has no comments.

Values that only name a key, field, header, selector or event (\`ACCESS_TOKEN = 'access_token'\`, \`csrfToken: 'X-CSRF-Token'\`),
enumeration values (\`credentials: 'include'\`), algorithm names, labels, paths, empty strings and env-var names are not reported.

**Fix:** read the value from the environment or a secret manager (\`process.env.JWT_SECRET\`, \`os.environ["JWT_SECRET"]\`),
fail fast when it is missing, and rotate the value that was committed. In TypeScript the quick fix writes
\`process.env.JWT_SECRET ?? (() => { throw new Error('JWT_SECRET is not set'); })()\`, which is a \`string\` and fails at startup.
A second quick fix does the same and adds \`JWT_SECRET=\` (never the value) to the workspace's \`.env.example\`, creating it
if needed. In Compose files the fix writes \`\${NAME}\`, in GitHub workflows \`\${{ secrets.NAME }}\`; in a \`.env\` it offers
to add \`NAME=\` to the \`.env.example\` next to it.

Vulnerable:
\`\`\`js
const JWT_SECRET = 'hunter2-super-secret';
\`\`\`
Safe:
\`\`\`js
const JWT_SECRET = process.env.JWT_SECRET;
\`\`\`

Vetted never repeats the value itself in messages or reports.`,
  visitors: jsAndPython(
    { string: literalVisitor('string'), template_string: literalVisitor('template_string') },
    { string: literalVisitor('string'), concatenated_string: literalVisitor('concatenated_string') },
  ),
};
