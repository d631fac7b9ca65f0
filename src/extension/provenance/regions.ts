import * as vscode from 'vscode';
import { scanStylesFor } from '../../core/provenance/comments';
import { scanMarkers, type ScanResult } from '../../core/provenance/format';
import type { CommentStyle, MarkedRegion, RegionMeta, RegionStatus, TrackedRegion } from '../../core/provenance/types';

/**
 * Regions recorded without markers (ledger-only mode, JSON files, regions re-anchored from the ledger). Provided by
 * the recorder (src/extension/provenance/ledgerRegions.ts); the index works without one.
 */
export interface LedgerRegionSource {
  regions(uri: vscode.Uri): TrackedRegion[];
  readonly onDidChange: vscode.Event<vscode.Uri>;
}

/** One tagged block as the user sees it. Lines are 0-based. */
export interface Block {
  readonly uri: vscode.Uri;
  readonly meta: RegionMeta;
  /** Marker lines (marked blocks), or the first/last line of the region (ledger-only). */
  readonly beginLine: number;
  readonly endLine: number;
  /** Has markers in the file (false: recorded in the ledger only). */
  readonly marked: boolean;
  /** What is shown: `modified` when the code no longer matches `h`, else the recorded status. */
  readonly status: RegionStatus;
  /** The code changed since it was tagged or reviewed (actual hash ≠ h). */
  readonly modified: boolean;
  /** The recomputed hash of the enclosed code (marked blocks). */
  readonly actualHash?: string;
}

/** Schemes of documents that are not the user's code. */
const SKIP_SCHEMES = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'vscode-userdata', 'vscode-settings', 'debug', 'walkThroughSnippet', 'vscode-notebook-cell-output', 'review', 'pr', 'chat-editing-text-model', 'chat-editing-snapshot-text-model']);
const MAX_TEXT = 8 * 1024 * 1024;
const DEBOUNCE_MS = 100;


export function blockFromRegion(uri: vscode.Uri, r: MarkedRegion): Block {
  const modified = r.actualHash !== r.meta.h;
  return { uri, meta: r.meta, beginLine: r.beginLine, endLine: r.endLine, marked: true, status: modified ? 'modified' : r.meta.status, modified, actualHash: r.actualHash };
}

interface Entry {
  readonly version: number;
  readonly languageId: string;
  readonly scan: ScanResult;
  readonly blocks: Block[];
}

/**
 * Per open document: the tagged blocks and marker problems (`scanMarkers`), recomputed ~100 ms after an edit (and at
 * once when asked for a stale document), plus ledger-only regions from an optional LedgerRegionSource.
 */
export class RegionIndex implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Signature of what listeners were last told per document (a lookup may recompute before the debounce fires). */
  private readonly told = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Blocks or problems of a document changed (or it was closed). */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private ledger: LedgerRegionSource | undefined;
  private ledgerSub: vscode.Disposable | undefined;

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 && e.document.languageId === this.entries.get(e.document.uri.toString())?.languageId) return;
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        const key = d.uri.toString();
        clearTimeout(this.timers.get(key));
        this.timers.delete(key);
        this.entries.delete(key);
        if (this.told.delete(key)) this.emitter.fire(d.uri);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  /** Plugs in the ledger's regions (regions without markers). */
  setLedgerSource(source: LedgerRegionSource | undefined): void {
    this.ledgerSub?.dispose();
    this.ledger = source;
    this.ledgerSub = source?.onDidChange((uri) => {
      this.entries.delete(uri.toString());
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) this.refresh(doc);
    });
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  static tracks(doc: vscode.TextDocument): boolean {
    return !SKIP_SCHEMES.has(doc.uri.scheme);
  }

  /** Comment styles markers are read with in this document. */
  static stylesFor(doc: vscode.TextDocument): CommentStyle[] {
    return scanStylesFor(doc.languageId);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) this.refresh(doc);
      }, DEBOUNCE_MS),
    );
  }

  private refresh(doc: vscode.TextDocument): void {
    if (!RegionIndex.tracks(doc)) return;
    const key = doc.uri.toString();
    const sig = signature(this.compute(doc));
    const was = this.told.get(key);
    if (was === sig) return;
    this.told.set(key, sig);
    if (was === undefined && sig === '#') return; // opened with nothing tagged: nothing to tell
    this.emitter.fire(doc.uri);
  }

  private compute(doc: vscode.TextDocument): Entry {
    const key = doc.uri.toString();
    const text = doc.getText();
    const scan: ScanResult = text.length > MAX_TEXT ? { regions: [], problems: [] } : scanMarkers(text, RegionIndex.stylesFor(doc));
    const blocks = scan.regions.map((r) => blockFromRegion(doc.uri, r));
    for (const r of this.ledgerRegions(doc.uri)) {
      if (blocks.some((b) => b.meta.id === r.meta.id)) continue; // the markers win
      const s = doc.positionAt(r.start);
      const e = doc.positionAt(Math.max(r.start, r.end - 1));
      const modified = r.meta.status === 'modified';
      blocks.push({ uri: doc.uri, meta: r.meta, beginLine: s.line, endLine: Math.max(s.line, e.line), marked: false, status: r.meta.status, modified });
    }
    blocks.sort((a, b) => a.beginLine - b.beginLine || b.endLine - a.endLine);
    const entry: Entry = { version: doc.version, languageId: doc.languageId, scan, blocks };
    this.entries.set(key, entry);
    return entry;
  }

  private ledgerRegions(uri: vscode.Uri): TrackedRegion[] {
    try {
      return this.ledger?.regions(uri) ?? [];
    } catch {
      return [];
    }
  }

  private entry(doc: vscode.TextDocument): Entry {
    const e = this.entries.get(doc.uri.toString());
    if (e && e.version === doc.version && e.languageId === doc.languageId) return e;
    return this.compute(doc);
  }

  /** Tagged blocks of the document as it is now, in document order (outer before inner). */
  blocks(doc: vscode.TextDocument): readonly Block[] {
    return RegionIndex.tracks(doc) ? this.entry(doc).blocks : [];
  }

  scan(doc: vscode.TextDocument): ScanResult {
    return RegionIndex.tracks(doc) ? this.entry(doc).scan : { regions: [], problems: [] };
  }

  /** Blocks containing `line` (markers included), innermost first. */
  regionsAt(doc: vscode.TextDocument, line: number): Block[] {
    return this.blocks(doc)
      .filter((b) => b.beginLine <= line && line <= b.endLine)
      .sort((a, b) => a.endLine - a.beginLine - (b.endLine - b.beginLine));
  }

  byId(doc: vscode.TextDocument, id: string): Block | undefined {
    return this.blocks(doc).find((b) => b.meta.id === id);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.ledgerSub?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function signature(e: Entry): string {
  const blockKey = (x: Block) => `${x.meta.id}:${x.beginLine}:${x.endLine}:${x.status}:${x.marked}:${x.meta.reviewer ?? ''}:${x.meta.h}:${x.meta.tool}:${x.meta.src}:${x.meta.conf}`;
  const probKey = (p: ScanResult['problems'][number]) => `${p.kind}:${p.line}:${p.id ?? ''}:${p.message}`;
  return `${e.blocks.map(blockKey).join('|')}#${e.scan.problems.map(probKey).join('|')}`;
}
