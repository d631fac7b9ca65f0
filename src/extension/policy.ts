import * as vscode from 'vscode';
import { explainPolicy } from '../core/policy/explain';
import type { Policy, TierResolution } from '../core/policy/model';
import { relativeToFolder, resolvePolicy, type PolicyLayerInput, type PolicyProblem, type PolicyResolution } from '../core/policy/resolve';
import { sameValue } from '../core/policy/strictness';
import type { Settings } from '../core/settings';
import { COMMANDS, CONFIG_SECTION, POLICY_DIAGNOSTIC_SOURCE } from './ids';

/** Where a workspace folder's committed policy lives. */
export const POLICY_FILE = '.vetted/policy.json';
const POLICY_SCHEME = 'vetted-policy';

export interface FilePolicy {
  readonly policy: Policy;
  readonly tier: TierResolution;
  readonly problems: readonly PolicyProblem[];
  readonly resolution: PolicyResolution;
  readonly folder: vscode.WorkspaceFolder;
  /** POSIX path relative to the folder. */
  readonly relPath: string;
}

interface FolderState {
  readonly folder: vscode.WorkspaceFolder;
  readonly fileUri: vscode.Uri;
  /** undefined: no policy file. */
  text?: string;
  loaded: boolean;
  resolution?: PolicyResolution;
}

/**
 * The team policy of each workspace folder: `vetted.policy` at user/workspace/folder scope plus the folder's
 * `.vetted/policy.json`, resolved by the core (precedence, locks, untrusted tightening). Problems become diagnostics
 * on the policy file ("Vetted policy"); every change fires `onDidChange`.
 */
export class PolicyService implements vscode.Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('vetted-policy');
  private readonly disposables: vscode.Disposable[] = [];
  private readonly logged = new Set<string>();
  private pending: Promise<void> = Promise.resolve();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${POLICY_FILE}`);
    const reload = (uri: vscode.Uri) => {
      const state = this.stateForFile(uri);
      if (state) this.queue(() => this.load(state));
    };
    this.disposables.push(
      this.emitter,
      this.diagnostics,
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidSaveTextDocument((d) => reload(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.policy`)) this.queue(async () => this.recomputeAll());
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.queue(async () => this.recomputeAll())),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.queue(() => this.loadAll())),
      vscode.workspace.registerTextDocumentContentProvider(POLICY_SCHEME, { provideTextDocumentContent: (uri) => this.explainUri(uri) }),
      vscode.commands.registerCommand(COMMANDS.showEffectivePolicy, (arg?: unknown) => this.showEffectivePolicy(arg)),
    );
    this.queue(() => this.loadAll());
  }

  /** Resolves when every queued reload has finished (tests wait on it). */
  settled(): Promise<void> {
    return this.pending;
  }

  /** The effective policy and tier of a file in a workspace folder; undefined outside every folder. */
  policyFor(uri: vscode.Uri): FilePolicy | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const state = this.stateFor(folder);
    const relPath = relativeToFolder(folder.uri.path, uri.path) ?? uri.path;
    const resolution = state.resolution ?? this.resolve(state);
    return { policy: resolution.policy, tier: resolution.tierFor(relPath), problems: resolution.problems, resolution, folder, relPath };
  }

  /** The resolution of a workspace folder (or of the only folder), for pinned settings. */
  resolutionFor(scope?: vscode.Uri): PolicyResolution | undefined {
    const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : undefined;
    if (!folder) return undefined;
    const state = this.stateFor(folder);
    return state.resolution ?? this.resolve(state);
  }

  /** Pinned general settings for a resource (config.ts applies them). */
  pinnedFor(scope?: vscode.Uri): { settings: Partial<Settings>; trusted: boolean } | undefined {
    const r = this.resolutionFor(scope);
    return r && Object.keys(r.settings).length ? { settings: r.settings, trusted: r.trusted } : undefined;
  }

  /** The policy file of the folder holding `scope` (whether or not it exists). */
  policyFileUri(scope: vscode.Uri): vscode.Uri | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(scope);
    return folder ? this.stateFor(folder).fileUri : undefined;
  }

  /** Problems worth a warning state (errors and warnings) for the folder of `scope`. */
  problemsFor(scope: vscode.Uri): readonly PolicyProblem[] {
    return (this.resolutionFor(scope)?.problems ?? []).filter((p) => p.severity !== 'info');
  }

  private stateFor(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (!state) {
      state = { folder, fileUri: vscode.Uri.joinPath(folder.uri, ...POLICY_FILE.split('/')), loaded: false };
      this.folders.set(key, state);
    }
    return state;
  }

  private stateForFile(uri: vscode.Uri): FolderState | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const state = this.stateFor(folder);
    return state.fileUri.toString() === uri.toString() ? state : undefined;
  }

  private queue(task: () => Promise<void>): void {
    this.pending = this.pending.then(task).catch((e) => this.log.error(`policy: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async loadAll(): Promise<void> {
    const live = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()));
    for (const [key, state] of this.folders) {
      if (!live.has(key)) {
        this.diagnostics.delete(state.fileUri);
        this.folders.delete(key);
      }
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) await this.load(this.stateFor(folder), false);
    this.emitter.fire();
  }

  private async load(state: FolderState, fire = true): Promise<void> {
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(state.fileUri));
    } catch {
      text = undefined; // no policy file
    }
    state.text = text;
    state.loaded = true;
    this.update(state);
    if (fire) this.emitter.fire();
  }

  private recomputeAll(): void {
    for (const state of this.folders.values()) this.update(state);
    this.emitter.fire();
  }

  private fileLabel(state: FolderState): string {
    return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${state.folder.name}/${POLICY_FILE}` : POLICY_FILE;
  }

  private layers(state: FolderState): PolicyLayerInput[] {
    const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION, state.folder.uri).inspect<unknown>('policy');
    const layers: PolicyLayerInput[] = [];
    if (inspected?.globalValue !== undefined) layers.push({ source: 'user', layer: inspected.globalValue });
    if (inspected?.workspaceValue !== undefined) layers.push({ source: 'workspace', layer: inspected.workspaceValue });
    // In a single-folder window the folder's settings are the workspace settings: do not apply them twice.
    const single = !vscode.workspace.workspaceFile && (vscode.workspace.workspaceFolders?.length ?? 0) <= 1;
    if (inspected?.workspaceFolderValue !== undefined && !(single && sameValue(inspected.workspaceFolderValue, inspected.workspaceValue))) {
      layers.push({ source: 'folder', layer: inspected.workspaceFolderValue });
    }
    if (state.text !== undefined) layers.push({ source: 'policyFile', file: this.fileLabel(state), text: state.text });
    return layers;
  }

  private resolve(state: FolderState): PolicyResolution {
    return resolvePolicy(this.layers(state), { trusted: vscode.workspace.isTrusted });
  }

  private update(state: FolderState): void {
    const resolution = this.resolve(state);
    state.resolution = resolution;
    const file = this.fileLabel(state);
    const onFile = resolution.problems.filter((p) => p.source === 'policyFile' && p.file === file);
    this.diagnostics.set(
      state.fileUri,
      onFile.map((p) => {
        const r = p.range;
        const range = r ? new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) : new vscode.Range(0, 0, 0, 1);
        const d = new vscode.Diagnostic(range, p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
        d.source = POLICY_DIAGNOSTIC_SOURCE;
        return d;
      }),
    );
    for (const p of resolution.problems) {
      const line = `policy (${state.folder.name}): ${p.file ?? p.source}${p.path.length ? ` ${p.path.join('.')}` : ''}: ${p.message}`;
      if (this.logged.has(line)) continue;
      this.logged.add(line);
      this.log.warn(line);
    }
  }

  private explainUri(uri: vscode.Uri): string {
    try {
      const target = vscode.Uri.parse(new URLSearchParams(uri.query).get('file') ?? '');
      const fp = this.policyFor(target);
      if (!fp) return `# Vetted: effective policy\n\n${target.toString()} is not in a workspace folder, so no team policy applies to it.\n`;
      return explainPolicy(fp.resolution, fp.relPath, { folder: fp.folder.name });
    } catch (e) {
      return `# Vetted: effective policy\n\nCould not explain the policy: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  /** Opens a read-only document explaining the policy of the active file (or `arg`, a Uri); returns its text. */
  private async showEffectivePolicy(arg?: unknown): Promise<string | undefined> {
    const target = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Vetted: open a file to see the team policy that applies to it.');
      return undefined;
    }
    await this.settled();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: POLICY_SCHEME, path: '/Effective Policy.md', query: new URLSearchParams({ file: target.toString(), t: String(Date.now()) }).toString() }));
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return doc.getText();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
