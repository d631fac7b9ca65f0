import type { Node } from 'web-tree-sitter';
import type { Fix, ParsedLanguage } from '../types';
import type { Rule, RuleContext } from './api';
import { pythonImportEdit, replaceNode } from './api';

/** Last words of a name that make it a secret: `dbPassword`, `JWT_SECRET`, `accessToken`. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey']);
/** `key` alone is too common (`sortKey`); it counts after one of these words. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'client', 'app', 'auth', 'session', 'jwt', 'hmac', 'license', 'subscription']);
/** Secret-looking first words that, followed by these last words, name something else (`tokenUrl`, `passwordField`). */
const NON_SECRET_LAST = new Set(['url', 'uri', 'endpoint', 'path', 'file', 'name', 'type', 'field', 'label', 'header', 'prompt', 'message', 'msg', 'error', 'regex', 'pattern', 'length', 'len', 'min', 'max', 'count', 'id', 'hash', 'hashed', 'policy', 'rule', 'rules', 'placeholder', 'hint', 'env', 'var', 'expiry', 'expires', 'ttl', 'timeout', 'route', 'key_name', 'input', 'param', 'query']);

const PLACEHOLDER = /^(?:x+|\*+|\.+|-+|_+|changeme|change[-_ ]?me|change[-_ ]?this|todo|tbd|fixme|placeholder|example|sample|dummy|test|testing|password|secret|token|null|none|nil|undefined|empty|redacted|hidden|\*{3,}.*)$|your[-_ ]|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|xxxx|replace[-_ ]?(me|with|this)|example|placeholder|^%[sd]$/i;

/** Splits a name into lower-case words: `stripeSecretKey` → [stripe, secret, key], `DB_PASSWORD` → [db, password]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (!words.length) return false;
  const last = words[words.length - 1];
  if (NON_SECRET_LAST.has(last)) return false;
  if (SECRET_WORDS.has(last)) return true;
  if (last === 'key' && words.length >= 2 && KEY_QUALIFIERS.has(words[words.length - 2])) return true;
  if (last === 'pass' && words.length >= 2) return true; // DB_PASS, smtpPass
  return false;
}

/** Whether a literal string value plausibly is a real credential (not a label, a placeholder or an env var name). */
export function looksLikeSecretValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 6 || v.length > 4096) return false;
  if (/\s/.test(v)) return false; // sentences, labels, messages
  if (PLACEHOLDER.test(v)) return false;
  if (/^(.)\1+$/.test(v)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(v)) return false; // an environment variable's name
  if (/^(?:\.{0,2}\/|~\/|[a-z]:\\)/i.test(v) || /\.(pem|key|crt|json|txt|env|ya?ml|p12|pfx)$/i.test(v)) return false; // a path
  if (/^https?:\/\/[^:@/]+(?:[/:?#]|$)/i.test(v) && !/:\/\/[^/]*:[^/]*@/.test(v)) return false; // a URL without credentials
  if (/^(?:bearer|basic)$/i.test(v)) return false;
  return true;
}

export const hardcodedSecret: Rule = {
  id: 'hardcoded-secret',
  title: 'Hard-coded credential',
  cwe: ['CWE-798'],
  severity: 'high',
  confidence: 'medium',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A string literal that looks like a real credential is assigned to a secret-looking name.',
  help: `A password, API key or signing secret written into source is readable by everyone who can read the repository,
its history, build logs and every copy of the bundle, and it cannot be rotated without a code change (CWE-798).
Assistants often fill in a working value "for now"; that value then ships.

**Fix:** read the value from the environment or a secret manager (\`process.env.JWT_SECRET\`, \`os.environ["JWT_SECRET"]\`),
fail fast when it is missing, and rotate the value that was committed.

Vulnerable:
\`\`\`js
const JWT_SECRET = 'hunter2-super-secret';
\`\`\`
Safe:
\`\`\`js
const JWT_SECRET = process.env.JWT_SECRET;
\`\`\`

Vetted never repeats the value itself in messages or reports.`,
  visitors: {
    javascript: { variable_declarator: checkJsBinding, assignment_expression: checkJsBinding, pair: checkJsBinding, public_field_definition: checkJsBinding, field_definition: checkJsBinding },
    typescript: { variable_declarator: checkJsBinding, assignment_expression: checkJsBinding, pair: checkJsBinding, public_field_definition: checkJsBinding },
    tsx: { variable_declarator: checkJsBinding, assignment_expression: checkJsBinding, pair: checkJsBinding, public_field_definition: checkJsBinding },
    python: { assignment: checkPyBinding, keyword_argument: checkPyBinding, pair: checkPyBinding },
  },
};

function nameOf(node: Node | null): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
    case 'property_identifier':
    case 'private_property_identifier':
      return node.text.replace(/^#/, '');
    case 'member_expression':
      return node.childForFieldName('property')?.text;
    case 'attribute':
      return node.childForFieldName('attribute')?.text;
    case 'string': {
      const inner = node.text.replace(/^[rbuRBU]*(['"`]{1,3})([\s\S]*)\1$/, '$2');
      return /^[\w.-]+$/.test(inner) ? inner : undefined;
    }
    default:
      return undefined;
  }
}

/** The literal text of a plain string node, or undefined for anything else (templates with substitutions, f-strings, concatenations). */
function literalValue(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') {
    if (node.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'escape_sequence')) return undefined;
    const m = /^[rRuU]?(['"]{1,3}|`)([\s\S]*)\1$/.exec(node.text);
    return m ? m[2] : undefined;
  }
  if (node.type === 'template_string' && node.namedChildren.every((c) => c?.type === 'string_fragment')) return node.text.slice(1, -1);
  return undefined;
}

function checkJsBinding(node: Node, ctx: RuleContext): void {
  let nameNode: Node | null;
  let value: Node | null;
  switch (node.type) {
    case 'variable_declarator':
      nameNode = node.childForFieldName('name');
      value = node.childForFieldName('value');
      break;
    case 'assignment_expression':
      nameNode = node.childForFieldName('left');
      value = node.childForFieldName('right');
      break;
    case 'pair':
      nameNode = node.childForFieldName('key');
      value = node.childForFieldName('value');
      break;
    default: // class fields
      nameNode = node.childForFieldName('name') ?? node.childForFieldName('property');
      value = node.childForFieldName('value');
  }
  report(nameOf(nameNode), value, ctx);
}

function checkPyBinding(node: Node, ctx: RuleContext): void {
  const nameNode = node.childForFieldName(node.type === 'assignment' ? 'left' : node.type === 'pair' ? 'key' : 'name');
  const value = node.childForFieldName(node.type === 'assignment' ? 'right' : 'value');
  report(nameOf(nameNode), value, ctx);
}

function report(name: string | undefined, value: Node | null, ctx: RuleContext): void {
  if (!name || !value || !isSecretName(name)) return;
  const literal = literalValue(value);
  if (literal === undefined || !looksLikeSecretValue(literal)) return;
  ctx.report(value, {
    message: `\`${name}\` is set to a hard-coded credential (${mask(literal)}): anyone with the source can use it, and it cannot be rotated without a release (CWE-798). Read it from the environment or a secret manager.`,
    fixes: [envFix(name, value, ctx.language, ctx)],
    fingerprintText: `secret:${name}`, // never a hash of the secret itself
  });
}

/** Shows only the shape of a secret: its length and first two characters. */
export function mask(secret: string): string {
  return `${secret.length} characters, starting "${secret.slice(0, 2)}…"`;
}

export function envName(name: string): string {
  return nameWords(name).join('_').toUpperCase();
}

function envFix(name: string, value: Node, language: ParsedLanguage, ctx: RuleContext): Fix {
  const env = envName(name);
  if (language === 'python') {
    return { title: `Read it from the environment (os.environ["${env}"])`, edits: [...pythonImportEdit(ctx, 'os'), replaceNode(value, `os.environ["${env}"]`)], isPreferred: true };
  }
  return { title: `Read it from the environment (process.env.${env})`, edits: [replaceNode(value, `process.env.${env}`)], isPreferred: true };
}
