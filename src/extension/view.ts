import * as vscode from 'vscode';
import { changedSpans, visibleFindings, type LineSpan } from '../core/focus';
import { errorText } from '../core/parser';
import type { AnalysisResult, Confidence, Finding } from '../core/types';
import type { ConfigReader } from './config';

/**
 * Which findings become diagnostics: the confidence threshold (vetted.minConfidence) and focus mode
 * (vetted.focus = changed: only lines changed since vetted.focusBase). The base text comes from the built-in Git
 * extension's API, never from a git process of ours: a repository's config can run commands (core.fsmonitor, ...),
 * which is why VS Code turns Git off in untrusted workspaces.
 */

// The part of the Git extension's API (extensions/git/src/api/git.d.ts, version 1) used here.
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly commit?: string }; readonly onDidChange: vscode.Event<void> };
  show(ref: string, path: string): Promise<string>;
  getCommit(ref: string): Promise<{ readonly hash: string }>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Base text of one file at one revision: undefined text = not in the base (new, untracked, renamed). */
type Base = { readonly text: string | undefined } | { readonly unavailable: string };

export interface ViewInfo {
  readonly shown: number;
  readonly hidden: { readonly confidence: number; readonly focus: number };
  readonly minConfidence: Confidence;
  /** Focus mode state for the tooltip (undefined when focus is off). */
  readonly focus?: string;
}

const MAX_PARALLEL_READS = 4;
const MAX_CACHED_BASES = 500;

export class FindingsView implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** A result's base text arrived: its diagnostics should be published again. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly resetEmitter = new vscode.EventEmitter<void>();
  /** Repositories opened/closed or HEAD moved: every open document should be checked again. */
  readonly onDidReset = this.resetEmitter.event;
  private git: Promise<GitApi | string> | undefined;
  private readonly bases = new Map<string, Base>();
  private readonly loading = new Set<string>();
  /** Text of a published result that waits for its base (dropped once the base is there). */
  private readonly pending = new Map<string, string>();
  /** Last changed spans per document, with the base they were computed against (for republishing). */
  private readonly spans = new Map<string, { base: string; spans: LineSpan[] }>();
  private readonly infos = new Map<string, ViewInfo>();
  private readonly heads = new Map<string, string | undefined>();
  private readonly watched = new Set<string>();
  /** Base reads in flight, and those waiting (Scan Workspace in focus mode asks for many at once). */
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly config: ConfigReader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.changeEmitter,
      this.resetEmitter,
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.retryGit()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('git.enabled') && this.retryGit()),
    );
  }

  /** Git was off or missing (untrusted workspace, git.enabled): ask again. */
  private retryGit(): void {
    this.git = undefined;
    this.bases.clear();
    this.resetEmitter.fire();
  }

  infoFor(uri: vscode.Uri): ViewInfo | undefined {
    return this.infos.get(uri.toString());
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.infos.delete(key);
    this.pending.delete(key);
    this.spans.delete(key);
    for (const k of [...this.bases.keys()]) if (k.startsWith(`${key}\u0000`)) this.bases.delete(k);
  }

  /**
   * The findings of `result` to show. `text` is the text the result was computed for (omit when republishing).
   * Findings on `aiBlocks` lines (AI-tagged blocks) are shown at every confidence, also in focus mode.
   */
  visible(uri: vscode.Uri, result: AnalysisResult, text?: string, aiBlocks?: readonly LineSpan[]): readonly Finding[] {
    const key = uri.toString();
    const s = this.config.read(uri);
    let focus: { changed: LineSpan[]; extra?: readonly LineSpan[] } | undefined;
    let note: string | undefined;
    if (s.focus !== 'changed') {
      this.pending.delete(key);
      this.spans.delete(key);
    } else {
      const baseKey = `${key}\u0000${s.focusBase}`;
      const base = this.bases.get(baseKey);
      if (text === undefined) text = this.pending.get(key);
      if (!base) {
        if (text !== undefined) this.pending.set(key, text);
        void this.load(uri, s.focusBase, baseKey);
        note = `Focus: reading ${s.focusBase} from Git; every finding is shown until then.`;
      } else if ('unavailable' in base) {
        note = `Focus is off for this file (${base.unavailable}); every finding is shown.`;
      } else {
        let spans: LineSpan[] | undefined;
        if (text !== undefined) {
          spans = changedSpans(base.text, text);
          this.spans.set(key, { base: baseKey, spans });
          this.pending.delete(key);
        } else {
          const last = this.spans.get(key);
          spans = last?.base === baseKey ? last.spans : undefined;
        }
        if (spans) {
          focus = { changed: spans, extra: aiBlocks };
          note = base.text === undefined ? `Focus: new file (not in ${s.focusBase}), every line counts as changed.` : `Focus: only lines changed since ${s.focusBase} are checked.`;
        } else {
          note = 'Focus: the text of this result is no longer known; every finding is shown.';
        }
      }
    }
    const view = visibleFindings(result.findings, { minConfidence: s.minConfidence, focus, aiBlocks });
    this.infos.set(key, { shown: view.visible.length, hidden: view.hidden, minConfidence: s.minConfidence, focus: note });
    return view.visible;
  }

  private async load(uri: vscode.Uri, ref: string, baseKey: string): Promise<void> {
    if (this.loading.has(baseKey)) return;
    this.loading.add(baseKey);
    if (this.active >= MAX_PARALLEL_READS) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    let base: Base;
    try {
      base = await this.readBase(uri, ref);
    } catch (e) {
      base = { unavailable: `Git failed: ${errorText(e)}` };
    } finally {
      this.loading.delete(baseKey);
      this.active--;
      this.queue.shift()?.();
    }
    if ('unavailable' in base) this.log.info(`focus: ${vscode.workspace.asRelativePath(uri)}: ${base.unavailable}`);
    this.bases.set(baseKey, base);
    // Base texts of open documents are what matters; Scan Workspace in focus mode must not keep every file's base.
    if (this.bases.size > MAX_CACHED_BASES) this.bases.delete(this.bases.keys().next().value!);
    this.changeEmitter.fire(uri);
  }

  private async readBase(uri: vscode.Uri, ref: string): Promise<Base> {
    if (uri.scheme !== 'file') return { unavailable: 'not a file on disk' };
    const api = await this.gitApi();
    if (typeof api === 'string') return { unavailable: api };
    const repo = api.getRepository(uri);
    if (!repo) return { unavailable: 'not in a Git repository that VS Code has open' };
    this.watch(repo);
    let commit: string;
    try {
      commit = (await repo.getCommit(ref)).hash;
    } catch {
      return { unavailable: `unknown Git revision "${ref}" (vetted.focusBase)` };
    }
    try {
      const text = await repo.show(commit, uri.fsPath);
      return { text: text.includes('\u0000') ? undefined : text };
    } catch {
      return { text: undefined }; // not in the base: untracked, added or renamed, so every line is new
    }
  }

  private gitApi(): Promise<GitApi | string> {
    this.git ??= (async () => {
      if (!vscode.workspace.isTrusted) return 'Git is off in an untrusted workspace';
      const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
      if (!ext) return 'the built-in Git extension is not available';
      const exports = ext.isActive ? ext.exports : await ext.activate();
      if (!exports?.enabled) return 'Git is disabled (git.enabled)';
      const api = exports.getAPI(1);
      if (api.state !== 'initialized') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => done(), 15_000);
          const sub = api.onDidChangeState((st) => st === 'initialized' && done());
          function done() {
            clearTimeout(timer);
            sub.dispose();
            resolve();
          }
        });
      }
      const reset = () => {
        this.bases.clear();
        this.resetEmitter.fire();
      };
      this.disposables.push(api.onDidOpenRepository(reset), api.onDidCloseRepository(reset));
      return api;
    })().catch((e) => `the Git extension failed to start (${errorText(e)})`);
    return this.git;
  }

  /** Cached bases stay valid until HEAD moves (commit, checkout, pull, reset). */
  private watch(repo: GitRepository): void {
    const root = repo.rootUri.toString();
    if (this.watched.has(root)) return;
    this.watched.add(root);
    this.heads.set(root, repo.state.HEAD?.commit);
    this.disposables.push(
      repo.state.onDidChange(() => {
        const head = repo.state.HEAD?.commit;
        if (head === this.heads.get(root)) return;
        this.heads.set(root, head);
        this.log.info(`focus: HEAD of ${repo.rootUri.fsPath} moved; reading the bases again`);
        for (const k of [...this.bases.keys()]) if (k.startsWith(`${root}/`)) this.bases.delete(k);
        this.resetEmitter.fire();
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
