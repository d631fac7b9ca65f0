/**
 * Links the manual provenance commands to the ledger, and two ledger views of the editor:
 * - Tag Selection writes a `set` record; Remove Tag a tombstone (`untagged`); Mark Reviewed / Unreviewed a `set`
 *   record with the new status, reviewer and `h` and one more entry in `reviews` ({status, by, at, h}); a checklist
 *   sign-off from the review panel adds {status: 'reviewed', by, at, h, answers, note?, tier}.
 * - A tagged block that becomes `modified` (its code no longer matches `h`) gets one `set` snapshot with status
 *   `modified`, once per change of state (the RegionIndex reports states, debounced; keystrokes inside an already
 *   modified block write nothing).
 * - Ledger orphans (live ledger regions of a file that re-anchoring cannot find) are shown as an Information
 *   diagnostic on the file's first line, with a quick fix "Forget this ledger record" (a tombstone; the file is
 *   never edited).
 * - "Vetted: Go to Next Untagged Insertion" moves to the next pending "Tag as AI-generated?" offer.
 */
import * as vscode from 'vscode';
import type { Review } from '../../core/provenance/ledger';
import type { RegionMeta } from '../../core/provenance/types';
import { COMMANDS, PROVENANCE_DIAGNOSTIC_SOURCE } from '../ids';
import type { BlockChange } from './commands';
import type { ProvenanceApi } from './index';
import type { LedgerOrphan } from './ledgerRegions';
import type { ProvenanceViewApi } from './pview';

export const LEDGER_ORPHAN_CODE = 'ledger-orphan';

const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface LedgerLinkApi {
  readonly orphanDiagnostics: vscode.DiagnosticCollection;
  /** Resolves when every ledger write started so far has finished (tests). */
  settled(): Promise<void>;
  nextUntaggedInsertion(): Promise<{ uri: string; line: number } | undefined>;
  forget(uri: unknown, id: unknown): Promise<boolean>;
}

export function registerLedgerLink(
  context: vscode.ExtensionContext,
  deps: { readonly view: ProvenanceViewApi; readonly provenance: ProvenanceApi; readonly log: vscode.LogOutputChannel },
): LedgerLinkApi {
  const { view, provenance, log } = deps;
  const { ledger, tagger, ledgerRegions } = provenance;
  const index = view.index;
  let work: Promise<unknown> = Promise.resolve();
  const run = (f: () => Promise<unknown>) => {
    work = work.then(f).catch((e: unknown) => log.error(`provenance ledger link: ${e instanceof Error ? e.message : String(e)}`));
    return work;
  };
  const docOf = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const folderOf = (uri: vscode.Uri) => vscode.workspace.getWorkspaceFolder(uri);
  /** Reviews carried by the region's latest ledger snapshot. */
  const carried = async (uri: vscode.Uri, id: string): Promise<readonly Review[]> => {
    const folder = folderOf(uri);
    const last = folder ? await ledger.latest(folder, id) : undefined;
    return last && !last.removed ? last.reviews : [];
  };
  /** A snapshot of a marked block as the index sees it now (lines: the enclosed code). */
  const snapshot = async (uri: vscode.Uri, id: string, meta: RegionMeta | undefined, reviews?: (old: readonly Review[]) => Review[]) => {
    const doc = docOf(uri);
    const block = doc ? index.byId(doc, id) : undefined;
    if (!block) {
      log.warn(`provenance: block ${id} not found after the command; no ledger record written`);
      return false;
    }
    const old = await carried(uri, id);
    const startLine = block.marked ? block.beginLine + 1 : block.beginLine;
    const endLine = block.marked ? Math.max(startLine, block.endLine - 1) : block.endLine;
    return ledger.append(uri, { meta: meta ?? block.meta, startLine, endLine, markers: block.marked, reviews: reviews ? reviews(old) : [...old] });
  };

  // -------------------------------------------------------------------------------------------------------------
  // Manual commands → ledger

  const pendingUntag = new Map<string, () => boolean>();
  const removingMeta = new Map<string, RegionMeta>();
  const onBlock = (c: BlockChange): void => {
    switch (c.kind) {
      case 'tagged':
        void run(() => snapshot(c.uri, c.meta.id, undefined));
        break;
      case 'removing':
        pendingUntag.set(`${c.uri.toString()}#${c.meta.id}`, tagger.expectUntag(c.uri, c.meta.id));
        removingMeta.set(`${c.uri.toString()}#${c.meta.id}`, c.meta);
        break;
      case 'removed': {
        const k = `${c.uri.toString()}#${c.id}`;
        const unseen = pendingUntag.get(k)?.() ?? true;
        const meta = removingMeta.get(k);
        pendingUntag.delete(k);
        removingMeta.delete(k);
        // The tagger writes the tombstone when it sees the markers go; write it here only if it did not.
        if (unseen && meta) void run(() => ledger.append(c.uri, { meta, startLine: 0, endLine: 0, markers: true, removed: 'untagged' }));
        break;
      }
      case 'status': {
        const m = c.meta;
        const s = c.review;
        const review: Review = s
          ? { status: 'reviewed', by: s.by, at: isoNow(), h: s.h, answers: { ...s.answers }, ...(s.note ? { note: s.note.slice(0, 300) } : {}), ...(s.tier ? { tier: s.tier.slice(0, 40) } : {}) }
          : { status: m.status, ...(m.reviewer && m.status === 'reviewed' ? { by: m.reviewer } : {}), at: isoNow(), h: m.h };
        void run(() => snapshot(c.uri, m.id, m, (old) => [...old, review]));
        break;
      }
    }
  };

  // -------------------------------------------------------------------------------------------------------------
  // Blocks that become modified

  /** uri → id → modified, as last seen. */
  const modifiedState = new Map<string, Map<string, boolean>>();
  const onIndex = (uri: vscode.Uri): void => {
    const key = uri.toString();
    const doc = docOf(uri);
    if (!doc) {
      modifiedState.delete(key);
      return;
    }
    const before = modifiedState.get(key);
    const now = new Map<string, boolean>();
    for (const b of index.blocks(doc)) {
      if (!b.marked) continue;
      now.set(b.meta.id, b.modified);
      if (!b.modified || before?.get(b.meta.id) === true) continue;
      // Newly modified (or first seen modified): one snapshot, unless the ledger already says so or never knew it.
      const id = b.meta.id;
      void run(async () => {
        const folder = folderOf(uri);
        const last = folder ? await ledger.latest(folder, id) : undefined;
        if (!last || last.removed || (last.meta.status === 'modified' && last.meta.h === b.meta.h)) return;
        const d = docOf(uri);
        const cur = d ? index.byId(d, id) : undefined;
        if (!cur?.modified) return;
        await ledger.append(uri, {
          meta: { ...cur.meta, status: 'modified' },
          startLine: cur.beginLine + 1,
          endLine: Math.max(cur.beginLine + 1, cur.endLine - 1),
          markers: true,
          reviews: [...last.reviews],
        });
      });
    }
    modifiedState.set(key, now);
  };

  // -------------------------------------------------------------------------------------------------------------
  // Ledger orphans

  const orphanDiagnostics = vscode.languages.createDiagnosticCollection('vetted-provenance-ledger');
  const describe = (o: LedgerOrphan) => {
    const e = o.entry;
    const lines = e.startLine === e.endLine ? `line ${e.startLine + 1}` : `lines ${e.startLine + 1}–${e.endLine + 1}`;
    return `Ledger record ${e.meta.id} (source ${e.meta.src}, tool ${e.meta.tool}, recorded at ${lines}) was not found in this file: ${o.reason}. Forget it if the code is gone.`;
  };
  const showOrphans = (uri: vscode.Uri): void => {
    const doc = docOf(uri);
    const orphans = doc ? ledgerRegions.orphans(uri) : [];
    if (!doc || !orphans.length) {
      orphanDiagnostics.delete(uri);
      return;
    }
    const top = new vscode.Range(0, 0, 0, doc.lineAt(0).text.length);
    orphanDiagnostics.set(
      uri,
      orphans.map((o) => {
        const d = new vscode.Diagnostic(top, describe(o), vscode.DiagnosticSeverity.Information);
        d.source = PROVENANCE_DIAGNOSTIC_SOURCE;
        d.code = LEDGER_ORPHAN_CODE;
        return d;
      }),
    );
  };
  const forget = async (uriArg: unknown, idArg: unknown): Promise<boolean> => {
    const uriStr = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : undefined;
    if (!uriStr || typeof idArg !== 'string') return false;
    const uri = vscode.Uri.parse(uriStr, true);
    const orphan = ledgerRegions.orphans(uri).find((o) => o.entry.meta.id === idArg);
    if (!orphan) return false;
    const e = orphan.entry;
    const ok = await ledger.append(uri, { meta: e.meta, startLine: 0, endLine: 0, ...(e.markers !== undefined ? { markers: e.markers } : {}), reviews: [...e.reviews], removed: 'forgotten' });
    if (ok) log.info(`provenance: ledger record ${idArg} of ${vscode.workspace.asRelativePath(uri)} forgotten (tombstone written)`);
    return ok;
  };
  const fixes: vscode.CodeActionProvider = {
    provideCodeActions(doc, _range, ctx) {
      const out: vscode.CodeAction[] = [];
      for (const d of ctx.diagnostics) {
        if (d.source !== PROVENANCE_DIAGNOSTIC_SOURCE || d.code !== LEDGER_ORPHAN_CODE) continue;
        const id = /^Ledger record (\S+) /.exec(d.message)?.[1];
        if (!id) continue;
        const a = new vscode.CodeAction('Forget this ledger record', vscode.CodeActionKind.QuickFix);
        a.diagnostics = [d];
        a.command = { title: 'Forget this ledger record', command: COMMANDS.forgetLedgerRecord, arguments: [doc.uri.toString(), id] };
        out.push(a);
      }
      return out;
    },
  };

  // -------------------------------------------------------------------------------------------------------------
  // Go to Next Untagged Insertion

  const nextUntaggedInsertion = async (): Promise<{ uri: string; line: number } | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const targets: Array<{ doc: vscode.TextDocument; start: number }> = [];
    const offersOf = (doc: vscode.TextDocument) => [...tagger.offersFor(doc.uri)].sort((a, b) => a.start - b.start);
    if (editor) {
      const doc = editor.document;
      const here = editor.document.offsetAt(editor.selection.active);
      const own = offersOf(doc);
      targets.push(...own.filter((o) => o.start > here).map((o) => ({ doc, start: o.start })));
      for (const d of vscode.workspace.textDocuments) if (d !== doc) targets.push(...offersOf(d).map((o) => ({ doc: d, start: o.start })));
      targets.push(...own.filter((o) => o.start <= here).map((o) => ({ doc, start: o.start })));
    } else for (const d of vscode.workspace.textDocuments) targets.push(...offersOf(d).map((o) => ({ doc: d, start: o.start })));
    const next = targets[0];
    if (!next) {
      void vscode.window.showInformationMessage('Vetted: no untagged insertions are waiting (no "Tag as AI-generated?" offers in open files).');
      return undefined;
    }
    const shown = await vscode.window.showTextDocument(next.doc, { preview: false });
    const pos = next.doc.positionAt(next.start);
    shown.selection = new vscode.Selection(pos, pos);
    shown.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { uri: next.doc.uri.toString(), line: pos.line };
  };

  context.subscriptions.push(
    view.onDidChangeBlock(onBlock),
    index.onDidChange(onIndex),
    orphanDiagnostics,
    ledgerRegions.onDidChange(showOrphans),
    vscode.workspace.onDidCloseTextDocument((d) => {
      orphanDiagnostics.delete(d.uri);
      modifiedState.delete(d.uri.toString());
    }),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }], fixes, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(COMMANDS.forgetLedgerRecord, forget),
    vscode.commands.registerCommand(COMMANDS.nextUntaggedInsertion, nextUntaggedInsertion),
  );
  for (const d of vscode.workspace.textDocuments) showOrphans(d.uri);
  return { orphanDiagnostics, settled: () => work.then(() => undefined), nextUntaggedInsertion, forget };
}
