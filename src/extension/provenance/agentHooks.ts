import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { AGENT_EVENTS_PATH, HOOK_FILE_PATH, agentName, type HookRecord, changedRange, filesOf, hookFileContent } from '../../core/provenance/agent';
import type { Recorder } from './recorder';

/**
 * "Vetted: Set Up Agent Hooks" and the watcher of the events file. For each new hook record naming files, the file's
 * text before the agent wrote it (the open document's text before its reload, else unknown) is diffed with the text
 * now, and an `agent-ledger` event with exactly the changed region goes to the classifier (src=agent-edit, high).
 */
/** How often the events file is checked besides the file watcher. */
const POLL_MS = 2000;
/** Past this size, a fully read events file is rotated away (hook records carry whole file contents). */
const ROTATE_BYTES = 1024 * 1024;
/** Written next to the events file so it is never committed (the ledger, provenance.jsonl, is). */
const GITIGNORE_LINE = 'agent-events*.jsonl';

export class AgentHooks implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Bytes of each folder's events file already read. */
  private readonly read = new Map<string, number>();
  /** Last known text of open documents (the "before" of an agent write that reloads them). */
  private readonly texts = new Map<string, string>();
  private readonly beforeReload = new Map<string, string>();
  private readonly rotating = new Set<string>();

  constructor(private readonly recorder: Recorder, private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${AGENT_EVENTS_PATH}`);
    this.disposables.push(
      watcher,
      watcher.onDidChange((u) => void this.onEvents(u)),
      watcher.onDidCreate((u) => void this.onEvents(u)),
      vscode.commands.registerCommand(COMMANDS.setUpAgentHooks, () => this.setUp()),
      vscode.workspace.onDidOpenTextDocument((d) => this.texts.set(d.uri.toString(), d.getText())),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.texts.delete(d.uri.toString());
        this.beforeReload.delete(d.uri.toString());
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const key = e.document.uri.toString();
        const prev = this.texts.get(key);
        if (!e.document.isDirty && prev !== undefined && e.reason === undefined) this.beforeReload.set(key, prev);
        this.texts.set(key, e.document.getText());
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.texts.set(d.uri.toString(), d.getText());
    // File watchers can lag by many seconds on a busy machine (or miss appends on network file systems): a stat of
    // each folder's events file every few seconds catches what the watcher has not reported yet.
    const timer = setInterval(() => void this.poll(), POLL_MS);
    this.disposables.push({ dispose: () => clearInterval(timer) });
    // Start after what is already there: old records were handled by an earlier session.
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(f.uri, ...AGENT_EVENTS_PATH.split('/'));
      void Promise.resolve(vscode.workspace.fs.stat(uri)).then((s) => this.read.set(uri.toString(), s.size), () => this.read.set(uri.toString(), 0));
    }
  }

  /** Writes .github/hooks/vetted.json in the (first, or chosen) workspace folder. Returns its URI. */
  async setUp(folderArg?: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = folderArg ?? (folders.length > 1 ? await vscode.window.showWorkspaceFolderPick() : folders[0]);
    if (!folder) {
      void vscode.window.showWarningMessage('Vetted: open a folder first; agent hooks live in the workspace.');
      return undefined;
    }
    const uri = vscode.Uri.joinPath(folder.uri, ...HOOK_FILE_PATH.split('/'));
    try {
      await vscode.workspace.fs.stat(uri);
      const choice = await vscode.window.showWarningMessage(`Vetted: ${HOOK_FILE_PATH} exists. Replace it?`, { modal: true }, 'Replace');
      if (choice !== 'Replace') return undefined;
    } catch {
      // Does not exist yet.
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(hookFileContent()));
    await this.ignoreEvents(folder);
    this.log.info(`provenance: wrote ${HOOK_FILE_PATH}: agent tool calls are appended to ${AGENT_EVENTS_PATH}`);
    void vscode.window.showInformationMessage(`Vetted: agent hooks set up in ${HOOK_FILE_PATH}. Files agents write are tagged as agent edits.`);
    return uri;
  }

  /** `.vetted/.gitignore` keeps the events file (local, transient, holds file contents) out of commits. */
  private async ignoreEvents(folder: vscode.WorkspaceFolder): Promise<void> {
    const uri = vscode.Uri.joinPath(folder.uri, '.vetted', '.gitignore');
    let text = '';
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      // none yet
    }
    if (text.split(/\r?\n/).some((l) => l.trim() === GITIGNORE_LINE)) return;
    const sep = text && !text.endsWith('\n') ? '\n' : '';
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${text}${sep}# Agent hook records (local; the ledger provenance.jsonl is what gets committed)\n${GITIGNORE_LINE}\n`));
    } catch (e) {
      this.log.warn(`provenance: could not write .vetted/.gitignore: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async poll(): Promise<void> {
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(f.uri, ...AGENT_EVENTS_PATH.split('/'));
      const known = this.read.get(uri.toString());
      if (known === undefined) continue; // not stat'ed yet at start-up
      try {
        const { size } = await vscode.workspace.fs.stat(uri);
        if (size !== known) await this.onEvents(uri);
      } catch {
        // no events file (yet)
      }
    }
  }

  private async onEvents(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      return;
    }
    const known = this.read.get(key) ?? 0;
    const from = bytes.length < known ? 0 : known; // shorter than what was read: a new file (deleted, rotated)
    const end = bytes.lastIndexOf(10) + 1; // whole lines only
    if (end <= from) return;
    this.read.set(key, end);
    await this.handleLines(uri, bytes.subarray(from, end));
    if (end >= ROTATE_BYTES && !this.rotating.has(key)) {
      this.rotating.add(key);
      await this.rotate(uri, end).finally(() => this.rotating.delete(key));
    }
  }

  /**
   * Keeps the events file small without losing a record: rename it (atomic), start the new one from 0, and after a
   * pause (a hook that opened the file before the rename still appends to the renamed one) read what the renamed
   * file holds past what was handled, then delete it.
   */
  private async rotate(uri: vscode.Uri, handled: number): Promise<void> {
    const key = uri.toString();
    const old = uri.with({ path: uri.path.replace(/\.jsonl$/, '.1.jsonl') });
    try {
      await vscode.workspace.fs.rename(uri, old, { overwrite: true });
    } catch (e) {
      this.log.warn(`provenance: could not rotate ${AGENT_EVENTS_PATH}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.read.set(key, 0);
    await new Promise((r) => setTimeout(r, 1000));
    try {
      const bytes = await vscode.workspace.fs.readFile(old);
      const end = bytes.lastIndexOf(10) + 1;
      if (end > handled) await this.handleLines(uri, bytes.subarray(handled, end));
      await vscode.workspace.fs.delete(old);
      this.log.info(`provenance: rotated ${AGENT_EVENTS_PATH} after ${handled} bytes of records`);
    } catch (e) {
      this.log.warn(`provenance: reading the rotated events file failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async handleLines(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    for (const line of new TextDecoder().decode(bytes).split('\n')) {
      if (!line.trim()) continue;
      let r: HookRecord;
      try {
        r = JSON.parse(line) as HookRecord;
      } catch {
        this.log.warn(`provenance: unreadable line in ${AGENT_EVENTS_PATH}; skipped`);
        continue;
      }
      await this.handle(r, folder);
    }
  }

  private async handle(r: HookRecord, folder: vscode.WorkspaceFolder | undefined): Promise<void> {
    const tool = typeof r.tool_name === 'string' ? r.tool_name : typeof r.toolName === 'string' ? r.toolName : undefined;
    const files = filesOf(r.tool_input ?? r.toolArgs);
    if (!files.length) return;
    const base = typeof r.cwd === 'string' ? vscode.Uri.file(r.cwd) : folder?.uri;
    const out: { uri: string; ranges?: { start: number; end: number }[] }[] = [];
    for (const f of files) {
      const uri = /^[a-z][a-z0-9+.-]+:\/\//i.test(f) ? vscode.Uri.parse(f) : f.startsWith('/') || /^[A-Za-z]:[\\/]/.test(f) ? vscode.Uri.file(f) : base ? vscode.Uri.joinPath(base, f) : undefined;
      if (!uri || !vscode.workspace.getWorkspaceFolder(uri)) continue;
      let doc: vscode.TextDocument;
      try {
        doc = await vscode.workspace.openTextDocument(uri);
      } catch {
        continue;
      }
      const k = doc.uri.toString();
      const before = this.beforeReload.get(k);
      this.beforeReload.delete(k);
      const text = doc.getText();
      // Before/after diff when the open document's text before the write is known; else the text the tool input
      // says it wrote (Write `content`, Edit `new_string`), when it occurs exactly once in the file.
      let range = before !== undefined ? changedRange(before, text) : undefined;
      if (!range && before === undefined) range = writtenRange(r.tool_input ?? r.toolArgs, text);
      out.push({ uri: k, ranges: range ? [range] : before !== undefined ? [] : undefined });
    }
    if (!out.length) return;
    const model = typeof r.model === 'string' ? r.model : undefined;
    const session = typeof r.sessionId === 'string' ? r.sessionId : typeof r.session_id === 'string' ? r.session_id : undefined;
    this.log.info(`provenance: agent hook record (${tool ?? 'unknown tool'}) for ${out.map((o) => vscode.workspace.asRelativePath(vscode.Uri.parse(o.uri))).join(', ')}`);
    this.recorder.push({ kind: 'agent-ledger', time: Date.now(), tool: agentName(tool), ...(model ? { model } : {}), ...(session ? { sessionId: session } : {}), files: out });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Where the text a tool input wrote (`content`, `new_string`, `newString`) sits in `text`, if exactly once. */
function writtenRange(input: unknown, text: string): { start: number; end: number } | undefined {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const written = [v.content, v.new_string, v.newString].find((x): x is string => typeof x === 'string' && x.trim().length > 0);
  if (!written) return undefined;
  const at = text.indexOf(written);
  if (at < 0 || text.indexOf(written, at + 1) >= 0) return undefined;
  return { start: at, end: at + written.length };
}

