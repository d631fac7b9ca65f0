import type { TextKind } from '../languages';
import type { Confidence, Fix, Range, Severity } from '../types';
import type { Match } from './secrets';
import { classifyValue, envExampleEntry, envName, findAuthorizationValue, findJdbcPassword, findJwt, findKeyValuePassword, findPrivateKey, findProviderKey, findUrlPassword, isPlaceholder, isSecretName as isSecretWordName, mask, nameWords, secretMessage } from './secrets';

/*
 * hardcoded-secret in files Vetted does not parse: `.env`, YAML, JSON, TOML, INI, shell, Dockerfiles, Terraform, Go,
 * Java, Kotlin, C#, PHP, Ruby and Markdown. The same judgement as in parsed code (provider key formats, PEM private
 * keys, URLs with a password, secret-looking names, placeholders: all from secrets.ts), applied line by line to
 * `KEY=value`, `key: value`, `"key": "value"` and `key = "value"` assignments. References to a value kept elsewhere
 * (`${VAR}`, `$VAR`, `${{ secrets.X }}`, `{{ .Values.x }}`) are not secrets at all. The value is never echoed.
 */

export interface TextSecret {
  readonly range: Range;
  readonly message: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** Identifies the finding for its fingerprint: the name or what was found, never the value. */
  readonly fingerprintText: string;
  readonly fixes: readonly Fix[];
}

/** How each kind writes a value without quotes: to the end of the line (`.env`, YAML), one word (shell), or never a literal (code, TOML, JSON). */
type Unquoted = 'rest' | 'word' | 'none';

function unquotedMode(kind: TextKind): Unquoted {
  switch (kind) {
    case 'env':
    case 'yaml':
    case 'ini':
    case 'properties':
      return 'rest';
    case 'shell':
    case 'dockerfile':
    case 'markdown':
      return 'word';
    default:
      return 'none';
  }
}

/** Files that hold placeholders by design: `.env.example`, `config.sample.yml`, `settings.json.template`, `.env.dist`. */
export function isTemplatePath(path: string | undefined): boolean {
  const name = (path ?? '').replace(/\\/g, '/').split('/').pop() ?? '';
  return /(?:^|[._-])(?:example|examples|sample|samples|template|templates|tmpl|tpl|dist|defaults?|skel)(?:[._-]|$)/i.test(name);
}

/**
 * A `name <sep> value` pair: a bare, dotted or quoted name; `=`, `:`, `:=` or `=>` (not `==`, `=~`, `>=`); a quoted
 * value or one bare word. Alternatives are disjoint and bounded, so matching stays linear.
 */
const ASSIGNMENT = /(?:"([^"\n]{1,80})"|'([^'\n]{1,80})'|(?<![\w.$@-])([A-Za-z_$@][\w.$@-]{0,79}))[ \t]*(?::=|=>|[:=](?![=>~]))[ \t]*(?:"((?:[^"\\\n]|\\.){0,4096})"|'([^'\n]{0,4096})'|`([^`\n]{0,4096})`|([^\s"'`,;{}[\]()<>|&]+))/g;

interface Assignment {
  readonly name: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

/** Values that say "no value" (YAML nulls and booleans) or are a level (`--rule hardcoded-secret=critical`). */
const NO_VALUE = new Set(['null', '~', 'none', 'nil', 'true', 'false', 'yes', 'no', 'on', 'off', 'critical', 'high', 'medium', 'low', 'error', 'warn', 'warning', 'info', 'debug']);
/** Package versions and ranges (`"@secretlint/secretlint-rule-privatekey": "^10.2.2"`) and package-manager specifiers. */
const VERSION = /^(?:[~^<>=v]{0,3}\d+(?:\.(?:\d+|x|\*)){0,3}(?:[-+][0-9A-Za-z.-]{1,40})?|(?:workspace|npm|file|link|catalog|portal|patch):\S*)$/;
/** Interpolations anywhere in a value: shell, Compose, GitHub Actions, Helm/Go/Jinja templates, ERB, HCL, Ruby, Spring. */
const INTERPOLATION = /\$\{|\$\(|\$[A-Za-z_]|\{\{|\{%|<%|%\{|#\{|@\{/;

function assignments(line: string, mode: Unquoted): Assignment[] {
  const out: Assignment[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(line); m; m = ASSIGNMENT.exec(line)) {
    const name = m[1] ?? m[2] ?? m[3];
    const quotedValue = m[4] ?? m[5] ?? m[6];
    if (quotedValue !== undefined) {
      const end = m.index + m[0].length - 1;
      const start = end - quotedValue.length;
      out.push({ name, value: m[4] !== undefined ? quotedValue.replace(/\\(.)/g, '$1') : quotedValue, start, end, quoted: true });
      continue;
    }
    if (mode === 'none') continue;
    const start = m.index + m[0].length - m[7].length;
    let end = m.index + m[0].length;
    if (mode === 'rest') {
      const comment = line.slice(start).search(/[ \t]#/); // `KEY=value # note`, `key: value # note`
      end = comment === -1 ? line.length : start + comment;
      while (end > start && /\s/.test(line[end - 1])) end--;
      ASSIGNMENT.lastIndex = Math.max(ASSIGNMENT.lastIndex, end);
    }
    out.push({ name, value: line.slice(start, end), start, end, quoted: false });
  }
  return out;
}

/** Environment variables that client tools read as a password although their names are one word: `PGPASSWORD=… psql`. */
const PASSWORD_ENV_VARS = new Set(['PGPASSWORD', 'REDISCLI_AUTH', 'SSHPASS', 'MYSQL_PWD', 'PGPASS', 'RCLONE_CONFIG_PASS', 'ANSIBLE_BECOME_PASS']);

function isSecretName(name: string): boolean {
  return isSecretWordName(name) || PASSWORD_ENV_VARS.has(name.replace(/^[$@]+/, ''));
}

/**
 * A machine-generated secret value: 32+ hex digits, or 32+ base64 / base64url characters mixing upper case, lower
 * case and digits with many distinct characters (`openssl rand -hex 16`, an AWS secret access key). Words, UUIDs,
 * paths and placeholders are not. Both character-class tests are anchored single loops (linear).
 */
export function isGeneratedSecret(value: string): boolean {
  if (value.length < 32 || value.length > 1024 || isPlaceholder(value)) return false;
  if (/^[0-9a-f]+$/i.test(value)) return /[0-9]/.test(value) && /[a-f]/i.test(value) && new Set(value.toLowerCase()).size >= 10;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return false;
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value) && new Set(value).size >= 16;
}

/**
 * Command-line options that take a password: `--password=…`, `--password …`, Redis `--requirepass …` /
 * `--masterauth …`, also as JSON-array items (`"--requirepass", "…"`). `--password-stdin` is not one (no value
 * follows the name). Alternatives are disjoint and bounded, so matching stays linear.
 */
const PASSWORD_OPTION = /(?:^|[\s"'[,])--(?:password|passwd|requirepass|masterauth|db-password|admin-password|root-password)(?:=|[ \t]+|["'][ \t]*,[ \t]*)(?:"([^"\n]{1,256})"|'([^'\n]{1,256})'|([^\s"'`,;|&\]]{1,256}))/g;
/** MySQL / MariaDB clients take the password glued to `-p` (`mysql -u root -pS3cret`); `-p` alone prompts for it. */
const MYSQL_CLIENT = /(?:^|[\s"'[,/])(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump|mariadb-admin)(?=["'\s])/;
const GLUED_P = /(?:^|[\s"'[,])-p(?:"([^"\n]{1,256})"|'([^'\n]{1,256})'|([^\s"'`,;|&\]]{1,256}))/g;

/** Passwords written on a command line in a script, Dockerfile or Compose file: visible in `ps`, shell history and the repository. */
function commandLinePasswords(line: string): Match[] {
  const out: Match[] = [];
  const take = (m: RegExpExecArray) => {
    const value = m[1] ?? m[2] ?? m[3];
    if (!value || /^[-$%{<[*]/.test(value) || INTERPOLATION.test(value) || isPlaceholder(value)) return;
    if (classifyValue(value, 'password', 'secret') !== 'credential') return;
    const start = m.index + m[0].length - value.length - (m[3] === undefined ? 1 : 0);
    out.push({ label: 'password on a command line', secret: value, start, end: start + value.length });
  };
  if (line.includes('--')) {
    PASSWORD_OPTION.lastIndex = 0;
    for (let m = PASSWORD_OPTION.exec(line); m; m = PASSWORD_OPTION.exec(line)) take(m);
  }
  const client = MYSQL_CLIENT.exec(line);
  if (client) {
    const rest = line.slice(client.index + client[0].length);
    GLUED_P.lastIndex = 0;
    for (let m = GLUED_P.exec(rest); m; m = GLUED_P.exec(rest)) {
      const before = out.length;
      take(m);
      for (let k = before; k < out.length; k++) {
        const shift = client.index + client[0].length;
        out[k] = { ...out[k], start: out[k].start + shift, end: out[k].end + shift };
      }
    }
  }
  return out;
}

interface Hit {
  readonly match: Match;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly placeholder?: boolean;
}

/** Recognised whatever the name: provider keys, JWTs, URLs and JDBC/libpq strings with a password, Authorization values. */
function formatHits(line: string): Hit[] {
  const hits: Hit[] = [];
  for (let from = 0; from < line.length; ) {
    const m = findProviderKey(line.slice(from));
    if (!m) break;
    hits.push({ match: { ...m, start: m.start + from, end: m.end + from }, severity: 'critical', confidence: 'high' });
    from += m.end;
  }
  for (let m = findJwt(line); m; m = findJwt(line, m.end)) {
    hits.push({ match: m, severity: m.label.startsWith('service-role') ? 'critical' : 'high', confidence: 'medium' });
  }
  const url = findUrlPassword(line);
  if (url) hits.push({ match: url, severity: 'high', confidence: 'high' });
  const jdbc = url ? undefined : findJdbcPassword(line);
  if (jdbc) hits.push({ match: jdbc, severity: 'high', confidence: 'high' });
  const kv = url || jdbc ? undefined : findKeyValuePassword(line);
  if (kv) {
    const at = line.search(/(?:password|passwd|pwd)\s*=/i);
    const start = at === -1 ? 0 : line.indexOf(kv.secret, at);
    hits.push({ match: { ...kv, start, end: start + kv.secret.length }, severity: 'high', confidence: 'high' });
  }
  const auth = /\bAuthorization["']?[ \t]*[:=][ \t]*["']?((?:Bearer|Basic|Token)[ \t]+[A-Za-z0-9._~+/=-]{8,512})/i.exec(line);
  const authMatch = auth ? findAuthorizationValue(auth[1]) : undefined;
  if (auth && authMatch) {
    const start = auth.index + auth[0].length - auth[1].length;
    hits.push({ match: { ...authMatch, start, end: start + auth[1].length }, severity: 'high', confidence: 'medium' });
  }
  return hits.filter((h, i) => !hits.some((o, j) => j < i && overlaps(o.match, h.match)));
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export interface TextScanOptions {
  readonly kind: TextKind;
  /** File path or name, to tell templates (`.env.example`) and live `.env` files apart and to pick fixes. */
  readonly path?: string;
}

/** Scans a text document for credentials. Never throws on odd input; lines are bounded by the engine's precheck. */
export function scanTextSecrets(text: string, options: TextScanOptions): TextSecret[] {
  const { kind } = options;
  const template = isTemplatePath(options.path) || kind === 'markdown'; // docs show placeholders by design
  const liveEnv = kind === 'env' && !template;
  const mode = unquotedMode(kind);
  const lines = text.split('\n');
  const out: TextSecret[] = [];
  const skipLines = new Set<number>();

  // PEM private keys span lines; report each once, at its header, and leave its body alone.
  if (text.includes('PRIVATE KEY')) {
    for (let at = text.indexOf('-----BEGIN'); at !== -1; at = text.indexOf('-----BEGIN', at + 10)) {
      const chunk = text.slice(at, at + 16384).replace(/\\r\\n|\\n|\\r/g, '\n'); // JSON / quoted .env values write newlines as \n
      const pem = findPrivateKey(chunk);
      if (!pem || pem.start !== 0) continue;
      const line = lineOf(text, at);
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const headerEnd = text.indexOf('-----', at + 10);
      const endCol = (headerEnd === -1 ? at + 10 : headerEnd + 5) - lineStart;
      const name = assignments(lines[line].replace(/\r$/, ''), mode).find((a) => a.start <= at - lineStart && at - lineStart <= a.end)?.name;
      const verdict: Hit = { match: pem, severity: liveEnv ? 'medium' : 'critical', confidence: 'high' };
      out.push(build({ line, start: at - lineStart, end: endCol }, name, verdict, options, liveEnv, 'none')); // the block spans lines: no in-place fix
      const close = text.indexOf('-----END', at);
      const last = close === -1 ? line : lineOf(text, close);
      for (let l = line; l <= last; l++) skipLines.add(l);
      if (close !== -1) at = close;
    }
  }

  for (let i = 0; i < lines.length; i++) {
    if (skipLines.has(i)) continue;
    const line = lines[i].replace(/\r$/, '');
    if (line.length < 8 || line.length > 8192) continue;
    const pairs = assignments(line, mode);
    const taken: Array<{ start: number; end: number }> = [];
    for (const hit of formatHits(line)) {
      const pair = pairs.find((p) => overlaps(p, hit.match));
      const whole = !!pair && pair.start === hit.match.start && pair.end === hit.match.end;
      const name = pair && (isSecretName(pair.name) || whole) ? pair.name : undefined;
      const severity: Severity = liveEnv ? 'medium' : hit.severity;
      out.push(build({ line: i, start: hit.match.start, end: hit.match.end }, name, { ...hit, severity }, options, liveEnv, whole ? 'value' : 'none'));
      taken.push(hit.match);
    }
    if (kind === 'shell' || kind === 'dockerfile' || kind === 'yaml') {
      for (const m of commandLinePasswords(line)) {
        if (taken.some((t) => overlaps(t, m))) continue;
        out.push(build({ line: i, start: m.start, end: m.end }, undefined, { match: m, severity: 'high', confidence: 'medium' }, options, liveEnv, 'none'));
        taken.push(m);
      }
    }
    if (liveEnv) {
      // A .env holds values for secret names by design, but a generated key bound to one (`JWT_SECRET=<32 hex>`) is live.
      for (const p of pairs) {
        if (taken.some((t) => overlaps(t, p)) || !isSecretName(p.name) || INTERPOLATION.test(p.value) || !isGeneratedSecret(p.value.trim())) continue;
        const match: Match = { label: 'generated secret', secret: p.value.trim(), start: p.start, end: p.end };
        out.push(build({ line: i, start: p.start, end: p.end }, p.name, { match, severity: 'medium', confidence: 'medium' }, options, liveEnv, 'value'));
        taken.push(match);
      }
    }
    // A .env file exists to hold values for secret-looking names, and Markdown shows examples (`const secret = 'shhhhhh'`):
    // in both only recognisable credentials are worth a word.
    if (liveEnv || kind === 'markdown') continue;
    const listName = kind === 'yaml' ? yamlListName(lines, i) : undefined;
    for (const pair of pairs) {
      // Kubernetes / ECS env lists: `- name: DB_PASSWORD` then `value: "…"` on the next line
      const p = pair.name === 'value' && listName ? { ...pair, name: listName } : pair;
      if (taken.some((t) => overlaps(t, p)) || !isSecretName(p.name)) continue;
      const value = p.value.trim();
      if (!value || NO_VALUE.has(value.toLowerCase()) || INTERPOLATION.test(value) || VERSION.test(value)) continue;
      if (!p.quoted && /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+$/.test(value) && mode !== 'rest') continue; // `var.db_password`
      const judged = classifyValue(value, p.name);
      if (!judged || (judged === 'placeholder' && template)) continue;
      const hit: Hit =
        judged === 'placeholder'
          ? { match: { label: 'placeholder credential', secret: value, start: p.start, end: p.end }, severity: 'low', confidence: 'low', placeholder: true }
          : { match: { label: 'credential', secret: value, start: p.start, end: p.end }, severity: 'high', confidence: 'medium' };
      out.push(build({ line: i, start: p.start, end: p.end }, p.name, hit, options, liveEnv, 'value'));
    }
  }
  return out;
}

/** The `name:` of the list item a YAML `value:` line belongs to (the line above, or the same `- name: …, value: …`). */
function yamlListName(lines: readonly string[], i: number): string | undefined {
  if (!/^\s*-?\s*value\s*:/.test(lines[i])) return undefined;
  for (let l = i - 1; l >= 0 && l >= i - 4; l--) {
    const above = lines[l].replace(/\r$/, '');
    if (/^\s*(?:#|$)/.test(above)) continue; // comments and blank lines in between
    return /^\s*-\s*name\s*:\s*["']?([\w.-]{1,80})["']?\s*$/.exec(above)?.[1];
  }
  return undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function build(at: { line: number; start: number; end: number }, name: string | undefined, hit: Hit, options: TextScanOptions, liveEnv: boolean, replace: 'value' | 'none'): TextSecret {
  const { match } = hit;
  const env = name ? envName(name.replace(/^[$@:]+/, '')) : match.env;
  const display = name?.replace(/`/g, "'");
  let message: string;
  if (liveEnv) {
    message = `${display ? `\`${display}\` in this .env file holds` : 'This .env file holds'} a live ${match.label} (${mask(match.secret)}). That is the right place for it only if the file is never committed: make sure .gitignore lists it, commit a .env.example with \`${env ?? 'NAME'}=\` instead, and rotate the value if it was ever pushed (CWE-798).`;
  } else {
    const where = display ? `\`${display}\` is set to` : 'This line contains';
    message = secretMessage(where, match.label, match.secret, !!hit.placeholder);
  }
  const range: Range = { start: { line: at.line, character: at.start }, end: { line: at.line, character: at.end } };
  return {
    range,
    message,
    severity: hit.severity,
    confidence: hit.confidence,
    fingerprintText: `secret:${name ?? match.label}`,
    fixes: fixesFor(range, env, options, liveEnv, replace === 'value' && !hit.placeholder),
  };
}

/** Whether a name is fit for an environment variable and a `.env.example` line. */
function usableEnv(env: string | undefined): env is string {
  return !!env && /^[A-Z_][A-Z0-9_]*$/.test(env) && nameWords(env).length > 0;
}

/**
 * In a live `.env`: record `NAME=` in the `.env.example` next to it. In a Compose file: `${NAME}` (Compose reads it
 * from the environment or the `.env` beside it) plus the `.env.example` line. In a GitHub workflow: `${{ secrets.NAME }}`.
 */
function fixesFor(range: Range, env: string | undefined, options: TextScanOptions, liveEnv: boolean, replaceable: boolean): Fix[] {
  if (!usableEnv(env)) return [];
  if (liveEnv) return [{ title: `Add ${env}= (without the value) to .env.example`, edits: [], createOrAppend: envExampleEntry(env, 'document') }];
  if (!replaceable || options.kind !== 'yaml') return [];
  const path = (options.path ?? '').replace(/\\/g, '/');
  const name = path.split('/').pop() ?? '';
  if (/(?:^|\/)\.github\/workflows\//.test(path)) {
    return [{ title: `Use a repository secret (\${{ secrets.${env} }}); add ${env} under Settings → Secrets`, edits: [{ range, newText: `\${{ secrets.${env} }}` }], isPreferred: true }];
  }
  if (/compose/i.test(name)) {
    return [
      { title: `Read it from the environment (\${${env}}) and add ${env}= to .env.example`, edits: [{ range, newText: `\${${env}}` }], isPreferred: true, createOrAppend: envExampleEntry(env, 'document') },
    ];
  }
  return [];
}
