import * as vscode from 'vscode';
import { normalisedHash } from '../../core/hash';
import { languageFromVscodeId } from '../../core/languages';
import type { Parsers } from '../../core/parser';
import type { Classification, InsertionResult, ProvenanceMode } from '../../core/provenance/classify';
import { scanStylesFor } from '../../core/provenance/comments';
import { formatTimestamp, newRegionId, scanMarkers } from '../../core/provenance/format';
import { planMarkers } from '../../core/provenance/placement';
import { mapRange } from '../../core/provenance/tracker';
import type { MarkedRegion, RegionMeta } from '../../core/provenance/types';
import { toTextEdit } from '../convert';
import { COMMANDS } from '../ids';
import type { LedgerRegions } from './ledgerRegions';
import type { LedgerStore } from './ledgerStore';

/** An insertion Vetted offers to tag (CodeLens "Tag as AI-generated?"). Offsets follow edits. */
export interface Offer {
  readonly id: string;
  readonly uri: string;
  start: number;
  end: number;
  readonly classification: Classification;
}

/** What happened to one tagging request (returned for tests and logged). */
export type TagOutcome =
  | { readonly kind: 'tagged'; readonly meta: RegionMeta; readonly beginLine: number; readonly endLine: number }
  | { readonly kind: 'recorded'; readonly meta: RegionMeta; readonly startLine: number; readonly endLine: number; readonly why: string }
  | { readonly kind: 'offered'; readonly offer: Offer }
  | { readonly kind: 'skipped'; readonly why: string };

/** Largest document whose markers are re-scanned on every change (undo detection); bigger ones are skipped. */
const MAX_SCAN_CHARS = 2_000_000;

/**
 * Turns classifier verdicts into tags: `tag` → markers (planMarkers) in one WorkspaceEdit of their own plus a ledger
 * record; `record` → a ledger-only region (no markers); `offer` → a CodeLens. Also notices tagged blocks whose
 * markers disappear (undo of the tagging, deletion) and writes their ledger tombstone, and a `set` again when they
 * come back (redo).
 */
export class Tagger implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly offers = new Map<string, Offer[]>();
  /** Per open document: the tagged blocks whose markers were in the text at the last change. */
  private readonly marked = new Map<string, Map<string, MarkedRegion>>();
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensEmitter.event;
  private readonly outcomeEmitter = new vscode.EventEmitter<{ uri: vscode.Uri; outcome: TagOutcome }>();
  /** Every tagging outcome (tests and the output channel use it). */
  readonly onDidTag = this.outcomeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private offerCounter = 0;
  /** `uri#id` of blocks a command is about to untag (their tombstone says `untagged`). */
  private readonly untagging = new Set<string>();

  constructor(
    private readonly parsers: Parsers,
    private readonly ledger: LedgerStore,
    private readonly ledgerRegions: LedgerRegions,
    private readonly log: vscode.LogOutputChannel,
    private readonly modeFor: (uri: vscode.Uri) => ProvenanceMode,
    /** Tells the classifier that the next change of this document is Vetted's own. */
    private readonly ownEdit: (uri: vscode.Uri) => void,
  ) {
    this.disposables.push(
      this.lensEmitter,
      this.outcomeEmitter,
      vscode.languages.registerCodeLensProvider({ scheme: '*' }, this),
      vscode.commands.registerCommand(COMMANDS.acceptOffer, (uri: unknown, id: unknown) => this.accept(uri, id)),
      vscode.commands.registerCommand(COMMANDS.dismissOffer, (uri: unknown, id: unknown) => this.dismiss(uri, id)),
      vscode.workspace.onDidOpenTextDocument((d) => this.snapshot(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.marked.delete(d.uri.toString());
        if (this.offers.delete(d.uri.toString())) this.lensEmitter.fire();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
    );
    for (const d of vscode.workspace.textDocuments) this.snapshot(d);
  }

  /**
   * A command is about to remove this block's markers: its tombstone gets reason `untagged`. Returns a function that
   * tells whether the removal is still unseen (then the caller writes the tombstone) and forgets it.
   */
  expectUntag(uri: vscode.Uri, id: string): () => boolean {
    const k = `${uri.toString()}#${id}`;
    this.untagging.add(k);
    return () => this.untagging.delete(k);
  }

  offersFor(uri: vscode.Uri): readonly Offer[] {
    return this.offers.get(uri.toString()) ?? [];
  }

  /** Act on one classifier result for `doc`. */
  async handle(doc: vscode.TextDocument, result: InsertionResult): Promise<TagOutcome> {
    const v = result.verdict;
    if (!v.tagged) return { kind: 'skipped', why: v.reason };
    const c: Classification = { src: v.src, conf: v.conf, tool: v.tool, model: v.model, reason: v.reason };
    if (v.action === 'offer') return this.offer(doc, result.start, result.end, c);
    return this.tag(doc, result.start, result.end, c, v.action === 'record');
  }

  // ------------------------------------------------------------------------------------------------------------
  // Offers (CodeLens)

  private offer(doc: vscode.TextDocument, start: number, end: number, c: Classification): TagOutcome {
    const key = doc.uri.toString();
    const offer: Offer = { id: `o${++this.offerCounter}`, uri: key, start, end, classification: c };
    this.offers.set(key, [...(this.offers.get(key) ?? []).filter((o) => o.end <= start || o.start >= end), offer]);
    this.lensEmitter.fire();
    this.log.info(`provenance: offering to tag ${this.where(doc, start, end)} (src=${c.src} conf=${c.conf}: ${c.reason})`);
    return this.emit(doc.uri, { kind: 'offered', offer });
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const o of this.offers.get(doc.uri.toString()) ?? []) {
      const range = new vscode.Range(doc.positionAt(o.start), doc.positionAt(o.start));
      const what = o.classification.src === 'paste' ? 'Tag as pasted code?' : 'Tag as AI-generated?';
      const how = `${o.classification.src}, ${o.classification.conf} confidence`;
      lenses.push(
        new vscode.CodeLens(range, { title: `$(sparkle) ${what} (${how})`, tooltip: `Vetted: ${o.classification.reason}`, command: COMMANDS.acceptOffer, arguments: [o.uri, o.id] }),
        new vscode.CodeLens(range, { title: 'Dismiss', tooltip: 'Leave this code untagged', command: COMMANDS.dismissOffer, arguments: [o.uri, o.id] }),
      );
    }
    return lenses;
  }

  private takeOffer(uriArg: unknown, idArg: unknown): { doc: vscode.TextDocument; offer: Offer } | undefined {
    const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : undefined;
    if (!uri || typeof idArg !== 'string') return undefined;
    const list = this.offers.get(uri) ?? [];
    const offer = list.find((o) => o.id === idArg);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (!offer || !doc) return undefined;
    this.offers.set(uri, list.filter((o) => o !== offer));
    this.lensEmitter.fire();
    return { doc, offer };
  }

  async accept(uriArg: unknown, idArg: unknown): Promise<TagOutcome> {
    const taken = this.takeOffer(uriArg, idArg);
    if (!taken) return { kind: 'skipped', why: 'no such offer (the code changed or it was dismissed)' };
    const { doc, offer } = taken;
    return this.tag(doc, offer.start, offer.end, offer.classification, this.modeFor(doc.uri) === 'ledger-only');
  }

  dismiss(uriArg: unknown, idArg: unknown): boolean {
    const taken = this.takeOffer(uriArg, idArg);
    if (taken) this.log.info(`provenance: offer dismissed for ${this.where(taken.doc, taken.offer.start, taken.offer.end)}`);
    return !!taken;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Tagging

  /**
   * Tag [start, end) of `doc` (offsets in its current text): markers when the language and position allow it and
   * `ledgerOnly` is false, else a ledger-only region. The marker edit is one WorkspaceEdit (its own undo stop).
   */
  async tag(doc: vscode.TextDocument, start: number, end: number, c: Classification, ledgerOnly: boolean): Promise<TagOutcome> {
    // Follow edits made while the grammar loads.
    const tracked = { start, end };
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== doc || !tracked) return;
      const m = mapRange(tracked.start, tracked.end, e.contentChanges.map((x) => ({ rangeOffset: x.rangeOffset, rangeLength: x.rangeLength, text: x.text })));
      if (m) Object.assign(tracked, m);
      else Object.assign(tracked, { start: -1, end: -1 });
    });
    try {
      const lang = languageFromVscodeId(doc.languageId);
      if (lang && !ledgerOnly) await this.parsers.language(lang);
      for (let attempt = 0; attempt < 3; attempt++) {
        if (doc.isClosed) return this.emit(doc.uri, { kind: 'skipped', why: 'the document was closed' });
        if (tracked.start < 0) return this.emit(doc.uri, { kind: 'skipped', why: 'the inserted code is gone' });
        const text = doc.getText();
        const version = doc.version;
        const taken = new Set(scanMarkers(text, scanStylesFor(doc.languageId)).regions.map((r) => r.meta.id));
        for (const r of this.ledgerRegions.regions(doc.uri)) taken.add(r.meta.id);
        const meta: RegionMeta = {
          id: newRegionId(Date.now(), Math.random, taken),
          src: c.src,
          tool: c.tool || 'unknown',
          ...(c.model ? { model: c.model } : {}),
          conf: c.conf,
          ts: formatTimestamp(Date.now()),
          h: '0000000000000000',
          status: 'unreviewed',
        };
        const range = new vscode.Range(doc.positionAt(tracked.start), doc.positionAt(tracked.end));
        let why = 'vetted.provenance.mode is ledger-only';
        if (!ledgerOnly) {
          const tree = lang ? this.parsers.parseSync(lang, text) : undefined;
          let plan;
          try {
            plan = planMarkers(text, doc.languageId, { start: range.start, end: range.end }, meta, tree ? { tree } : {});
          } finally {
            tree?.delete();
          }
          if (!('reason' in plan)) {
            const edit = new vscode.WorkspaceEdit();
            edit.set(doc.uri, plan.edits.map(toTextEdit));
            if (doc.version !== version) continue;
            this.ownEdit(doc.uri);
            const ok = await vscode.workspace.applyEdit(edit);
            if (!ok) continue; // the document changed under us: plan again
            const region = scanMarkers(doc.getText(), scanStylesFor(doc.languageId)).regions.find((r) => r.meta.id === meta.id);
            if (!region) return this.emit(doc.uri, { kind: 'skipped', why: 'the markers were changed right after insertion' });
            this.markedFor(doc).set(meta.id, region);
            await this.ledger.append(doc.uri, { meta: region.meta, startLine: region.beginLine + 1, endLine: region.endLine - 1, markers: true });
            this.log.info(`provenance: tagged ${vscode.workspace.asRelativePath(doc.uri)}:${region.beginLine + 2}-${region.endLine} as ${c.src} (${c.conf}, ${c.tool ?? 'unknown'}): ${c.reason}`);
            return this.emit(doc.uri, { kind: 'tagged', meta: region.meta, beginLine: region.beginLine, endLine: region.endLine });
          }
          why = plan.reason;
        }
        // Ledger only: whole lines, blank edge lines left out (the same window re-anchoring searches).
        let sl = range.start.line;
        let el = range.end.character === 0 && range.end.line > sl ? range.end.line - 1 : range.end.line;
        while (sl < el && doc.lineAt(sl).isEmptyOrWhitespace) sl++;
        while (el > sl && doc.lineAt(el).isEmptyOrWhitespace) el--;
        const s = doc.offsetAt(new vscode.Position(sl, 0));
        const e = el + 1 < doc.lineCount ? doc.offsetAt(new vscode.Position(el + 1, 0)) : text.length;
        const recorded: RegionMeta = { ...meta, h: normalisedHash(text.slice(s, e)) };
        const written = this.ledger.append(doc.uri, { meta: recorded, startLine: sl, endLine: el, markers: false });
        this.ledgerRegions.add(doc, { meta: recorded, start: s, end: e }, written);
        await written;
        this.log.info(`provenance: recorded ${vscode.workspace.asRelativePath(doc.uri)}:${sl + 1}-${el + 1} in the ledger only (${why})`);
        return this.emit(doc.uri, { kind: 'recorded', meta: recorded, startLine: sl, endLine: el, why });
      }
      return this.emit(doc.uri, { kind: 'skipped', why: 'the document kept changing while tagging' });
    } catch (e) {
      this.log.error(`provenance: tagging failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return this.emit(doc.uri, { kind: 'skipped', why: `error: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      sub.dispose();
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Markers that disappear (undo, deletion) and come back (redo)

  private markedFor(doc: vscode.TextDocument): Map<string, MarkedRegion> {
    const key = doc.uri.toString();
    let m = this.marked.get(key);
    if (!m) {
      m = new Map();
      this.marked.set(key, m);
    }
    return m;
  }

  private scan(doc: vscode.TextDocument): Map<string, MarkedRegion> | undefined {
    const text = doc.getText();
    if (text.length > MAX_SCAN_CHARS || !text.includes('ai-provenance')) return text.length > MAX_SCAN_CHARS ? undefined : new Map();
    return new Map(scanMarkers(text, scanStylesFor(doc.languageId)).regions.map((r) => [r.meta.id, r]));
  }

  private snapshot(doc: vscode.TextDocument): void {
    const now = this.scan(doc);
    if (now) this.marked.set(doc.uri.toString(), now);
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    if (e.contentChanges.length) this.moveOffers(key, e);
    const before = this.marked.get(key);
    if (!before || !e.contentChanges.length) return;
    const now = this.scan(e.document);
    if (!now) return;
    this.marked.set(key, now);
    const undo = e.reason === vscode.TextDocumentChangeReason.Undo;
    for (const [id, r] of before) {
      if (now.has(id)) continue;
      const reason = this.untagging.delete(`${key}#${id}`) ? 'untagged' : undo ? 'undone' : 'deleted';
      void this.ledger.append(e.document.uri, { meta: r.meta, startLine: 0, endLine: 0, markers: true, removed: reason });
      this.log.info(`provenance: tagged block ${id} ${undo ? 'undone' : 'removed'} in ${vscode.workspace.asRelativePath(e.document.uri)}; ledger tombstone written`);
    }
    for (const [id, r] of now) {
      if (before.has(id)) continue;
      // A block that comes back (redo, or pasted back after a cut) is live again; new ones from our own edit are
      // recorded by tag() itself.
      void this.ledger.latest(vscode.workspace.getWorkspaceFolder(e.document.uri)!, id).then((last) => {
        if (last?.removed) void this.ledger.append(e.document.uri, { meta: r.meta, startLine: r.beginLine + 1, endLine: r.endLine - 1, markers: true });
      }, () => undefined);
    }
  }

  private moveOffers(key: string, e: vscode.TextDocumentChangeEvent): void {
    const list = this.offers.get(key);
    if (!list?.length) return;
    const changes = e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text }));
    const kept: Offer[] = [];
    for (const o of list) {
      const m = mapRange(o.start, o.end, changes);
      if (m && e.document.getText().slice(m.start, m.end).trim()) kept.push(Object.assign(o, m));
    }
    this.offers.set(key, kept);
    this.lensEmitter.fire();
  }

  private where(doc: vscode.TextDocument, start: number, end: number): string {
    return `${vscode.workspace.asRelativePath(doc.uri)}:${doc.positionAt(start).line + 1}-${doc.positionAt(Math.max(start, end - 1)).line + 1}`;
  }

  private emit(uri: vscode.Uri, outcome: TagOutcome): TagOutcome {
    this.outcomeEmitter.fire({ uri, outcome });
    return outcome;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
