// Provenance as the user sees it, in a real VS Code: Tag Selection writes markers that parse back, an edit inside a
// tagged block shows it as modified (hover, RegionIndex, gutter), Mark Reviewed records the Git reviewer and a fresh
// hash, broken markers get diagnostics whose quick fixes repair them without touching code, the AI Blocks tree lists
// blocks, and findings inside an AI block are shown below vetted.minConfidence. Never sleeps: waits for events.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { STYLES } from '../../../src/core/provenance/comments';
import { contentHash, formatBegin, formatEnd, scanMarkers } from '../../../src/core/provenance/format';
import type { RegionMeta } from '../../../src/core/provenance/types';
import { activateExtension, boundedCleanup, closeAllEditors, describeDiagnostic, fixtureUri, waitForDiagnostics, waitForEvent } from './helpers';

interface Block {
  meta: RegionMeta;
  beginLine: number;
  endLine: number;
  status: string;
  modified: boolean;
  marked: boolean;
}
interface VettedApi {
  checker: { check(doc: vscode.TextDocument): Promise<unknown> };
  provenanceView: {
    index: { blocks(doc: vscode.TextDocument): readonly Block[]; onDidChange: vscode.Event<vscode.Uri> };
    decorations: { linesFor(doc: vscode.TextDocument): { heads: Record<string, number[]>; bars: Record<string, number[]> } };
    tree: { list(): Array<{ path: string; id: string; status: string; label: string }>; getChildren(node?: unknown): Promise<unknown[]> };
  };
}
interface GitApi {
  openRepository?(root: vscode.Uri): Promise<unknown>;
  getRepository(uri: vscode.Uri): unknown;
}

const SOURCE = 'vetted-provenance';
const REVIEWER = 'reviewer@example.invalid';

const meta = (id: string, h: string): RegionMeta => ({ id, src: 'inline', tool: 'github.copilot', model: 'gpt-4o', conf: 'high', ts: '2026-10-02T14:03:11Z', h, status: 'unreviewed' });

/** Lines of a JS block tagged with a correct hash. */
function tagged(id: string, code: string[], indent = ''): string[] {
  const h = contentHash(code.join('\n'), STYLES.SLASH);
  return [indent + formatBegin(meta(id, h), STYLES.SLASH), ...code, indent + formatEnd(id, STYLES.SLASH)];
}

function vetted(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Vetted');
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

suite('Provenance view: tags, status, problems, tree, stricter checks', () => {
  let api: VettedApi;
  const created: vscode.Uri[] = [];
  let gitDir: string;

  async function put(rel: string, text: string): Promise<vscode.Uri> {
    const uri = fixtureUri(`prov/${rel}`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    created.push(uri);
    return uri;
  }

  async function show(uri: vscode.Uri): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    return { doc, editor };
  }

  /** Resolves once the index's blocks of `doc` satisfy `predicate` (now, or after its next change events). */
  function blocksWhen(doc: vscode.TextDocument, predicate: (b: readonly Block[]) => boolean, what: string): Promise<readonly Block[]> {
    const now = api.provenanceView.index.blocks(doc);
    if (predicate(now)) return Promise.resolve(now);
    return waitForEvent(api.provenanceView.index.onDidChange, (u) => u.toString() === doc.uri.toString() && predicate(api.provenanceView.index.blocks(doc)), 10_000, what).then(() => api.provenanceView.index.blocks(doc));
  }

  suiteSetup(async function () {
    this.timeout(40_000);
    api = (await activateExtension<VettedApi>('vetted.vetted')).exports;
    assert.ok(api.provenanceView, 'the extension exports its provenance view');
    gitDir = mkdtempSync(path.join(os.tmpdir(), 'vetted-prov-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: gitDir, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', REVIEWER);
    git('config', 'user.name', 'Reviewer Example');
    git('config', 'commit.gpgsign', 'false');
    writeFileSync(path.join(gitDir, 'handler.js'), ['function handler(req, res) {', ...tagged('01JB2K7QX9', ['  const id = Number(req.params.id);', '  res.json({ id });'], '  '), '}', ''].join('\n'));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(ext, 'the built-in Git extension is present');
    const exports = ext.isActive ? ext.exports : await ext.activate();
    const gitApi = exports.getAPI(1);
    const root = vscode.Uri.file(gitDir);
    const opened = gitApi.openRepository ? await gitApi.openRepository(root) : (await vscode.commands.executeCommand('git.openRepository', gitDir), gitApi.getRepository(root));
    assert.ok(opened, `Git opened the repository at ${gitDir}`);
  });

  teardown(async () => {
    // Edited test files are saved (they are thrown away at the end), so closing never asks.
    await boundedCleanup(async () => {
      for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.scheme === 'file' && (d.uri.path.includes('/prov/') || d.uri.fsPath.startsWith(gitDir))) await d.save();
      await closeAllEditors();
    });
  });

  suiteTeardown(async () => {
    await boundedCleanup(async () => {
      await closeAllEditors();
      await vscode.workspace.fs.delete(fixtureUri('prov'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    });
    rmSync(gitDir, { recursive: true, force: true });
  });

  test('Tag Selection writes begin/end markers that parse back, in one undo step', async () => {
    const code = ['const express = require("express");', 'function total(items) {', '  let sum = 0;', '  for (const i of items) sum += i.price;', '  return sum;', '}', 'module.exports = { total };', ''];
    const { doc, editor } = await show(await put('tag.js', code.join('\n')));
    editor.selection = new vscode.Selection(2, 4, 3, 10); // inside the function body: widened to whole statements
    const id = await vscode.commands.executeCommand<string | undefined>('vetted.provenance.tagSelection', { tool: 'claude-code' });
    assert.ok(id, 'the command returns the new id');
    const lines = doc.getText().split('\n');
    assert.match(lines[2], new RegExp(`^  // ai-provenance:begin v=1 id=${id} src=manual tool=claude-code conf=high ts=\\S+ h=[0-9a-f]{16} status=unreviewed$`));
    assert.strictEqual(lines[3], '  let sum = 0;');
    assert.strictEqual(lines[4], '  for (const i of items) sum += i.price;');
    assert.strictEqual(lines[5], `  // ai-provenance:end id=${id}`);
    const scan = scanMarkers(doc.getText(), STYLES.SLASH);
    assert.deepStrictEqual(scan.problems, []);
    assert.strictEqual(scan.regions.length, 1);
    assert.strictEqual(scan.regions[0].actualHash, scan.regions[0].meta.h, 'h matches the enclosed code');
    const blocks = await blocksWhen(doc, (b) => b.length === 1, 'the index sees the new block');
    assert.deepStrictEqual([blocks[0].meta.id, blocks[0].status, blocks[0].beginLine, blocks[0].endLine], [id, 'unreviewed', 2, 5]);
    assert.deepStrictEqual(api.provenanceView.decorations.linesFor(doc).heads.unreviewed, [2]);
    assert.deepStrictEqual(api.provenanceView.decorations.linesFor(doc).bars.unreviewed, [3, 4, 5]);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), code.join('\n'), 'one undo takes both markers back');
  });

  test('an edit inside a tagged block shows it as modified; Mark Reviewed records the Git reviewer and a fresh h', async () => {
    const { doc, editor } = await show(vscode.Uri.file(path.join(gitDir, 'handler.js')));
    let [block] = await blocksWhen(doc, (b) => b.length === 1, 'the block of handler.js');
    assert.strictEqual(block.status, 'unreviewed');
    let hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 8)));
    assert.match(hover, /AI block/);
    assert.match(hover, /github\.copilot/);
    assert.match(hover, /gpt-4o/);
    assert.match(hover, /unreviewed/);
    assert.doesNotMatch(hover, /Modified since/);

    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(3, 12, 3, 16), 'user: id')), 'edit inside the block');
    [block] = await blocksWhen(doc, (b) => b[0]?.status === 'modified', 'status modified');
    assert.strictEqual(block.modified, true);
    assert.strictEqual(block.meta.status, 'unreviewed', 'the marker itself is not rewritten by an edit');
    hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(3, 4)));
    assert.match(hover, /modified/);
    assert.match(hover, /Modified since tagged/);
    assert.deepStrictEqual(api.provenanceView.decorations.linesFor(doc).heads.modified, [1]);

    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.markReviewed', { uri: doc.uri.toString(), id: '01JB2K7QX9' }), true);
    const begin = doc.lineAt(1).text;
    const fresh = contentHash([doc.lineAt(2).text, doc.lineAt(3).text].join('\n'), STYLES.SLASH);
    assert.match(begin, /status=reviewed reviewer=reviewer@example\.invalid$/);
    assert.ok(begin.includes(` h=${fresh} `), `fresh hash ${fresh} in ${begin}`);
    assert.ok(begin.startsWith('  // ai-provenance:begin v=1 id=01JB2K7QX9 src=inline tool=github.copilot model=gpt-4o conf=high ts=2026-10-02T14:03:11Z'), 'other fields kept');
    [block] = await blocksWhen(doc, (b) => b[0]?.status === 'reviewed', 'status reviewed');
    assert.strictEqual(block.modified, false);
    assert.strictEqual(block.meta.reviewer, REVIEWER);
    hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 4)));
    assert.match(hover, /Reviewed by: reviewer@example\\?\.invalid/);

    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.markUnreviewed', { uri: doc.uri.toString(), id: '01JB2K7QX9' }), true);
    assert.match(doc.lineAt(1).text, /status=unreviewed$/);
    await doc.save();
  });

  test('broken markers get diagnostics whose quick fixes repair them without deleting code', async () => {
    const text = [
      'function a(x) {',
      '  // ai-provenance:begin v=1 id=01JB2K7QA1 src=paste tool=unknown conf=high ts=2026-10-02T14:03:11Z h=0123456789abcdef status=unreviewed',
      '  const y = x * 2;',
      '  return y;',
      '}',
      ...tagged('01JB2K7QB2', ['function b() {', '  return 1;', '}']),
      ...tagged('01JB2K7QB2', ['function c() {', '  return 2;', '}']),
      '',
    ].join('\n');
    const { doc } = await show(await put('broken.js', text));
    const code = () => doc.getText().split('\n').filter((l) => !l.includes('ai-provenance'));
    const before = code();
    const ds = await waitForDiagnostics(doc.uri, (d) => d.filter((x) => x.source === SOURCE).length === 2);
    const ours = ds.filter((d) => d.source === SOURCE).sort((p, q) => p.range.start.line - q.range.start.line);
    assert.deepStrictEqual(ours.map((d) => [d.range.start.line, d.code]), [[1, 'unterminated'], [10, 'duplicate-id']], ours.map(describeDiagnostic).join('\n'));
    for (const kind of ['unterminated', 'duplicate-id']) {
      // after each fix the lines move: read the diagnostic again
      const now = await waitForDiagnostics(doc.uri, (x) => x.some((y) => y.source === SOURCE && y.code === kind) && x.filter((y) => y.source === SOURCE).length === (kind === 'unterminated' ? 2 : 1));
      const d = now.find((x) => x.source === SOURCE && x.code === kind)!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
      const preferred = actions.filter((a) => /^(Add the missing end marker|Give this copied block a new id)/.test(a.title));
      assert.strictEqual(preferred.length, 1, actions.map((a) => a.title).join(' | '));
      assert.strictEqual(preferred[0].isPreferred, true, `${preferred[0].title} is the preferred fix`);
      assert.ok(await vscode.workspace.applyEdit(preferred[0].edit!), preferred[0].title);
    }
    await waitForDiagnostics(doc.uri, (d) => d.filter((x) => x.source === SOURCE).length === 0);
    assert.deepStrictEqual(code(), before, 'no line of code was changed or deleted');
    assert.strictEqual(doc.lineAt(4).text, '  // ai-provenance:end id=01JB2K7QA1', 'the end marker goes after the function body');
    const scan = scanMarkers(doc.getText(), STYLES.SLASH);
    assert.deepStrictEqual(scan.problems, []);
    assert.strictEqual(new Set(scan.regions.map((r) => r.meta.id)).size, 3, 'the copied block has a new id');
  });

  test('the AI Blocks tree lists tagged blocks of open and unopened files; Go to Next Unreviewed visits them', async () => {
    const py = ['def run(cmd):', '    return os.system(cmd)'];
    const h = contentHash(py.join('\n'), STYLES.HASH);
    await put('listed.py', ['import os', formatBegin(meta('01JB2K7QC3', h), STYLES.HASH), ...py, formatEnd('01JB2K7QC3', STYLES.HASH), ''].join('\n'));
    const { doc } = await show(await put('open.js', [...tagged('01JB2K7QD4', ['let a = 1;', 'a += 1;']), ''].join('\n')));
    await blocksWhen(doc, (b) => b.length === 1, 'open.js block');
    const count = await vscode.commands.executeCommand<number>('vetted.provenance.refreshBlocks');
    const list = api.provenanceView.tree.list().filter((b) => b.path.startsWith('prov/'));
    assert.ok(count !== undefined && count >= 2, `refresh counted ${count}`);
    const listed = list.map((b) => `${b.path}:${b.id}:${b.status}:${b.label}`);
    assert.ok(listed.includes('prov/listed.py:01JB2K7QC3:unreviewed:def run(cmd):'), listed.join('\n'));
    assert.ok(listed.includes('prov/open.js:01JB2K7QD4:unreviewed:let a = 1;'), listed.join('\n'));
    const roots = await api.provenanceView.tree.getChildren();
    assert.ok(roots.length >= 2, `tree has ${roots.length} file nodes`);
    await vscode.commands.executeCommand('vetted.aiBlocks.focus'); // the contributed view opens

    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(3, 0, 3, 0); // after open.js's only block: the next one is in another file
    const next = await vscode.commands.executeCommand<{ uri: string; line: number }>('vetted.provenance.nextUnreviewed');
    assert.ok(next && next.uri !== doc.uri.toString(), `went to ${next?.uri}`);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), next.uri);
  });

  test('a finding inside an AI block is shown below vetted.minConfidence and says it is in an AI block', async () => {
    const { doc, editor } = await show(await put('cors.js', "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n"));
    await api.checker.check(doc);
    assert.deepStrictEqual(vetted(doc.uri).map(describeDiagnostic), [], 'the low-confidence cors finding is hidden by default');
    editor.selection = new vscode.Selection(2, 0, 2, 5);
    const id = await vscode.commands.executeCommand<string>('vetted.provenance.tagSelection', { tool: 'github.copilot' });
    assert.ok(id);
    const ds = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.source === 'Vetted' && x.range.start.line === 3));
    const cors = vetted(doc.uri);
    assert.strictEqual(cors.length, 1, ds.map(describeDiagnostic).join('\n'));
    assert.strictEqual(typeof cors[0].code === 'object' ? cors[0].code.value : cors[0].code, 'cors-wildcard');
    assert.strictEqual(cors[0].range.start.line, 3, 'on the tagged line (below the begin marker)');
    assert.match(cors[0].message, /^In an AI block: /);
    assert.match(cors[0].message, /confidence: low/);
    assert.ok(await vscode.commands.executeCommand('vetted.provenance.removeTag', { uri: doc.uri.toString(), id }));
    assert.strictEqual(doc.getText(), "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n", 'Remove Tag leaves the code as it was');
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => x.source === 'Vetted'));
  });
});
