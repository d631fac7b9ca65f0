import type { ParsedLanguage } from './types';

/** Grammar file (inside the extension's `dist/grammars/`) per parsed language. */
export const GRAMMAR_FILES: Readonly<Record<ParsedLanguage, string>> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
};

/** VS Code language ids → the grammar that parses them. */
const BY_VSCODE_ID: Readonly<Record<string, ParsedLanguage>> = {
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  python: 'python',
};

const BY_EXTENSION: Readonly<Record<string, ParsedLanguage>> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python',
  '.pyw': 'python',
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

export function languageFromVscodeId(id: string): ParsedLanguage | undefined {
  return BY_VSCODE_ID[id];
}

export function languageFromPath(path: string): ParsedLanguage | undefined {
  const m = /(\.[A-Za-z0-9]+)$/.exec(path);
  return m ? BY_EXTENSION[m[1].toLowerCase()] : undefined;
}

/** The comment family of a parsed language (used for suppressions and, later, provenance markers). */
export function lineCommentPrefix(lang: ParsedLanguage): string {
  return lang === 'python' ? '#' : '//';
}
