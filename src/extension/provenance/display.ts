import * as vscode from 'vscode';
import type { RegionSource, RegionStatus } from '../../core/provenance/types';
import { PROVENANCE_COMMANDS } from '../ids';
import { RegionIndex, type Block } from './regions';

/** Colours contributed in package.json (`contributes.colors`), one per displayed status. */
export const STATUS_COLORS: Readonly<Record<RegionStatus, string>> = {
  unreviewed: 'vetted.aiBlock.unreviewed',
  reviewed: 'vetted.aiBlock.reviewed',
  modified: 'vetted.aiBlock.modified',
};

const SOURCE_NAMES: Readonly<Record<RegionSource, string>> = {
  inline: 'inline completion',
  'chat-insert': 'inserted from chat',
  'agent-edit': 'agent edit',
  paste: 'pasted',
  heuristic: 'large insertion (heuristic)',
  manual: 'tagged by hand',
};

export function sourceName(src: RegionSource): string {
  return SOURCE_NAMES[src] ?? src;
}

/**
 * Gutter marks on tagged blocks: a sparkle on the begin marker line and a bar along the block, in the status colour
 * (dashed and hollow when the code changed since it was tagged or reviewed), plus a mark in the overview ruler.
 */
export class BlockDecorations implements vscode.Disposable {
  private readonly heads: Record<RegionStatus, vscode.TextEditorDecorationType>;
  private readonly bars: Record<RegionStatus, vscode.TextEditorDecorationType>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly index: RegionIndex,
  ) {
    const icon = (kind: 'head' | 'bar', status: RegionStatus, theme: 'dark' | 'light') => vscode.Uri.joinPath(extensionUri, 'media', 'provenance', `${kind}-${status}-${theme}.svg`);
    const make = (kind: 'head' | 'bar', status: RegionStatus) =>
      vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        // the bar fills the line's whole height (no gaps between lines); the sparkle keeps its shape
        gutterIconSize: kind === 'bar' ? 'cover' : 'contain',
        dark: { gutterIconPath: icon(kind, status, 'dark') },
        light: { gutterIconPath: icon(kind, status, 'light') },
        ...(kind === 'head' ? { overviewRulerColor: new vscode.ThemeColor(STATUS_COLORS[status]), overviewRulerLane: vscode.OverviewRulerLane.Left } : {}),
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    this.heads = { unreviewed: make('head', 'unreviewed'), reviewed: make('head', 'reviewed'), modified: make('head', 'modified') };
    this.bars = { unreviewed: make('bar', 'unreviewed'), reviewed: make('bar', 'reviewed'), modified: make('bar', 'modified') };
    this.disposables.push(
      ...Object.values(this.heads),
      ...Object.values(this.bars),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.paint(e))),
      index.onDidChange((uri) => {
        for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === uri.toString()) this.paint(e);
      }),
    );
    vscode.window.visibleTextEditors.forEach((e) => this.paint(e));
  }

  /** The lines each decoration covers in an editor (also used by tests). */
  linesFor(doc: vscode.TextDocument): { heads: Record<RegionStatus, number[]>; bars: Record<RegionStatus, number[]> } {
    const heads: Record<RegionStatus, number[]> = { unreviewed: [], reviewed: [], modified: [] };
    const bars: Record<RegionStatus, number[]> = { unreviewed: [], reviewed: [], modified: [] };
    const owner = new Map<number, Block>();
    // Inner blocks come later in document order and win their lines.
    for (const b of this.index.blocks(doc)) for (let l = b.beginLine; l <= b.endLine; l++) owner.set(l, b);
    for (const [line, b] of [...owner.entries()].sort((x, y) => x[0] - y[0])) {
      if (line === b.beginLine) heads[b.status].push(line);
      else bars[b.status].push(line);
    }
    return { heads, bars };
  }

  private paint(editor: vscode.TextEditor): void {
    if (!RegionIndex.tracks(editor.document)) return;
    const { heads, bars } = this.linesFor(editor.document);
    const ranges = (lines: number[]) => lines.map((l) => new vscode.Range(l, 0, l, 0));
    for (const s of ['unreviewed', 'reviewed', 'modified'] as const) {
      editor.setDecorations(this.heads[s], ranges(heads[s]));
      editor.setDecorations(this.bars[s], ranges(bars[s]));
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** `2026-10-02T14:03:11Z` → `2026-10-02 14:03:11 UTC`. */
function when(ts: string): string {
  return ts.replace('T', ' ').replace(/Z$/, ' UTC');
}

/** Escapes what markdown would read as formatting, links or HTML in values from the file (tool, model, reviewer). */
const esc = (s: string) => s.replace(/[\\`*_[\]<>|]/g, '\\$&');

/** The hover text of one block (markdown). */
export function blockHoverMarkdown(b: Block, uri: vscode.Uri): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [PROVENANCE_COMMANDS.markReviewed, PROVENANCE_COMMANDS.markUnreviewed, PROVENANCE_COMMANDS.removeTag] };
  md.supportHtml = false;
  const m = b.meta;
  const statusText = b.status === 'modified' ? 'modified' : b.status;
  md.appendMarkdown(`$(sparkle) **AI block** \`${m.id}\` — **${statusText}**${b.marked ? '' : ' (recorded in the ledger only)'}\n\n`);
  const rows: string[] = [`Source: ${esc(sourceName(m.src))} (confidence ${m.conf})`, `Tool: ${esc(m.tool)}${m.model ? ` · model: ${esc(m.model)}` : ''}`, `Tagged: ${esc(when(m.ts))}`];
  if (m.reviewer) rows.push(`${m.status === 'reviewed' ? 'Reviewed' : 'Last reviewed'} by: ${esc(m.reviewer)}`);
  md.appendMarkdown(rows.join('  \n') + '\n\n');
  if (b.modified) {
    const since = m.status === 'reviewed' ? 'reviewed' : 'tagged';
    md.appendMarkdown(`$(warning) **Modified since ${since}**: the code no longer matches the hash in the tag (h=${m.h}). Review the change, then mark the block reviewed again.\n\n`);
  }
  const arg = (extra: Record<string, unknown> = {}) => encodeURIComponent(JSON.stringify([{ uri: uri.toString(), id: m.id, ...extra }]));
  const links: string[] = [];
  if (b.marked) {
    if (b.status !== 'reviewed') links.push(`[Mark Reviewed](command:${PROVENANCE_COMMANDS.markReviewed}?${arg()})`);
    if (b.status !== 'unreviewed') links.push(`[Mark Unreviewed](command:${PROVENANCE_COMMANDS.markUnreviewed}?${arg()})`);
    links.push(`[Remove Tag](command:${PROVENANCE_COMMANDS.removeTag}?${arg()})`);
  }
  if (links.length) md.appendMarkdown(links.join(' · '));
  return md;
}

/** Hover on every line of a tagged block: who/what produced it, when, its status and whether it changed. */
export class BlockHover implements vscode.HoverProvider {
  constructor(private readonly index: RegionIndex) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const blocks = this.index.regionsAt(doc, position.line).slice(0, 2);
    if (!blocks.length) return undefined;
    const line = doc.lineAt(position.line);
    return new vscode.Hover(
      blocks.map((b) => blockHoverMarkdown(b, doc.uri)),
      new vscode.Range(position.line, 0, position.line, line.text.length),
    );
  }
}
