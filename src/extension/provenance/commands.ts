import * as vscode from 'vscode';
import { initialisedGitApi } from '../gitApi';
import { languageFromVscodeId } from '../../core/languages';
import type { Parsers } from '../../core/parser';
import { beginLineEdit, formatTimestamp, newRegionId, removeMarkerEdits } from '../../core/provenance/format';
import { planMarkers } from '../../core/provenance/placement';
import type { Answer } from '../../core/provenance/ledger';
import type { RegionMeta, RegionStatus } from '../../core/provenance/types';
import type { TextEdit } from '../../core/types';
import { toRange } from '../convert';
import { RegionIndex, type Block } from './regions';

/** A block was tagged, re-labelled or removed by a command (the ledger writer listens). */
export type BlockChange =
  | { readonly kind: 'tagged'; readonly uri: vscode.Uri; readonly meta: RegionMeta; readonly startLine: number; readonly endLine: number }
  /** `review`: a checklist sign-off (review panel); the ledger records it as given, whatever the marker now says. */
  | { readonly kind: 'status'; readonly uri: vscode.Uri; readonly meta: RegionMeta; readonly review?: SignOffRecord }
  /** Fired just before Remove Tag edits the file (the ledger writer marks the coming removal as `untagged`). */
  | { readonly kind: 'removing'; readonly uri: vscode.Uri; readonly meta: RegionMeta }
  | { readonly kind: 'removed'; readonly uri: vscode.Uri; readonly id: string };

/** A checklist sign-off as the ledger records it (issue 5). */
export interface SignOffRecord {
  readonly by: string;
  readonly h: string;
  readonly answers: Readonly<Record<string, Answer>>;
  readonly note?: string;
  readonly tier?: string;
}

/** Arguments the commands accept (from hovers, the tree view, tests); every field is validated. */
export interface BlockArgs {
  readonly uri?: string;
  readonly id?: string;
  /** Tag Selection: 0-based first and last line (inclusive); default the editor's selection. */
  readonly startLine?: number;
  readonly endLine?: number;
  /** Tag Selection: skips the quick pick. */
  readonly tool?: string;
  readonly model?: string;
  /** Mark Reviewed: skips asking Git / the user. */
  readonly reviewer?: string;
  /** Re-label: what the code is (skips the quick pick; `ai` needs `tool`, or asks for it). */
  readonly as?: 'ai' | 'paste' | 'own';
}

export const KNOWN_TOOLS: ReadonlyArray<{ readonly label: string; readonly tool: string }> = [
  { label: 'GitHub Copilot', tool: 'github.copilot' },
  { label: 'Claude Code', tool: 'claude-code' },
  { label: 'Cursor', tool: 'cursor' },
  { label: 'Cline / Roo / Kilo', tool: 'cline' },
  { label: 'ChatGPT (copied from a chat window)', tool: 'chatgpt' },
  { label: 'Gemini', tool: 'gemini' },
  { label: 'Unknown tool', tool: 'unknown' },
];

const REVIEWER_KEY = 'vetted.provenance.reviewer';

function asArgs(a: unknown): BlockArgs {
  if (!a || typeof a !== 'object' || Array.isArray(a)) return {};
  const o = a as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' && (o[k] as string).length <= 500 ? (o[k] as string) : undefined);
  const int = (k: string) => (typeof o[k] === 'number' && Number.isInteger(o[k]) && (o[k] as number) >= 0 ? (o[k] as number) : undefined);
  const as = o.as === 'ai' || o.as === 'paste' || o.as === 'own' ? o.as : undefined;
  return { uri: str('uri'), id: str('id'), startLine: int('startLine'), endLine: int('endLine'), tool: str('tool'), model: str('model'), reviewer: str('reviewer'), as };
}

// The part of the Git extension's API (version 1) used for the reviewer's name.
interface GitRepository {
  getConfig(key: string): Promise<string>;
  getGlobalConfig(key: string): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}

export class ProvenanceCommands {
  private readonly changes = new vscode.EventEmitter<BlockChange>();
  readonly onDidChangeBlock = this.changes.event;

  constructor(
    private readonly index: RegionIndex,
    private readonly parsers: Parsers | undefined,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    /** Blocks of other files, in workspace order (the tree view), for Go to Next Unreviewed. */
    private readonly workspaceBlocks: () => ReadonlyArray<{ readonly uri: vscode.Uri; readonly beginLine: number; readonly status: string }>,
  ) {}

  dispose(): void {
    this.changes.dispose();
  }

  private async docFor(args: BlockArgs): Promise<vscode.TextDocument | undefined> {
    if (args.uri) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
      if (open) return open;
      try {
        return await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri, true));
      } catch {
        return undefined;
      }
    }
    return vscode.window.activeTextEditor?.document;
  }

  /** The block named by `args.id`, else the innermost marked block at the active editor's cursor. */
  private async blockFor(raw: unknown): Promise<{ doc: vscode.TextDocument; block: Block } | undefined> {
    const args = asArgs(raw);
    const doc = await this.docFor(args);
    if (!doc) return undefined;
    let block: Block | undefined;
    if (args.id) block = this.index.byId(doc, args.id);
    else {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document === doc) block = this.index.regionsAt(doc, editor.selection.active.line).find((b) => b.marked);
    }
    if (!block) {
      void vscode.window.showInformationMessage('Vetted: the cursor is not in a tagged AI block.');
      return undefined;
    }
    return { doc, block };
  }

  private async apply(doc: vscode.TextDocument, edits: readonly TextEdit[]): Promise<boolean> {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (editor) {
      // An undo stop of its own: one Ctrl+Z takes back exactly this.
      return editor.edit((b) => edits.forEach((e) => b.replace(toRange(e.range), e.newText)), { undoStopBefore: true, undoStopAfter: true });
    }
    const we = new vscode.WorkspaceEdit();
    we.set(doc.uri, edits.map((e) => new vscode.TextEdit(toRange(e.range), e.newText)));
    return vscode.workspace.applyEdit(we);
  }

  /** Vetted: Tag Selection as AI-Generated. Resolves with the new block's id (undefined when cancelled or refused). */
  async tagSelection(raw?: unknown): Promise<string | undefined> {
    const args = asArgs(raw);
    const doc = await this.docFor(args);
    if (!doc) return undefined;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    let start: vscode.Position;
    let end: vscode.Position;
    if (args.startLine !== undefined) {
      start = new vscode.Position(args.startLine, 0);
      const last = Math.min(doc.lineCount - 1, args.endLine ?? args.startLine);
      end = new vscode.Position(last, doc.lineAt(last).text.length);
    } else if (editor) {
      start = editor.selection.start;
      end = editor.selection.end;
      if (editor.selection.isEmpty) end = new vscode.Position(end.line, doc.lineAt(end.line).text.length);
    } else return undefined;
    const tool = args.tool ?? (await this.pickTool());
    if (!tool) return undefined;
    const text = doc.getText();
    const taken = new Set(this.index.blocks(doc).map((b) => b.meta.id));
    const now = Date.now();
    const meta: RegionMeta = {
      id: newRegionId(now, Math.random, taken),
      src: 'manual',
      tool,
      ...(args.model ? { model: args.model } : {}),
      conf: 'high',
      ts: formatTimestamp(now),
      h: '0000000000000000',
      status: 'unreviewed',
    };
    const lang = languageFromVscodeId(doc.languageId);
    let tree;
    try {
      tree = lang && this.parsers ? await this.parsers.parse(lang, text) : undefined;
    } catch (e) {
      this.log.warn(`tag selection: could not parse ${doc.uri.fsPath}: ${String(e)}`);
    }
    try {
      const range = { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } };
      const plan = planMarkers(text, doc.languageId, range, meta, { tree });
      if ('reason' in plan) {
        void vscode.window.showWarningMessage(`Vetted: cannot tag these lines: ${plan.reason}.`);
        return undefined;
      }
      if (doc.getText() !== text || !(await this.apply(doc, plan.edits))) {
        void vscode.window.showWarningMessage('Vetted: the file changed while tagging; try again.');
        return undefined;
      }
      this.changes.fire({ kind: 'tagged', uri: doc.uri, meta: plan.meta, startLine: plan.startLine + 1, endLine: plan.endLine + 1 });
      return plan.meta.id;
    } finally {
      tree?.delete();
    }
  }

  private async pickTool(): Promise<string | undefined> {
    const other = { label: 'Other…', description: 'type the tool’s name', tool: '' };
    const pick = await vscode.window.showQuickPick([...KNOWN_TOOLS.map((t) => ({ label: t.label, description: t.tool, tool: t.tool })), other], {
      title: 'Tag selection as AI-generated',
      placeHolder: 'Which assistant wrote this code?',
    });
    if (!pick) return undefined;
    if (pick.tool) return pick.tool;
    const typed = await vscode.window.showInputBox({ title: 'Tag selection as AI-generated', prompt: 'Name of the tool or model (e.g. windsurf, aider)', validateInput: (v) => (v.trim() ? undefined : 'A name is needed.') });
    return typed?.trim() || undefined;
  }

  /**
   * Vetted: Re-label AI Block: says what the tagged code really is. "AI-generated" keeps how it arrived (`src`) and
   * records the tool the user names, with high confidence (the user said so); "pasted, not AI" sets `tool=unknown`,
   * `src=paste`; "my own code" removes the tag. The begin marker is rewritten in place (one undo step); the ledger
   * gets a new snapshot.
   */
  async relabel(raw?: unknown): Promise<boolean> {
    const found = await this.blockFor(raw);
    if (!found || !found.block.marked) return false;
    const { doc, block } = found;
    const args = asArgs(raw);
    let as = args.as;
    if (!as) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'AI-generated', description: 'name the assistant', as: 'ai' as const },
          { label: 'Pasted, not AI', description: 'src=paste, tool=unknown', as: 'paste' as const },
          { label: 'My own code', description: 'removes the tag', as: 'own' as const },
        ],
        { title: 'Re-label AI block', placeHolder: `Now: src=${block.meta.src} tool=${block.meta.tool}` },
      );
      if (!pick) return false;
      as = pick.as;
    }
    if (as === 'own') return this.removeTag({ uri: doc.uri.toString(), id: block.meta.id });
    const tool = as === 'paste' ? 'unknown' : args.tool?.trim() || (await this.pickTool());
    if (!tool) return false;
    const update = as === 'paste' ? { src: 'paste' as const, tool, conf: 'high' as const } : { tool, conf: 'high' as const };
    const text = doc.getText();
    const edit = beginLineEdit(text, block.beginLine, RegionIndex.stylesFor(doc), update);
    if (!edit || doc.getText() !== text) return false;
    const ok = await this.apply(doc, [edit]);
    if (ok) {
      const now = this.index.byId(doc, block.meta.id);
      if (now) this.changes.fire({ kind: 'tagged', uri: doc.uri, meta: now.meta, startLine: now.beginLine + 1, endLine: now.endLine - 1 });
    }
    return ok;
  }

  /** Vetted: Remove Tag (the markers go, the code stays). */
  async removeTag(raw?: unknown): Promise<boolean> {
    const found = await this.blockFor(raw);
    if (!found || !found.block.marked) return false;
    const { doc, block } = found;
    this.changes.fire({ kind: 'removing', uri: doc.uri, meta: block.meta });
    const ok = await this.apply(doc, removeMarkerEdits(doc.getText(), block));
    if (ok) this.changes.fire({ kind: 'removed', uri: doc.uri, id: block.meta.id });
    return ok;
  }

  /** Vetted: Mark Reviewed / Mark Unreviewed: rewrites the begin marker; `h` becomes the hash of the code as it is now. */
  async setReviewed(raw: unknown, reviewed: boolean): Promise<boolean> {
    const found = await this.blockFor(raw);
    if (!found || !found.block.marked) return false;
    const { doc, block } = found;
    let reviewer: string | null = null;
    if (reviewed) {
      const r = await this.reviewerFor(doc.uri, asArgs(raw).reviewer);
      if (!r) return false;
      reviewer = r;
    }
    return this.rewriteStatus(doc, block, { status: reviewed ? 'reviewed' : 'unreviewed', reviewer, h: block.actualHash });
  }

  /**
   * Rewrites a marked block's begin marker (status, reviewer, `h`) in one undo step and tells the ledger writer,
   * which appends a snapshot with one more review: `review` when given (a checklist sign-off), else one derived from
   * the new marker. Shared by Mark (Un)reviewed and the review panel's sign-off.
   */
  async rewriteStatus(doc: vscode.TextDocument, block: Block, update: { status: RegionStatus; reviewer: string | null; h?: string }, review?: SignOffRecord): Promise<boolean> {
    if (!block.marked) return false;
    const text = doc.getText();
    const edit = beginLineEdit(text, block.beginLine, RegionIndex.stylesFor(doc), update);
    if (!edit || doc.getText() !== text) return false;
    const unchanged = text.split('\n')[block.beginLine]?.replace(/\r$/, '') === edit.newText;
    const ok = unchanged || (await this.apply(doc, [edit]));
    if (ok) {
      const now = this.index.byId(doc, block.meta.id);
      if (now) this.changes.fire({ kind: 'status', uri: doc.uri, meta: now.meta, ...(review ? { review } : {}) });
    }
    return ok;
  }

  /** The reviewer Git (or an earlier answer) names, without asking. */
  async knownReviewer(uri: vscode.Uri): Promise<string | undefined> {
    return (await this.gitIdentity(uri).catch(() => undefined)) ?? this.state.get<string>(REVIEWER_KEY);
  }

  /** git user.email (else user.name) through the built-in Git extension, else asked once and remembered. */
  async reviewerFor(uri: vscode.Uri, given?: string): Promise<string | undefined> {
    if (given?.trim()) return given.trim();
    const fromGit = await this.gitIdentity(uri).catch(() => undefined);
    if (fromGit) return fromGit;
    const remembered = this.state.get<string>(REVIEWER_KEY);
    const typed = await vscode.window.showInputBox({
      title: 'Mark AI block reviewed',
      prompt: 'Who reviewed it? (Git has no user.email here; your answer is remembered.)',
      value: remembered ?? '',
      validateInput: (v) => (v.trim() ? undefined : 'A name or email is needed.'),
    });
    if (!typed?.trim()) return undefined;
    await this.state.update(REVIEWER_KEY, typed.trim());
    return typed.trim();
  }

  private async gitIdentity(uri: vscode.Uri): Promise<string | undefined> {
    const api = await initialisedGitApi<GitApi>(5000);
    if (!api) return undefined;
    const repo = api.getRepository(uri);
    if (!repo) return undefined;
    for (const key of ['user.email', 'user.name']) {
      const v = (await repo.getConfig(key).catch(() => '')) || (await repo.getGlobalConfig(key).catch(() => ''));
      if (v && v.trim()) return v.trim();
    }
    return undefined;
  }

  /** Vetted: Go to Next Unreviewed AI Block (unreviewed or modified), in this file after the cursor, then other files. */
  async nextUnreviewed(): Promise<{ uri: string; line: number } | undefined> {
    const editor = vscode.window.activeTextEditor;
    const open = (b: { status: string }) => b.status !== 'reviewed';
    const candidates: Array<{ uri: vscode.Uri; beginLine: number }> = [];
    if (editor) {
      const here = this.index.blocks(editor.document).filter(open);
      const line = editor.selection.active.line;
      candidates.push(...here.filter((b) => b.beginLine > line), ...this.workspaceBlocks().filter((b) => open(b) && b.uri.toString() !== editor.document.uri.toString()), ...here.filter((b) => b.beginLine <= line));
    } else candidates.push(...this.workspaceBlocks().filter(open));
    const next = candidates[0];
    if (!next) {
      void vscode.window.showInformationMessage('Vetted: no unreviewed AI blocks.');
      return undefined;
    }
    await revealBlock(next.uri, next.beginLine);
    return { uri: next.uri.toString(), line: next.beginLine };
  }
}

/** Opens the file and puts the cursor on the block's first code line. */
export async function revealBlock(uri: vscode.Uri, beginLine: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = Math.min(doc.lineCount - 1, beginLine + 1);
  const editor = await vscode.window.showTextDocument(doc, { preview: true });
  const pos = new vscode.Position(line, doc.lineAt(line).firstNonWhitespaceCharacterIndex);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(beginLine, 0, line, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
