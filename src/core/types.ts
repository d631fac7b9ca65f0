/**
 * Plain data model shared by the engine, the editor adapter and the CLI.
 * Positions are 0-based; `character` counts UTF-16 code units (as VS Code and tree-sitter do).
 */

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** At most one fix per finding is preferred (offered by "Fix all" and Ctrl+.). */
  readonly isPreferred?: boolean;
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Higher number = more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

export interface Finding {
  readonly ruleId: string;
  /** e.g. ["CWE-89"] */
  readonly cwe: readonly string[];
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly message: string;
  readonly range: Range;
  readonly fixes: readonly Fix[];
  /** Stable across line moves: rule id + normalised text of the flagged code + occurrence index. */
  readonly fingerprint: string;
}

/** Why a document was not analysed. Always shown to the user (output channel, status bar, CLI). */
export interface SkipReason {
  readonly kind: 'too-large' | 'minified' | 'binary' | 'unsupported-language' | 'disabled';
  readonly detail: string;
}

export interface AnalysisResult {
  readonly findings: readonly Finding[];
  /** Set when the document was skipped; findings are then empty. */
  readonly skipped?: SkipReason;
  /** Number of syntax error nodes tree-sitter recovered from (analysis still ran). */
  readonly parseErrors: number;
  readonly language?: string;
  /** Findings hidden by a `vetted-ignore` comment, with its reason (listed in reports, never silently dropped). */
  readonly suppressed?: ReadonlyArray<{ readonly finding: Finding; readonly reason: string; readonly line: number }>;
}

/** Language ids the engine parses with tree-sitter. */
export const PARSED_LANGUAGES = ['javascript', 'typescript', 'tsx', 'python'] as const;
export type ParsedLanguage = (typeof PARSED_LANGUAGES)[number];

/**
 * One change to a document's text, as VS Code reports it (`TextDocumentContentChangeEvent`): `range` and
 * `rangeOffset`/`rangeLength` locate the replaced text in the document as it was before this change.
 * A list of changes is applied in order.
 */
export interface ContentChange {
  readonly range: Range;
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

/**
 * An open document analysed incrementally (see `Engine.openSession`): it keeps the syntax tree and per-statement
 * findings, and after each edit re-analyses only what the edit can have changed. Results always equal a fresh
 * `Engine.analyze` of the same text.
 */
export interface DocumentSession {
  /** The result for the text last given (on open or to `update`). */
  readonly result: AnalysisResult;
  /** Applies the changes that turned the previous text into `newText` and returns the new result (synchronous). */
  update(newText: string, changes: readonly ContentChange[]): AnalysisResult;
  /** Frees the syntax tree. The session cannot be used afterwards. */
  dispose(): void;
}
