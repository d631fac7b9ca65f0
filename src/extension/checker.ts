import * as vscode from 'vscode';
import { Engine, type DocumentInput, type EngineOptions } from '../core/engine';
import { errorText } from '../core/parser';
import type { LineSpan } from '../core/focus';
import { engineOptions } from '../core/settings';
import type { AnalysisResult, ContentChange, DocumentSession, Finding } from '../core/types';
import type { ConfigReader } from './config';
import { toDiagnostic } from './convert';
import type { FindingsView } from './view';
import { documentInput, isAnalysable } from './documents';

/** Schemes of documents that are not the user's code (git history, diff bases, output, settings). */
const NOT_USER_CODE = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'vscode-userdata', 'vscode-settings', 'debug', 'walkThroughSnippet', 'vscode-notebook-cell-output', 'review', 'pr']);

export type CheckState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; uri: vscode.Uri; result: AnalysisResult }
  | { kind: 'error'; message: string };

/**
 * Keeps the Problems panel in step with open documents: analyses on open, on type (debounced) or on save,
 * drops results of stale runs, clears diagnostics on close.
 */
export class DocumentChecker implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('vetted');
  private readonly findings = new Map<string, readonly Finding[]>();
  /** Document version each result was computed for (undefined for files read from disk by Scan Workspace). */
  private readonly versions = new Map<string, number | undefined>();
  private readonly results = new Map<string, AnalysisResult>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Monotonic run id per document; a run whose id is no longer the latest is discarded. */
  private readonly generation = new Map<string, number>();
  private readonly loggedSkips = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly stateEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeState = this.stateEmitter.event;
  private running = 0;
  /** Per open parsed document: its incremental session, the options it was opened with, and the edits not yet given to it. */
  private readonly sessions = new Map<string, { session: DocumentSession; options: string; language: string }>();
  private readonly pendingChanges = new Map<string, ContentChange[]>();
  /** Lines of AI-tagged blocks per document (provenance view): findings there are kept at every confidence. */
  private aiBlocks: ((uri: vscode.Uri) => LineSpan[]) | undefined;
  /** Drops findings dismissed in `.vetted/ignore.json` (src/extension/gate.ts). */
  private dismissals: ((uri: vscode.Uri, findings: readonly Finding[]) => readonly Finding[]) | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly config: ConfigReader,
    private readonly log: vscode.LogOutputChannel,
    private readonly docUri: (ruleId: string) => vscode.Uri | undefined,
    /** Filters what becomes diagnostics (confidence threshold, focus mode); findingsFor returns what it lets through. */
    private readonly view?: FindingsView,
  ) {
    if (view) this.disposables.push(view.onDidChange((uri) => this.republish(uri)), view.onDidReset(() => this.recheckAll()));
    this.disposables.push(
      this.diagnostics,
      this.stateEmitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const pending = this.pendingChanges.get(e.document.uri.toString());
        if (pending) pending.push(...e.contentChanges);
        const s = this.config.read(e.document.uri);
        if (s.run === 'onType') this.schedule(e.document, s.debounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('vetted')) return;
        this.dropUnopened(); // Scan Workspace results were computed under the old settings
        this.recheckAll();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.recheckAll()),
    );
  }

  get isRunning(): boolean {
    return this.running > 0;
  }

  resultFor(uri: vscode.Uri): AnalysisResult | undefined {
    return this.results.get(uri.toString());
  }

  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  /** Findings whose fixes still apply to the document as it is now (none when it changed since the analysis). */
  currentFindingsFor(doc: vscode.TextDocument): readonly Finding[] {
    const key = doc.uri.toString();
    const version = this.versions.get(key);
    return version === undefined || version === doc.version ? this.findings.get(key) ?? [] : [];
  }

  recheckAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private isCandidate(doc: vscode.TextDocument): boolean {
    return !NOT_USER_CODE.has(doc.uri.scheme) && isAnalysable(doc);
  }

  schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!this.isCandidate(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen); // any run already under way for this document is now stale
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(doc, gen);
      }, delayMs),
    );
  }

  /** Analyses one document now; resolves when its diagnostics are published (or the run turned out stale). */
  async check(doc: vscode.TextDocument, gen = this.bump(doc.uri)): Promise<AnalysisResult | undefined> {
    const key = doc.uri.toString();
    const settings = this.config.read(doc.uri);
    if (!settings.enable) {
      this.dropSession(key);
      this.clear(doc.uri);
      return undefined;
    }
    const version = doc.version;
    this.running++;
    this.stateEmitter.fire();
    try {
      const input = documentInput(doc);
      const text = input.text;
      const result = await this.analyse(doc, input, engineOptions(settings));
      if (this.generation.get(key) !== gen || doc.isClosed) return undefined; // a newer run is scheduled, or closed
      if (doc.version !== version) {
        // edited while running and no newer run is scheduled (e.g. run = onSave): check the current text again
        this.schedule(doc, settings.debounceMs);
        return undefined;
      }
      this.publish(doc.uri, result, version, text);
      return result;
    } catch (e) {
      this.log.error(`analysis of ${doc.uri.fsPath || key} failed: ${errorText(e)}`);
      return undefined;
    } finally {
      this.running--;
      this.stateEmitter.fire();
    }
  }

  /**
   * Parsed documents are analysed through an incremental session fed with the document's content changes (only the
   * statements an edit touched run again); other documents are analysed in full.
   */
  private async analyse(doc: vscode.TextDocument, input: DocumentInput, options: EngineOptions): Promise<AnalysisResult> {
    const key = doc.uri.toString();
    const { language, text } = input;
    if (!language) {
      this.dropSession(key); // text files (secrets only) are small and analysed in full
      return this.engine.analyze(input, options);
    }
    const optionsKey = JSON.stringify(options);
    const current = this.sessions.get(key);
    const pending = this.pendingChanges.get(key);
    if (current && pending && current.options === optionsKey && current.language === language) {
      this.pendingChanges.set(key, []);
      try {
        return current.session.update(text, pending);
      } catch (e) {
        this.log.warn(`incremental analysis of ${doc.uri.fsPath || key} failed (${errorText(e)}); analysing it in full`);
      }
    }
    this.dropSession(key);
    const since: ContentChange[] = []; // changes from now on are relative to `text`
    this.pendingChanges.set(key, since);
    const session = await this.engine.openSession(input, options);
    if (doc.isClosed || this.pendingChanges.get(key) !== since) {
      session.dispose(); // closed, or a newer run started over meanwhile
    } else {
      this.sessions.set(key, { session, options: optionsKey, language });
    }
    return session.result;
  }

  private dropSession(key: string): void {
    this.sessions.get(key)?.session.dispose();
    this.sessions.delete(key);
    this.pendingChanges.delete(key);
  }

  private bump(uri: vscode.Uri): number {
    const key = uri.toString();
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    return gen;
  }

  /** `text`: what the result was computed from (focus mode diffs it against the base). */
  publish(uri: vscode.Uri, result: AnalysisResult, version?: number, text?: string): void {
    const key = uri.toString();
    this.versions.set(key, version);
    this.results.set(key, result);
    const visible = this.view ? this.view.visible(uri, result, text, this.aiBlocks?.(uri)) : result.findings;
    const shown = this.dismissals ? this.dismissals(uri, visible) : visible;
    this.findings.set(key, shown);
    this.diagnostics.set(uri, shown.map((f) => toDiagnostic(f, this.docUri)));
    const skip = result.skipped?.detail;
    if (skip && this.loggedSkips.get(key) !== skip) {
      this.loggedSkips.set(key, skip);
      this.log.info(`skipped ${uri.fsPath || key}: ${skip}`);
    } else if (!skip) {
      this.loggedSkips.delete(key);
    }
    if (result.parseErrors > 0) this.log.debug(`${uri.fsPath || key}: ${result.parseErrors} syntax error(s); analysed what parsed`);
    this.stateEmitter.fire();
  }

  setDismissals(filter: (uri: vscode.Uri, findings: readonly Finding[]) => readonly Finding[]): void {
    this.dismissals = filter;
  }

  setAiBlocks(spans: (uri: vscode.Uri) => LineSpan[]): void {
    this.aiBlocks = spans;
  }

  /** The AI blocks of a document changed: publish its stored result again (when it is of the current text). */
  refreshView(uri: vscode.Uri): void {
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (doc && this.versions.get(key) !== doc.version) return; // a check of the new text is on its way
    this.republish(uri);
  }

  /** Publishes the stored result again (the view's filter changed for it). */
  private republish(uri: vscode.Uri): void {
    const key = uri.toString();
    const result = this.results.get(key);
    if (result) this.publish(uri, result, this.versions.get(key));
  }

  /** Forgets results for documents that are not open (their diagnostics came from Scan Workspace). */
  private dropUnopened(): void {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const key of [...this.results.keys()]) {
      if (!open.has(key)) this.forget(vscode.Uri.parse(key));
    }
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.diagnostics.delete(uri);
    this.findings.delete(key);
    this.results.delete(key);
    this.versions.delete(key);
    this.stateEmitter.fire();
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generation.delete(key); // a run still under way finds no generation and is dropped
    this.loggedSkips.delete(key);
    this.view?.forget(uri);
    this.dropSession(key);
    this.clear(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const key of [...this.sessions.keys()]) this.dropSession(key);
    for (const d of this.disposables) d.dispose();
  }
}
