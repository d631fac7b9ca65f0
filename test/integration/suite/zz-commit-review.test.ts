// Review and gate together in a real VS Code (issue 5): the workspace folder is made a git repository, Vetted's
// pre-commit hook is installed with its command, and a real `git commit` of an unreviewed AI block is refused; after
// a checklist sign-off in the review panel's host (marker and ledger staged) the commit goes through; an edit inside
// the block makes it `modified` and the next commit is refused until it is signed off again. The panel shows the
// same verdict as the hook. Runs last (zz-): it turns the fixture workspace into a repository and removes .git after.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { STYLES } from '../../../src/core/provenance/comments';
import { contentHash, formatBegin, formatEnd } from '../../../src/core/provenance/format';
import type { PanelState } from '../../../src/core/review/protocol';
import { activateExtension, boundedCleanup, closeAllEditors, workspaceRoot } from './helpers';

interface Api {
  review: { controller: { refresh(): Promise<PanelState>; signOff(uri: string, id: string, answers: Record<string, string>): Promise<{ ok: boolean; message: string; status?: string }> } };
  gate: { stagedVerdict(folder: { uri: vscode.Uri }): Promise<{ status: string; items: Array<{ kind: string; file: string; line: number; blocking: boolean }> }> };
  ledgerLink: { settled(): Promise<void> };
}
interface GitApi {
  openRepository?(root: vscode.Uri): Promise<{ status(): Promise<void> } | null>;
  getRepository(uri: vscode.Uri): { status(): Promise<void> } | null;
}

const ID = '01JC0GATE1';
const REL = 'src/commit/cart.js';
const ANSWERS = { 'untrusted-input': 'yes', 'no-credentials': 'yes', 'errors-no-internals': 'n/a' };
const CODE = ['function cartTotal(items) {', '  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);', '}'];

suite('Vetted review + commit gate', () => {
  let api: Api;
  let root: string;
  let madeRepo = false;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  /** Runs `git commit`; returns the exit code and what the hook printed. */
  const commit = (message: string): { code: number; output: string } => {
    try {
      return { code: 0, output: git('commit', '-q', '-m', message) };
    } catch (e) {
      const err = e as { status?: number; stdout?: string; stderr?: string };
      return { code: err.status ?? -1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  };

  /** Until the working ledger's latest record of the block is a sign-off of `h` (the ledger is written after the marker). */
  async function ledgerHasSignOff(h: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      await api.ledgerLink.settled();
      let text = '';
      try {
        text = readFileSync(path.join(root, '.vetted', 'provenance.jsonl'), 'utf8');
      } catch {
        // not written yet
      }
      const mine = text.split('\n').filter((l) => l.includes(ID)).map((l) => JSON.parse(l) as { metadata: { vetted: { status: string; h: string; reviews?: Array<{ h?: string; answers?: object }> } } });
      const v = mine[mine.length - 1]?.metadata.vetted;
      if (v && v.status === 'reviewed' && v.h === h && v.reviews?.some((r) => r.h === h && r.answers)) return;
      if (Date.now() > deadline) throw new Error(`no sign-off of ${h} in the ledger; last: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  /** Saves and checks that the disk now holds the document's text (what `git add` stages). */
  async function saved(doc: vscode.TextDocument): Promise<void> {
    // save() is false when another save of the document is in flight (or it is not dirty): wait for the disk.
    let ok = await doc.save();
    const deadline = Date.now() + 10_000;
    while (readFileSync(doc.uri.fsPath, 'utf8') !== doc.getText() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      if (doc.isDirty) ok = (await doc.save()) || ok;
    }
    const disk = readFileSync(doc.uri.fsPath, 'utf8');
    assert.ok(disk === doc.getText(), `saved (${ok}, dirty ${doc.isDirty}); disk:\n${disk}\neditor:\n${doc.getText()}`);
  }
  const markerHash = (doc: vscode.TextDocument) => /\bh=([0-9a-f]{16})\b/.exec(doc.getText().split('\n')[0])![1];

  suiteSetup(async function () {
    this.timeout(60_000);
    api = (await activateExtension<Api>('vetted.vetted')).exports;
    root = workspaceRoot().fsPath;
    if (existsSync(path.join(root, '.git'))) throw new Error('the fixture workspace is already a repository');
    git('init', '-q');
    madeRepo = true;
    git('config', 'user.email', 'lead@example.invalid');
    git('config', 'user.name', 'Lead Example');
    git('config', 'commit.gpgsign', 'false');
    git('add', '-A');
    git('commit', '-q', '--no-verify', '-m', 'base');
    const ext = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git')!;
    const gitApi = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
    const uri = vscode.Uri.file(root);
    const repo = gitApi.openRepository ? await gitApi.openRepository(uri) : (await vscode.commands.executeCommand('git.openRepository', root), gitApi.getRepository(uri));
    assert.ok(repo, 'Git opened the workspace repository');
    await repo.status();
  });

  suiteTeardown(async () => {
    await boundedCleanup(closeAllEditors);
    if (madeRepo) rmSync(path.join(root, '.git'), { recursive: true, force: true });
  });

  test('an unreviewed AI block stops the commit; a sign-off lets it through; an edit needs a re-review', async function () {
    this.timeout(120_000);
    mkdirSync(path.join(root, 'src', 'commit'), { recursive: true });
    const h = contentHash(CODE.join('\n'), STYLES.SLASH);
    const meta = { id: ID, src: 'inline' as const, tool: 'github.copilot', conf: 'high' as const, ts: '2026-12-01T10:00:00Z', h, status: 'unreviewed' as const };
    // Written through VS Code's file service, so the editor's later saves do not meet a "file is newer" conflict.
    const text = [formatBegin(meta, STYLES.SLASH), ...CODE, formatEnd(ID, STYLES.SLASH), 'module.exports = { cartTotal };', ''].join('\n');
    await vscode.workspace.fs.writeFile(vscode.Uri.file(path.join(root, REL)), new TextEncoder().encode(text));
    git('add', REL);
    assert.strictEqual(await vscode.commands.executeCommand('vetted.installHooks', vscode.Uri.file(root)), true, 'hook installed');

    const refused = commit('add cart total');
    assert.strictEqual(refused.code, 1, refused.output);
    assert.match(refused.output, new RegExp(`${REL.replace(/\//g, '\\/')}:1`), 'names file:line');
    assert.match(refused.output, /unreviewed/i);
    assert.match(refused.output, /Open Review Panel/);
    const verdict = await api.gate.stagedVerdict({ uri: vscode.Uri.file(root) });
    assert.strictEqual(verdict.status, 'block');
    const panel = await api.review.controller.refresh();
    assert.strictEqual(panel.verdict?.status, 'block', `the panel shows the same verdict: ${JSON.stringify(panel.verdict)}`);

    // Sign off with the checklist; save; stage the file and the ledger.
    const uri = vscode.Uri.file(path.join(root, REL));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const signed = await api.review.controller.signOff(uri.toString(), ID, ANSWERS);
    assert.ok(signed.ok, signed.message);
    assert.match(doc.getText().split('\n')[0], /status=reviewed reviewer=lead@example\.invalid$/);
    await saved(doc);
    await ledgerHasSignOff(markerHash(doc));
    git('add', REL, '.vetted/provenance.jsonl');
    const accepted = commit('add cart total');
    assert.strictEqual(accepted.code, 0, accepted.output);

    // Change the reviewed code: the next commit is refused as modified.
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), '  // prices are in cents\n'));
    await doc.save();
    git('add', REL);
    const again = commit('document cents');
    assert.strictEqual(again.code, 1, again.output);
    assert.match(again.output, /modified/i);

    const resigned = await api.review.controller.signOff(uri.toString(), ID, ANSWERS);
    assert.ok(resigned.ok, resigned.message);
    await saved(doc);
    await ledgerHasSignOff(markerHash(doc));
    git('add', REL, '.vetted/provenance.jsonl');
    const last = commit('document cents');
    assert.strictEqual(last.code, 0, last.output);
    assert.strictEqual((await api.gate.stagedVerdict({ uri: vscode.Uri.file(root) })).status, 'pass');
  });
});
