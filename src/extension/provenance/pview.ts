/**
 * What users see of provenance, and the manual commands: the RegionIndex of open documents, gutter marks and hovers,
 * marker problems with quick fixes, the "AI Blocks" tree view, Tag Selection / Remove Tag / Mark (Un)reviewed / Go to
 * Next Unreviewed, and the stricter check of AI blocks (findings inside them are shown at every confidence).
 */
import * as vscode from 'vscode';
import type { LineSpan } from '../../core/focus';
import type { Parsers } from '../../core/parser';
import type { DocumentChecker } from '../checker';
import { AI_BLOCKS_VIEW, PROVENANCE_COMMANDS } from '../ids';
import { ProvenanceCommands, revealBlock, type BlockChange } from './commands';
import { BlockDecorations, BlockHover } from './display';
import { MarkerDiagnostics, MarkerFixes } from './problems';
import { RegionIndex, type LedgerRegionSource } from './regions';
import { AiBlocksTree } from './tree';

export interface ProvenanceViewApi {
  readonly index: RegionIndex;
  readonly decorations: BlockDecorations;
  readonly tree: AiBlocksTree;
  readonly diagnostics: vscode.DiagnosticCollection;
  /** Plugs in regions recorded without markers (the recorder's ledger). */
  setLedgerSource(source: LedgerRegionSource | undefined): void;
  /** A command tagged, re-labelled or removed a block (for the ledger). */
  readonly onDidChangeBlock: vscode.Event<BlockChange>;
  /** The manual commands (the review panel signs off through them). */
  readonly commands: ProvenanceCommands;
}

export function registerProvenanceView(
  context: vscode.ExtensionContext,
  deps: { readonly checker: DocumentChecker; readonly parsers?: Parsers; readonly log: vscode.LogOutputChannel },
): ProvenanceViewApi {
  const index = new RegionIndex();
  const decorations = new BlockDecorations(context.extensionUri, index);
  const problems = new MarkerDiagnostics(index);
  const tree = new AiBlocksTree(index, deps.log);
  const view = vscode.window.createTreeView(AI_BLOCKS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  const commands = new ProvenanceCommands(index, deps.parsers, context.globalState, deps.log, () => tree.list().map((b) => ({ uri: b.uri, beginLine: b.beginLine, status: b.status })));
  const all: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }];

  // Stricter policy for AI blocks: the checker keeps every finding on these lines, whatever vetted.minConfidence says.
  const aiSpans = (uri: vscode.Uri): LineSpan[] => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return doc ? index.blocks(doc).map((b) => ({ start: b.beginLine, end: b.endLine })) : [];
  };
  deps.checker.setAiBlocks(aiSpans);

  context.subscriptions.push(
    index,
    decorations,
    problems,
    tree,
    commands,
    index.onDidChange((uri) => deps.checker.refreshView(uri)),
    vscode.languages.registerHoverProvider(all, new BlockHover(index)),
    vscode.languages.registerCodeActionsProvider(all, new MarkerFixes(index), { providedCodeActionKinds: MarkerFixes.kinds }),
    vscode.commands.registerCommand(PROVENANCE_COMMANDS.tagSelection, (args?: unknown) => commands.tagSelection(args)),
    vscode.commands.registerCommand(PROVENANCE_COMMANDS.removeTag, (args?: unknown) => commands.removeTag(args)),
    vscode.commands.registerCommand(PROVENANCE_COMMANDS.relabel, (args?: unknown) => commands.relabel(args)),
    vscode.commands.registerCommand(PROVENANCE_COMMANDS.markReviewed, (args?: unknown) => commands.setReviewed(args, true)),
    vscode.commands.registerCommand(PROVENANCE_COMMANDS.markUnreviewed, (args?: unknown) => commands.setReviewed(args, false)),
    // the workspace list is read first (once), so blocks in files that are not open count too
    vscode.commands.registerCommand(PROVENANCE_COMMANDS.nextUnreviewed, () => tree.ready().then(() => commands.nextUnreviewed())),
    vscode.commands.registerCommand(PROVENANCE_COMMANDS.refreshBlocks, () => tree.refresh().then(() => tree.list().length)),
    vscode.commands.registerCommand(PROVENANCE_COMMANDS.revealBlock, async (uri: unknown, line: unknown) => {
      if (typeof uri !== 'string' || typeof line !== 'number' || !Number.isInteger(line) || line < 0) return;
      await revealBlock(vscode.Uri.parse(uri, true), line);
    }),
  );
  return {
    index,
    decorations,
    tree,
    diagnostics: problems.collection,
    setLedgerSource: (s) => index.setLedgerSource(s),
    onDidChangeBlock: commands.onDidChangeBlock,
    commands,
  };
}
