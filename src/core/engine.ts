import type { Language, Node, Tree } from 'web-tree-sitter';
import { CaptureSet, type Captured, type Handlers } from './captures';
import { normalisedHash } from './hash';
import { applySuppressions, findSuppressions, suppressionEdit, textSuppressionEdit } from './suppress';
import type { TextKind } from './languages';
import { analyzeText } from './textEngine';
import type { Parsers } from './parser';
import { errorText } from './parser';
import type { ReportOptions, Rule, RuleContext, Visitor } from './rules/api';
import { nodeRange } from './rules/api';
import { Flow, FLOW_TYPES, type FlowInput, type ModuleBinding } from './rules/flow';
import { ALL_RULES } from './rules/index';
import { IncrementalSession } from './session';
import type { AnalysisResult, DocumentSession, Finding, ParsedLanguage, Position, Range, Severity, SkipReason, TextEdit } from './types';

/** A finding before its fingerprint's occurrence number is known (`base` undefined: the fingerprint is final). @internal */
export interface RawFinding {
  readonly finding: Finding;
  readonly base: string | undefined;
  /** The finding with its fingerprint, as last finished. */
  done?: Finding;
}

/** The analysis of one top-level statement. @internal */
export interface Segment {
  start: number;
  end: number;
  startPos: Position;
  endPos: Position;
  readonly type: string;
  findings: RawFinding[];
  readonly parseErrors: number;
  /** Every reported range and fix edit lies within the statement (so the findings can move with it). */
  readonly local: boolean;
  /** A finding depends on the statement's offset (an internal error): never reused. */
  readonly pinned: boolean;
  /** Module-scope bindings the statement makes (filled in by sessions). */
  bindings: readonly ModuleBinding[] | undefined;
}

/** @internal */
export interface SegmentRun {
  readonly rootFindings: RawFinding[];
  readonly rootParseErrors: number;
  readonly segments: Segment[];
  /** Statements analysed (not reused). */
  readonly rerun: number;
  readonly flow: () => Flow;
}

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
  /** For a document that is not parsed: the kind of text file it is (see `textKindOf`); it is then scanned for secrets. */
  readonly textKind?: TextKind;
  /** File path or name (workspace-relative or absolute), when known: tells `.env.example` from `.env`, picks fixes. */
  readonly path?: string;
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
  /** Per dispatch table and grammar: the query that finds the nodes to visit (and Flow's). */
  private captureCache = new WeakMap<Map<string, Array<[Rule, Visitor]>>, WeakMap<Language, CaptureSet>>();

  constructor(
    private readonly parsers: Parsers,
    readonly rules: readonly Rule[] = ALL_RULES,
  ) {}

  async analyze(doc: DocumentInput, options: EngineOptions = DEFAULT_ENGINE_OPTIONS): Promise<AnalysisResult> {
    if (!doc.language) {
      if (!doc.textKind) return { findings: [], parseErrors: 0, skipped: { kind: 'unsupported-language', detail: 'no parser for this language' } };
      const skippedText = precheck(doc.text, options);
      if (skippedText) return { findings: [], parseErrors: 0, skipped: skippedText, language: doc.textKind };
      return analyzeText(doc.text, doc.textKind, doc.path, options, this.rules); // text files: secrets only
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

  /**
   * Opens an incremental session for an editor document: `session.update(text, changes)` after each edit
   * re-parses incrementally and re-analyses only the statements the edit touched (see session.ts).
   */
  async openSession(doc: DocumentInput, options: EngineOptions = DEFAULT_ENGINE_OPTIONS): Promise<DocumentSession> {
    if (doc.language) await this.parsers.language(doc.language);
    return new IncrementalSession(this, this.parsers, doc.language, doc.text, options);
  }

  /** The edit that adds a `vetted-ignore` comment for `ruleId` above `line` (see suppress.ts). */
  async suppressionEdit(doc: DocumentInput, line: number, ruleId: string, reason: string): Promise<TextEdit | undefined> {
    if (!doc.language) return doc.textKind ? textSuppressionEdit(doc.text, doc.textKind, line, ruleId, reason) : undefined;
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

  private captureSet(table: Map<string, Array<[Rule, Visitor]>>, tree: Tree): CaptureSet {
    let perLanguage = this.captureCache.get(table);
    if (!perLanguage) this.captureCache.set(table, (perLanguage = new WeakMap()));
    let set = perLanguage.get(tree.language);
    if (!set) perLanguage.set(tree.language, (set = new CaptureSet(tree.language, table, FLOW_TYPES)));
    return set;
  }

  private run(tree: Tree, language: ParsedLanguage, text: string, options: EngineOptions): AnalysisResult {
    return this.finish(this.runSegments(tree, language, text, options), text, tree, language, options);
  }

  /**
   * The analysis in parts: the root node's own visits, then one part per top-level statement (a child of the root),
   * so an incremental session can re-run only the statements an edit touched. `plan` lists the root's children:
   * earlier parts for unchanged statements (not walked again) and nodes to analyse. `track` records locality.
   * @internal
   */
  runSegments(tree: Tree, language: ParsedLanguage, text: string, options: EngineOptions, plan?: ReadonlyArray<Segment | Node>, track = false): SegmentRun {
    const flowSeeds = plan?.map((e) => ('findings' in e ? { start: e.start, bindings: e.bindings ?? [] } : e));
    const table = this.dispatch(language, options);
    let flow: Flow | undefined;
    /** The statements' captures, handed to Flow so it need not find its nodes again. */
    let flowInput: FlowInput | undefined;
    let current: Rule | undefined;
    let sink: RawFinding[] = [];
    let local = true;
    let pinned = false;
    let baseRow = 0;
    let baseCol = 0;
    let limitRow = 0;
    let limitCol = 0;
    // within the current statement's extent
    const inside = (p: Position) =>
      (p.line > baseRow || (p.line === baseRow && p.character >= baseCol)) && (p.line < limitRow || (p.line === limitRow && p.character <= limitCol));
    const ctx: RuleContext = {
      language,
      text,
      tree,
      get flow() {
        return (flow ??= new Flow(tree, language, flowSeeds, flowInput));
      },
      report(target: Node | Range, opts: ReportOptions) {
        const rule = current!;
        const range = 'start' in target && 'end' in target && !('type' in target) ? target : nodeRange(target as Node);
        const code = opts.fingerprintText ?? ('type' in target ? (target as Node).text : '');
        const override = options.rules[rule.id];
        const finding: Finding = {
          ruleId: rule.id,
          cwe: rule.cwe,
          severity: override && override !== 'off' ? override : opts.severity ?? rule.severity,
          confidence: opts.confidence ?? rule.confidence,
          message: opts.message,
          range,
          fixes: opts.fixes ?? [],
          fingerprint: '',
        };
        if (local && track) {
          if (!inside(range.start) || !inside(range.end)) local = false;
          else for (const fix of finding.fixes) for (const e of fix.edits) if (!inside(e.range.start) || !inside(e.range.end)) local = false;
        }
        sink.push({ finding, base: `${rule.id}:${normalisedHash(code)}` });
      },
    };

    const visit = (node: Node, handlers: Handlers) => {
      for (const [rule, visitor] of handlers) {
        current = rule;
        try {
          visitor(node, ctx);
        } catch (e) {
          // A rule bug must never take the whole analysis down; surface it instead.
          sink.push({ finding: internalError(rule, node, e), base: undefined });
          local = false;
          pinned = true;
        }
      }
    };
    const root = tree.rootNode;
    const rootFindings: RawFinding[] = [];
    sink = rootFindings;
    const rootParseErrors = root.type === 'ERROR' || root.isMissing ? 1 : 0;
    const rootHandlers = table.get(root.type);
    if (rootHandlers) visit(root, rootHandlers);
    const segments: Segment[] = [];
    let rerun = 0;
    /** Analyses one statement: its captured nodes in pre-order, each with the visitors of its type in rule order. */
    const statement = (node: Node, start: number, end: number, captured: Captured) => {
      rerun++;
      const findings: RawFinding[] = [];
      sink = findings;
      local = true;
      pinned = false;
      const sp = node.startPosition;
      const ep = node.endPosition;
      baseRow = sp.row;
      baseCol = sp.column;
      limitRow = ep.row;
      limitCol = ep.column;
      let errors = 0;
      const { nodes, kinds } = captured;
      for (let k = 0; k < nodes.length; k++) {
        const kind = kinds[k];
        if (kind.error) errors++;
        if (kind.handlers) visit(nodes[k], kind.handlers);
      }
      segments.push({ start, end, startPos: { line: sp.row, character: sp.column }, endPos: { line: ep.row, character: ep.column }, type: node.type, findings, parseErrors: errors, local, pinned, bindings: undefined });
    };
    const captures = this.captureSet(table, tree);
    if (plan) {
      // every statement's captures first: Flow, once asked, reads the bindings of all of them
      const captured = plan.map((entry) => ('findings' in entry ? undefined : captures.capture(entry)));
      flowInput = { captured };
      plan.forEach((entry, i) => {
        if ('findings' in entry) segments.push(entry);
        else statement(entry, entry.startIndex, entry.endIndex, captured[i]!);
      });
    } else {
      // `children` in one call: `nextSibling` searches the parent's children each time
      const children = root.children.filter((c): c is Node => c !== null);
      const starts = children.map((c) => c.startIndex);
      const ends = children.map((c) => c.endIndex);
      const captured = captures.captureChildren(root, children, starts, ends);
      flowInput = { children, captured };
      children.forEach((child, i) => statement(child, starts[i], ends[i], captured[i]));
    }
    return { rootFindings, rootParseErrors, segments, rerun, flow: () => (flow ??= new Flow(tree, language, flowSeeds, flowInput)) };
  }

  /** Fingerprint occurrences, suppressions and order over all parts: the result a full analysis gives. @internal */
  finish(run: SegmentRun, text: string, tree: Tree, language: ParsedLanguage, options: EngineOptions, marked = true): AnalysisResult {
    const findings: Finding[] = [];
    const seen = new Map<string, number>();
    const add = (raw: RawFinding) => {
      if (raw.base === undefined) {
        findings.push(raw.finding);
        return;
      }
      const occurrence = seen.get(raw.base) ?? 0;
      seen.set(raw.base, occurrence + 1);
      const fingerprint = `${raw.base}:${occurrence}`;
      // a reused part's finding keeps its object while its occurrence number stays the same
      if (raw.done?.fingerprint !== fingerprint) raw.done = { ...raw.finding, fingerprint };
      findings.push(raw.done);
    };
    let parseErrors = run.rootParseErrors;
    for (const raw of run.rootFindings) add(raw);
    for (const seg of run.segments) {
      parseErrors += seg.parseErrors;
      for (const raw of seg.findings) add(raw);
    }
    // `marked` false: the caller knows the text holds no suppression comment (sessions track it per edit)
    const { suppressions, problems } = marked ? findSuppressions(text, tree) : { suppressions: [], problems: [] };
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
