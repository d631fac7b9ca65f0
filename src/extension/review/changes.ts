/**
 * Which files the review panel lists: those Git reports as changed (working tree, index, untracked) through the
 * built-in Git extension's API, or, when Git is not available, the open documents (and the panel says so).
 */
import * as vscode from 'vscode';

// The part of the Git extension's API (version 1) used here.
interface Change {
  readonly uri: vscode.Uri;
}
interface RepositoryState {
  readonly workingTreeChanges: readonly Change[];
  readonly indexChanges: readonly Change[];
  readonly untrackedChanges?: readonly Change[];
  readonly mergeChanges?: readonly Change[];
  readonly onDidChange: vscode.Event<void>;
}
export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: RepositoryState;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
}
interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement?: vscode.Event<boolean>;
  getAPI(version: 1): GitApi;
}

export type ChangedFiles = { readonly kind: 'git'; readonly uris: vscode.Uri[] } | { readonly kind: 'unavailable'; readonly reason: string };

/** Watches Git's repositories; `changed()` lists the changed files now. */
export class GitChanges implements vscode.Disposable {
  private api: GitApi | undefined;
  private reason = 'the Git extension has not started yet';
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Repositories opened or closed, or their state changed. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly repoSubs = new Map<string, vscode.Disposable>();
  private started: Promise<void> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Connects to the Git extension (once); resolves when its API answered or it is known to be unavailable. */
  start(): Promise<void> {
    return (this.started ??= this.connect());
  }

  private async connect(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.reason = 'the Git extension does not run in an untrusted workspace';
      this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.started = undefined;
        void this.start().then(() => this.emitter.fire());
      }));
      return;
    }
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) {
      this.reason = 'the built-in Git extension is not installed or is disabled';
      return;
    }
    try {
      const exports = ext.isActive ? ext.exports : await ext.activate();
      if (!exports?.enabled) {
        this.reason = 'Git is disabled (git.enabled is false) or git was not found';
        if (exports?.onDidChangeEnablement) this.disposables.push(exports.onDidChangeEnablement(() => {
          this.started = undefined;
          void this.start().then(() => this.emitter.fire());
        }));
        return;
      }
      const api = exports.getAPI(1);
      this.api = api;
      const watch = (r: GitRepository) => {
        const key = r.rootUri.toString();
        if (this.repoSubs.has(key)) return;
        // Git refreshes its state often (after every git call, even a failed `git config`): tell listeners only when
        // the list of changed files is different.
        this.repoSubs.set(key, r.state.onDidChange(() => this.fireIfChanged()));
      };
      api.repositories.forEach(watch);
      this.disposables.push(
        api.onDidOpenRepository((r) => {
          watch(r);
          this.emitter.fire();
        }),
        api.onDidCloseRepository((r) => {
          this.repoSubs.get(r.rootUri.toString())?.dispose();
          this.repoSubs.delete(r.rootUri.toString());
          this.emitter.fire();
        }),
        api.onDidChangeState(() => this.fireIfChanged()),
      );
    } catch (e) {
      this.reason = `the Git extension failed to start (${e instanceof Error ? e.message : String(e)})`;
      this.log.warn(`review panel: ${this.reason}`);
    }
  }

  private lastSignature = '';

  private fireIfChanged(): void {
    const c = this.changed();
    const sig = c.kind === 'git' ? c.uris.map((u) => u.toString()).sort().join('\n') : `!${c.reason}`;
    if (sig === this.lastSignature) return;
    this.lastSignature = sig;
    this.emitter.fire();
  }

  changed(): ChangedFiles {
    const api = this.api;
    if (!api) return { kind: 'unavailable', reason: this.reason };
    if (api.state !== 'initialized') return { kind: 'unavailable', reason: 'Git is still starting' };
    if (!api.repositories.length) return { kind: 'unavailable', reason: 'no Git repository is open in this window' };
    const seen = new Map<string, vscode.Uri>();
    for (const repo of api.repositories) {
      const s = repo.state;
      for (const c of [...s.workingTreeChanges, ...s.indexChanges, ...(s.untrackedChanges ?? []), ...(s.mergeChanges ?? [])]) {
        if (c?.uri && !seen.has(c.uri.toString())) seen.set(c.uri.toString(), c.uri);
      }
    }
    return { kind: 'git', uris: [...seen.values()] };
  }

  dispose(): void {
    for (const d of this.repoSubs.values()) d.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
