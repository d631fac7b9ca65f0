/**
 * The review panel's host side (issue 5): builds the panel state (AI blocks in changed files, by file, with tier,
 * review status, findings and the tier's checklist, plus the staged commit check), sends it to every attached
 * webview (the "Review" view and editor panels), and handles what they post, validated with the shared protocol.
 * Sign-off goes through ProvenanceCommands.rewriteStatus (the Mark Reviewed path): one undo step on the begin
 * marker, then a ledger snapshot with the checklist review.
 */
import * as vscode from 'vscode';
import { DEFAULT_POLICY, strictest, type Policy, type TierResolution } from '../../core/policy/model';
import type { GateVerdict } from '../../core/gate/types';
import type { Answer, Review } from '../../core/provenance/ledger';
import { workspaceRelative } from '../../core/provenance/ledger';
import { MARKER_TAG } from '../../core/provenance/format';
import { blockState, markerAfterSignOff, signOffProblem, type BlockState, type FindingInput } from '../../core/review/model';
import { parseToHost, parseToWebview, type Filter, type PanelFile, type PanelState, type PanelVerdict, type ToHost, type ToWebview } from '../../core/review/protocol';
import type { DocumentChecker } from '../checker';
import type { ProvenanceCommands } from '../provenance/commands';
import { revealBlock } from '../provenance/commands';
import type { LedgerStore } from '../provenance/ledgerStore';
import { RegionIndex } from '../provenance/regions';
import type { GitChanges } from './changes';
import { newNonce, reviewHtmlFor } from './html';
import { DefaultPolicyProvider, NO_VERDICT, type PolicyProvider, type VerdictProvider } from './providers';

const FILTER_KEY = 'vetted.review.filter';
const MAX_CHANGED = 500;
const MAX_READ_BYTES = 2 * 1024 * 1024;
const DEBOUNCE_MS = 150;

export interface SignOffResult {
  readonly ok: boolean;
  readonly message: string;
  /** The marker's status after the sign-off (ok only). */
  readonly status?: 'reviewed' | 'unreviewed';
}

export interface ReviewDeps {
  readonly index: RegionIndex;
  readonly commands: ProvenanceCommands;
  readonly ledger: LedgerStore;
  readonly checker: DocumentChecker;
  readonly git: GitChanges;
  readonly log: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
  readonly memento: vscode.Memento;
  /** Resolves when pending ledger writes are done (the ledger link's `settled`), so reviews read are current. */
  readonly ledgerSettled?: () => Promise<void>;
}

/** The webview's HTML (html.ts) with a fresh nonce. */
export function reviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = newNonce()): string {
  const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'review.js')).toString();
  const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'review.css')).toString();
  return reviewHtmlFor({ cspSource: webview.cspSource, scriptUri, styleUri, nonce });
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function combineVerdicts(verdicts: GateVerdict[]): PanelVerdict {
  const status = verdicts.some((v) => v.status === 'error') ? 'error' : verdicts.some((v) => v.status === 'block') ? 'block' : 'pass';
  const items = verdicts.flatMap((v) => v.items);
  const blocking = items.filter((i) => i.blocking).length;
  const summary = verdicts.length === 1 ? verdicts[0].summary : verdicts.map((v) => v.summary).join('; ');
  return {
    status,
    summary: summary.slice(0, 500),
    blocking,
    items: items.slice(0, 50).map((i) => ({ kind: i.kind, file: i.file.slice(0, 1024), line: Math.max(0, i.line), message: i.message.slice(0, 1000), resolve: i.resolve.slice(0, 1000), blocking: i.blocking })),
  };
}

/** Text from markers, the ledger and policy files cut to the protocol's limits (the webview drops oversized states). */
function fitProtocol(b: BlockState): BlockState {
  const cut = (t: string, n: number) => (t.length > n ? t.slice(0, n - 1) + '…' : t);
  return {
    ...b,
    tool: cut(b.tool, 100),
    ...(b.model ? { model: cut(b.model, 100) } : {}),
    ts: cut(b.ts, 40),
    signOffs: b.signOffs.slice(-50).map((s) => ({ ...s, by: cut(s.by, 200), at: cut(s.at, 40), ...(s.note ? { note: cut(s.note, 300) } : {}) })),
    needed: Math.min(100, b.needed),
    questions: b.questions.slice(0, 40).map((q) => ({ id: q.id, text: cut(q.text, 500), ...(q.hint ? { hint: cut(q.hint, 500) } : {}) })),
    previouslySignedBy: b.previouslySignedBy.slice(0, 50).map((x) => cut(x, 200)),
    findings: b.findings.slice(0, 200).map((f) => ({ ...f, ruleId: cut(f.ruleId, 100), message: cut(f.message, 2000) })),
  };
}

export class ReviewController implements vscode.Disposable {
  private policy: PolicyProvider;
  private verdict: VerdictProvider = NO_VERDICT;
  private readonly defaultPolicy = new DefaultPolicyProvider();
  private readonly webviews = new Set<vscode.Webview>();
  private readonly disposables: vscode.Disposable[] = [];
  private policySub: vscode.Disposable | undefined;
  private verdictSub: vscode.Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rev = 0;
  private last: PanelState | undefined;
  private computing: Promise<PanelState> | undefined;
  private again = false;
  private readonly stateEmitter = new vscode.EventEmitter<PanelState>();
  /** A new state was computed (and sent to the webviews). */
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly deps: ReviewDeps) {
    this.policy = this.defaultPolicy;
    this.policySub = this.policy.onDidChange(() => this.schedule());
    const files = () => new Set((this.last?.files ?? []).map((f) => f.uri));
    this.disposables.push(
      this.defaultPolicy,
      this.stateEmitter,
      deps.index.onDidChange(() => this.schedule()),
      deps.ledger.onDidChange(() => this.schedule()),
      deps.git.onDidChange(() => this.schedule()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const known = files();
        if (e.uris.some((u) => known.has(u.toString()))) this.schedule();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.reviewerCache = undefined;
        this.schedule();
      }),
      deps.git.onDidChange(() => (this.reviewerCache = this.reviewerCache?.name ? this.reviewerCache : undefined)),
    );
  }

  /** Plugs in the policy resolver (the lead wires src/extension/policy's provider here). */
  setPolicyProvider(p: PolicyProvider | undefined): void {
    this.policySub?.dispose();
    this.policy = p ?? this.defaultPolicy;
    this.policySub = this.policy.onDidChange(() => this.schedule());
    this.schedule();
  }

  /** Plugs in the commit gate (`stagedVerdict` of src/extension/gate.ts). */
  setVerdictProvider(v: VerdictProvider | undefined): void {
    this.verdictSub?.dispose();
    this.verdict = v ?? NO_VERDICT;
    this.verdictSub = this.verdict.onDidChange?.(() => this.schedule());
    this.schedule();
  }

  /** Connects a webview (view or panel): options, HTML, messages. Disposed with `owner`. */
  attach(webview: vscode.Webview, onDispose: vscode.Event<void>): void {
    webview.options = webviewOptions(this.deps.extensionUri);
    webview.html = reviewHtml(webview, this.deps.extensionUri);
    this.webviews.add(webview);
    const sub = webview.onDidReceiveMessage((m: unknown) => void this.handle(m, webview));
    const gone = onDispose(() => {
      this.webviews.delete(webview);
      sub.dispose();
      gone.dispose();
    });
  }

  /** The last state sent (tests). */
  get lastState(): PanelState | undefined {
    return this.last;
  }

  schedule(): void {
    if (!this.webviews.size) return; // nobody is looking; refresh() computes on demand
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  /** Computes the state now and sends it to every webview. Concurrent calls share one computation (plus one rerun). */
  async refresh(): Promise<PanelState> {
    if (this.computing) {
      this.again = true;
      return this.computing;
    }
    this.computing = (async () => {
      let s: PanelState;
      do {
        this.again = false;
        s = await this.computeState();
      } while (this.again);
      return s;
    })().finally(() => (this.computing = undefined));
    const s = await this.computing;
    this.last = s;
    for (const w of this.webviews) this.post(w, { type: 'state', state: s });
    this.stateEmitter.fire(s);
    return s;
  }

  private post(webview: vscode.Webview, message: ToWebview): void {
    const checked = parseToWebview(message);
    if (!checked.ok) {
      this.deps.log.error(`review panel: not sending an invalid ${message.type} message (${checked.error})`);
      return;
    }
    void webview.postMessage(message).then(undefined, (e: unknown) => this.deps.log.warn(`review panel: could not post to a webview: ${String(e)}`));
  }

  /**
   * The host's message handler (exported through the extension API for tests): validates, then acts. Messages that
   * do not parse are logged and dropped. Resolves with the sign-off result for `signOff`.
   */
  async handle(raw: unknown, from?: vscode.Webview): Promise<SignOffResult | undefined> {
    const parsed = parseToHost(raw);
    if (!parsed.ok) {
      this.deps.log.warn(`review panel: rejected a message from the webview (${parsed.error})`);
      return undefined;
    }
    const m: ToHost = parsed.message;
    try {
      switch (m.type) {
        case 'ready':
        case 'refresh': {
          const s = await this.refresh();
          if (from && !this.webviews.has(from)) this.post(from, { type: 'state', state: s });
          return undefined;
        }
        case 'setFilter':
          await this.deps.memento.update(FILTER_KEY, m.filter);
          this.schedule();
          return undefined;
        case 'reveal': {
          const doc = await this.docFor(m.uri);
          const block = doc ? this.deps.index.byId(doc, m.blockId) : undefined;
          if (doc && block) await revealBlock(doc.uri, block.marked ? block.beginLine : Math.max(0, block.beginLine - 1));
          return undefined;
        }
        case 'openFinding': {
          const doc = await this.docFor(m.uri);
          if (!doc) return undefined;
          const line = Math.min(m.line, doc.lineCount - 1);
          const pos = new vscode.Position(line, Math.min(m.character, doc.lineAt(line).text.length));
          const editor = await vscode.window.showTextDocument(doc, { preview: true });
          editor.selection = new vscode.Selection(pos, pos);
          editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
          await vscode.commands.executeCommand('editor.action.quickFix');
          return undefined;
        }
        case 'signOff': {
          const result = await this.signOff(m.uri, m.blockId, m.answers, m.note);
          if (from) this.post(from, { type: 'result', blockId: m.blockId, ok: result.ok, message: result.message.slice(0, 1000) });
          if (!result.ok) this.deps.log.info(`review panel: sign-off of ${m.blockId} refused: ${result.message}`);
          this.schedule();
          return result;
        }
      }
    } catch (e) {
      this.deps.log.error(`review panel: ${m.type} failed: ${e instanceof Error ? e.message : String(e)}`);
      return m.type === 'signOff' ? { ok: false, message: 'the sign-off failed; see the Vetted output' } : undefined;
    }
  }

  private async docFor(uriStr: string): Promise<vscode.TextDocument | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriStr);
    if (open) return open;
    try {
      return await vscode.workspace.openTextDocument(vscode.Uri.parse(uriStr, true));
    } catch {
      return undefined;
    }
  }

  private policyOf(uri: vscode.Uri): { policy: Policy; tier: TierResolution } {
    try {
      const p = this.policy.policyFor(uri);
      if (p) return p;
    } catch (e) {
      this.deps.log.warn(`review panel: the policy provider failed for ${uri.toString()}: ${String(e)}`);
    }
    const tier = strictest(DEFAULT_POLICY);
    return { policy: DEFAULT_POLICY, tier: { tier, reason: `outside the workspace folders (or no policy could be read): the strictest tier ${tier.name} applies` } };
  }

  private async reviewsOf(uri: vscode.Uri, id: string): Promise<readonly Review[]> {
    await this.deps.ledgerSettled?.().catch(() => undefined);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return [];
    const last = await this.deps.ledger.latest(folder, id);
    return last && !last.removed ? last.reviews : [];
  }

  private findingsOf(uri: vscode.Uri): FindingInput[] {
    return this.deps.checker.findingsFor(uri).map((f) => ({
      ruleId: f.ruleId,
      message: f.message,
      severity: f.severity,
      confidence: f.confidence,
      line: f.range.start.line,
      character: f.range.start.character,
      endLine: f.range.end.line,
      endCharacter: f.range.end.character,
      hasFix: f.fixes.length > 0,
    }));
  }

  private async stateOf(doc: vscode.TextDocument, id: string, reviewer: string | undefined): Promise<{ state: BlockState; tier: TierResolution } | undefined> {
    const block = this.deps.index.byId(doc, id);
    if (!block) return undefined;
    const { policy, tier } = this.policyOf(doc.uri);
    const reviews = await this.reviewsOf(doc.uri, id);
    return { state: blockState({ block, reviews, tier: tier.tier, policy, findings: this.findingsOf(doc.uri), reviewer }), tier };
  }

  /** Signs off block `blockId` of `uriStr` with `answers` (and a note) for the current reviewer. */
  async signOff(uriStr: string, blockId: string, answers: Record<string, Answer>, note?: string, reviewerArg?: string): Promise<SignOffResult> {
    const doc = await this.docFor(uriStr);
    if (!doc) return { ok: false, message: 'the file could not be opened' };
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return { ok: false, message: 'the file is outside the workspace folders, so the sign-off cannot be recorded in a ledger' };
    const before = await this.stateOf(doc, blockId, undefined);
    if (!before) return { ok: false, message: 'the block is no longer in the file' };
    // Checklist first, so nobody is asked for a name for a sign-off that would be refused anyway.
    const early = signOffProblem(before.state, answers, 'pending');
    if (early) return { ok: false, message: early };
    const reviewer = await this.deps.commands.reviewerFor(doc.uri, reviewerArg);
    if (!reviewer) return { ok: false, message: 'no reviewer name was given' };
    if (!reviewerArg) this.reviewerCache = { name: reviewer };
    const now = await this.stateOf(doc, blockId, reviewer);
    if (!now) return { ok: false, message: 'the block is no longer in the file' };
    const problem = signOffProblem(now.state, answers, reviewer);
    if (problem) return { ok: false, message: problem };
    const block = this.deps.index.byId(doc, blockId);
    if (!block) return { ok: false, message: 'the block is no longer in the file' };
    const after = markerAfterSignOff(now.state, reviewer);
    const cleanNote = note?.trim() ? note.trim().slice(0, 300) : undefined;
    const ok = await this.deps.commands.rewriteStatus(
      doc,
      block,
      { status: after.status, reviewer: after.reviewer, h: after.h },
      { by: reviewer, h: after.h, answers, ...(cleanNote ? { note: cleanNote } : {}), tier: now.tier.tier.name },
    );
    if (!ok) return { ok: false, message: 'the file changed while signing off; try again' };
    await this.deps.ledgerSettled?.().catch(() => undefined); // the ledger record is written before we answer
    this.deps.log.info(`review panel: ${reviewer} signed off ${blockId} in ${vscode.workspace.asRelativePath(doc.uri)} (${after.count} of ${now.state.needed})`);
    const left = now.state.needed - after.count;
    const message =
      after.status === 'reviewed'
        ? `Signed off by ${reviewer}: the block is reviewed. Save the file to keep the marker.`
        : `Signed off by ${reviewer} (${after.count} of ${now.state.needed}); ${left} more reviewer${left === 1 ? '' : 's'} needed.`;
    return { ok: true, message, status: after.status };
  }

  /** Who signs off, for the panel's "Signing off as": asked of Git once (each ask runs git), then after each sign-off. */
  private reviewerCache: { name: string | undefined } | undefined;
  private async reviewerName(uri: vscode.Uri | undefined): Promise<string | undefined> {
    if (this.reviewerCache) return this.reviewerCache.name;
    if (!uri) return undefined;
    const name = await this.deps.commands.knownReviewer(uri).catch(() => undefined);
    this.reviewerCache = { name };
    return name;
  }

  /** The documents whose AI blocks the panel lists, and where the list comes from. */
  private async candidates(): Promise<{ docs: vscode.TextDocument[]; source: PanelState['source'] }> {
    await this.deps.git.start();
    const changed = this.deps.git.changed();
    if (changed.kind === 'unavailable') {
      const docs = vscode.workspace.textDocuments.filter((d) => RegionIndex.tracks(d) && d.uri.scheme !== 'output' && this.deps.index.blocks(d).length > 0);
      return { docs, source: { kind: 'open-documents', note: changed.reason.slice(0, 500) } };
    }
    const docs: vscode.TextDocument[] = [];
    for (const uri of changed.uris.slice(0, MAX_CHANGED)) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const rel = workspaceRelative(folder.uri.path, uri.path) ?? '';
      if (rel.startsWith('.vetted/') || rel.startsWith('.git/')) continue;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) {
        if (this.deps.index.blocks(open).length) docs.push(open);
        continue;
      }
      if (!(await this.worthOpening(uri))) continue;
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        if (this.deps.index.blocks(doc).length) docs.push(doc);
      } catch {
        // deleted, binary or unreadable: nothing to review here
      }
    }
    return { docs, source: { kind: 'git' } };
  }

  /** A changed file that is not open is opened only when it has markers or ledger regions. */
  private async worthOpening(uri: vscode.Uri): Promise<boolean> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory || stat.size > MAX_READ_BYTES) return false;
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.includes(0)) return false;
      if (new TextDecoder().decode(bytes).includes(`${MARKER_TAG}:begin`)) return true;
      return (await this.deps.ledger.entriesFor(uri)).some((e) => !e.removed);
    } catch {
      return false;
    }
  }

  private async verdictOf(folders: readonly vscode.WorkspaceFolder[]): Promise<{ verdict: PanelVerdict | null; note?: string }> {
    if (this.verdict === NO_VERDICT) return { verdict: null, note: 'The commit gate is not available in this build.' };
    if (!folders.length) return { verdict: null, note: 'No workspace folder is open.' };
    try {
      const vs = await Promise.all(folders.map((f) => this.verdict.stagedVerdict(f)));
      const got = vs.filter((v): v is GateVerdict => !!v);
      if (!got.length) return { verdict: null, note: 'No Git repository in the workspace: there is nothing staged to check.' };
      return { verdict: combineVerdicts(got) };
    } catch (e) {
      this.deps.log.warn(`review panel: the commit check failed: ${e instanceof Error ? e.message : String(e)}`);
      return { verdict: null, note: 'The commit check failed; see the Vetted output.' };
    }
  }

  async computeState(): Promise<PanelState> {
    const { docs, source } = await this.candidates();
    const reviewer = await this.reviewerName(docs[0]?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri);
    const files: PanelFile[] = [];
    for (const doc of docs) {
      const { policy, tier } = this.policyOf(doc.uri);
      const findings = this.findingsOf(doc.uri);
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
      const blocks = [];
      for (const b of this.deps.index.blocks(doc).slice(0, 500)) {
        const reviews = await this.reviewsOf(doc.uri, b.meta.id);
        blocks.push(fitProtocol(blockState({ block: b, reviews, tier: tier.tier, policy, findings, reviewer })));
      }
      const rel = folder ? workspaceRelative(folder.uri.path, doc.uri.path) : undefined;
      files.push({
        uri: doc.uri.toString(),
        path: (rel ?? vscode.workspace.asRelativePath(doc.uri)).slice(0, 1024),
        ...((vscode.workspace.workspaceFolders?.length ?? 0) > 1 && folder ? { folder: folder.name.slice(0, 200) } : {}),
        tier: tier.tier.name.slice(0, 40),
        tierReason: tier.reason.slice(0, 500),
        allowAi: tier.tier.allowAi,
        blocks,
      });
    }
    files.sort((a, b) => (a.folder ?? '').localeCompare(b.folder ?? '') || a.path.localeCompare(b.path));
    const folders = vscode.workspace.workspaceFolders ?? [];
    const { verdict, note } = await this.verdictOf(folders);
    const filter = this.deps.memento.get<Filter>(FILTER_KEY) === 'needs-review' ? 'needs-review' : 'all';
    return {
      rev: ++this.rev,
      source,
      ...(reviewer ? { reviewer: reviewer.slice(0, 200) } : {}),
      verdict,
      ...(note ? { verdictNote: note } : {}),
      filter,
      files,
    };
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.policySub?.dispose();
    this.verdictSub?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
