// The review panel's host in a real VS Code (issue 5): AI blocks in files Git reports as changed are listed with
// their tier and checklist; a sign-off through the host's message handler rewrites the begin marker to
// `status=reviewed reviewer=…` with the current hash and records the answers in the ledger; an edit inside the block
// makes it `modified`; a sign-off with a required answer missing is refused; a tier that needs two reviewers stays
// unreviewed after the first ("1 of 2"). The repository is a subfolder of the (temporary) fixture workspace, so the
// ledger of the workspace folder records the sign-offs; it is removed at the end. Never sleeps: waits for events.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DEFAULT_POLICY, type Policy, type TierResolution } from '../../../src/core/policy/model';
import { STYLES } from '../../../src/core/provenance/comments';
import { contentHash, formatBegin, formatEnd, scanMarkers } from '../../../src/core/provenance/format';
import type { RegionMeta } from '../../../src/core/provenance/types';
import type { PanelState } from '../../../src/core/review/protocol';
import { activateExtension, boundedCleanup, closeAllEditors, fixtureUri, waitForEvent, workspaceRoot } from './helpers';

interface SignOffResult {
  ok: boolean;
  message: string;
  status?: string;
}
interface Api {
  review: {
    controller: {
      handle(message: unknown): Promise<SignOffResult | undefined>;
      refresh(): Promise<PanelState>;
      signOff(uri: string, id: string, answers: Record<string, string>, note?: string, reviewer?: string): Promise<SignOffResult>;
    };
    setPolicyProvider(p: { policyFor(uri: vscode.Uri): { policy: Policy; tier: TierResolution } | undefined; onDidChange: vscode.Event<void> } | undefined): void;
  };
  provenance: { ledger: { onDidChange: vscode.Event<vscode.Uri> } };
  provenanceView: { index: { onDidChange: vscode.Event<vscode.Uri>; blocks(doc: vscode.TextDocument): ReadonlyArray<{ meta: RegionMeta; modified: boolean }> } };
  ledgerLink: { settled(): Promise<void> };
}
interface GitRepo {
  status(): Promise<void>;
  readonly state: { readonly workingTreeChanges: ReadonlyArray<{ uri: vscode.Uri }>; readonly onDidChange: vscode.Event<void> };
}
interface GitApi {
  openRepository?(root: vscode.Uri): Promise<GitRepo | null>;
  getRepository(uri: vscode.Uri): GitRepo | null;
}
interface LedgerLine {
  metadata: { vetted: { id: string; status: string; h: string; reviewer?: string; reviews?: Array<{ status: string; at: string; by?: string; h?: string; answers?: Record<string, string>; note?: string; tier?: string }> } };
}

const REVIEWER = 'reviewer@example.invalid';
const REPO = 'review-repo';
const ID_STANDARD = '01JC0REV01';
const ID_TWO = '01JC0REV02';
const ID_REFUSE = '01JC0REV03';
const STANDARD_ANSWERS = { 'untrusted-input': 'yes', 'no-credentials': 'yes', 'errors-no-internals': 'n/a' };

const meta = (id: string, h: string): RegionMeta => ({ id, src: 'inline', tool: 'github.copilot', model: 'gpt-4o', conf: 'high', ts: '2026-10-02T14:03:11Z', h, status: 'unreviewed' });
function tagged(id: string, code: string[], indent = '  '): string[] {
  const h = contentHash(code.join('\n'), STYLES.SLASH);
  return [indent + formatBegin(meta(id, h), STYLES.SLASH), ...code, indent + formatEnd(id, STYLES.SLASH)];
}
const handler = (name: string, id: string) =>
  [`function ${name}(req, res) {`, ...tagged(id, ['  const id = Number(req.params.id);', '  if (!Number.isInteger(id)) return res.status(400).end();', '  res.json({ id });']), '}', `module.exports = { ${name} };`, ''].join('\n');

async function ledgerLines(id: string): Promise<LedgerLine[]> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri('.vetted/provenance.jsonl')));
    return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LedgerLine).filter((l) => l.metadata.vetted.id === id);
  } catch {
    return [];
  }
}

suite('Vetted review panel', () => {
  let api: Api;
  let repoDir: string;
  let repo: GitRepo;
  const uriOf = (rel: string) => vscode.Uri.file(path.join(repoDir, rel));

  /** The panel state once `pred` holds (recomputed now and after every Git, index or ledger change). */
  async function stateWhen(pred: (s: PanelState) => boolean, what: string, timeoutMs = 12_000): Promise<PanelState> {
    const deadline = Date.now() + timeoutMs;
    let last: PanelState | undefined;
    for (;;) {
      const left = () => Math.max(1, Math.min(3000, deadline - Date.now()));
      const next = Promise.race([
        waitForEvent(repo.state.onDidChange, () => true, left(), 'git').catch(() => undefined),
        waitForEvent(api.provenanceView.index.onDidChange, () => true, left(), 'index').catch(() => undefined),
        waitForEvent(api.provenance.ledger.onDidChange, () => true, left(), 'ledger').catch(() => undefined),
      ]);
      await api.ledgerLink.settled();
      last = await api.review.controller.refresh();
      if (pred(last)) return last;
      if (Date.now() > deadline) throw new Error(`review panel: ${what} not seen; last state: ${JSON.stringify(last.files.map((f) => ({ path: f.path, tier: f.tier, blocks: f.blocks.map((b) => `${b.id}:${b.status}:${b.signOffs.length}/${b.needed}`) })))} source=${JSON.stringify(last.source)}`);
      await next;
    }
  }
  const blockIn = (s: PanelState, rel: string, id: string) => s.files.find((f) => f.path === `${REPO}/${rel}`)?.blocks.find((b) => b.id === id);

  suiteSetup(async function () {
    this.timeout(60_000);
    api = (await activateExtension<Api>('vetted.vetted')).exports;
    repoDir = path.join(workspaceRoot().fsPath, REPO);
    mkdirSync(path.join(repoDir, 'src'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', REVIEWER);
    git('config', 'user.name', 'Reviewer Example');
    git('config', 'commit.gpgsign', 'false');
    for (const f of ['src/users.js', 'src/orders.js', 'src/items.js']) writeFileSync(path.join(repoDir, f), 'module.exports = {};\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    // working-tree changes: each file now holds a tagged AI block
    writeFileSync(path.join(repoDir, 'src/users.js'), handler('getUser', ID_STANDARD));
    writeFileSync(path.join(repoDir, 'src/orders.js'), handler('getOrder', ID_TWO));
    writeFileSync(path.join(repoDir, 'src/items.js'), handler('getItem', ID_REFUSE));
    const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(ext, 'the built-in Git extension is present');
    const exports = ext.isActive ? ext.exports : await ext.activate();
    assert.ok(exports.enabled, 'Git is enabled');
    const gitApi = exports.getAPI(1);
    const root = vscode.Uri.file(repoDir);
    const opened = gitApi.openRepository ? await gitApi.openRepository(root) : (await vscode.commands.executeCommand('git.openRepository', repoDir), gitApi.getRepository(root));
    assert.ok(opened, `Git opened the repository at ${repoDir}`);
    repo = opened;
    await repo.status();
  });

  teardown(async () => {
    api?.review.setPolicyProvider(undefined);
  });

  suiteTeardown(async () => {
    await boundedCleanup(async () => {
      for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.fsPath.startsWith(repoDir)) await d.save();
      await closeAllEditors();
    });
    rmSync(repoDir, { recursive: true, force: true });
  });

  test('lists the AI blocks of changed files with tier, status and the tier checklist', async () => {
    const s = await stateWhen((x) => !!blockIn(x, 'src/users.js', ID_STANDARD) && !!blockIn(x, 'src/orders.js', ID_TWO), 'the blocks of the changed files');
    assert.strictEqual(s.source.kind, 'git');
    const file = s.files.find((f) => f.path === `${REPO}/src/users.js`)!;
    assert.strictEqual(file.tier, 'standard');
    const b = blockIn(s, 'src/users.js', ID_STANDARD)!;
    assert.strictEqual(b.status, 'unreviewed');
    assert.deepStrictEqual(b.questions.map((q) => q.id), ['untrusted-input', 'no-credentials', 'errors-no-internals']);
    assert.strictEqual(s.reviewer, REVIEWER, 'the reviewer comes from git config user.email');
    // The workspace folder itself is not a repository here: the commit check is in zz-commit-review.test.ts.
  });

  test('a sign-off with a required answer missing is refused and changes nothing', async () => {
    const uri = uriOf('src/items.js');
    const doc = await vscode.workspace.openTextDocument(uri);
    const before = doc.getText();
    const r = await api.review.controller.handle({ type: 'signOff', uri: uri.toString(), blockId: ID_REFUSE, answers: { 'untrusted-input': 'yes', 'no-credentials': 'no' } });
    assert.ok(r && !r.ok, 'refused');
    assert.match(r!.message, /errors-no-internals/);
    assert.strictEqual(doc.getText(), before, 'the marker is unchanged');
    await api.ledgerLink.settled();
    assert.deepStrictEqual((await ledgerLines(ID_REFUSE)).flatMap((l) => l.metadata.vetted.reviews ?? []), []);
    // a message that does not parse is dropped
    assert.strictEqual(await api.review.controller.handle({ type: 'signOff', uri: uri.toString(), blockId: ID_REFUSE, answers: { 'untrusted-input': 'definitely' } }), undefined);
    assert.strictEqual(doc.getText(), before);
  });

  test('sign-off rewrites the marker to reviewed with the reviewer and records the answers; an edit makes it modified', async function () {
    this.timeout(40_000);
    const uri = uriOf('src/users.js');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const r = await api.review.controller.handle({ type: 'signOff', uri: uri.toString(), blockId: ID_STANDARD, answers: STANDARD_ANSWERS, note: 'id is parsed as a number' });
    assert.ok(r?.ok, r?.message);
    const begin = doc.getText().split('\n')[1];
    assert.match(begin, new RegExp(`id=${ID_STANDARD} .* status=reviewed reviewer=reviewer@example\\.invalid$`));
    const region = scanMarkers(doc.getText(), STYLES.SLASH).regions.find((x) => x.meta.id === ID_STANDARD)!;
    assert.strictEqual(region.meta.h, region.actualHash, 'h is the hash of the code as signed off');
    // the ledger: the latest snapshot carries the sign-off with answers, note, tier and h
    const deadline = Date.now() + 10_000;
    let lines = await ledgerLines(ID_STANDARD);
    while (!lines.some((l) => l.metadata.vetted.status === 'reviewed') && Date.now() < deadline) {
      await waitForEvent(api.provenance.ledger.onDidChange, () => true, 3000, 'ledger').catch(() => undefined);
      await api.ledgerLink.settled();
      lines = await ledgerLines(ID_STANDARD);
    }
    const last = lines[lines.length - 1]?.metadata.vetted;
    assert.ok(last, 'a ledger record was written');
    assert.strictEqual(last.status, 'reviewed');
    assert.strictEqual(last.reviewer, REVIEWER);
    const review = last.reviews?.[last.reviews.length - 1];
    assert.ok(review, 'the snapshot carries the sign-off');
    const { at, ...rest } = review!;
    assert.match(at, /^\d{4}-\d\d-\d\dT.*Z$/);
    assert.deepStrictEqual(rest, { status: 'reviewed', by: REVIEWER, h: region.actualHash, answers: STANDARD_ANSWERS, note: 'id is parsed as a number', tier: 'standard' });
    const reviewed = await stateWhen((s) => blockIn(s, 'src/users.js', ID_STANDARD)?.status === 'reviewed', 'reviewed in the panel');
    assert.strictEqual(blockIn(reviewed, 'src/users.js', ID_STANDARD)!.signedByMe, true);

    // an edit inside the block: the panel asks for a re-review
    const changed = waitForEvent(api.provenanceView.index.onDidChange, (u) => u.toString() === uri.toString(), 10_000, 'index change');
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), '  const extra = req.query.x;\n'));
    await changed;
    const modified = await stateWhen((s) => blockIn(s, 'src/users.js', ID_STANDARD)?.status === 'modified', 'modified in the panel');
    const b = blockIn(modified, 'src/users.js', ID_STANDARD)!;
    assert.deepStrictEqual(b.previouslySignedBy, [REVIEWER]);
    assert.deepStrictEqual(b.signOffs, []);
    await doc.save();
  });

  test('a tier that needs two reviewers stays unreviewed after the first sign-off ("1 of 2")', async function () {
    this.timeout(40_000);
    const two = { ...DEFAULT_POLICY.tiers[1], name: 'two-person', reviewers: 2 };
    const emitter = new vscode.EventEmitter<void>();
    api.review.setPolicyProvider({ policyFor: () => ({ policy: DEFAULT_POLICY, tier: { tier: two, reason: 'test policy' } }), onDidChange: emitter.event });
    const uri = uriOf('src/orders.js');
    const doc = await vscode.workspace.openTextDocument(uri);
    const first = await api.review.controller.signOff(uri.toString(), ID_TWO, STANDARD_ANSWERS);
    assert.ok(first.ok, first.message);
    assert.strictEqual(first.status, 'unreviewed');
    assert.match(first.message, /1 of 2/);
    assert.match(doc.getText().split('\n')[1], /status=unreviewed$/, 'the marker stays unreviewed');
    const half = await stateWhen((s) => blockIn(s, 'src/orders.js', ID_TWO)?.status === 'needs-reviewers', 'needs-reviewers');
    assert.deepStrictEqual(blockIn(half, 'src/orders.js', ID_TWO)!.signOffs.map((x) => x.by), [REVIEWER]);
    const second = await api.review.controller.signOff(uri.toString(), ID_TWO, STANDARD_ANSWERS, undefined, 'second@example.invalid');
    assert.ok(second.ok, second.message);
    assert.strictEqual(second.status, 'reviewed');
    assert.match(doc.getText().split('\n')[1], /status=reviewed reviewer=reviewer@example\.invalid,second@example\.invalid$/);
    const done = await stateWhen((s) => blockIn(s, 'src/orders.js', ID_TWO)?.status === 'reviewed', 'reviewed after two sign-offs');
    assert.strictEqual(blockIn(done, 'src/orders.js', ID_TWO)!.signOffs.length, 2);
    emitter.dispose();
    await doc.save();
  });
});
