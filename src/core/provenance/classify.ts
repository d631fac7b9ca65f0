/**
 * The insertion classifier: a pure state machine over a recorded trace of editor events (what the editor adapter
 * observes, in order, with timestamps). It says, for every inserted text, where it most likely came from
 * (`src`, `conf`, `tool`) and what to do with it under the user's mode — or why it is not tagged.
 *
 * Signals, strongest first (issue 4, "Detection"):
 * 1. agent ledger records (hooks): high;
 * 2. edits on a file with an open `chat-editing-*` / `cline-diff` session document: high (medium when the user typed
 *    in the same file during the stream); streamed edits are grouped while they keep arriving within `groupWindowMs`,
 *    and a closed group is re-diffed against the text before it (rediff.ts) when the adapter gave the session's text;
 * 3. known assistant output (hashes of code blocks the assistant showed): high when exact, medium after indentation
 *    normalising;
 * 4. a paste paired with the change that follows it (`src=paste`; copies inside the workspace are not external);
 * 5. the heuristic (one large insertion, reason undefined): medium when shaped like an inline-completion acceptance,
 *    low otherwise.
 * Before any of them, edits that are explained otherwise are never tagged: undo/redo, Vetted's own edits, non-file
 * documents (Live Share guest `vsls:`, output, git), hinted editor operations (snippet, format, code action, rename,
 * suggest, drop, reload, Live Share), and reloads from disk (`dirtyAfter === false`).
 *
 * No timers: time only comes from event timestamps, so a trace replays identically. The adapter calls `flush(now)`
 * when it wants pending stream groups closed (e.g. 1 s after the last edit).
 */
import { fnv1a64 } from '../hash';
import type { Confidence } from '../types';
import type { ContentChange, RegionSource } from './types';
import { pasteTextMatches } from './pasteOrigin';
import { applyToText, insertedRanges, mapOffset, mapRange, normaliseChanges } from './tracker';
import { changedLineSpans, intersectSpans } from './rediff';

// ---------------------------------------------------------------------------------------------------------------
// Events (what the editor adapter records).

/** A selection as document offsets; `active` is the cursor. */
export interface OffsetSelection {
  readonly anchor: number;
  readonly active: number;
}

export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** `onDidChangeTextDocument`, with what the adapter knew just before and after it. Offsets are before the event. */
export interface ChangeEvent {
  readonly kind: 'change';
  /** Milliseconds (any monotonic clock; only differences matter). */
  readonly time: number;
  /** Document URI as a string: the key all per-document state hangs on. */
  readonly uri: string;
  /** `document.uri.scheme`: `file`, `untitled`, `vscode-remote`, `vsls`, `output`, ... */
  readonly scheme: string;
  readonly languageId: string;
  readonly changes: readonly ContentChange[];
  /** `TextDocumentChangeReason`: only Undo and Redo exist in the stable API. */
  readonly reason?: 'undo' | 'redo';
  /** The document is shown in the active text editor. */
  readonly isActiveEditor: boolean;
  /** Selections of the active editor before the change (else the last `selection` event is used). */
  readonly selectionsBefore?: readonly OffsetSelection[];
  /** Selections right after the change, when the adapter has them (offsets after the event). */
  readonly selectionsAfter?: readonly OffsetSelection[];
  /** When and where (offset before this event) the user last typed in this document; else derived from the trace. */
  readonly lastTypedAt?: number;
  readonly lastTypedOffset?: number;
  /** `document.isDirty` after the change. `false` with no undo/redo: the text now equals the file on disk (a reload). */
  readonly dirtyAfter?: boolean;
}

/** A `DocumentPasteEditProvider` call (text/plain), which VS Code makes just before the paste's change. */
export interface PasteEvent {
  readonly kind: 'paste';
  readonly time: number;
  readonly uri: string;
  readonly text: string;
  readonly ranges: readonly OffsetRange[];
  /** The clipboard carries VS Code's editor copy metadata (`vscode-editor-data`). */
  readonly hasVscodeCopyMetadata: boolean;
  /**
   * Set when Vetted's own copy hook (`prepareDocumentPaste`, see pasteOrigin.ts) decides: `true` copied in this
   * workspace, `false` anywhere else (another window or workspace, another application). When set it wins over
   * `hasVscodeCopyMetadata`, which any VS Code window writes.
   */
  readonly sameWorkspace?: boolean;
}

/** A chat editing session document opened (or closed) for a file: `chat-editing-*` (Copilot), `cline-diff` (Cline/Roo/Kilo). */
export interface ChatSessionEvent {
  readonly kind: 'chat-session';
  readonly time: number;
  /** The scheme of the session document that revealed it. */
  readonly scheme: string;
  /** The real file the session edits. */
  readonly uri: string;
  readonly state?: 'open' | 'close';
  readonly tool?: string;
  readonly model?: string;
  /**
   * The file's text when the session opened (when the adapter has it). The classifier then keeps a copy up to date
   * and re-diffs each stream group against the text before it, so only new or changed lines are tagged.
   */
  readonly text?: string;
}

/** A record from an agent hook (PostToolUse) naming the files an agent wrote. */
export interface AgentLedgerEvent {
  readonly kind: 'agent-ledger';
  readonly time: number;
  readonly tool: string;
  readonly model?: string;
  readonly sessionId?: string;
  /** `ranges`: the regions the adapter found by diffing the file before/after (offsets in the current text). */
  readonly files: readonly { readonly uri: string; readonly ranges?: readonly OffsetRange[] }[];
}

/** Hashes of code blocks an assistant showed (see `outputHashes`). */
export interface KnownOutputEvent {
  readonly kind: 'known-output';
  readonly time: number;
  readonly tool?: string;
  readonly model?: string;
  readonly hashes: readonly OutputHashes[];
}

/** Vetted is about to apply an edit to this document (markers, fixes): the next change there is ours. */
export interface OwnEditEvent {
  readonly kind: 'own-edit';
  readonly time: number;
  readonly uri: string;
}

/** Editor operations the adapter could observe (commands it ran or saw, will-save formatting, Live Share API, ...). */
export const HINT_KINDS = ['snippet', 'format', 'code-action', 'rename', 'suggest', 'drop', 'reload', 'live-share', 'refactor'] as const;
export type HintKind = (typeof HINT_KINDS)[number];

export interface HintEvent {
  readonly kind: HintKind;
  readonly time: number;
  readonly uri: string;
}

/** `onDidChangeTextEditorSelection` of the active editor. */
export interface SelectionEvent {
  readonly kind: 'selection';
  readonly time: number;
  readonly uri: string;
  readonly selections: readonly OffsetSelection[];
}

export type EditorEvent = ChangeEvent | PasteEvent | ChatSessionEvent | AgentLedgerEvent | KnownOutputEvent | OwnEditEvent | HintEvent | SelectionEvent;

// ---------------------------------------------------------------------------------------------------------------
// Options and results.

export type ProvenanceMode = 'auto' | 'ask' | 'ledger-only' | 'off';

export interface ClassifierOptions {
  readonly mode: ProvenanceMode;
  /** External pastes shorter than this many lines are not tagged. */
  readonly pasteMinLines: number;
  /** Tag medium-confidence assistant insertions automatically (else a CodeLens offers it). */
  readonly treatMediumAsEnough: boolean;
  readonly heuristicMinLines: number;
  readonly heuristicMinChars: number;
  /** Paste provider call → its change. Observed ≈ 25 ms in code-server. */
  readonly pasteWindowMs: number;
  /** Streamed session edits closer than this belong to one group. */
  readonly groupWindowMs: number;
  /** A hint explains changes on its document for this long. */
  readonly hintWindowMs: number;
  /** "Right after the user typed there". */
  readonly typedWindowMs: number;
  /** An agent ledger record explains changes on its files for this long. */
  readonly agentWindowMs: number;
  /** A session with no activity for this long is considered over even without a close event. */
  readonly sessionIdleMs: number;
  /** Known-output matches need at least this many non-whitespace characters. */
  readonly knownOutputMinChars: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  mode: 'auto',
  pasteMinLines: 3,
  treatMediumAsEnough: false,
  heuristicMinLines: 2,
  heuristicMinChars: 40,
  pasteWindowMs: 1000,
  groupWindowMs: 1000,
  hintWindowMs: 1500,
  typedWindowMs: 30_000,
  agentWindowMs: 5000,
  sessionIdleMs: 120_000,
  knownOutputMinChars: 12,
};

export interface Classification {
  readonly src: RegionSource;
  readonly conf: Confidence;
  readonly tool?: string;
  readonly model?: string;
  readonly reason: string;
}

/** `tag`: insert markers (+ ledger); `offer`: CodeLens "Tag as AI-generated?"; `record`: ledger only, no markers. */
export type TagAction = 'tag' | 'offer' | 'record';

export type Verdict =
  | ({ readonly tagged: true; readonly action: TagAction } & Classification)
  | { readonly tagged: false; readonly reason: string; readonly classification?: Classification };

export interface InsertionResult {
  readonly uri: string;
  /** Indexes (in push order, from 0) of the events this insertion came from: one, or a streamed group. */
  readonly events: readonly number[];
  /**
   * Offsets of the inserted text in the document as it is when the result is returned: after the event for a
   * single change; for a stream group (returned later), after the last event pushed before it closed.
   */
  readonly start: number;
  readonly end: number;
  readonly verdict: Verdict;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers.

/** Hashes of an assistant's code block: `exact` (line endings and trailing newlines normalised) and `normalised` (indentation-insensitive). */
export interface OutputHashes {
  readonly exact: string;
  readonly normalised: string;
}

export function outputHashes(text: string): OutputHashes {
  const t = String(text ?? '').replace(/\r\n?/g, '\n');
  const exact = fnv1a64(t.replace(/\n+$/, ''));
  const normalised = fnv1a64(
    t
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .join('\n'),
  );
  return { exact, normalised };
}

function nonWhitespace(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/** Non-blank lines. */
function lineCount(text: string): number {
  return text.split('\n').filter((l) => l.trim().length > 0).length;
}

const PAIRS = new Set(['()', '[]', '{}', '""', "''", '``', '<>', '/**/']);

/** A keystroke-sized change: one character, an auto-closed pair, Enter with indentation, or a small deletion. */
function typingLike(changes: readonly ContentChange[]): boolean {
  const list = normaliseChanges(changes);
  if (!list.length) return false;
  return list.every((c) => {
    if (c.text === '') return c.b - c.a <= 40;
    if (c.text.length === 1) return true;
    if (c.b === c.a && PAIRS.has(c.text)) return true;
    return /^(?:\r?\n[ \t]*){1,2}$/.test(c.text) || /^[ \t]{1,8}$/.test(c.text);
  });
}

const COMMENT_LINE = /^(?:\/\/|\/\*|\*|#|--|<!--|;|%|"""|'''|REM\b|')/;

function commentOnly(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length > 0 && lines.every((l) => COMMENT_LINE.test(l) || l.endsWith('*/') || l.endsWith('-->'));
}

/** Document schemes whose insertions are classified (others are never tagged). */
export const TRACKED_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell', 'vscode-test-web']);

function toolForScheme(scheme: string): string {
  if (scheme.startsWith('chat-editing')) return 'github.copilot';
  if (scheme === 'cline-diff') return 'cline';
  return 'unknown';
}

function isSessionScheme(scheme: string): boolean {
  return scheme.startsWith('chat-editing') || scheme === 'cline-diff';
}

const HINT_REASON: Record<HintKind, string> = {
  snippet: 'snippet or Emmet expansion',
  format: 'formatting (format on save/paste/type or Format Document)',
  'code-action': 'code action (quick fix, organise imports, generator)',
  rename: 'rename refactoring',
  suggest: 'IntelliSense completion (with its additionalTextEdits)',
  drop: 'drag and drop',
  reload: 'reload from disk',
  'live-share': 'Live Share participant edit',
  refactor: 'refactoring',
};

interface DocState {
  selections?: readonly OffsetSelection[];
  typed?: { time: number; offsets: number[] };
  paste?: PasteEvent;
  hints: { kind: HintKind; time: number }[];
  ownEdit?: number;
  session?: { scheme: string; tool: string; model?: string; last: number; open: boolean };
  group?: { ranges: OffsetRange[]; events: number[]; last: number; typed: boolean; tool: string; model?: string; scheme: string; before?: string };
  /** The document's text, kept while a session with a known starting text is open (for the re-diff). */
  shadow?: string;
  /** The text the next stream group is compared with: the shadow after the last change that was not streamed. */
  base?: string;
  agent?: { time: number; tool: string; model?: string; explained: boolean };
}

// ---------------------------------------------------------------------------------------------------------------
// The classifier.

export class InsertionClassifier {
  private readonly options: ClassifierOptions;
  private readonly docs = new Map<string, DocState>();
  private known: { hashes: OutputHashes; tool?: string; model?: string }[] = [];
  private index = -1;

  constructor(options: Partial<ClassifierOptions> = {}) {
    this.options = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
  }

  /** Feed one event; returns the insertions it settled (a closed stream group may be among them). Never throws. */
  push(event: EditorEvent): InsertionResult[] {
    this.index++;
    const out: InsertionResult[] = [];
    try {
      if (!event || typeof event !== 'object' || typeof event.time !== 'number') return out;
      out.push(...this.closeGroups(event.time));
      switch (event.kind) {
        case 'change':
          out.push(...this.change(event));
          break;
        case 'paste':
          this.doc(event.uri).paste = event;
          break;
        case 'chat-session': {
          const d = this.doc(event.uri);
          if (event.state === 'close') {
            out.push(...this.closeGroup(event.uri, d));
            d.session = undefined;
            d.shadow = d.base = undefined;
          } else {
            d.session = { scheme: event.scheme, tool: event.tool ?? toolForScheme(event.scheme), model: event.model, last: event.time, open: true };
            if (typeof event.text === 'string') d.shadow = d.base = event.text;
          }
          break;
        }
        case 'agent-ledger':
          out.push(...this.agent(event));
          break;
        case 'known-output':
          for (const h of Array.isArray(event.hashes) ? event.hashes : []) this.known.push({ hashes: h, tool: event.tool, model: event.model });
          if (this.known.length > 200) this.known = this.known.slice(-200);
          break;
        case 'own-edit':
          this.doc(event.uri).ownEdit = event.time;
          break;
        case 'selection':
          this.doc(event.uri).selections = event.selections;
          break;
        default:
          if ((HINT_KINDS as readonly string[]).includes(event.kind)) {
            const d = this.doc((event as HintEvent).uri);
            d.hints = d.hints.filter((h) => event.time - h.time <= this.options.hintWindowMs);
            d.hints.push({ kind: event.kind as HintKind, time: event.time });
          }
      }
    } catch {
      // Total: a bad event yields nothing.
    }
    return out;
  }

  /** Close every pending stream group (or only those idle at `now`). */
  flush(now?: number): InsertionResult[] {
    const out: InsertionResult[] = [];
    try {
      for (const [uri, d] of this.docs) {
        if (d.group && (now === undefined || now - d.group.last > this.options.groupWindowMs)) out.push(...this.closeGroup(uri, d));
      }
    } catch {
      // Total.
    }
    return out;
  }

  private doc(uri: string): DocState {
    let d = this.docs.get(uri);
    if (!d) {
      d = { hints: [] };
      this.docs.set(uri, d);
    }
    return d;
  }

  private closeGroups(now: number): InsertionResult[] {
    const out: InsertionResult[] = [];
    for (const [uri, d] of this.docs) {
      if (d.group && now - d.group.last > this.options.groupWindowMs) out.push(...this.closeGroup(uri, d));
    }
    return out;
  }

  private closeGroup(uri: string, d: DocState): InsertionResult[] {
    const g = d.group;
    d.group = undefined;
    if (!g) return [];
    d.base = d.shadow;
    const merged = [...g.ranges].sort((a, b) => a.start - b.start);
    let ranges: OffsetRange[] = [];
    for (const r of merged) {
      const last = ranges[ranges.length - 1];
      if (last && r.start <= last.end) ranges[ranges.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
      else ranges.push(r);
    }
    let rediffed = false;
    const after = d.shadow;
    if (g.before !== undefined && after !== undefined) {
      // Only lines the stream added or changed: a rewrite that streams back unchanged lines does not claim them.
      ranges = intersectSpans(ranges, changedLineSpans(g.before, after)).filter((r) => after.slice(r.start, r.end).trim() !== '');
      rediffed = true;
    }
    const conf: Confidence = g.typed ? 'medium' : 'high';
    const what = g.scheme === 'cline-diff' ? 'a Cline diff session' : 'a chat editing session';
    const reason =
      (g.typed
        ? `edits streamed while ${what} was open on this file (the user also typed in it meanwhile)`
        : `edits streamed while ${what} was open on this file`) + (rediffed ? '; lines the stream left as they were are not included' : '');
    return ranges.map((r) => ({
      uri,
      events: g.events,
      start: r.start,
      end: r.end,
      verdict: this.decide({ src: 'agent-edit', conf, tool: g.tool, ...(g.model ? { model: g.model } : {}), reason }),
    }));
  }

  private agent(event: AgentLedgerEvent): InsertionResult[] {
    const out: InsertionResult[] = [];
    for (const f of Array.isArray(event.files) ? event.files : []) {
      if (!f || typeof f.uri !== 'string') continue;
      const d = this.doc(f.uri);
      const ranges = Array.isArray(f.ranges) ? f.ranges : undefined;
      d.agent = { time: event.time, tool: event.tool, model: event.model, explained: !!ranges };
      for (const r of ranges ?? []) {
        if (!(r.end > r.start)) continue;
        out.push({
          uri: f.uri,
          events: [this.index],
          start: r.start,
          end: r.end,
          verdict: this.decide({
            src: 'agent-edit',
            conf: 'high',
            tool: event.tool,
            ...(event.model ? { model: event.model } : {}),
            reason: 'an agent hook recorded writing this file; the region is what changed',
          }),
        });
      }
    }
    return out;
  }

  /** Apply the mode to a classification. */
  private decide(c: Classification): Verdict {
    const o = this.options;
    if (o.mode === 'off') return { tagged: false, reason: 'provenance tagging is off', classification: c };
    let action: TagAction;
    if (c.src === 'paste') action = 'tag';
    else if (c.conf === 'high') action = 'tag';
    else if (c.conf === 'medium') action = o.treatMediumAsEnough ? 'tag' : 'offer';
    else action = 'offer';
    if (o.mode === 'ask') action = 'offer';
    else if (o.mode === 'ledger-only' && action === 'tag') action = 'record';
    return { tagged: true, action, ...c };
  }

  private change(e: ChangeEvent): InsertionResult[] {
    const o = this.options;
    const d = this.doc(e.uri);
    const changes = Array.isArray(e.changes) ? e.changes : [];
    const list = normaliseChanges(changes);
    const inserted = insertedRanges(changes).filter((r) => r.text.length > 0);
    const selectionsBefore = e.selectionsBefore ?? d.selections;
    const typing = typingLike(changes);
    const typedBefore =
      typeof e.lastTypedAt === 'number' && typeof e.lastTypedOffset === 'number' ? { time: e.lastTypedAt, offsets: [e.lastTypedOffset] } : d.typed;

    const results: InsertionResult[] = [];
    if (d.shadow !== undefined) d.shadow = applyToText(d.shadow, changes);
    const each = (verdict: (r: (typeof inserted)[number]) => Verdict) => {
      for (const r of inserted) results.push({ uri: e.uri, events: [this.index], start: r.start, end: r.end, verdict: verdict(r) });
    };
    const none = (reason: string, classification?: Classification) =>
      each(() => ({ tagged: false, reason, ...(classification ? { classification } : {}) }));

    const hint = d.hints.filter((h) => e.time - h.time >= 0 && e.time - h.time <= o.hintWindowMs).pop();
    const session = d.session && d.session.open && e.time - d.session.last <= o.sessionIdleMs ? d.session : undefined;
    const agent = d.agent && e.time - d.agent.time >= 0 && e.time - d.agent.time <= o.agentWindowMs ? d.agent : undefined;
    const ownEdit = d.ownEdit !== undefined && e.time - d.ownEdit <= o.hintWindowMs;
    const paste = d.paste && e.time - d.paste.time >= 0 && e.time - d.paste.time <= o.pasteWindowMs ? d.paste : undefined;

    if (!inserted.length) {
      // Deletions only: nothing to classify.
    } else if (e.reason === 'undo' || e.reason === 'redo') {
      none(`${e.reason} restores earlier text (its tag, if any, comes back with the ${e.reason}, not from a new classification)`);
    } else if (ownEdit) {
      d.ownEdit = undefined;
      none("Vetted's own edit");
    } else if (e.scheme === 'vsls') {
      none('Live Share document (edits come from another participant)');
    } else if (!TRACKED_SCHEMES.has(e.scheme)) {
      none(`not a workspace file (scheme ${e.scheme})`);
    } else if (agent) {
      if (agent.explained) none('already recorded from the agent hook ledger record');
      else
        each(() =>
          this.decide({
            src: 'agent-edit',
            conf: 'high',
            tool: agent.tool,
            ...(agent.model ? { model: agent.model } : {}),
            reason: 'an agent hook recorded writing this file just now',
          }),
        );
    } else if (hint) {
      none(HINT_REASON[hint.kind]);
    } else if (e.dirtyAfter === false) {
      none('reload from disk (the text now equals the saved file: git checkout/stash, an external write)');
    } else if (session && !typing) {
      d.session = { ...session, last: e.time };
      // Grouped: results come when the stream pauses (closeGroup).
      const g = d.group ?? { ranges: [], events: [], last: e.time, typed: false, tool: session.tool, model: session.model, scheme: session.scheme, before: d.base };
      g.ranges = g.ranges.map((r) => mapRange(r.start, r.end, changes)).filter((r): r is OffsetRange => !!r);
      for (const r of inserted) if (r.text.trim()) g.ranges.push({ start: r.start, end: r.end });
      g.events.push(this.index);
      g.last = e.time;
      d.group = g;
      this.afterChange(d, e, typing);
      return results;
    } else if (typing) {
      if (d.group) d.group.typed = true;
      none('typing');
    } else {
      each((r) => this.single(e, d, r, list.length, selectionsBefore, typedBefore, paste));
      if (paste) d.paste = undefined;
    }
    // Group ranges follow every other change on the document too.
    if (d.group) d.group.ranges = d.group.ranges.map((r) => mapRange(r.start, r.end, changes)).filter((r): r is OffsetRange => !!r);
    // Deletions while a session is open belong to the stream (a rewrite often starts by clearing the region).
    if (!(session && !typing && !inserted.length)) d.base = d.shadow;
    this.afterChange(d, e, typing);
    return results;
  }

  private afterChange(d: DocState, e: ChangeEvent, typing: boolean) {
    const changes = Array.isArray(e.changes) ? e.changes : [];
    if (typing) {
      d.typed = { time: e.time, offsets: insertedRanges(changes).map((r) => r.end) };
    } else if (d.typed) {
      d.typed = { time: d.typed.time, offsets: d.typed.offsets.map((p) => mapOffset(p, changes)) };
    }
    if (e.selectionsAfter) d.selections = e.selectionsAfter;
    else if (d.selections) d.selections = d.selections.map((s) => ({ anchor: mapOffset(s.anchor, changes), active: mapOffset(s.active, changes) }));
  }

  /** Signals 3–5 for one inserted text. */
  private single(
    e: ChangeEvent,
    d: DocState,
    r: { start: number; end: number; text: string; deleted: number },
    changeCount: number,
    selectionsBefore: readonly OffsetSelection[] | undefined,
    typedBefore: DocState['typed'],
    paste: PasteEvent | undefined,
  ): Verdict {
    const o = this.options;
    const text = r.text.replace(/\r\n?/g, '\n');
    const chars = nonWhitespace(text);

    // 3. Known assistant output.
    if (chars >= o.knownOutputMinChars && this.known.length) {
      const h = outputHashes(text);
      for (let i = this.known.length - 1; i >= 0; i--) {
        const k = this.known[i];
        const exact = k.hashes.exact === h.exact;
        if (exact || k.hashes.normalised === h.normalised) {
          return this.decide({
            src: 'chat-insert',
            conf: exact ? 'high' : 'medium',
            tool: k.tool ?? 'unknown',
            ...(k.model ? { model: k.model } : {}),
            reason: exact ? 'matches a code block the assistant showed' : 'matches a code block the assistant showed (after re-indenting)',
          });
        }
      }
    }

    // 4. Paste.
    if (paste && this.pasteMatches(paste, e)) {
      if (paste.sameWorkspace === true || (paste.hasVscodeCopyMetadata && paste.sameWorkspace !== false)) {
        return { tagged: false, reason: 'paste copied inside this workspace (not external)' };
      }
      const lines = lineCount(text);
      if (!text.trim()) return { tagged: false, reason: 'whitespace-only paste' };
      if (lines < o.pasteMinLines) return { tagged: false, reason: `paste of ${lines} line${lines === 1 ? '' : 's'} (fewer than ${o.pasteMinLines})` };
      return this.decide({ src: 'paste', conf: 'high', tool: 'unknown', reason: `external paste of ${lines} lines` });
    }

    // 5. Heuristic.
    if (changeCount !== 1) return { tagged: false, reason: 'several changes in one event (multi-cursor, refactoring, format, move)' };
    if (!e.isActiveEditor) return { tagged: false, reason: 'not in the active editor' };
    const cursorAt = (p: number) => (selectionsBefore ?? []).some((s) => s.anchor === s.active && s.active === p);
    const replaceEnd = r.start + r.deleted; // pre-event offset of the replaced range's end (start is unshifted: one change)
    if (r.deleted > 0) {
      if (cursorAt(replaceEnd)) return { tagged: false, reason: 'suggest-style replace (the text before the cursor was replaced: completion, snippet, Emmet)' };
      return { tagged: false, reason: 'replaces existing text (find-and-replace, refactoring, format)' };
    }
    if (!text.trim()) return { tagged: false, reason: 'whitespace only' };
    const lines = lineCount(text);
    if (lines < o.heuristicMinLines || chars < o.heuristicMinChars) return { tagged: false, reason: 'too small to be a block' };
    const after = e.selectionsAfter;
    if (after && (after.length > 1 || after.some((s) => s.anchor !== s.active && Math.min(s.anchor, s.active) >= r.start && Math.max(s.anchor, s.active) <= r.end))) {
      return { tagged: false, reason: 'snippet (tab stops selected after the insertion)' };
    }
    if (commentOnly(text)) return { tagged: false, reason: 'comments only (license header, doc template)' };
    const atCursor = cursorAt(r.start);
    const typedThere = !!typedBefore && e.time - typedBefore.time <= o.typedWindowMs && typedBefore.offsets.includes(r.start);
    const cursorAtEnd = !after || (after.length === 1 && after[0].anchor === after[0].active && after[0].active === r.end);
    if (atCursor && typedThere && cursorAtEnd) {
      return this.decide({
        src: 'inline',
        conf: 'medium',
        tool: 'unknown',
        reason: 'shaped like an inline-completion acceptance (one insertion at the cursor right after typing there, cursor left at its end)',
      });
    }
    const why = !atCursor ? 'not at the cursor' : !typedThere ? 'not right after typing there' : 'cursor not left at its end';
    return this.decide({ src: 'heuristic', conf: 'low', tool: 'unknown', reason: `one large insertion with no other explanation (${why})` });
  }

  private pasteMatches(paste: PasteEvent, e: ChangeEvent): boolean {
    return pasteTextMatches(paste.text, insertedRanges(e.changes).map((r) => r.text));
  }
}

/** Classify a whole recorded trace (flushes pending groups at the end). */
export function classifyTrace(events: readonly EditorEvent[], options: Partial<ClassifierOptions> = {}): InsertionResult[] {
  const c = new InsertionClassifier(options);
  const out: InsertionResult[] = [];
  for (const e of Array.isArray(events) ? events : []) out.push(...c.push(e));
  out.push(...c.flush());
  return out;
}

/** True when `scheme` reveals a chat editing session (the adapter turns such documents into `chat-session` events). */
export { isSessionScheme };
