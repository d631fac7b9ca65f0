/**
 * The provenance marker format: writer and parser (docs/provenance.md is the spec).
 *
 *   <open> ai-provenance:begin v=1 id=… src=… tool=… [model=…] conf=… ts=… h=… status=… [reviewer=…] [key=value…] <close>
 *   <open> ai-provenance:end id=… <close>
 *
 * Pure functions over strings; nothing here throws on any document text (only `formatBegin`/`formatEnd` throw, on
 * meta Vetted itself built wrongly — `metaProblem` says why beforehand).
 */
import { CONFIDENCES, type Confidence, type TextEdit } from '../types';
import { normalisedHash } from '../hash';
import { REGION_SOURCES, REGION_STATUSES, type CommentStyle, type MarkedRegion, type MarkerProblem, type RegionMeta, type RegionSource, type RegionStatus } from './types';

export const MARKER_TAG = 'ai-provenance';
export const MARKER_VERSION = '1';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_RE = /^[0-9A-HJKMNP-TV-Z]{10,26}$/;
const TS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const HASH_RE = /^[0-9a-f]{16}$/;
const KEY_RE = /^[a-z][a-z0-9_]{0,31}$/;
/** Keys the writer emits itself, in this order; any other key is kept in `extra`. */
const KNOWN_KEYS = ['v', 'id', 'src', 'tool', 'model', 'conf', 'ts', 'h', 'status', 'reviewer'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Escaping of values

/** Characters written as themselves (everything else is percent-encoded, except printable non-ASCII, see below). */
const SAFE_ASCII = /[A-Za-z0-9._:@/+~,()[\]-]/;
/** Non-ASCII characters that are encoded anyway: controls, format characters, surrogates, private use, separators. */
const UNSAFE_UNICODE = /[\p{C}\p{Z}]/u;

function pushByte(out: string[], b: number): void {
  out.push('%' + b.toString(16).toUpperCase().padStart(2, '0'));
}

/** Generalised UTF-8 (lone surrogates encoded as their 3-byte form, so every JS string round-trips). */
function pushCodePoint(out: string[], cp: number): void {
  if (cp < 0x80) pushByte(out, cp);
  else if (cp < 0x800) {
    pushByte(out, 0xc0 | (cp >> 6));
    pushByte(out, 0x80 | (cp & 63));
  } else if (cp < 0x10000) {
    pushByte(out, 0xe0 | (cp >> 12));
    pushByte(out, 0x80 | ((cp >> 6) & 63));
    pushByte(out, 0x80 | (cp & 63));
  } else {
    pushByte(out, 0xf0 | (cp >> 18));
    pushByte(out, 0x80 | ((cp >> 12) & 63));
    pushByte(out, 0x80 | ((cp >> 6) & 63));
    pushByte(out, 0x80 | (cp & 63));
  }
}

/**
 * Encodes a value so it holds no space, `=`, `%`, `*` (so no `*\/`), `#`, quote, brace or bracket closer of any
 * comment syntax, no `--` (HTML/XML comments) and no `@generated`. Printable non-ASCII stays readable.
 */
export function encodeValue(value: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    const cp = value.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const len = ch.length;
    if (cp < 0x80) {
      const prevDash = out.length > 0 && out[out.length - 1] === '-';
      const safe = SAFE_ASCII.test(ch) && !(ch === '-' && prevDash) && !(ch === '@' && /^generated/i.test(value.slice(i + 1)));
      if (safe) out.push(ch);
      else pushByte(out, cp);
    } else if (UNSAFE_UNICODE.test(ch)) {
      pushCodePoint(out, cp);
    } else {
      out.push(ch);
    }
    i += len;
  }
  return out.join('');
}

/** Decodes `encodeValue` output (and any %XX text). undefined when an escape is malformed. */
export function decodeValue(text: string): string | undefined {
  if (!text.includes('%')) return text;
  let out = '';
  let i = 0;
  const byteAt = (k: number): number => (/^[0-9A-Fa-f]{2}$/.test(text.slice(k + 1, k + 3)) && text[k] === '%' ? parseInt(text.slice(k + 1, k + 3), 16) : -1);
  while (i < text.length) {
    if (text[i] !== '%') {
      out += text[i];
      i++;
      continue;
    }
    const b0 = byteAt(i);
    if (b0 < 0) return undefined;
    let n: number;
    let cp: number;
    if (b0 < 0x80) {
      n = 0;
      cp = b0;
    } else if (b0 >= 0xc0 && b0 < 0xe0) {
      n = 1;
      cp = b0 & 31;
    } else if (b0 >= 0xe0 && b0 < 0xf0) {
      n = 2;
      cp = b0 & 15;
    } else if (b0 >= 0xf0 && b0 < 0xf8) {
      n = 3;
      cp = b0 & 7;
    } else return undefined;
    for (let k = 1; k <= n; k++) {
      const b = byteAt(i + 3 * k);
      if (b < 0 || (b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 63);
    }
    if (cp > 0x10ffff) return undefined;
    out += String.fromCodePoint(cp);
    i += 3 * (n + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Ids and timestamps

/**
 * A new region id: 10 characters of Crockford base32. The first 7 encode whole seconds since the Unix epoch (sorts by
 * time until the year 3058), the last 3 hold 15 random bits. `now` is milliseconds since the epoch, `random` returns
 * [0, 1). Ids in `taken` are avoided (up to 64 draws; then the random part counts up).
 */
export function newRegionId(now: number, random: () => number, taken?: ReadonlySet<string>): string {
  const seconds = Number.isFinite(now) ? Math.max(0, Math.min(2 ** 35 - 1, Math.floor(now / 1000))) : 0;
  let prefix = '';
  let t = seconds;
  for (let i = 0; i < 7; i++) {
    prefix = CROCKFORD[t % 32] + prefix;
    t = Math.floor(t / 32);
  }
  const suffix = (r: number): string => CROCKFORD[(r >> 10) & 31] + CROCKFORD[(r >> 5) & 31] + CROCKFORD[r & 31];
  let r = 0;
  for (let attempt = 0; attempt < 64; attempt++) {
    const x = random();
    r = Math.floor((Number.isFinite(x) ? Math.abs(x) % 1 : 0) * 32768) & 32767;
    const id = prefix + suffix(r);
    if (!taken?.has(id)) return id;
  }
  for (let k = 1; k < 32768; k++) {
    const id = prefix + suffix((r + k) & 32767);
    if (!taken?.has(id)) return id;
  }
  return prefix + suffix(r);
}

/** `2026-10-02T14:03:11Z` for a time in milliseconds since the epoch. */
export function formatTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------------------------
// Comment forms

/** How one marker line is wrapped: `// …`, `/* … *\/`, `<!-- … -->`, `{/* … *\/}`. */
export interface CommentForm {
  readonly open: string;
  /** '' for a line comment. */
  readonly close: string;
}

export interface FormatOptions {
  /** The marker goes among JSX children: written as `{/* … *\/}` (needs a `/* *\/` block style). */
  readonly jsxChild?: boolean;
}

/** The form the writer uses for a style: a line comment when there is one, else the block comment. */
export function commentForm(style: CommentStyle, options: FormatOptions = {}): CommentForm | undefined {
  if (options.jsxChild) return style.block && style.block[0] === '/*' ? { open: '{/*', close: '*/}' } : undefined;
  if (style.line) return { open: style.line, close: '' };
  if (style.block) return { open: style.block[0], close: style.block[1] };
  return undefined;
}

/** Every form a scanner accepts for these styles (line, block, and JSX when the block is `/* *\/`), longest first. */
function formsFor(styles: readonly CommentStyle[]): CommentForm[] {
  const forms: CommentForm[] = [];
  const add = (f: CommentForm) => {
    if (f.open && !forms.some((g) => g.open === f.open && g.close === f.close)) forms.push(f);
  };
  for (const s of styles) {
    if (s.line) add({ open: s.line, close: '' });
    if (s.block) {
      add({ open: s.block[0], close: s.block[1] });
      if (s.block[0] === '/*') add({ open: '{/*', close: '*/}' });
    }
  }
  return forms.sort((a, b) => b.open.length - a.open.length);
}

// ---------------------------------------------------------------------------------------------------------------
// Writer

/** Why a meta cannot be written (undefined when it can). */
export function metaProblem(meta: RegionMeta): string | undefined {
  if (!ID_RE.test(meta.id)) return `id "${meta.id}" is not 10–26 characters of Crockford base32`;
  if (!(REGION_SOURCES as readonly string[]).includes(meta.src)) return `src "${meta.src}" is not one of ${REGION_SOURCES.join(', ')}`;
  if (typeof meta.tool !== 'string' || meta.tool === '') return 'tool is empty (use "unknown")';
  if (meta.model !== undefined && typeof meta.model !== 'string') return 'model is not a string';
  if (!(CONFIDENCES as readonly string[]).includes(meta.conf)) return `conf "${meta.conf}" is not high, medium or low`;
  if (!TS_RE.test(meta.ts)) return `ts "${meta.ts}" is not an ISO 8601 UTC time with seconds (2026-10-02T14:03:11Z)`;
  if (!HASH_RE.test(meta.h)) return `h "${meta.h}" is not 16 lowercase hex digits`;
  if (!(REGION_STATUSES as readonly string[]).includes(meta.status)) return `status "${meta.status}" is not one of ${REGION_STATUSES.join(', ')}`;
  if (meta.reviewer !== undefined && typeof meta.reviewer !== 'string') return 'reviewer is not a string';
  for (const k of Object.keys(meta.extra ?? {})) {
    if (!KEY_RE.test(k) || (KNOWN_KEYS as readonly string[]).includes(k)) return `extra key "${k}" is not allowed`;
  }
  return undefined;
}

/** The fields of a begin marker, `v=1 id=… … status=…`, without the comment around it. */
export function formatBeginBody(meta: RegionMeta): string {
  const problem = metaProblem(meta);
  if (problem) throw new RangeError(`cannot write provenance marker: ${problem}`);
  const parts = [`${MARKER_TAG}:begin`, `v=${MARKER_VERSION}`, `id=${meta.id}`, `src=${meta.src}`, `tool=${encodeValue(meta.tool)}`];
  if (meta.model !== undefined) parts.push(`model=${encodeValue(meta.model)}`);
  parts.push(`conf=${meta.conf}`, `ts=${meta.ts}`, `h=${meta.h}`, `status=${meta.status}`);
  if (meta.reviewer !== undefined) parts.push(`reviewer=${encodeValue(meta.reviewer)}`);
  for (const [k, v] of Object.entries(meta.extra ?? {})) parts.push(`${k}=${encodeValue(v)}`);
  return parts.join(' ');
}

function wrap(body: string, form: CommentForm): string {
  if (form.close && body.includes(form.close)) throw new RangeError(`marker text would contain the comment closer ${form.close}`);
  return form.close ? `${form.open} ${body} ${form.close}` : `${form.open} ${body}`;
}

/**
 * The begin marker line (without indentation or newline). Throws RangeError when `metaProblem(meta)` is set or the
 * style has no usable form (e.g. `jsxChild` without `/* *\/`); placement.ts checks both first.
 */
export function formatBegin(meta: RegionMeta, style: CommentStyle, options: FormatOptions = {}): string {
  const form = commentForm(style, options);
  if (!form) throw new RangeError('this comment style cannot hold a provenance marker');
  return wrap(formatBeginBody(meta), form);
}

export function formatEnd(id: string, style: CommentStyle, options: FormatOptions = {}): string {
  if (!ID_RE.test(id)) throw new RangeError(`cannot write provenance marker: id "${id}" is not Crockford base32`);
  const form = commentForm(style, options);
  if (!form) throw new RangeError('this comment style cannot hold a provenance marker');
  return wrap(`${MARKER_TAG}:end id=${id}`, form);
}

// ---------------------------------------------------------------------------------------------------------------
// Parser

export type ParsedMarker =
  | { readonly kind: 'begin'; readonly meta: RegionMeta; readonly form: CommentForm; readonly indent: string }
  | { readonly kind: 'end'; readonly id: string; readonly form: CommentForm; readonly indent: string }
  /** Starts like a marker but cannot be read; `id` when one could still be read (so its end pairs with it). */
  | { readonly kind: 'mangled'; readonly reason: string; readonly id?: string; readonly version?: string };

interface Tokens {
  readonly verb: string;
  readonly fields: ReadonlyArray<readonly [string, string]>;
  readonly form: CommentForm;
  readonly indent: string;
}

/** Drops trailing spaces, tabs and CRs (a loop: `/[ \t]+$/` is quadratic on long runs of blanks). */
function trimEndBlanks(s: string): string {
  let e = s.length;
  while (e > 0 && (s[e - 1] === ' ' || s[e - 1] === '\t' || s[e - 1] === '\r')) e--;
  return s.slice(0, e);
}

/** Splits a line that starts like a marker; undefined when it does not, a string when it is mangled. */
function tokenize(line: string, forms: readonly CommentForm[]): Tokens | string | undefined {
  const indent = /^[ \t]*/.exec(line)![0];
  const rest = line.slice(indent.length);
  for (const form of forms) {
    if (!rest.startsWith(form.open)) continue;
    let body = rest.slice(form.open.length);
    const lead = /^[ \t]*/.exec(body)![0];
    if (!body.slice(lead.length, lead.length + MARKER_TAG.length).toLowerCase().startsWith(MARKER_TAG)) continue;
    if (form.open === '--' && lead === '') return 'a `--` comment needs a space after the dashes (SQL reads `--x` as code)';
    body = trimEndBlanks(body.slice(lead.length));
    if (form.close) {
      if (!body.endsWith(form.close)) {
        return body.includes(form.close) ? `text after the closing ${form.close} (a marker needs a line of its own)` : `the comment is not closed with ${form.close} on the same line`;
      }
      body = trimEndBlanks(body.slice(0, body.length - form.close.length));
    }
    const words = body.split(/[ \t]+/);
    const head = words[0];
    const m = /^ai-provenance:(begin|end)$/.exec(head);
    if (!m) return `"${head.slice(0, 40)}" is not ai-provenance:begin or ai-provenance:end`;
    const fields: Array<readonly [string, string]> = [];
    for (const w of words.slice(1)) {
      const eq = w.indexOf('=');
      if (eq <= 0) return `"${w.slice(0, 40)}" is not key=value`;
      fields.push([w.slice(0, eq), w.slice(eq + 1)]);
    }
    return { verb: m[1], fields, form, indent };
  }
  return undefined;
}

/**
 * Reads one line. undefined when it is not a marker at all (does not start, after indentation, with a comment
 * opener of `styles` followed by `ai-provenance`). Never throws.
 */
export function parseMarkerLine(line: string, styles: CommentStyle | readonly CommentStyle[]): ParsedMarker | undefined {
  try {
    return parseLine(line, formsFor(Array.isArray(styles) ? styles : [styles as CommentStyle]));
  } catch (e) {
    return { kind: 'mangled', reason: `unreadable marker (${e instanceof Error ? e.message : String(e)})` };
  }
}

function parseLine(line: string, forms: readonly CommentForm[]): ParsedMarker | undefined {
  const t = tokenize(line, forms);
  if (t === undefined) return undefined;
  if (typeof t === 'string') return { kind: 'mangled', reason: t };
  const values = new Map<string, string>();
  let rawId: string | undefined;
  for (const [k, raw] of t.fields) {
    if (!KEY_RE.test(k)) return { kind: 'mangled', reason: `"${k.slice(0, 40)}" is not a valid key`, id: rawId };
    if (values.has(k)) return { kind: 'mangled', reason: `key ${k} appears twice`, id: rawId };
    const v = decodeValue(raw);
    if (v === undefined) return { kind: 'mangled', reason: `the value of ${k} has a broken %-escape`, id: rawId };
    values.set(k, v);
    if (k === 'id' && ID_RE.test(v)) rawId = v;
  }
  const id = values.get('id');
  if (t.verb === 'end') {
    if (id === undefined) return { kind: 'mangled', reason: 'the end marker has no id' };
    if (!ID_RE.test(id)) return { kind: 'mangled', reason: `id "${id.slice(0, 40)}" is not Crockford base32` };
    return { kind: 'end', id, form: t.form, indent: t.indent };
  }
  const v = values.get('v');
  if (v === undefined) return { kind: 'mangled', reason: 'the begin marker has no version (v=1)', id: rawId };
  if (v !== MARKER_VERSION) return { kind: 'mangled', reason: `marker version v=${v.slice(0, 20)} is not supported (this Vetted reads v=1; a newer Vetted wrote it)`, id: rawId, version: v };
  const missing = ['id', 'src', 'tool', 'conf', 'ts', 'h', 'status'].filter((k) => !values.has(k));
  if (missing.length) return { kind: 'mangled', reason: `missing ${missing.join(', ')}`, id: rawId };
  const extra: Record<string, string> = {};
  for (const [k, val] of values) if (!(KNOWN_KEYS as readonly string[]).includes(k)) extra[k] = val;
  const meta: RegionMeta = {
    id: id!,
    src: values.get('src') as RegionSource,
    tool: values.get('tool')!,
    ...(values.has('model') ? { model: values.get('model')! } : {}),
    conf: values.get('conf') as Confidence,
    ts: values.get('ts')!,
    h: values.get('h')!,
    status: values.get('status') as RegionStatus,
    ...(values.has('reviewer') ? { reviewer: values.get('reviewer')! } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
  const problem = metaProblem(meta);
  if (problem) return { kind: 'mangled', reason: problem, id: rawId };
  return { kind: 'begin', meta, form: t.form, indent: t.indent };
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning a document

export interface ScanResult {
  readonly regions: MarkedRegion[];
  readonly problems: MarkerProblem[];
}

interface LineInfo {
  readonly start: number;
  /** Offset of the next line's start (text.length for the last line). */
  readonly next: number;
  readonly text: string;
}

function splitLines(text: string): LineInfo[] {
  const out: LineInfo[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      out.push({ start, next: text.length, text: text.slice(start) });
      return out;
    }
    out.push({ start, next: nl + 1, text: text.slice(start, nl).replace(/\r$/, '') });
    start = nl + 1;
  }
}

/**
 * The hash of a block of code lines as stored in `h`: `normalisedHash` of the lines, leaving out every line that
 * starts like a marker (so nested regions and re-indentation do not change an outer block's hash).
 */
export function contentHash(code: string, styles: CommentStyle | readonly CommentStyle[] | undefined): string {
  const list = styles === undefined ? [] : Array.isArray(styles) ? styles : [styles as CommentStyle];
  const forms = formsFor(list);
  if (!forms.length) return normalisedHash(code);
  const kept = splitLines(code).filter((l) => safeTokenize(l.text, forms) === undefined);
  return normalisedHash(kept.map((l) => l.text).join('\n'));
}

function safeTokenize(line: string, forms: readonly CommentForm[]): Tokens | string | undefined {
  try {
    return tokenize(line, forms);
  } catch {
    return 'unreadable';
  }
}

/**
 * Finds every tagged region and every marker problem. Pairing (docs/provenance.md, "Pairing"): an end closes the
 * most recent open begin with the same id; regions may nest; two regions that overlap without nesting are both
 * returned and the later begin is reported as `nested`; a second begin with an id already used is `duplicate-id`
 * (not returned as a region; its end is consumed); a mangled begin whose id can be read consumes its end too.
 * Never throws.
 */
export function scanMarkers(text: string, styles: CommentStyle | readonly CommentStyle[] | undefined): ScanResult {
  const regions: MarkedRegion[] = [];
  const problems: MarkerProblem[] = [];
  try {
    scan(text, styles === undefined ? [] : Array.isArray(styles) ? styles : [styles as CommentStyle], regions, problems);
  } catch (e) {
    problems.push({ kind: 'mangled', line: 0, message: `provenance markers could not be read: ${e instanceof Error ? e.message : String(e)}` });
  }
  return { regions, problems };
}

interface Open {
  readonly line: number;
  readonly id: string;
  /** undefined for a begin that only consumes its end (duplicate or mangled). */
  readonly meta?: RegionMeta;
}

function scan(text: string, styles: readonly CommentStyle[], regions: MarkedRegion[], problems: MarkerProblem[]): void {
  const forms = formsFor(styles);
  if (!forms.length || !/ai-provenance/i.test(text)) return;
  const lines = splitLines(text);
  const markerLine: boolean[] = new Array(lines.length).fill(false);
  const open: Open[] = [];
  const used = new Set<string>();
  const found: Array<{ begin: Open; endLine: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].text;
    if (!l.toLowerCase().includes(MARKER_TAG)) continue;
    const p = parseLine(l, forms);
    if (!p) continue;
    markerLine[i] = true;
    if (p.kind === 'mangled') {
      problems.push({ kind: 'mangled', line: i, ...(p.id ? { id: p.id } : {}), message: `Malformed provenance marker: ${p.reason}.` });
      if (p.id) open.push({ line: i, id: p.id });
      continue;
    }
    if (p.kind === 'begin') {
      const id = p.meta.id;
      if (used.has(id)) {
        problems.push({ kind: 'duplicate-id', line: i, id, message: `Provenance id ${id} is already used by an earlier block (a copied tag?); give this block a new id.` });
        open.push({ line: i, id });
        continue;
      }
      used.add(id);
      open.push({ line: i, id, meta: p.meta });
      continue;
    }
    // end
    let k = open.length - 1;
    while (k >= 0 && open[k].id !== p.id) k--;
    if (k < 0) {
      problems.push({ kind: 'orphan-end', line: i, id: p.id, message: `Provenance end marker for ${p.id} has no begin marker above it.` });
      continue;
    }
    const [b] = open.splice(k, 1);
    if (b.meta) {
      if (k < open.length) {
        // some begins opened after b are still open: the regions cross
        const inner = open.slice(k).filter((o) => o.meta);
        for (const o of inner) {
          problems.push({ kind: 'nested', line: o.line, id: o.id, message: `Provenance block ${o.id} starts inside block ${b.id} but ends after it; blocks may nest but not overlap.` });
        }
      }
      found.push({ begin: b, endLine: i });
    }
  }
  for (const o of open) {
    if (o.meta) problems.push({ kind: 'unterminated', line: o.line, id: o.id, message: `Provenance block ${o.id} has no end marker (ai-provenance:end id=${o.id}).` });
  }
  for (const { begin, endLine } of found) {
    const contentStart = lines[begin.line].next;
    const contentEnd = lines[endLine].start;
    const kept: string[] = [];
    for (let j = begin.line + 1; j < endLine; j++) if (!markerLine[j]) kept.push(lines[j].text);
    regions.push({ meta: begin.meta!, beginLine: begin.line, endLine, contentStart, contentEnd, actualHash: normalisedHash(kept.join('\n')) });
  }
  regions.sort((a, b) => a.beginLine - b.beginLine);
  problems.sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------------------------------------
// Rewriting a begin line in place ("mark reviewed", re-hash)

export interface BeginUpdate {
  readonly status?: RegionStatus;
  /** A string sets the reviewer, null removes it, undefined leaves it. */
  readonly reviewer?: string | null;
  readonly h?: string;
  readonly src?: RegionSource;
  readonly tool?: string;
  readonly conf?: Confidence;
}

/**
 * The begin line with some fields replaced, everything else (indentation, comment form, key order, unknown keys)
 * kept. undefined when the line is not a readable begin marker or the new values are invalid. Never throws.
 */
export function updateBeginLine(line: string, styles: CommentStyle | readonly CommentStyle[], update: BeginUpdate): string | undefined {
  try {
    const forms = formsFor(Array.isArray(styles) ? styles : [styles as CommentStyle]);
    const p = parseLine(line, forms);
    if (!p || p.kind !== 'begin') return undefined;
    const meta: RegionMeta = {
      ...p.meta,
      ...(update.status !== undefined ? { status: update.status } : {}),
      ...(update.h !== undefined ? { h: update.h } : {}),
      ...(update.src !== undefined ? { src: update.src } : {}),
      ...(update.tool !== undefined ? { tool: update.tool } : {}),
      ...(update.conf !== undefined ? { conf: update.conf } : {}),
    };
    if (update.reviewer === null) delete (meta as { reviewer?: string }).reviewer;
    else if (update.reviewer !== undefined) (meta as { reviewer?: string }).reviewer = update.reviewer;
    if (metaProblem(meta)) return undefined;
    const t = tokenize(line, forms) as Tokens;
    const fields = t.fields.map(([k, raw]) => [k, raw] as [string, string]);
    const set = (k: keyof RegionMeta, value: string | undefined, after: string) => {
      const i = fields.findIndex(([key]) => key === k);
      if (value === undefined) {
        if (i >= 0) fields.splice(i, 1);
      } else if (i >= 0) fields[i][1] = encodeValue(value);
      else {
        const j = fields.findIndex(([key]) => key === after);
        fields.splice(j >= 0 ? j + 1 : fields.length, 0, [k, encodeValue(value)]);
      }
    };
    set('src', meta.src, 'id');
    set('tool', meta.tool, 'src');
    set('conf', meta.conf, 'tool');
    set('h', meta.h, 'ts');
    set('status', meta.status, 'h');
    set('reviewer', meta.reviewer, 'status');
    const body = [`${MARKER_TAG}:${t.verb}`, ...fields.map(([k, v]) => `${k}=${v}`)].join(' ');
    return t.indent + wrap(body, t.form);
  } catch {
    return undefined;
  }
}

/** Line `line` of `text` as [start, end) offsets without its line break, and its start of next line. */
function lineBounds(text: string, line: number): { start: number; end: number; next: number } | undefined {
  if (!Number.isInteger(line) || line < 0) return undefined;
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const nl = text.indexOf('\n', start);
  const next = nl < 0 ? text.length : nl + 1;
  let end = nl < 0 ? text.length : nl;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end, next };
}

/**
 * The edit that rewrites the begin marker on `line` (see `updateBeginLine`), e.g. "mark reviewed":
 * `beginLineEdit(text, region.beginLine, styles, { status: 'reviewed', reviewer })`. undefined when that line is
 * not a readable begin marker. Never throws.
 */
export function beginLineEdit(text: string, line: number, styles: CommentStyle | readonly CommentStyle[], update: BeginUpdate): TextEdit | undefined {
  const b = lineBounds(text, line);
  if (!b) return undefined;
  const old = text.slice(b.start, b.end);
  const updated = updateBeginLine(old, styles, update);
  if (updated === undefined) return undefined;
  return { range: { start: { line, character: 0 }, end: { line, character: b.end - b.start } }, newText: updated };
}

/** Edits deleting a region's two marker lines (with their line breaks), leaving the code as it is ("remove tag"). */
export function removeMarkerEdits(text: string, region: Pick<MarkedRegion, 'beginLine' | 'endLine'>): TextEdit[] {
  // The inverse of planMarkers' insertions: the begin line with the break after it, the end line with the break
  // before it (so mixed line endings come back exactly).
  const spans: Array<[number, number]> = [];
  const withNext = (line: number) => {
    const b = lineBounds(text, line);
    if (!b) return;
    if (b.next > b.end || line === 0) spans.push([b.start, b.next]);
    else spans.push([lineBounds(text, line - 1)!.end, b.end]);
  };
  const withPrevious = (line: number) => {
    const b = lineBounds(text, line);
    if (!b) return;
    if (line > 0) spans.push([lineBounds(text, line - 1)!.end, b.end]);
    else spans.push([b.start, b.next]);
  };
  if (region.endLine === region.beginLine + 1) {
    const a = lineBounds(text, region.beginLine);
    const b = lineBounds(text, region.endLine);
    if (a && b) spans.push(b.next > b.end || region.beginLine === 0 ? [a.start, b.next] : [lineBounds(text, region.beginLine - 1)!.end, b.end]);
  } else {
    withNext(region.beginLine);
    withPrevious(region.endLine);
  }
  spans.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const sp of spans) {
    const last = merged[merged.length - 1];
    if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else merged.push([sp[0], sp[1]]);
  }
  const pos = (offset: number) => {
    let line = 0;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      start = nl + 1;
    }
    return { line, character: offset - start };
  };
  return merged.map(([a, b]) => ({ range: { start: pos(a), end: pos(b) }, newText: '' }));
}
