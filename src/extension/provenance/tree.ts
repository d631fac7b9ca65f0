import * as vscode from 'vscode';
import { ALL_COMMENT_STYLES, scanStylesFor } from '../../core/provenance/comments';
import { scanMarkers } from '../../core/provenance/format';
import { PROVENANCE_COMMANDS } from '../ids';
import { sourceName, STATUS_COLORS } from './display';
import { blockFromRegion, RegionIndex, type Block } from './regions';

/** Language of a file on disk by its name, for the comment forms its markers use (unknown: every form). */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact', ts: 'typescript', mts: 'typescript', cts: 'typescript',
  tsx: 'typescriptreact', py: 'python', pyw: 'python', go: 'go', rs: 'rust', java: 'java', cs: 'csharp', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp',
  hpp: 'cpp', kt: 'kotlin', swift: 'swift', rb: 'ruby', php: 'php', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', yml: 'yaml',
  yaml: 'yaml', toml: 'toml', sql: 'sql', lua: 'lua', html: 'html', htm: 'html', vue: 'vue', svelte: 'svelte', md: 'markdown', css: 'css',
  scss: 'scss', less: 'less', tf: 'terraform', json: 'json', jsonc: 'jsonc',
};

function languageOfPath(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^dockerfile$/i.test(base) || /\.dockerfile$/i.test(base)) return 'dockerfile';
  if (/^makefile$/i.test(base)) return 'makefile';
  const m = /\.([A-Za-z0-9]+)$/.exec(base);
  return m ? BY_EXTENSION[m[1].toLowerCase()] : undefined;
}

const MAX_FILES = 5000;
const PARALLEL = 8;

type Node = { readonly kind: 'file'; readonly uri: vscode.Uri; readonly blocks: readonly Block[] } | { readonly kind: 'block'; readonly block: Block; readonly label: string };

/** A flat entry of the tree, for tests and Go to Next Unreviewed. */
export interface ListedBlock {
  readonly uri: vscode.Uri;
  readonly path: string;
  readonly id: string;
  readonly beginLine: number;
  readonly endLine: number;
  readonly status: string;
  readonly tool: string;
  readonly label: string;
}

/**
 * The "AI Blocks" view: every tagged block in the workspace, by file. Files that are open come from the RegionIndex
 * (live); others are read from disk (workspace.findFiles, bounded) and read again when they change.
 */
export class AiBlocksTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** Blocks and first-line labels of files read from disk (key: uri string). */
  private readonly disk = new Map<string, { uri: vscode.Uri; blocks: Block[]; labels: string[] }>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private scanning: Promise<void> | undefined;
  private scanned = false;
  private watcher: vscode.FileSystemWatcher | undefined;
  private pendingFiles = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private view: vscode.TreeView<Node> | undefined;

  constructor(
    private readonly index: RegionIndex,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      index.onDidChange(() => this.changed()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.scanned && d.uri.scheme === 'file') this.queue(d.uri); // unsaved edits are gone: read it from disk
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    );
  }

  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
    this.disposables.push(view);
    this.updateBadge();
  }

  private changed(): void {
    this.emitter.fire(undefined);
    this.updateBadge();
  }

  /** Reads the workspace again; resolves when the tree is up to date. */
  refresh(): Promise<void> {
    this.scanning = this.scanAll().finally(() => {
      this.scanned = true;
      this.changed();
    });
    return this.scanning;
  }

  /** The first scan (started when the view is first shown, or by a command that needs the list). */
  ready(): Promise<void> {
    return this.scanning ?? this.refresh();
  }

  private excludeGlob(): string {
    const ex = vscode.workspace.getConfiguration('vetted').get<unknown>('exclude');
    const list = (Array.isArray(ex) ? ex.filter((x): x is string => typeof x === 'string' && !/[{}]/.test(x)) : []).concat('**/.git/**', '**/.vetted/**', '**/node_modules/**');
    return `{${[...new Set(list)].join(',')}}`;
  }

  private async scanAll(): Promise<void> {
    if (!this.watcher) {
      this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
      this.disposables.push(
        this.watcher,
        this.watcher.onDidCreate((u) => this.queue(u)),
        this.watcher.onDidChange((u) => this.queue(u)),
        this.watcher.onDidDelete((u) => {
          if (this.disk.delete(u.toString())) this.changed();
        }),
      );
    }
    const started = Date.now();
    let files: vscode.Uri[];
    try {
      files = await vscode.workspace.findFiles('**/*', this.excludeGlob(), MAX_FILES);
    } catch (e) {
      this.log.warn(`AI blocks: could not list the workspace: ${String(e)}`);
      return;
    }
    this.disk.clear();
    for (let i = 0; i < files.length; i += PARALLEL) await Promise.all(files.slice(i, i + PARALLEL).map((u) => this.readFile(u)));
    const n = [...this.disk.values()].reduce((k, f) => k + f.blocks.length, 0);
    this.log.info(`AI blocks: ${n} tagged block(s) in ${this.disk.size} of ${files.length} file(s)${files.length >= MAX_FILES ? ` (listing stopped at ${MAX_FILES} files)` : ''} (${Date.now() - started} ms)`);
  }

  private queue(uri: vscode.Uri): void {
    if (!this.scanned) return;
    this.pendingFiles.add(uri.toString());
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const batch = [...this.pendingFiles].map((s) => vscode.Uri.parse(s));
      this.pendingFiles.clear();
      void Promise.all(batch.map((u) => this.readFile(u))).then(() => this.changed());
    }, 300);
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      const maxKb = vscode.workspace.getConfiguration('vetted', uri).get<number>('maxFileSizeKB') ?? 1024;
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory || stat.size > maxKb * 1024) {
        this.disk.delete(key);
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.subarray(0, 8192).includes(0)) {
        this.disk.delete(key);
        return;
      }
      const text = new TextDecoder('utf-8').decode(bytes);
      if (!/ai-provenance/i.test(text)) {
        this.disk.delete(key);
        return;
      }
      const lang = languageOfPath(uri.path);
      const styles = lang ? scanStylesFor(lang) : [...ALL_COMMENT_STYLES];
      const { regions } = scanMarkers(text, styles);
      if (!regions.length) {
        this.disk.delete(key);
        return;
      }
      const lines = text.split('\n');
      this.disk.set(key, { uri, blocks: regions.map((r) => blockFromRegion(uri, r)), labels: regions.map((r) => firstCode(lines, r.beginLine, r.endLine)) });
    } catch {
      this.disk.delete(key); // gone or unreadable
    }
  }

  /** Every listed block: open documents (live) first replace their disk copies. */
  list(): ListedBlock[] {
    const out: ListedBlock[] = [];
    const openDocs = new Map(vscode.workspace.textDocuments.filter((d) => RegionIndex.tracks(d) && d.uri.scheme !== 'output').map((d) => [d.uri.toString(), d]));
    const keys = new Set([...this.disk.keys(), ...[...openDocs.keys()].filter((k) => this.index.blocks(openDocs.get(k)!).length)]);
    for (const key of keys) {
      const doc = openDocs.get(key);
      let blocks: readonly Block[];
      let labels: string[];
      if (doc) {
        if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled' && !vscode.workspace.getWorkspaceFolder(doc.uri)) continue;
        blocks = this.index.blocks(doc);
        labels = blocks.map((b) => (b.marked ? firstCodeDoc(doc, b.beginLine, b.endLine) : doc.lineAt(b.beginLine).text.trim()));
      } else {
        const f = this.disk.get(key)!;
        blocks = f.blocks;
        labels = f.labels;
      }
      blocks.forEach((b, i) =>
        out.push({ uri: b.uri, path: vscode.workspace.asRelativePath(b.uri, false), id: b.meta.id, beginLine: b.beginLine, endLine: b.endLine, status: b.status, tool: b.meta.tool, label: labels[i] || `lines ${b.beginLine + 1}–${b.endLine + 1}` }),
      );
    }
    return out.sort((a, b) => a.path.localeCompare(b.path) || a.beginLine - b.beginLine);
  }

  private updateBadge(): void {
    if (!this.view) return;
    const all = this.list();
    const open = all.filter((b) => b.status !== 'reviewed').length;
    this.view.badge = open ? { value: open, tooltip: `${open} AI block${open === 1 ? '' : 's'} to review` } : undefined;
    this.view.message = this.scanned && !all.length ? 'No tagged AI blocks in this workspace. Select code and run "Vetted: Tag Selection as AI-Generated".' : undefined;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'block') return [];
    if (!node) {
      await this.ready();
      const byFile = new Map<string, { uri: vscode.Uri; blocks: Block[] }>();
      const all = this.list();
      for (const l of all) {
        const f = byFile.get(l.uri.toString()) ?? { uri: l.uri, blocks: [] };
        byFile.set(l.uri.toString(), f);
      }
      return [...byFile.values()].map((f) => ({ kind: 'file' as const, uri: f.uri, blocks: this.blocksOf(f.uri) }));
    }
    const listed = this.list().filter((l) => l.uri.toString() === node.uri.toString());
    return listed.map((l) => ({ kind: 'block' as const, block: this.blocksOf(node.uri).find((b) => b.meta.id === l.id)!, label: l.label })).filter((n) => n.block);
  }

  private blocksOf(uri: vscode.Uri): Block[] {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return doc ? [...this.index.blocks(doc)] : this.disk.get(uri.toString())?.blocks ?? [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.Expanded);
      const open = node.blocks.filter((b) => b.status !== 'reviewed').length;
      item.description = `${node.blocks.length} block${node.blocks.length === 1 ? '' : 's'}${open ? `, ${open} to review` : ''}`;
      item.contextValue = 'vettedAiFile';
      return item;
    }
    const b = node.block;
    const item = new vscode.TreeItem(node.label.length > 60 ? `${node.label.slice(0, 59)}…` : node.label, vscode.TreeItemCollapsibleState.None);
    item.description = `${b.meta.tool} · ${b.status}${b.marked ? '' : ' · ledger'}`;
    item.iconPath = new vscode.ThemeIcon(b.status === 'modified' ? 'diff-modified' : b.status === 'reviewed' ? 'pass' : 'sparkle', new vscode.ThemeColor(STATUS_COLORS[b.status]));
    const md = new vscode.MarkdownString();
    md.appendText(`AI block ${b.meta.id} — ${b.status}\nLines ${b.beginLine + 1}–${b.endLine + 1}\nSource: ${sourceName(b.meta.src)} (confidence ${b.meta.conf})\nTool: ${b.meta.tool}${b.meta.model ? ` · ${b.meta.model}` : ''}\nTagged: ${b.meta.ts}${b.meta.reviewer ? `\nReviewer: ${b.meta.reviewer}` : ''}${b.modified ? '\nModified since tagged or reviewed.' : ''}`);
    item.tooltip = md;
    item.contextValue = `vettedAiBlock.${b.status}`;
    item.command = { command: PROVENANCE_COMMANDS.revealBlock, title: 'Show block', arguments: [b.uri.toString(), b.beginLine] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function firstCode(lines: readonly string[], begin: number, end: number): string {
  for (let i = begin + 1; i < end; i++) {
    const t = lines[i].trim();
    if (t && !/ai-provenance/i.test(t)) return t;
  }
  return '';
}

function firstCodeDoc(doc: vscode.TextDocument, begin: number, end: number): string {
  for (let i = begin + 1; i < end && i < doc.lineCount; i++) {
    const t = doc.lineAt(i).text.trim();
    if (t && !/ai-provenance/i.test(t)) return t;
  }
  return '';
}
