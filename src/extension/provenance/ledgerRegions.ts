import * as vscode from 'vscode';
import { scanStylesFor } from '../../core/provenance/comments';
import { scanMarkers } from '../../core/provenance/format';
import { reanchor, trackEdit, type LiveRegion } from '../../core/provenance/tracker';
import type { TrackedRegion } from '../../core/provenance/types';
import type { LedgerEntry } from '../../core/provenance/ledger';
import type { LedgerStore } from './ledgerStore';

/** A live ledger region of a file that re-anchoring could not find in its text. */
export interface LedgerOrphan {
  readonly entry: LedgerEntry;
  readonly reason: string;
}

/** Regions that have no markers in the file (JSON, `ledger-only` mode, markers lost), for the views (pview). */
export interface LedgerRegionSource {
  /** Offsets into the document's current text. */
  regions(uri: vscode.Uri): TrackedRegion[];
  onDidChange: vscode.Event<vscode.Uri>;
}

interface DocRegions {
  regions: LiveRegion[];
  /** The text the regions' offsets refer to (to map the next change event). */
  text: string;
  version: number;
}

/**
 * Ledger-only regions of open documents: re-anchored from the ledger's hashes when a document opens (or the ledger
 * changes), added by the tagger when it records without markers, and moved with every edit (tracker.ts).
 * Regions whose code is deleted are tombstoned in the ledger. Orphans (the ledger knows a region the file no longer
 * has) are logged, never guessed.
 */
export class LedgerRegions implements LedgerRegionSource, vscode.Disposable {
  private readonly docs = new Map<string, DocRegions>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly orphansLogged = new Set<string>();
  private readonly orphanMap = new Map<string, LedgerOrphan[]>();
  /** Ids added by the tagger whose ledger record may not be written yet. */
  private readonly pending = new Set<string>();

  constructor(private readonly ledger: LedgerStore, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidOpenTextDocument((d) => void this.load(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        const hadOrphans = this.orphanMap.delete(d.uri.toString());
        if (this.docs.delete(d.uri.toString()) || hadOrphans) this.emitter.fire(d.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.track(e)),
      ledger.onDidChange((folder) => {
        for (const d of vscode.workspace.textDocuments) if (vscode.workspace.getWorkspaceFolder(d.uri)?.uri.toString() === folder.toString()) void this.load(d);
      }),
    );
    for (const d of vscode.workspace.textDocuments) void this.load(d);
  }

  /** Ledger regions of an open document that the last re-anchoring did not find (see load). */
  orphans(uri: vscode.Uri): readonly LedgerOrphan[] {
    return this.orphanMap.get(uri.toString()) ?? [];
  }

  regions(uri: vscode.Uri): TrackedRegion[] {
    return (this.docs.get(uri.toString())?.regions ?? []).map(({ meta, start, end }) => ({ meta, start, end }));
  }

  /** The tagger recorded a region without markers (offsets in the current text of `doc`). */
  add(doc: vscode.TextDocument, region: TrackedRegion, written: Promise<unknown>): void {
    this.pending.add(region.meta.id);
    void written.finally(() => this.pending.delete(region.meta.id));
    const d = this.stateFor(doc);
    d.regions = [...d.regions.filter((r) => r.meta.id !== region.meta.id), { ...region }];
    this.emitter.fire(doc.uri);
  }

  remove(uri: vscode.Uri, id: string): void {
    const d = this.docs.get(uri.toString());
    if (!d) return;
    d.regions = d.regions.filter((r) => r.meta.id !== id);
    this.emitter.fire(uri);
  }

  private stateFor(doc: vscode.TextDocument): DocRegions {
    const key = doc.uri.toString();
    let d = this.docs.get(key);
    if (!d || d.version !== doc.version) {
      d = { regions: d?.regions ?? [], text: doc.getText(), version: doc.version };
      this.docs.set(key, d);
    }
    return d;
  }

  /** Re-anchor the ledger's live regions of `doc` whose markers are not in the text. */
  async load(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'vscode-remote' && doc.uri.scheme !== 'vscode-vfs') return;
    let entries;
    try {
      entries = await this.ledger.entriesFor(doc.uri);
    } catch {
      return;
    }
    if (doc.isClosed) return;
    const key = doc.uri.toString();
    const current = this.docs.get(key);
    if (!entries.length && !current?.regions.length) {
      if (this.orphanMap.delete(key)) this.emitter.fire(doc.uri);
      return;
    }
    const text = doc.getText();
    const marked = scanMarkers(text, scanStylesFor(doc.languageId)).regions;
    const markedIds = new Set(marked.map((m) => m.meta.id));
    // Regions already tracked in this document keep their (edited) position; only the others are searched.
    const known = new Map((current && current.version === doc.version ? current.regions : []).map((r) => [r.meta.id, r]));
    const live = new Set(entries.map((e) => e.meta.id));
    const keep = [...known.values()].filter((r) => (live.has(r.meta.id) || this.pending.has(r.meta.id)) && !markedIds.has(r.meta.id));
    const hints = entries
      .filter((e) => !markedIds.has(e.meta.id) && !known.has(e.meta.id))
      .map((e) => ({ meta: e.meta, startLine: e.startLine, endLine: e.endLine }));
    const found = reanchor(text, hints, marked);
    const byId = new Map(entries.map((e) => [e.meta.id, e]));
    this.orphanMap.set(key, found.orphans.flatMap((o) => (byId.has(o.id) ? [{ entry: byId.get(o.id)!, reason: o.reason }] : [])));
    for (const o of found.orphans) {
      const k = `${key}#${o.id}`;
      if (this.orphansLogged.has(k)) continue;
      this.orphansLogged.add(k);
      this.log.info(`provenance: ledger region ${o.id} not found in ${vscode.workspace.asRelativePath(doc.uri)}: ${o.reason}`);
    }
    const claimed = new Set(keep.map((r) => r.meta.id));
    this.docs.set(key, { regions: [...keep, ...found.regions.filter((r) => !claimed.has(r.meta.id))], text, version: doc.version });
    this.emitter.fire(doc.uri);
  }

  private track(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const d = this.docs.get(key);
    if (!d || !e.contentChanges.length) return;
    if (!d.regions.length) {
      this.docs.set(key, { regions: [], text: e.document.getText(), version: e.document.version });
      return;
    }
    const changes = e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text }));
    const result = trackEdit(d.regions, changes, d.text);
    const text = e.document.getText();
    // If our snapshot was stale (an event we did not see), fall back to re-anchoring.
    if (result.text !== text) {
      this.docs.set(key, { regions: [], text, version: e.document.version });
      void this.load(e.document);
      return;
    }
    for (const id of result.dropped) {
      const old = d.regions.find((r) => r.meta.id === id);
      if (old) void this.ledger.append(e.document.uri, { meta: old.meta, startLine: 0, endLine: 0, markers: false, removed: e.reason === vscode.TextDocumentChangeReason.Undo ? 'undone' : 'deleted' });
    }
    this.docs.set(key, { regions: result.regions, text, version: e.document.version });
    this.emitter.fire(e.document.uri);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
