/**
 * Where provenance markers may go in a document, and the edits that insert them (docs/provenance.md, "Placement").
 *
 * Markers sit on lines of their own, at line boundaries only: a range that starts or ends inside a line is widened to
 * whole lines. In JavaScript, TypeScript (incl. JSX) and Python the range is widened, with the caller's tree-sitter
 * tree, to whole statements / children of one container node, so a marker never lands inside a string, template
 * literal, comment or expression. Elsewhere the rules are line-based (YAML block scalars, Markdown fences, embedded
 * `<script>`/`<style>` sections, file headers such as shebangs and encoding lines).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Range, TextEdit } from '../types';
import { commentStyleFor, scanStylesFor, SECTIONED_LANGUAGES, STYLES, type LanguageCommentConfiguration } from './comments';
import { commentForm, contentHash, formatBegin, formatEnd, metaProblem, scanMarkers, type FormatOptions } from './format';
import type { CommentStyle, RegionMeta } from './types';

export interface PlanOptions {
  /** The document parsed by the caller (required for JS/TS/JSX/Python; must match `text`). */
  readonly tree?: Tree;
  /** The editor's comment configuration for the language (used when the built-in table does not know it). */
  readonly configuration?: LanguageCommentConfiguration | null;
  /** Overrides the style entirely (tests, or a caller that already resolved it). */
  readonly style?: CommentStyle;
}

export interface MarkerPlan {
  /** Two insertions: the begin line before `startLine`, the end line after `endLine`. Apply as one undo stop. */
  readonly edits: TextEdit[];
  /** `meta` with `h` computed over the enclosed lines as they will be after the edit. */
  readonly meta: RegionMeta;
  /** The tagged lines in the text before the edit (inclusive). */
  readonly startLine: number;
  readonly endLine: number;
  /** The enclosed lines hold JSX children: markers are written `{/* … *\/}`. */
  readonly jsxChild: boolean;
}

export type PlanResult = MarkerPlan | { readonly reason: string };

const TREE_LANGUAGES: Readonly<Record<string, 'js' | 'python'>> = {
  javascript: 'js',
  javascriptreact: 'js',
  typescript: 'js',
  typescriptreact: 'js',
  python: 'python',
};

interface Doc {
  readonly text: string;
  /** Offset of each line's start. */
  readonly starts: number[];
  /** Each line's text without its line break. */
  readonly lines: string[];
  readonly eol: string;
}

function doc(text: string): Doc {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const lines = starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] - 1 : text.length).replace(/\r$/, ''));
  return { text, starts, lines, eol: /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n' };
}

function rowOf(d: Doc, offset: number): number {
  let lo = 0;
  let hi = d.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (d.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const blank = (l: string) => /^\s*$/.test(l);

/**
 * Plans the two marker lines around `range` (whole lines; widened as described above). `meta.h` is ignored and
 * recomputed. Never throws: anything that prevents tagging in the file comes back as `{ reason }`, and the caller
 * records the region in the ledger only.
 */
export function planMarkers(text: string, languageId: string, range: Range, meta: RegionMeta, options: PlanOptions = {}): PlanResult {
  try {
    return plan(text, languageId, range, meta, options);
  } catch (e) {
    return { reason: `markers could not be placed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function plan(text: string, languageId: string, range: Range, meta: RegionMeta, options: PlanOptions): PlanResult {
  let style = options.style ?? commentStyleFor(languageId, options.configuration);
  if (!style) return { reason: `${languageId} files cannot hold comments; the region is kept in the provenance ledger only` };
  const problem = metaProblem({ ...meta, h: '0000000000000000' });
  if (problem) return { reason: `invalid provenance data: ${problem}` };
  const d = doc(text);
  const last = d.lines.length - 1;
  let s = Math.max(0, Math.min(last, range.start.line));
  let e = Math.max(0, Math.min(last, range.end.line));
  if (e < s) [s, e] = [e, s];
  if (e > s && range.end.character === 0) e--;
  while (s <= e && blank(d.lines[s])) s++;
  while (e >= s && blank(d.lines[e])) e--;
  if (s > e) return { reason: 'the range holds no code' };

  let jsxChild = false;
  let indentOverride: string | undefined;
  const kind = TREE_LANGUAGES[languageId];
  if (kind) {
    const tree = options.tree;
    if (!tree) return { reason: `a parse tree is needed to place markers in ${languageId}` };
    if (tree.rootNode.endIndex > text.length) return { reason: 'the parse tree does not match the text' };
    const w = widenWithTree(tree, d, s, e, kind);
    if ('reason' in w) return w;
    ({ s, e, jsxChild } = w);
  } else if (languageId === 'yaml' || languageId === 'dockercompose' || languageId === 'github-actions-workflow') {
    ({ s, e } = widenYaml(d, s, e));
  } else if (HEREDOC_LANGUAGES.has(languageId)) {
    ({ s, e } = widenProtected(heredocs(d, languageId), s, e));
  } else if (languageId === 'markdown') {
    ({ s, e } = widenFences(d, s, e));
    indentOverride = '';
  } else if (SECTIONED_LANGUAGES.has(languageId)) {
    const w = sections(d, s, e);
    s = w.s;
    e = w.e;
    if (w.section === 'script') style = STYLES.SLASH;
    else if (w.section === 'style') style = STYLES.CSS;
    else style = STYLES.XML;
  }

  // existing tagged blocks: never cross one (take it whole); tagging exactly the same lines again is refused
  const existing = scanMarkers(text, scanStylesFor(languageId, options.configuration).concat(style)).regions;
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of existing) {
      if (g.beginLine === s - 1 && g.endLine === e + 1) return { reason: `these lines are already tagged (${g.meta.id})` };
      const hasBegin = g.beginLine >= s && g.beginLine <= e;
      const hasEnd = g.endLine >= s && g.endLine <= e;
      if (hasBegin !== hasEnd) {
        s = Math.min(s, g.beginLine);
        e = Math.max(e, g.endLine);
        changed = true;
      }
    }
  }

  const header = headerEnd(d, languageId);
  if (s < header) s = header;
  while (s <= e && blank(d.lines[s])) s++;
  if (s > e) return { reason: 'markers cannot go above the file header (shebang, encoding line, directives or front matter)' };
  if (languageId === 'markdown') {
    const fm = frontMatterEnd(d);
    if (s < fm) return { reason: 'the range is inside the front matter' };
  }
  if (languageId === 'php') {
    const r = phpCheck(d, s, e);
    if (typeof r === 'string') return { reason: r };
    s = r;
  }

  const formatOptions: FormatOptions = { jsxChild };
  const form = commentForm(style, formatOptions);
  if (!form) return { reason: jsxChild ? 'JSX children need a /* */ comment style' : 'the comment style has no usable token' };
  const content = d.lines.slice(s, e + 1).join('\n');
  const final: RegionMeta = { ...meta, h: contentHash(content, scanStylesFor(languageId, options.configuration).concat(style)) };
  let begin: string;
  let end: string;
  try {
    begin = formatBegin(final, style, formatOptions);
    end = formatEnd(final.id, style, formatOptions);
  } catch (err) {
    return { reason: err instanceof Error ? err.message : String(err) };
  }
  const indent = indentOverride ?? (kind ? /^[ \t]*/.exec(d.lines[s])![0] : blockIndent(d, s, e));
  // each marker line takes the line break of the line it sits next to (mixed line endings stay as they are)
  const eolAt = (line: number) => (line + 1 < d.starts.length ? (d.text[d.starts[line + 1] - 2] === '\r' ? '\r\n' : '\n') : d.eol);
  const edits: TextEdit[] = [
    { range: { start: { line: s, character: 0 }, end: { line: s, character: 0 } }, newText: indent + begin + eolAt(s) },
    { range: { start: { line: e, character: d.lines[e].length }, end: { line: e, character: d.lines[e].length } }, newText: eolAt(e) + indent + end },
  ];
  return { edits, meta: final, startLine: s, endLine: e, jsxChild };
}

/** The shortest leading whitespace of the non-blank lines. */
function blockIndent(d: Doc, s: number, e: number): string {
  let best: string | undefined;
  for (let i = s; i <= e; i++) {
    if (blank(d.lines[i])) continue;
    const ind = /^[ \t]*/.exec(d.lines[i])![0];
    if (best === undefined || ind.length < best.length) best = ind;
  }
  return best ?? '';
}

// ---------------------------------------------------------------------------------------------------------------
// File headers

const CODING_RE = /^[ \t\f]*#.*?coding[:=][ \t]*[-_.a-zA-Z0-9]+/;

/** First line a marker may go above: after a shebang, Python encoding lines, Dockerfile directives, XML declaration. */
function headerEnd(d: Doc, languageId: string): number {
  let h = 0;
  if (d.lines[0]?.startsWith('#!')) h = 1;
  if (languageId === 'python') {
    for (let i = 0; i < 2 && i < d.lines.length; i++) if (CODING_RE.test(d.lines[i])) h = Math.max(h, i + 1);
  }
  if (languageId === 'dockerfile') {
    let i = h;
    while (i < d.lines.length && /^#\s*[A-Za-z][\w-]*\s*=/.test(d.lines[i])) i++;
    h = i;
  }
  if (/^\uFEFF?\s*<\?xml\b/.test(d.lines[0] ?? '')) h = Math.max(h, 1);
  const first = d.lines.findIndex((l) => !blank(l));
  if (first >= 0 && /^\uFEFF?\s*<!doctype\b/i.test(d.lines[first])) h = Math.max(h, first + 1);
  if (languageId === 'markdown') h = Math.max(h, frontMatterEnd(d));
  return h;
}

function frontMatterEnd(d: Doc): number {
  if (!/^(---|\+\+\+)\s*$/.test(d.lines[0] ?? '')) return 0;
  const fence = d.lines[0].trim();
  for (let i = 1; i < d.lines.length; i++) if (d.lines[i].trim() === fence || (fence === '---' && d.lines[i].trim() === '...')) return i + 1;
  return 0;
}

/** PHP: markers only inside `<?php … ?>` (outside is HTML output). Returns the start line, or a reason. */
function phpCheck(d: Doc, s: number, e: number): number | string {
  // Mode at the start and end of each line, from a rough scan of the open/close tags (strings holding `?>` are rare).
  let inPhp = false;
  const atStart: boolean[] = [];
  const atEnd: boolean[] = [];
  for (const line of d.lines) {
    atStart.push(inPhp);
    const re = /<\?(?:php\b|=)|\?>/g;
    for (let m = re.exec(line); m; m = re.exec(line)) inPhp = m[0] !== '?>';
    atEnd.push(inPhp);
  }
  let start = s;
  if (!atStart[start] && /^\s*<\?php\s*$/.test(d.lines[start]) && start < e) start++;
  if (!atStart[start] || !atEnd[e]) return 'the range is outside <?php … ?>: a comment there would be page output';
  return start;
}

// ---------------------------------------------------------------------------------------------------------------
// Tree-sitter widening

const JS_CONTAINERS = new Set(['program', 'statement_block', 'class_body', 'switch_body', 'switch_case', 'switch_default', 'object', 'array', 'jsx_element', 'interface_body', 'object_type', 'enum_body']);
const PY_CONTAINERS = new Set(['module', 'block']);
const JSX_PARENTS = new Set(['jsx_element']);

interface Extent {
  readonly a: number;
  readonly b: number;
}

/** The node's extent without leading/trailing whitespace (JSX text nodes hold the line breaks around them). */
function trimmed(d: Doc, n: Node): Extent | undefined {
  let a = n.startIndex;
  let b = n.endIndex;
  while (a < b && /\s/.test(d.text[a])) a++;
  while (b > a && /\s/.test(d.text[b - 1])) b--;
  return a < b ? { a, b } : undefined;
}

function firstNonWs(d: Doc, row: number): number {
  const l = d.lines[row];
  return d.starts[row] + (l.length - l.trimStart().length);
}
function lastNonWs(d: Doc, row: number): number {
  return d.starts[row] + d.lines[row].trimEnd().length;
}

function widenWithTree(tree: Tree, d: Doc, s0: number, e0: number, kind: 'js' | 'python'): { s: number; e: number; jsxChild: boolean } | { reason: string } {
  const containers = kind === 'js' ? JS_CONTAINERS : PY_CONTAINERS;
  const root = tree.rootNode;
  let s = s0;
  let e = e0;
  let a = firstNonWs(d, s);
  let b = lastNonWs(d, e);
  let from: Node | null = null;
  for (let iter = 0; iter < 200; iter++) {
    let node: Node | null = from ?? root.descendantForIndex(a, Math.max(a, b - 1));
    from = null;
    while (node && node.id !== root.id && !containers.has(node.type)) node = node.parent;
    const k: Node = node ?? root;
    const children = k.children.filter((c): c is Node => !!c);
    const ext = children.map((c) => trimmed(d, c));
    // children on the rows [s, e] (after widening to whole lines, everything on those rows must be a whole child)
    let na = Infinity;
    let nb = -Infinity;
    let goUp = false;
    const rowsOf = (x: Extent) => [rowOf(d, x.a), rowOf(d, x.b - 1)] as const;
    let lo = s;
    let hi = e;
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < children.length; i++) {
        const x = ext[i];
        if (!x) continue;
        const [r1, r2] = rowsOf(x);
        if (r2 < lo || r1 > hi) continue;
        const c = children[i];
        const isDelimiter = (i === 0 || i === children.length - 1) && (!c.isNamed || c.type === 'jsx_opening_element' || c.type === 'jsx_closing_element');
        if (isDelimiter && k.id !== root.id) goUp = true;
        if (x.a < na) na = x.a;
        if (x.b > nb) nb = x.b;
        if (r1 < lo) {
          lo = r1;
          changed = true;
        }
        if (r2 > hi) {
          hi = r2;
          changed = true;
        }
      }
    }
    if (!goUp && na !== Infinity && k.id !== root.id) {
      // the container's own text (an opening `{`, `if x:` before a Python block) shares a row with the children
      if (firstNonWs(d, lo) < na || lastNonWs(d, hi) > nb) goUp = true;
    }
    if (goUp || na === Infinity) {
      if (k.id === root.id) return { reason: 'no statement boundary around the range' };
      const x = trimmed(d, k) ?? { a: k.startIndex, b: k.endIndex };
      from = k.parent;
      s = rowOf(d, x.a);
      e = rowOf(d, x.b - 1);
      a = firstNonWs(d, s);
      b = lastNonWs(d, e);
      continue;
    }
    if (lo === s && hi === e) return { s, e, jsxChild: JSX_PARENTS.has(k.type) };
    s = lo;
    e = hi;
    a = firstNonWs(d, s);
    b = lastNonWs(d, e);
  }
  return { reason: 'no statement boundary around the range' };
}

// ---------------------------------------------------------------------------------------------------------------
// Line-based rules

/** YAML: lines inside a `|` / `>` block scalar (a `#` there is data) are never a boundary. */
function widenYaml(d: Doc, s: number, e: number): { s: number; e: number } {
  // scalar[i] = header line of the block scalar line i belongs to, or -1
  const scalar: number[] = new Array(d.lines.length).fill(-1);
  for (let i = 0; i < d.lines.length; i++) {
    const l = d.lines[i];
    if (!/(?:^|[\s:\-?])[|>][-+0-9]{0,3}[ \t]*(?:#.*)?$/.test(l) || /^\s*#/.test(l)) continue;
    const parent = /^[ \t]*/.exec(l)![0].length;
    let lastContent = i;
    let j = i + 1;
    for (; j < d.lines.length; j++) {
      const t = d.lines[j];
      if (blank(t)) continue;
      if (/^[ \t]*/.exec(t)![0].length <= parent) break;
      lastContent = j;
    }
    for (let k = i + 1; k <= lastContent; k++) scalar[k] = i;
    i = lastContent;
  }
  const endOf = (h: number) => {
    let k = h + 1;
    while (k + 1 < d.lines.length && scalar[k + 1] === h) k++;
    return k;
  };
  for (let changed = true; changed; ) {
    changed = false;
    if (scalar[s] >= 0) {
      s = scalar[s];
      changed = true;
    }
    if (e + 1 < d.lines.length && scalar[e + 1] >= 0) {
      e = endOf(scalar[e + 1]);
      changed = true;
    }
  }
  return { s, e };
}

const HEREDOC_LANGUAGES: ReadonlySet<string> = new Set(['shellscript', 'dockerfile', 'ruby', 'perl', 'php', 'makefile']);

/** Here-documents (`<<EOF` … `EOF`; Ruby `<<~EOS`, PHP `<<<EOT`): a `#` line inside is data. [opening line, terminator line]. */
function heredocs(d: Doc, languageId: string): Array<[number, number]> {
  // shell allows `<< EOF`; Ruby and Perl need the word attached (`x << y` is an operator there)
  const re = languageId === 'php' ? /<<<[ \t]*(["']?)([A-Za-z_]\w{0,63})\1/g : languageId === 'shellscript' || languageId === 'dockerfile' || languageId === 'makefile' ? /<<-?[ \t]*(["']?)([A-Za-z_]\w{0,63})\1/g : /<<[-~]?(["']?)([A-Za-z_]\w{0,63})\1/g;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < d.lines.length; i++) {
    const words: string[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(d.lines[i]); m; m = re.exec(d.lines[i])) words.push(m[2]);
    if (!words.length) continue;
    let j = i;
    for (const w of words) {
      j++;
      while (j < d.lines.length && d.lines[j].trim() !== w && !(languageId === 'php' && d.lines[j].trim().startsWith(w))) j++;
    }
    const close = Math.min(j, d.lines.length - 1);
    out.push([i, close]);
    i = close;
  }
  return out;
}

/** Widens [s, e] so neither marker goes strictly inside a protected block [open, close] (before open and after close are fine). */
function widenProtected(blocks: ReadonlyArray<readonly [number, number]>, s: number, e: number): { s: number; e: number } {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [o, c] of blocks) {
      if (s > o && s <= c) {
        s = o;
        changed = true;
      }
      if (e >= o && e < c) {
        e = c;
        changed = true;
      }
    }
  }
  return { s, e };
}

/** Markdown: a range touching a fenced code block takes the whole fence (the code inside stays untouched). */
function widenFences(d: Doc, s: number, e: number): { s: number; e: number } {
  const blocks: Array<[number, number]> = [];
  for (let i = 0; i < d.lines.length; i++) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(d.lines[i]);
    if (!m || (m[1][0] === '`' && d.lines[i].slice(m[0].length).includes('`'))) continue;
    const ch = m[1][0];
    let j = i + 1;
    while (j < d.lines.length && !new RegExp(`^ {0,3}\\${ch}{${m[1].length},}\\s*$`).test(d.lines[j])) j++;
    blocks.push([i, Math.min(j, d.lines.length - 1)]);
    i = j;
  }
  for (const [o, c] of blocks) {
    if (s >= o && s <= c) s = o;
    if (e >= o && e <= c) e = c;
  }
  return { s, e };
}

/** HTML/Vue/Svelte: `<script>` and `<style>` contents take their own comment form; a range crossing sections is widened to the markup. */
function sections(d: Doc, s: number, e: number): { s: number; e: number; section: 'markup' | 'script' | 'style' } {
  const sec: Array<'markup' | 'script' | 'style'> = [];
  const openLine: number[] = [];
  let cur: 'markup' | 'script' | 'style' = 'markup';
  let opened = -1;
  for (let i = 0; i < d.lines.length; i++) {
    const l = d.lines[i];
    if (cur === 'markup') {
      sec.push('markup');
      openLine.push(-1);
      const m = /<(script|style)\b[^>]{0,2000}>/i.exec(l);
      if (m && !new RegExp(`</${m[1]}\\s*>`, 'i').test(l.slice(m.index))) {
        cur = m[1].toLowerCase() as 'script' | 'style';
        opened = i;
      }
    } else {
      const closes = new RegExp(`</${cur}\\s*>`, 'i').test(l);
      sec.push(closes ? 'markup' : cur);
      openLine.push(closes ? -1 : opened);
      if (closes) cur = 'markup';
    }
  }
  if (sec[s] === sec[e] && (sec[s] === 'markup' || openLine[s] === openLine[e])) return { s, e, section: sec[s] };
  // widen both ends to the markup lines around the sections they are in
  if (sec[s] !== 'markup') s = openLine[s];
  if (sec[e] !== 'markup') {
    let k = e;
    while (k < d.lines.length - 1 && sec[k] !== 'markup') k++;
    e = k;
  }
  return { s, e, section: 'markup' };
}
