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
      p = this.initRuntime()
        .then(() => this.source.grammar(file))
        .then((bytes) => Language.load(bytes))
        .catch((e: unknown) => {
          this.languages.delete(lang);
          throw new Error(`could not load grammar ${file}: ${errorText(e)}`);
        });
      this.languages.set(lang, p);
    }
    return p;
  }

  async parse(lang: ParsedLanguage, text: string, previous?: Tree): Promise<Tree> {
    const language = await this.language(lang);
    let parser = this.parsers.get(lang);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(language);
      this.parsers.set(lang, parser);
    }
    const tree = parser.parse(text, previous);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${lang} document`);
    return tree;
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
