import type { Node, Tree } from 'web-tree-sitter';
import { normalisedHash } from './hash';
import { applySuppressions, findSuppressions, suppressionEdit } from './suppress';
import type { Parsers } from './parser';
import { errorText } from './parser';
import type { ReportOptions, Rule, RuleContext, Visitor } from './rules/api';
import { nodeRange } from './rules/api';
import { Flow } from './rules/flow';
import { ALL_RULES } from './rules/index';
import type { AnalysisResult, Finding, ParsedLanguage, Range, Severity, SkipReason, TextEdit } from './types';

export interface EngineOptions {
  /** Documents larger than this (UTF-16 code units ≈ bytes for ASCII) are skipped. */
  readonly maxFileSize: number;
  /** A line longer than this marks the document as minified or generated; it is skipped. */
  readonly maxLineLength: number;
  /** Per rule: "off" or a severity that replaces the rule's own. Unlisted rules run at their defaults. */
  readonly rules: Readonly<Record<string, 'off' | Severity>>;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { maxFileSize: 1024 * 1024, maxLineLength: 2000, rules: {} };

export interface DocumentInput {
  readonly text: string;
  /** Parsed language, or undefined for a language Vetted does not parse. */
  readonly language: ParsedLanguage | undefined;
}

/** Checks that decide, before parsing, whether a document should be analysed at all. */
export function precheck(text: string, options: EngineOptions): SkipReason | undefined {
  if (text.length > options.maxFileSize) {
    return { kind: 'too-large', detail: `file is ${formatKb(text.length)}; the limit (vetted.maxFileSizeKB) is ${formatKb(options.maxFileSize)}` };
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return { kind: 'binary', detail: 'file contains NUL bytes (binary data)' };
  }
  // Minified or generated: nearly all of the text sits in lines longer than the limit (or most of it, in several
  // such lines). One long line (a data URI, a long string) in a small hand-written file is not enough.
  let line = 0;
  let start = 0;
  let longChars = 0;
  let longLines = 0;
  let longest = { line: 0, length: 0 };
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const length = end - start;
    if (length > options.maxLineLength) {
      longChars += length;
      longLines++;
      if (length > longest.length) longest = { line, length };
    }
    if (nl === -1) break;
    start = nl + 1;
    line++;
  }
  const share = longChars / Math.max(1, text.length);
  if (share > 0.9 || (share > 0.5 && longLines >= 3)) {
    return { kind: 'minified', detail: `looks minified or generated: line ${longest.line + 1} has ${longest.length} characters, and lines over ${options.maxLineLength} characters (vetted.maxLineLength) hold ${Math.round((100 * longChars) / text.length)}% of the file` };
  }
  return undefined;
}

function formatKb(n: number): string {
  return `${Math.round(n / 1024)} KB`;
}

/**
 * The analysis entry point shared by the extension, the CLI and the tests: text in, findings out.
 * It never reads files or editor state.
 */
export class Engine {
  /** Per language: node type → the visitors of enabled rules. Built lazily per options object. */
  private dispatchCache = new WeakMap<EngineOptions, Map<ParsedLanguage, Map<string, Array<[Rule, Visitor]>>>>();

  constructor(
    private readonly parsers: Parsers,
    readonly rules: readonly Rule[] = ALL_RULES,
  ) {}

  async analyze(doc: DocumentInput, options: EngineOptions = DEFAULT_ENGINE_OPTIONS): Promise<AnalysisResult> {
    if (!doc.language) {
      return { findings: [], parseErrors: 0, skipped: { kind: 'unsupported-language', detail: 'no parser for this language' } };
    }
    const skipped = precheck(doc.text, options);
    if (skipped) return { findings: [], parseErrors: 0, skipped, language: doc.language };
    const tree = await this.parsers.parse(doc.language, doc.text);
    try {
      return this.run(tree, doc.language, doc.text, options);
    } finally {
      tree.delete();
    }
  }

  /** The edit that adds a `vetted-ignore` comment for `ruleId` above `line` (see suppress.ts). */
  async suppressionEdit(doc: DocumentInput, line: number, ruleId: string, reason: string): Promise<TextEdit | undefined> {
    if (!doc.language) return undefined;
    const tree = await this.parsers.parse(doc.language, doc.text);
    try {
      return suppressionEdit(doc.text, doc.language, tree, line, ruleId, reason);
    } finally {
      tree.delete();
    }
  }

  private dispatch(lang: ParsedLanguage, options: EngineOptions): Map<string, Array<[Rule, Visitor]>> {
    let perLang = this.dispatchCache.get(options);
    if (!perLang) {
      perLang = new Map();
      this.dispatchCache.set(options, perLang);
    }
    let table = perLang.get(lang);
    if (!table) {
      table = new Map();
      for (const rule of this.rules) {
        if (options.rules[rule.id] === 'off') continue;
        const visitors = rule.visitors[lang];
        if (!visitors) continue;
        for (const [type, visit] of Object.entries(visitors)) {
          const list = table.get(type) ?? [];
          list.push([rule, visit]);
          table.set(type, list);
        }
      }
      perLang.set(lang, table);
    }
    return table;
  }

  private run(tree: Tree, language: ParsedLanguage, text: string, options: EngineOptions): AnalysisResult {
    const table = this.dispatch(language, options);
    const findings: Finding[] = [];
    const seen = new Map<string, number>();
    let flow: Flow | undefined;
    let current: Rule | undefined;
    const ctx: RuleContext = {
      language,
      text,
      tree,
      get flow() {
        return (flow ??= new Flow(tree, language));
      },
      report(target: Node | Range, opts: ReportOptions) {
        const rule = current!;
        const range = 'start' in target && 'end' in target && !('type' in target) ? target : nodeRange(target as Node);
        const code = opts.fingerprintText ?? ('type' in target ? (target as Node).text : '');
        const base = `${rule.id}:${normalisedHash(code)}`;
        const occurrence = seen.get(base) ?? 0;
        seen.set(base, occurrence + 1);
        const override = options.rules[rule.id];
        findings.push({
          ruleId: rule.id,
          cwe: rule.cwe,
          severity: override && override !== 'off' ? override : opts.severity ?? rule.severity,
          confidence: opts.confidence ?? rule.confidence,
          message: opts.message,
          range,
          fixes: opts.fixes ?? [],
          fingerprint: `${base}:${occurrence}`,
        });
      },
    };

    let parseErrors = 0;
    const cursor = tree.walk();
    let descend = true;
    for (;;) {
      if (descend) {
        const type = cursor.nodeType;
        if (type === 'ERROR' || cursor.nodeIsMissing) parseErrors++;
        const handlers = table.get(type);
        if (handlers) {
          const node = cursor.currentNode;
          for (const [rule, visit] of handlers) {
            current = rule;
            try {
              visit(node, ctx);
            } catch (e) {
              // A rule bug must never take the whole analysis down; surface it instead.
              findings.push(internalError(rule, node, e));
            }
          }
        }
      }
      if (descend && cursor.gotoFirstChild()) continue;
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      descend = false;
    }
    // Delete explicitly: web-tree-sitter's GC finalizer for a cursor frees the cursor state marshalled at that moment
    // (another live cursor, or one of a deleted tree), which corrupts WASM memory ("memory access out of bounds").
    cursor.delete();
    const { suppressions, problems } = findSuppressions(text, tree);
    const known = new Set(this.rules.map((r) => r.id));
    const off = new Set(Object.keys(options.rules).filter((id) => options.rules[id] === 'off'));
    const applied = applySuppressions(findings, suppressions, known, off);
    const result = [...applied.kept, ...problems, ...applied.problems];
    result.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
    return { findings: result, parseErrors, language, suppressed: applied.suppressed };
  }
}

function internalError(rule: Rule, node: Node, e: unknown): Finding {
  return {
    ruleId: 'internal-error',
    cwe: [],
    severity: 'low',
    confidence: 'low',
    message: `Vetted rule ${rule.id} failed on this code (${errorText(e)}). Please report it; other rules still ran.`,
    range: nodeRange(node),
    fixes: [],
    fingerprint: `internal-error:${rule.id}:${node.startIndex}`,
  };
}

export { errorText };
