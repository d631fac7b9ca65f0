// The labelled evaluation corpus (test/corpus/): file listing, label parsing and fake-secret expansion.
// Shared by scripts/eval.ts (npm run eval) and test/unit/corpus.test.ts. Format: test/corpus/README.md.
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { languageFromPath } from '../src/core/languages';

/** Rule ids the corpus may label: shipped rules and the ones being written. A label naming anything else is a typo. */
export const CORPUS_RULES: readonly string[] = [
  'sql-injection',
  'code-injection',
  'xss-html-sink',
  'hardcoded-secret',
  'command-injection',
  'tls-verification-disabled',
  'cors-wildcard',
  'jwt-weak-verification',
  'insecure-cookie',
  'debug-mode-enabled',
  'unsafe-deserialization',
  'xml-external-entities',
  'weak-hash',
  'insecure-random',
  'weak-cipher',
  'error-details-leak',
  'nosql-injection',
  'path-traversal',
  'ssrf',
  'open-redirect',
  'xss-template',
  'sensitive-logging',
  'prototype-pollution',
  'regex-injection',
  'missing-rate-limit',
  'missing-security-headers',
];

export type LabelKind = 'vuln' | 'safe';

export interface Label {
  readonly kind: LabelKind;
  readonly rule: string;
  /** 0-based line the label points at (the first line after the label block that is not itself a label). */
  readonly line: number;
  /** 0-based line of the label itself (or of the sidecar entry). */
  readonly labelLine: number;
}

export interface CorpusFile {
  /** Path relative to the corpus root, with forward slashes. */
  readonly rel: string;
  readonly abs: string;
  /** The text as analysed: fake-secret placeholders expanded (line structure unchanged). */
  readonly text: string;
  readonly labels: readonly Label[];
  /** Malformed labels: unknown kind or rule, a label pointing at nothing or at a comment, a contradiction. */
  readonly problems: readonly string[];
}

const LABEL = /vetted-eval:/;
const LABEL_FULL = /vetted-eval:\s*(\S+)\s+(\S+)/;
/** A line holding nothing but a comment (any of the comment styles used in the corpus). */
const COMMENT_ONLY = /^\s*(?:\/\/|#|\/\*|\*|<!--|\{\s*\/\*)/;

/** Every corpus file (README.md and `.labels` sidecars excluded), sorted. */
export function corpusFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (!name.endsWith('.labels') && !(dir === root && name === 'README.md')) out.push(abs);
    }
  };
  walk(root);
  return out;
}

export function loadCorpusFile(root: string, abs: string): CorpusFile {
  const rel = path.relative(root, abs).split(path.sep).join('/');
  const text = expandFakes(readFileSync(abs, 'utf8'));
  let sidecar: string | undefined;
  try {
    sidecar = readFileSync(`${abs}.labels`, 'utf8');
  } catch {
    sidecar = undefined;
  }
  const { labels, problems } = parseLabels(text, sidecar, languageFromPath(rel) !== undefined);
  return { rel, abs, text, labels, problems };
}

export function loadCorpus(root: string): CorpusFile[] {
  return corpusFiles(root).map((abs) => loadCorpusFile(root, abs));
}

/**
 * Labels of one file. In-file: a comment line containing `vetted-eval: vuln|safe <rule-id>` labels the next line that
 * is not a label (several labels may be stacked). Sidecar (`<file>.labels`, for formats without comments such as
 * JSON): one `<1-based line> vuln|safe <rule-id>` per line, `#` comments allowed.
 */
export function parseLabels(text: string, sidecar?: string, isCode = true): { labels: Label[]; problems: string[] } {
  const lines = text.split('\n');
  const labels: Label[] = [];
  const problems: string[] = [];
  const add = (kind: string, rule: string, line: number, labelLine: number) => {
    const where = `line ${labelLine + 1}`;
    if (kind !== 'vuln' && kind !== 'safe') return problems.push(`${where}: unknown label kind "${kind}" (vuln or safe)`);
    if (!CORPUS_RULES.includes(rule)) return problems.push(`${where}: unknown rule id "${rule}"`);
    if (line >= lines.length) return problems.push(`${where}: label points past the end of the file`);
    const target = lines[line];
    if (!target.trim()) return problems.push(`${where}: label points at a blank line`);
    labels.push({ kind, rule, line, labelLine });
    return undefined;
  };
  let pending: Array<{ kind: string; rule: string; labelLine: number }> = [];
  lines.forEach((line, i) => {
    if (LABEL.test(line)) {
      const m = LABEL_FULL.exec(line);
      if (!m) problems.push(`line ${i + 1}: malformed label (expected "vetted-eval: vuln|safe <rule-id>")`);
      else if (!COMMENT_ONLY.test(line)) problems.push(`line ${i + 1}: a label must be on a line of its own (a comment)`);
      else pending.push({ kind: m[1], rule: m[2].replace(/(?:-->|\*\/\s*\}?)$/, ''), labelLine: i });
      return;
    }
    if (!pending.length) return;
    for (const p of pending) add(p.kind, p.rule, i, p.labelLine);
    pending = [];
  });
  for (const p of pending) problems.push(`line ${p.labelLine + 1}: label points at nothing (end of file)`);
  if (sidecar !== undefined) {
    sidecar.split('\n').forEach((raw, i) => {
      const entry = raw.replace(/#.*$/, '').trim();
      if (!entry) return;
      const m = /^(\d+)\s+(\S+)\s+(\S+)$/.exec(entry);
      if (!m) return problems.push(`sidecar line ${i + 1}: expected "<line> vuln|safe <rule-id>"`);
      add(m[2], m[3], Number(m[1]) - 1, Number(m[1]) - 1);
      return undefined;
    });
  }
  // In code files a label must point at code. (In plain-text formats a `#` line may itself be the content.)
  if (isCode) {
    for (const l of labels) {
      if (COMMENT_ONLY.test(lines[l.line] ?? '')) problems.push(`line ${l.labelLine + 1}: label points at a comment line, not code`);
    }
  }
  const seen = new Map<string, LabelKind>();
  for (const l of labels) {
    const key = `${l.line}:${l.rule}`;
    const before = seen.get(key);
    if (before && before !== l.kind) problems.push(`line ${l.line + 1}: labelled both vuln and safe for ${l.rule}`);
    else if (before) problems.push(`line ${l.line + 1}: duplicate ${l.kind} label for ${l.rule}`);
    seen.set(key, l.kind);
  }
  return { labels, problems };
}

/**
 * Fake provider credentials. The corpus holds `__VETTED_FAKE_<KIND>__` instead of literal keys in formats that secret
 * scanners and push protection block (Stripe live keys, GitHub tokens, AWS secret keys, ...); they are expanded to a
 * value of the real shape (random characters, never a working key, no valid checksum) before analysis. Each kind
 * expands on one line, so line numbers do not move. Deterministic: the n-th placeholder always gets the same value.
 */
export const FAKE_KINDS: Readonly<Record<string, (r: () => string) => string>> = {
  STRIPE_LIVE: (r) => `${'sk'}_live_${r().slice(0, 24)}${r().slice(0, 75)}`,
  STRIPE_RESTRICTED: (r) => `${'rk'}_live_${r().slice(0, 32)}`,
  GITHUB_PAT: (r) => `${'ghp'}_${r().slice(0, 36)}`,
  GITHUB_FINE: (r) => `${'github'}_pat_11${upper(r()).slice(0, 20)}_${r().slice(0, 59)}`,
  AWS_KEY_ID: (r) => `${'AKIA'}${upper(r()).replace(/[^A-Z2-7]/g, 'Q').slice(0, 16)}`,
  AWS_SECRET: (r) => `${r().slice(0, 20)}/${r().slice(0, 9)}+${r().slice(0, 9)}`,
  SLACK_BOT: (r) => `${'xoxb'}-${digits(r()).slice(0, 12)}-${digits(r()).slice(0, 13)}-${r().slice(0, 24)}`,
  SLACK_WEBHOOK: (r) => `https://hooks.slack.com/services/T${upper(r()).slice(0, 8)}/B${upper(r()).slice(0, 10)}/${r().slice(0, 24)}`,
  OPENAI: (r) => `${'sk'}-proj-${r().slice(0, 58)}${'T3Blbk'}FJ${r().slice(0, 58)}`,
  ANTHROPIC: (r) => `${'sk-ant'}-api03-${r().slice(0, 60)}${r().slice(0, 33)}AA`,
  GOOGLE_API: (r) => `${'AIza'}Sy${r().slice(0, 33)}`,
  SENDGRID: (r) => `${'SG'}.${r().slice(0, 22)}.${r().slice(0, 43)}`,
  PEM_RSA: (r) => `-----BEGIN RSA ${'PRIVATE'} KEY-----\\nMIIEow${r()}${r()}\\n${r()}${r()}\\n-----END RSA ${'PRIVATE'} KEY-----`,
};

function upper(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, 'X');
}
function digits(s: string): string {
  return [...s].map((c) => String(c.charCodeAt(0) % 10)).join('');
}

export function expandFakes(text: string): string {
  let seed = 0x2f6b1d3;
  const next = () => {
    // xorshift32: enough to make values look random; never cryptographic, never a real key.
    let out = '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    while (out.length < 64) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      out += alphabet[(seed >>> 0) % alphabet.length];
    }
    return out;
  };
  return text.replace(/__VETTED_FAKE_([A-Z_]+?)__/g, (whole, kind: string) => {
    const make = FAKE_KINDS[kind];
    return make ? make(next) : whole;
  });
}
