/**
 * The commit gate in the editor (issue 5): the same verdict as `vetted precommit` for the review panel
 * (`stagedVerdict`), "Vetted: Install/Uninstall Pre-commit Hook" (trusted workspaces only, the CLI's installer),
 * "Vetted: Add Commit Trailers" (the Git extension's commit message box), "Dismiss in .vetted/ignore.json…" and the
 * editor side of `.vetted/ignore.json` (dismissed findings leave the Problems panel).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { initialisedGitApi } from './gitApi';
import type { Engine } from '../core/engine';
import { type StagedFile, type StagedStatus } from '../core/gate/gate';
import { evaluateStaged } from '../core/gate/staged';
import { appendTrailers, trailersFor } from '../core/gate/trailers';
import type { GateVerdict } from '../core/gate/types';
import { addIgnoreEntry, IGNORE_FILE_PATH, IgnoreMatcher, parseIgnoreFile } from '../core/ignoreFile';
import { errorText } from '../core/parser';
import { LEDGER_PATH } from '../core/provenance/ledger';
import type { Finding } from '../core/types';
import { findNodeOnPath, installHooks, uninstallHooks } from '../cli/hooks';
import { runGate } from '../cli/precommit';
import type { DocumentChecker } from './checker';
import { COMMANDS } from './ids';

/** The engine registerGate was given: stagedVerdict checks findings with it when none is passed. */
let defaultEngine: Engine | undefined;

export const COMMIT_TRAILERS_SETTING = 'commitTrailers';

// The part of the Git extension's API (extensions/git/src/api/git.d.ts, version 1) used here.
const enum Status {
  INDEX_MODIFIED = 0,
  INDEX_ADDED = 1,
  INDEX_DELETED = 2,
  INDEX_RENAMED = 3,
  INDEX_COPIED = 4,
  TYPE_CHANGED = 11,
}
interface Change {
  readonly uri: vscode.Uri;
  readonly originalUri: vscode.Uri;
  readonly renameUri: vscode.Uri | undefined;
  readonly status: number;
}
interface Repository {
  readonly rootUri: vscode.Uri;
  readonly inputBox: { value: string };
  readonly state: { readonly indexChanges: readonly Change[]; readonly HEAD?: { readonly commit?: string }; readonly onDidChange: vscode.Event<void> };
  /** `show('', path)` reads the index version (`git show :path`). */
  show(ref: string, path: string): Promise<string>;
  getConfig(key: string): Promise<string>;
  getGlobalConfig(key: string): Promise<string>;
  /** Re-reads the repository state (the index may have changed outside VS Code: `git add` in a terminal). */
  status(): Promise<void>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly Repository[];
  readonly onDidOpenRepository: vscode.Event<Repository>;
  getRepository(uri: vscode.Uri): Repository | null;
}

function gitApi(): Promise<GitApi | undefined> {
  return initialisedGitApi<GitApi>(10_000);
}

function errorVerdict(message: string): GateVerdict {
  return { status: 'error', items: [], checkedFiles: 0, aiBlocks: 0, summary: `Vetted gate: ${message}`, skipped: [], dismissed: [], findingsScope: 'changed' };
}

const STATUS: Readonly<Record<number, StagedStatus>> = { [Status.INDEX_MODIFIED]: 'M', [Status.INDEX_ADDED]: 'A', [Status.INDEX_DELETED]: 'D', [Status.INDEX_RENAMED]: 'R', [Status.INDEX_COPIED]: 'C', [Status.TYPE_CHANGED]: 'T' };

async function showOrUndefined(repo: Repository, ref: string, abs: string): Promise<string | undefined> {
  try {
    return await repo.show(ref, abs);
  } catch {
    return undefined;
  }
}

/** The staged files through the Git extension (index blobs via `show('', path)`), no git process of ours. */
async function stagedThroughGitApi(repo: Repository): Promise<{ files: StagedFile[]; ledger?: string; policy?: string; ignore?: string }> {
  const root = repo.rootUri.fsPath;
  const rel = (u: vscode.Uri) => path.relative(root, u.fsPath).split(path.sep).join('/');
  const headKnown = !!repo.state.HEAD?.commit;
  const files = await Promise.all(
    repo.state.indexChanges.map(async (c): Promise<StagedFile> => {
      const status = STATUS[c.status] ?? 'M';
      const target = c.renameUri ?? c.uri;
      const p = rel(target);
      const oldPath = status === 'R' || status === 'C' ? rel(c.originalUri) : undefined;
      const common = { path: p, status, ...(oldPath ? { oldPath } : {}) };
      if (status === 'D') return common;
      const text = await showOrUndefined(repo, '', target.fsPath);
      if (text === undefined) return common;
      if (text.includes('\u0000')) return { ...common, binary: true };
      if (text.length > 8 * 1024 * 1024) return { ...common, tooLarge: true };
      const base = headKnown && status !== 'A' && status !== 'C' ? await showOrUndefined(repo, 'HEAD', (status === 'R' ? c.originalUri : target).fsPath) : undefined;
      return { ...common, text, ...(base !== undefined && !base.includes('\u0000') ? { baseText: base } : {}) };
    }),
  );
  const own = (p: string) => showOrUndefined(repo, '', path.join(root, ...p.split('/')));
  const [ledger, policy, ignore] = await Promise.all([own(LEDGER_PATH), own('.vetted/policy.json'), own(IGNORE_FILE_PATH)]);
  return { files, ledger, policy, ignore };
}

/**
 * The gate's verdict for what is staged in the repository of `folder` — the same rules as `vetted precommit`. Index
 * blobs come from the Git extension (`repository.show('', path)`); when it is unavailable in a trusted workspace, from
 * git itself (execFile, no shell). Untrusted workspaces: an error verdict (Git is off there).
 */
export async function stagedVerdict(folder: Pick<vscode.WorkspaceFolder, 'uri'>, engine: Engine | undefined = defaultEngine): Promise<GateVerdict> {
  if (!vscode.workspace.isTrusted) return errorVerdict('the commit gate needs a trusted workspace (Git is off in untrusted ones)');
  try {
    const api = await gitApi();
    const repo = api?.getRepository(folder.uri);
    if (!repo) return await runGate(folder.uri.fsPath, engine ? { engine } : {});
    // The Git extension refreshes its state on file events, which lag; the verdict must be of the index as it is now.
    await repo.status().catch(() => undefined);
    const staged = await stagedThroughGitApi(repo);
    let working: string | undefined;
    try {
      working = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(repo.rootUri, ...LEDGER_PATH.split('/'))));
    } catch {
      working = undefined;
    }
    return await evaluateStaged({ files: staged.files, ledgerText: staged.ledger, policyText: staged.policy, ignoreText: staged.ignore, workingLedgerText: working }, engine);
  } catch (e) {
    return errorVerdict(`could not read the staged changes (${errorText(e)})`);
  }
}

/** git user.email (else user.name) through the Git extension, else asked for. */
async function reviewerFor(uri: vscode.Uri): Promise<string | undefined> {
  const repo = (await gitApi().catch(() => undefined))?.getRepository(uri);
  for (const key of ['user.email', 'user.name']) {
    const v = repo ? (await repo.getConfig(key).catch(() => '')) || (await repo.getGlobalConfig(key).catch(() => '')) : '';
    if (v?.trim()) return v.trim();
  }
  const typed = await vscode.window.showInputBox({ title: 'Dismiss finding', prompt: 'Who is dismissing it? (Git has no user.email here.)', validateInput: (v) => (v.trim() ? undefined : 'A name or email is needed.') });
  return typed?.trim() || undefined;
}

/** Dismissals from each folder's `.vetted/ignore.json` (working copy, what the editor shows). */
class EditorIgnores implements vscode.Disposable {
  private readonly byFolder = new Map<string, IgnoreMatcher>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${IGNORE_FILE_PATH}`);
    const reload = () => void this.loadAll();
    this.disposables.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload), vscode.workspace.onDidChangeWorkspaceFolders(reload), this.emitter);
    void this.loadAll();
  }

  async loadAll(): Promise<void> {
    this.byFolder.clear();
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      let text: string | undefined;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(f.uri, ...IGNORE_FILE_PATH.split('/'))));
      } catch {
        continue;
      }
      const parsed = parseIgnoreFile(text);
      for (const p of parsed.problems) this.log.warn(`${f.name}/${IGNORE_FILE_PATH}: ${p.where ? `${p.where}: ` : ''}${p.message}`);
      this.byFolder.set(f.uri.toString(), new IgnoreMatcher(parsed.file));
    }
    this.emitter.fire();
  }

  filter(uri: vscode.Uri, findings: readonly Finding[]): readonly Finding[] {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const m = folder && this.byFolder.get(folder.uri.toString());
    if (!m || !m.file.ignores.length) return findings;
    const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    return m.filter(rel, findings).kept;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export interface GateApi {
  stagedVerdict(folder: Pick<vscode.WorkspaceFolder, 'uri'>): Promise<GateVerdict>;
}

/** The folder a command acts on: a Uri argument (a workspace folder or any repository folder), else the active file's. */
function folderFor(arg: unknown): { readonly uri: vscode.Uri } | undefined {
  if (arg instanceof vscode.Uri) return vscode.workspace.getWorkspaceFolder(arg) ?? { uri: arg };
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

export function registerGate(context: vscode.ExtensionContext, deps: { engine: Engine; checker: DocumentChecker; log: vscode.LogOutputChannel }): GateApi {
  const { engine, checker, log } = deps;
  defaultEngine = engine;
  context.subscriptions.push({ dispose: () => (defaultEngine = defaultEngine === engine ? undefined : defaultEngine) });
  const ignores = new EditorIgnores(log);
  checker.setDismissals((uri, findings) => ignores.filter(uri, findings));
  context.subscriptions.push(ignores, ignores.onDidChange(() => checker.recheckAll()));

  const cliLocation = async () => {
    const node = (await findNodeOnPath()) ?? 'node';
    return { node, cli: path.join(context.extensionPath, 'bin', 'vetted.js') };
  };

  const hooks = async (install: boolean, arg: unknown): Promise<boolean> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Vetted: hooks can only be installed in a trusted workspace.');
      return false;
    }
    const folder = folderFor(arg);
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Vetted: open a folder in a local git repository first.');
      return false;
    }
    try {
      const trailers = install && vscode.workspace.getConfiguration('vetted', folder.uri).get<boolean>(COMMIT_TRAILERS_SETTING) === true;
      const report = install ? await installHooks({ cwd: folder.uri.fsPath, cli: await cliLocation(), trailers }) : await uninstallHooks({ cwd: folder.uri.fsPath });
      for (const m of report.messages) log.info(m);
      const refused = report.actions.some((a) => a.action === 'refused' || a.action === 'manual');
      const text = report.messages.filter((m) => m.trim()).slice(0, 3).join(' ').replace(/^vetted: /, '');
      if (refused) {
        const pick = await vscode.window.showWarningMessage(`Vetted: ${text}`, 'Show Output');
        if (pick) log.show();
      } else void vscode.window.showInformationMessage(`Vetted: ${text}`);
      return !refused;
    } catch (e) {
      void vscode.window.showErrorMessage(`Vetted: ${install ? 'installing' : 'removing'} the hook failed: ${errorText(e)}`);
      return false;
    }
  };

  const fillTrailers = async (repo: Repository, announce: boolean): Promise<boolean> => {
    const staged = await stagedThroughGitApi(repo);
    const trailers = trailersFor(staged.files, staged.ledger);
    if (!trailers.length) {
      if (announce) void vscode.window.showInformationMessage('Vetted: no AI blocks from a known assistant in the staged changes; no trailers to add.');
      return false;
    }
    const next = appendTrailers(repo.inputBox.value, trailers);
    if (next === repo.inputBox.value) return false;
    repo.inputBox.value = next;
    return true;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.installHooks, (arg: unknown) => hooks(true, arg)),
    vscode.commands.registerCommand(COMMANDS.uninstallHooks, (arg: unknown) => hooks(false, arg)),
    vscode.commands.registerCommand(COMMANDS.addCommitTrailers, async (arg: unknown) => {
      const folder = folderFor(arg);
      const repo = folder && (await gitApi())?.getRepository(folder.uri);
      if (!repo) {
        void vscode.window.showWarningMessage('Vetted: no Git repository (the Git extension must be on, in a trusted workspace).');
        return false;
      }
      return fillTrailers(repo, true);
    }),
    // Arguments come from the code action (uri, rule, fingerprint); tests may pass the reason and who as well.
    vscode.commands.registerCommand(COMMANDS.dismissFinding, async (uriArg: unknown, ruleArg: unknown, fingerprintArg: unknown, reasonArg?: unknown, byArg?: unknown) => {
      if (typeof uriArg !== 'string' || typeof ruleArg !== 'string' || typeof fingerprintArg !== 'string') return false;
      const uri = vscode.Uri.parse(uriArg);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) {
        void vscode.window.showWarningMessage('Vetted: .vetted/ignore.json lives in a workspace folder; this file is not in one.');
        return false;
      }
      const reason =
        typeof reasonArg === 'string'
          ? reasonArg
          : await vscode.window.showInputBox({
              title: `Dismiss ${ruleArg} in .vetted/ignore.json`,
              prompt: 'Why is this finding safe? The reason, your name and the time are recorded in .vetted/ignore.json.',
              validateInput: (v) => (v.trim().length < 3 ? 'A reason is required.' : undefined),
            });
      if (!reason || reason.trim().length < 3) return false;
      const by = typeof byArg === 'string' && byArg.trim() ? byArg.trim() : await reviewerFor(uri);
      if (!by) return false;
      const file = vscode.Uri.joinPath(folder.uri, ...IGNORE_FILE_PATH.split('/'));
      let text: string | undefined;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      } catch {
        text = undefined;
      }
      const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
      const next = addIgnoreEntry(text, { fingerprint: fingerprintArg, rule: ruleArg, path: rel, reason: reason.trim(), by, at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
      if (next.problems.length) {
        void vscode.window.showErrorMessage(`Vetted: cannot add to .vetted/ignore.json: ${next.problems[0].message}`);
        return false;
      }
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(next.text));
      await ignores.loadAll();
      return true;
    }),
  );

  // Opt-in (vetted.commitTrailers): keep the commit message box's trailers in step with what is staged.
  void (async () => {
    const api = await gitApi().catch(() => undefined);
    if (!api) return;
    const watch = (repo: Repository) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      context.subscriptions.push(
        repo.state.onDidChange(() => {
          if (vscode.workspace.getConfiguration('vetted', repo.rootUri).get<boolean>(COMMIT_TRAILERS_SETTING) !== true) return;
          clearTimeout(timer);
          timer = setTimeout(() => void fillTrailers(repo, false).catch((e) => log.warn(`commit trailers: ${errorText(e)}`)), 500);
        }),
        { dispose: () => clearTimeout(timer) },
      );
    };
    for (const r of api.repositories) watch(r);
    context.subscriptions.push(api.onDidOpenRepository(watch));
  })();

  return { stagedVerdict: (folder) => stagedVerdict(folder, engine) };
}

/**
 * The commit check of a workspace folder for the review panel: the verdict of each Git repository at or inside the
 * folder (or the one holding it), merged into one, with file paths relative to the folder. undefined when the
 * folder holds no repository Git knows (the panel then says the check is unavailable, not that git failed).
 */
export async function folderVerdict(folder: Pick<vscode.WorkspaceFolder, 'uri'>, engine: Engine | undefined = defaultEngine): Promise<GateVerdict | undefined> {
  const api = await gitApi();
  if (!api) return undefined;
  const base = folder.uri.fsPath;
  const inside = (p: string) => {
    const rel = path.relative(base, p);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  const repos = api.repositories.filter((r) => inside(r.rootUri.fsPath));
  const holder = api.getRepository(folder.uri);
  if (!repos.length && holder) repos.push(holder);
  if (!repos.length) return undefined;
  const verdicts = await Promise.all(
    repos.map(async (r) => {
      const v = await stagedVerdict({ uri: r.rootUri }, engine);
      const prefix = inside(r.rootUri.fsPath) ? path.relative(base, r.rootUri.fsPath).split(path.sep).join('/') : '';
      const at = (f: string) => (prefix ? `${prefix}/${f}` : f);
      return { ...v, items: v.items.map((i) => ({ ...i, file: at(i.file) })) };
    }),
  );
  if (verdicts.length === 1) return verdicts[0];
  const status = verdicts.some((v) => v.status === 'error') ? 'error' : verdicts.some((v) => v.status === 'block') ? 'block' : 'pass';
  return {
    status,
    items: verdicts.flatMap((v) => v.items),
    checkedFiles: verdicts.reduce((n, v) => n + v.checkedFiles, 0),
    aiBlocks: verdicts.reduce((n, v) => n + v.aiBlocks, 0),
    summary: verdicts.map((v) => v.summary).join('; '),
    skipped: verdicts.flatMap((v) => v.skipped),
    dismissed: verdicts.flatMap((v) => v.dismissed),
    findingsScope: verdicts[0].findingsScope,
  };
}
