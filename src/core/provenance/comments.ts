/**
 * Comment syntax per language, for provenance markers. The editor passes VS Code's language configuration when it
 * has one (`styleFromLanguageConfiguration`); this table covers the languages VS Code ships and common extensions,
 * and is what the CLI uses. undefined = the language cannot hold a comment: the sidecar ledger is the only record.
 */
import type { CommentStyle } from './types';

const SLASH: CommentStyle = { line: '//', block: ['/*', '*/'] };
const HASH: CommentStyle = { line: '#' };
const DASH: CommentStyle = { line: '--' };
const XML: CommentStyle = { block: ['<!--', '-->'] };
const CSS: CommentStyle = { block: ['/*', '*/'] };

/** VS Code language id → comment style. Absent ids fall back to the editor's configuration. */
export const COMMENT_STYLES: Readonly<Record<string, CommentStyle | null>> = {
  javascript: SLASH,
  javascriptreact: SLASH,
  typescript: SLASH,
  typescriptreact: SLASH,
  go: SLASH,
  rust: SLASH,
  java: SLASH,
  csharp: SLASH,
  cpp: SLASH,
  c: SLASH,
  'cuda-cpp': SLASH,
  'objective-c': SLASH,
  'objective-cpp': SLASH,
  swift: SLASH,
  kotlin: SLASH,
  scala: SLASH,
  groovy: SLASH,
  dart: SLASH,
  php: SLASH,
  scss: SLASH,
  less: SLASH,
  fsharp: { line: '//', block: ['(*', '*)'] },
  hlsl: SLASH,
  shaderlab: SLASH,
  zig: { line: '//' },
  proto: SLASH,
  prisma: { line: '//' },
  solidity: SLASH,
  jsonnet: SLASH,
  python: HASH,
  shellscript: HASH,
  ruby: HASH,
  perl: HASH,
  perl6: HASH,
  raku: HASH,
  r: HASH,
  julia: HASH,
  elixir: HASH,
  nim: HASH,
  crystal: HASH,
  coffeescript: HASH,
  powershell: { line: '#', block: ['<#', '#>'] },
  yaml: HASH,
  dockercompose: HASH,
  'github-actions-workflow': HASH,
  toml: HASH,
  dockerfile: HASH,
  makefile: HASH,
  cmake: HASH,
  terraform: HASH,
  hcl: HASH,
  nix: HASH,
  graphql: HASH,
  properties: HASH,
  dotenv: HASH,
  ignore: HASH,
  'git-commit': null,
  'git-rebase': null,
  sql: { line: '--', block: ['/*', '*/'] },
  lua: { line: '--', block: ['--[[', ']]'] },
  haskell: { line: '--', block: ['{-', '-}'] },
  elm: DASH,
  purescript: DASH,
  ada: DASH,
  vhdl: DASH,
  ini: { line: ';' },
  clojure: { line: ';' },
  scheme: { line: ';' },
  lisp: { line: ';' },
  erlang: { line: '%' },
  latex: { line: '%' },
  tex: { line: '%' },
  bibtex: { line: '%' },
  matlab: { line: '%' },
  vb: { line: "'" },
  bat: { line: '@REM' },
  ocaml: { block: ['(*', '*)'] },
  css: CSS,
  html: XML,
  xml: XML,
  xsl: XML,
  svg: XML,
  markdown: XML,
  razor: XML,
  vue: XML,
  svelte: XML,
  handlebars: { block: ['{{!--', '--}}'] },
  twig: { block: ['{#', '#}'] },
  pug: { line: '//-' },
  jade: { line: '//-' },
  asciidoc: { line: '//' },
  restructuredtext: null,
  json: null,
  jsonc: null,
  jsonl: null,
  json5: null,
  snippets: null,
  plaintext: null,
  log: null,
  diff: null,
  csv: null,
  tsv: null,
  'code-text-binary': null,
};

/** Languages that never hold a marker even when the editor's configuration has comment tokens (JSON's has `//`). */
const NEVER = new Set(Object.entries(COMMENT_STYLES).filter(([, s]) => s === null).map(([id]) => id));

/** VS Code's `LanguageConfiguration.comments` (newer versions allow `lineComment: { comment, noIndent }`). */
export interface LanguageCommentConfiguration {
  readonly lineComment?: string | { readonly comment?: string | null } | null;
  readonly blockComment?: readonly [string, string] | readonly string[] | null;
}

/**
 * A style from the editor's configuration; undefined when it has no usable token. A token is usable when it is
 * printable, holds no whitespace, and (for a block) its closer is not empty.
 */
export function styleFromLanguageConfiguration(comments: LanguageCommentConfiguration | undefined | null): CommentStyle | undefined {
  if (!comments || typeof comments !== 'object') return undefined;
  const ok = (t: unknown): t is string => typeof t === 'string' && t.length > 0 && t.length <= 16 && !/[\s\p{C}]/u.test(t);
  const lc = comments.lineComment;
  const line = typeof lc === 'string' ? lc : lc && typeof lc === 'object' ? lc.comment : undefined;
  const bc = comments.blockComment;
  const block = Array.isArray(bc) && bc.length === 2 && ok(bc[0]) && ok(bc[1]) ? ([bc[0], bc[1]] as const) : undefined;
  if (!ok(line) && !block) return undefined;
  return { ...(ok(line) ? { line } : {}), ...(block ? { block } : {}) };
}

/**
 * The style markers use in a language: the table first (it knows which languages must stay comment-free, e.g.
 * JSON), then the editor's configuration. undefined: no comments, ledger only.
 */
export function commentStyleFor(languageId: string, configuration?: LanguageCommentConfiguration | null): CommentStyle | undefined {
  if (NEVER.has(languageId)) return undefined;
  const known = Object.prototype.hasOwnProperty.call(COMMENT_STYLES, languageId) ? COMMENT_STYLES[languageId] : undefined;
  return known ?? styleFromLanguageConfiguration(configuration);
}

/**
 * Every style a scanner should accept in a language: files mixing languages (HTML, Vue, Svelte, PHP, Markdown with
 * embedded HTML) hold markers in more than one form.
 */
export function scanStylesFor(languageId: string, configuration?: LanguageCommentConfiguration | null): CommentStyle[] {
  const main = commentStyleFor(languageId, configuration);
  if (!main) return [];
  if (languageId === 'php') return [SLASH, HASH, XML];
  if (['html', 'vue', 'svelte', 'razor'].includes(languageId)) return [SLASH, XML];
  return [main];
}

/** Languages with an embedded-section structure (`<script>`, `<style>`, markup): placement picks the form per line. */
export const SECTIONED_LANGUAGES: ReadonlySet<string> = new Set(['html', 'vue', 'svelte']);

export const STYLES = { SLASH, HASH, XML, CSS } as const;

/** Every comment style of the table, once each: for reading markers in files whose language is not known. */
export const ALL_COMMENT_STYLES: readonly CommentStyle[] = (() => {
  const out: CommentStyle[] = [];
  const key = (s: CommentStyle) => `${s.line ?? ''}\u0000${s.block?.join('\u0000') ?? ''}`;
  const seen = new Set<string>();
  for (const s of Object.values(COMMENT_STYLES)) {
    if (s && !seen.has(key(s))) {
      seen.add(key(s));
      out.push(s);
    }
  }
  return out;
})();
