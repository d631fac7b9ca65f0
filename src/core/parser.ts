import { Language, Parser } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';
import { GRAMMAR_FILES } from './languages';
import type { ParsedLanguage } from './types';

/**
 * Where the WASM bytes come from. The engine never sees a file path: the extension reads them through
 * `workspace.fs` from its own folder, the CLI from its `dist/`, tests from node_modules.
 */
export interface WasmSource {
  /** Bytes of `web-tree-sitter.wasm`. */
  runtime(): PromiseLike<Uint8Array>;
  /** Bytes of a grammar file named in GRAMMAR_FILES. */
  grammar(file: string): PromiseLike<Uint8Array>;
}

/** Memoised lazy tree-sitter: the runtime is initialised once, each grammar loaded once, on first need. */
export class Parsers {
  private init: Promise<void> | undefined;
  private readonly languages = new Map<ParsedLanguage, Promise<Language>>();
  private readonly parsers = new Map<ParsedLanguage, Parser>();
  private readonly loaded = new Map<ParsedLanguage, Language>();

  constructor(private readonly source: WasmSource) {}

  private initRuntime(): Promise<void> {
    if (!this.init) {
      this.init = Promise.resolve(this.source.runtime())
        .then((wasmBinary) => Parser.init({ wasmBinary }))
        .catch((e: unknown) => {
          this.init = undefined; // allow a retry after a transient failure
          throw new Error(`could not start the tree-sitter runtime: ${errorText(e)}`);
        });
    }
    return this.init;
  }

  language(lang: ParsedLanguage): Promise<Language> {
    let p = this.languages.get(lang);
    if (!p) {
      const file = GRAMMAR_FILES[lang];
      // The grammar is read while the runtime starts (the first document needs both; the editor reads through
      // workspace.fs, which is not free), and compiled once the runtime is up.
      p = Promise.all([this.initRuntime(), this.source.grammar(file)])
        .then(([, bytes]) => Language.load(bytes))
        .then((language) => {
          this.loaded.set(lang, language);
          return language;
        })
        .catch((e: unknown) => {
          this.languages.delete(lang);
          throw new Error(`could not load grammar ${file}: ${errorText(e)}`);
        });
      this.languages.set(lang, p);
    }
    return p;
  }

  async parse(lang: ParsedLanguage, text: string, previous?: Tree): Promise<Tree> {
    await this.language(lang);
    const tree = this.parseSync(lang, text, previous);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${lang} document`);
    return tree;
  }

  /**
   * Parses with a grammar already loaded by `language(lang)`. With `budgetMs`, a parse that takes longer is
   * cancelled and null returned (an incremental re-parse can cost more than parsing from scratch).
   */
  parseSync(lang: ParsedLanguage, text: string, previous?: Tree, budgetMs?: number): Tree | null {
    const language = this.loaded.get(lang);
    if (!language) throw new Error(`grammar for ${lang} is not loaded`);
    let parser = this.parsers.get(lang);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(language);
      this.parsers.set(lang, parser);
    }
    if (budgetMs === undefined) return parser.parse(text, previous);
    const deadline = Date.now() + budgetMs;
    const tree = parser.parse(text, previous, { progressCallback: () => Date.now() > deadline });
    if (!tree) parser.reset();
    return tree;
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
