import * as vscode from 'vscode';
import {
  DEFAULT_CLASSIFIER_OPTIONS, InsertionClassifier, isSessionScheme, TRACKED_SCHEMES, type ClassifierOptions, type EditorEvent, type InsertionResult,
  type OffsetSelection,
} from '../../core/provenance/classify';
import { clipboardFallbackTexts, COPY_ORIGIN_MIME, copyOriginId, isSameOrigin, occursElsewhere, pasteTextMatches } from '../../core/provenance/pasteOrigin';

/**
 * Editor events → the classifier's `EditorEvent`s (src/core/provenance/classify.ts), in the order VS Code delivers
 * them; results go to `onResult`. Sources:
 * - `onDidChangeTextDocument` (with reason, dirty state, whether it is the active editor);
 * - a `DocumentPasteEditProvider` for text/plain that only observes: it returns `undefined` at once, so a paste is
 *   never delayed (feature-detected: stable since VS Code 1.97). Its text arrives through a promise; change events of
 *   that document wait for it (a few ms) so the paste is seen before its change. Its `prepareDocumentPaste` (copy or
 *   cut in an editor) adds `COPY_ORIGIN_MIME` = the copied document's origin id (a hash of the workspace folders, see
 *   src/core/provenance/pasteOrigin.ts); a paste is `sameWorkspace` only when that entry equals the target's id;
 * - without that API (VS Code < 1.97, or `editor.pasteAs.enabled: false`, or forced by `forceClipboardFallback`):
 *   for an insertion of `pasteMinLines`+ lines, the clipboard is read (asynchronously, only then) and a paste event
 *   is fed before the change when it holds the inserted text;
 * - `onDidChangeTextEditorSelection` of the active editor (cursor position before an insertion);
 * - documents opened with a `chat-editing-*` or `cline-diff` scheme (assistant edit sessions on a file);
 * - save participants: changes between `onWillSaveTextDocument` and `onDidSaveTextDocument` (format on save) are
 *   not insertions (a save alone, e.g. auto save, explains nothing);
 * - `push()` for everything else (own edits from the tagger, agent hook records).
 */
export class Recorder implements vscode.Disposable {
  private classifier: InsertionClassifier;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Per document: paste texts still being read; change events wait for them to keep the order. */
  private readonly pendingPaste = new Map<string, Promise<void>>();
  private readonly queue = new Map<string, Promise<void>>();
  /** Session documents seen (session URI → real file URI), to report their close. */
  private readonly sessions = new Map<string, string>();
  readonly pasteObserved: boolean;
  private readonly saving = new Set<string>();
  private pasteMinLines: number;
  private fallbackForced = false;

  constructor(
    options: Partial<ClassifierOptions>,
    private readonly onResult: (doc: vscode.TextDocument, result: InsertionResult) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.classifier = new InsertionClassifier(options);
    this.pasteMinLines = options.pasteMinLines ?? DEFAULT_CLASSIFIER_OPTIONS.pasteMinLines;
    this.pasteObserved = this.registerPasteObserver();
    if (!this.pasteObserved) log.info('provenance: this VS Code has no paste edit API (needs 1.97); block insertions are compared with the clipboard');
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor !== vscode.window.activeTextEditor) return;
        const doc = e.textEditor.document;
        this.push({ kind: 'selection', time: Date.now(), uri: doc.uri.toString(), selections: e.selections.map((s) => selection(doc, s)) });
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.sessionOpened(d)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        const file = this.sessions.get(d.uri.toString());
        if (file) {
          this.sessions.delete(d.uri.toString());
          this.push({ kind: 'chat-session', time: Date.now(), scheme: d.uri.scheme, uri: file, state: 'close' });
        }
      }),
      // Changes between will-save and did-save are save participants (format on save, trim whitespace).
      vscode.workspace.onWillSaveTextDocument((e) => {
        const key = e.document.uri.toString();
        this.saving.add(key);
        setTimeout(() => this.saving.delete(key), 5000); // a save that fails never reports did-save
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.saving.delete(d.uri.toString())),
    );
    for (const d of vscode.workspace.textDocuments) this.sessionOpened(d);
    const editor = vscode.window.activeTextEditor;
    if (editor) this.push({ kind: 'selection', time: Date.now(), uri: editor.document.uri.toString(), selections: editor.selections.map((s) => selection(editor.document, s)) });
  }

  /** New options (settings changed): a fresh classifier (pending stream groups are flushed first). */
  reconfigure(options: Partial<ClassifierOptions>): void {
    this.deliver(this.classifier.flush());
    this.classifier = new InsertionClassifier(options);
    this.pasteMinLines = options.pasteMinLines ?? DEFAULT_CLASSIFIER_OPTIONS.pasteMinLines;
  }

  /** Internal (tests): use the clipboard comparison even where the paste edit API exists. */
  forceClipboardFallback(on: boolean): void {
    this.fallbackForced = on;
  }

  private clipboardFallbackActive(): boolean {
    if (this.fallbackForced || !this.pasteObserved) return true;
    // With paste-as disabled VS Code calls no paste provider at all.
    return vscode.workspace.getConfiguration('editor').get<{ enabled?: boolean }>('pasteAs')?.enabled === false;
  }

  /**
   * The fallback: for a block insertion, read the clipboard and feed a paste event (before the change, which waits
   * for it through `pendingPaste`) when the clipboard holds the inserted text. `sameWorkspace` is true when the text
   * also occurs elsewhere in an open document of the same origin (copied there); a cut in the workspace is not seen.
   */
  private clipboardFallback(doc: vscode.TextDocument, event: EditorEvent & { kind: 'change' }): void {
    if (event.reason || this.pendingPaste.has(event.uri) || !TRACKED_SCHEMES.has(event.scheme)) return;
    const texts = clipboardFallbackTexts(event.changes, this.pasteMinLines);
    if (!texts || !this.clipboardFallbackActive()) return;
    const firstStart = Math.min(...event.changes.map((c) => c.rangeOffset));
    const target = originOf(doc);
    const key = event.uri;
    const read = Promise.resolve(vscode.env.clipboard.readText()).then(
      (clip) => {
        this.log.debug(`provenance: clipboard fallback read in ${Date.now() - event.time} ms; ${pasteTextMatches(clip, texts) ? 'matches' : 'differs'}`);
        if (!pasteTextMatches(clip, texts)) return;
        const sameWorkspace = vscode.workspace.textDocuments.some((d) => {
          if (d.isClosed || originOf(d) !== target) return false;
          return occursElsewhere(d.getText(), clip, d === doc ? firstStart : -1);
        });
        this.push({
          kind: 'paste',
          time: event.time,
          uri: key,
          text: clip,
          ranges: event.changes.map((c) => ({ start: c.rangeOffset, end: c.rangeOffset + c.rangeLength })),
          hasVscodeCopyMetadata: false,
          sameWorkspace,
        });
      },
      () => undefined,
    );
    // A clipboard read crosses to the window (the browser's clipboard in VS Code for the web): allow it longer.
    this.setPending(key, read, 1000);
  }

  private setPending(key: string, read: Promise<void>, ms = 300): void {
    // A paste whose text never arrives must not hold the document's events for long.
    const bounded = Promise.race([read, new Promise<void>((r) => setTimeout(r, ms))]);
    this.pendingPaste.set(key, bounded);
    void bounded.finally(() => {
      if (this.pendingPaste.get(key) === bounded) this.pendingPaste.delete(key);
    });
  }

  /** Feed one event (the tagger's own edits, agent ledger records, tests). */
  push(event: EditorEvent): void {
    this.deliver(this.classifier.push(event));
    this.scheduleFlush();
  }

  private deliver(results: InsertionResult[]): void {
    for (const r of results) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.uri);
      if (!r.verdict.tagged) {
        // Large insertions left untagged are worth a line (why Vetted did not tag what a user may expect tagged).
        if (r.end - r.start > 40 && doc && doc.getText().slice(r.start, r.end).trim().includes('\n')) {
          this.log.info(`provenance: not tagged ${vscode.workspace.asRelativePath(doc.uri)} @${r.start}-${r.end}: ${r.verdict.reason}`);
        }
        continue;
      }
      if (doc) this.onResult(doc, r);
    }
  }

  /** Stream groups of chat sessions close when edits pause: flush a little after the last event. */
  private scheduleFlush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.deliver(this.classifier.flush(Date.now()));
    }, 1200);
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const doc = e.document;
    const key = doc.uri.toString();
    const editor = vscode.window.activeTextEditor;
    const event: EditorEvent & { kind: 'change' } = {
      kind: 'change',
      time: Date.now(),
      uri: key,
      scheme: doc.uri.scheme,
      languageId: doc.languageId,
      changes: e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text })),
      ...(e.reason === vscode.TextDocumentChangeReason.Undo ? { reason: 'undo' as const } : e.reason === vscode.TextDocumentChangeReason.Redo ? { reason: 'redo' as const } : {}),
      isActiveEditor: editor?.document === doc,
      dirtyAfter: doc.isDirty,
    };
    if (this.saving.has(key)) this.push({ kind: 'format', time: event.time, uri: key });
    else this.clipboardFallback(doc, event);
    const pending = this.pendingPaste.get(key);
    // VS Code reports the dirty state of an edit in a separate message right after the change (an event with no
    // content changes): a clean document here is either a reload from disk or the first edit of a saved file.
    const dirty = doc.isDirty ? undefined : waitForDirty(doc, 1000);
    if (!pending && !dirty && !this.queue.has(key)) {
      this.push(event);
      return;
    }
    // Keep the order: this change waits for the paste text, its dirty state, and anything queued before it.
    const prev = this.queue.get(key) ?? Promise.resolve();
    const next = prev
      .then(() => Promise.all([pending, dirty]))
      .then(([, isDirty]) => this.push(isDirty === undefined ? event : { ...event, dirtyAfter: isDirty }));
    this.queue.set(key, next);
    void next.finally(() => {
      if (this.queue.get(key) === next) this.queue.delete(key);
    });
  }

  private sessionOpened(d: vscode.TextDocument): void {
    const scheme = d.uri.scheme;
    if (!isSessionScheme(scheme)) return;
    const file = sessionTarget(d.uri);
    if (!file) return;
    this.sessions.set(d.uri.toString(), file);
    // The file's text now, so stream groups can be re-diffed against it (only new or changed lines get tagged).
    const target = vscode.workspace.textDocuments.find((t) => t.uri.toString() === file && !t.isClosed);
    const text = target && target.getText().length <= 2_000_000 ? target.getText() : undefined;
    this.push({ kind: 'chat-session', time: Date.now(), scheme, uri: file, state: 'open', ...(text !== undefined ? { text } : {}) });
    this.log.info(`provenance: assistant edit session (${scheme}) on ${file}`);
  }

  /**
   * Registers the observing paste provider when the API exists. On copy it adds the origin entry; on paste its only
   * work is to start reading the text/plain item and the origin entry; both return synchronously and change nothing.
   */
  private registerPasteObserver(): boolean {
    const languages = vscode.languages as unknown as {
      registerDocumentPasteEditProvider?: (selector: vscode.DocumentSelector, provider: unknown, metadata: unknown) => vscode.Disposable;
    };
    const kindApi = (vscode as unknown as { DocumentDropOrPasteEditKind?: { Empty: { append(...parts: string[]): unknown } } }).DocumentDropOrPasteEditKind;
    if (typeof languages.registerDocumentPasteEditProvider !== 'function' || !kindApi) return false;
    const provider = {
      prepareDocumentPaste: (document: vscode.TextDocument, _ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer) => {
        try {
          dataTransfer.set(COPY_ORIGIN_MIME, new vscode.DataTransferItem(originOf(document)));
        } catch {
          // Observing must never break a copy.
        }
        return undefined;
      },
      provideDocumentPasteEdits: (document: vscode.TextDocument, ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer) => {
        try {
          const time = Date.now();
          const item = dataTransfer.get('text/plain');
          if (!item) return undefined;
          const key = document.uri.toString();
          const hasVscodeCopyMetadata = !!dataTransfer.get('vscode-editor-data');
          const origin = dataTransfer.get(COPY_ORIGIN_MIME);
          const target = originOf(document);
          const offsets = ranges.map((r) => ({ start: document.offsetAt(r.start), end: document.offsetAt(r.end) }));
          const read = Promise.all([item.asString(), origin ? Promise.resolve(origin.asString()).catch(() => undefined) : undefined]).then(
            ([text, entry]) =>
              this.push({ kind: 'paste', time, uri: key, text, ranges: offsets, hasVscodeCopyMetadata, sameWorkspace: isSameOrigin(entry, target) }),
            () => undefined,
          );
          this.setPending(key, read);
        } catch {
          // Observing must never break a paste.
        }
        return undefined;
      },
    };
    try {
      this.disposables.push(
        languages.registerDocumentPasteEditProvider({ scheme: '*' }, provider, {
          providedPasteEditKinds: [kindApi.Empty.append('text', 'vetted', 'observe')],
          // VS Code merges the copy-time entries into a paste only for providers whose pasteMimeTypes name them.
          copyMimeTypes: [COPY_ORIGIN_MIME],
          pasteMimeTypes: ['text/plain', COPY_ORIGIN_MIME],
        }),
      );
      return true;
    } catch (e) {
      this.log.warn(`provenance: could not register the paste observer: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The origin id of a document (see `copyOriginId`): this workspace's id for files in its folders. */
function originOf(doc: vscode.TextDocument): string {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  return copyOriginId(folders, doc.uri.toString(), !!vscode.workspace.getWorkspaceFolder(doc.uri));
}

/** Resolves with `doc.isDirty` once it turns true, or after `ms` (still clean: the change was a reload). */
function waitForDirty(doc: vscode.TextDocument, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve(doc.isDirty);
    };
    const timer = setTimeout(done, ms);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && doc.isDirty) done();
    });
  });
}

function selection(doc: vscode.TextDocument, s: vscode.Selection): OffsetSelection {
  return { anchor: doc.offsetAt(s.anchor), active: doc.offsetAt(s.active) };
}

/**
 * The real file a session document edits. `cline-diff:` keeps the file's path in the URI path; Copilot's
 * `chat-editing-*` URIs carry the path too (their query holds session data). A path that is not a workspace file
 * is ignored.
 */
function sessionTarget(uri: vscode.Uri): string | undefined {
  const candidates: vscode.Uri[] = [vscode.Uri.file(uri.path)];
  try {
    const q = JSON.parse(uri.query || '{}') as { path?: unknown; uri?: unknown };
    if (typeof q.path === 'string') candidates.unshift(vscode.Uri.file(q.path));
  } catch {
    // Not JSON.
  }
  for (const c of candidates) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme !== uri.scheme && d.uri.path === c.path);
    if (open) return open.uri.toString();
    if (vscode.workspace.getWorkspaceFolder(c)) return c.toString();
  }
  return undefined;
}
