// vetted.minConfidence and vetted.focus = changed in a real VS Code, with the built-in Git extension providing the
// base text. The repository is a temporary one outside the fixture workspace (so other suites' Scan Workspace runs
// never see it); the test itself runs git to build it, the extension never does.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, waitForDiagnostics, waitForEvent } from './helpers';

interface ViewInfo {
  shown: number;
  hidden: { confidence: number; focus: number };
  focus?: string;
}
interface VettedApi {
  checker: { check(doc: vscode.TextDocument): Promise<unknown> };
  view: { infoFor(uri: vscode.Uri): ViewInfo | undefined };
}
interface GitRepo {
  readonly state: { readonly HEAD?: { readonly commit?: string }; readonly onDidChange: vscode.Event<void> };
}
interface GitApi {
  openRepository?(root: vscode.Uri): Promise<GitRepo | null>;
  getRepository(uri: vscode.Uri): GitRepo | null;
}

const APP = [
  "const express = require('express');", // 1
  'const app = express();', // 2
  "app.post('/calc', (req, res) => {", // 3
  '  res.json({ value: eval(req.body.expression) });', // 4: code-injection (committed)
  '});', // 5
  'function show(el, profile) {', // 6
  '  el.textContent = profile.name;', // 7: safe, made unsafe below
  "  el.innerHTML = '<b>' + profile.bio + '</b>';", // 8: xss (committed)
  '}', // 9
  'module.exports = { app, show };', // 10
  '',
];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Vetted Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

function lines(ds: readonly vscode.Diagnostic[]): string[] {
  return ds
    .filter((d) => d.source === 'Vetted')
    .map((d) => `${d.range.start.line + 1}:${typeof d.code === 'object' ? d.code.value : d.code}`)
    .sort();
}

async function setGlobal(key: string, value: unknown): Promise<void> {
  const changed = waitForEvent(vscode.workspace.onDidChangeConfiguration, (e) => e.affectsConfiguration(`vetted.${key}`), 10_000, `change of vetted.${key}`);
  await vscode.workspace.getConfiguration('vetted').update(key, value, vscode.ConfigurationTarget.Global);
  await changed;
}

suite('Vetted focus mode and confidence threshold', () => {
  let api: VettedApi;
  let dir: string;
  let repo: GitRepo;

  suiteSetup(async function () {
    this.timeout(40_000);
    api = (await activateExtension<VettedApi>('vetted.vetted')).exports;
    dir = mkdtempSync(path.join(os.tmpdir(), 'vetted-focus-'));
    git(dir, 'init', '-q');
    writeFileSync(path.join(dir, 'app.js'), APP.join('\n'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    const changed = [...APP];
    changed[6] = "  el.outerHTML = '<p>' + profile.name + '</p>';";
    writeFileSync(path.join(dir, 'app.js'), changed.join('\n'));
    writeFileSync(path.join(dir, 'new.js'), 'module.exports = (req) => eval(req.query.x);\n');
    writeFileSync(path.join(dir, 'cors.js'), "const cors = require('cors');\nconst app = require('express')();\napp.use(cors());\n");
    const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(ext, 'the built-in Git extension is present');
    const exports = ext.isActive ? ext.exports : await ext.activate();
    assert.ok(exports.enabled, 'Git is enabled');
    const gitApi = exports.getAPI(1);
    const root = vscode.Uri.file(dir);
    const opened = gitApi.openRepository ? await gitApi.openRepository(root) : (await vscode.commands.executeCommand('git.openRepository', dir), gitApi.getRepository(root));
    assert.ok(opened, `Git opened the repository at ${dir}`);
    repo = opened;
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('vetted').update('focus', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('vetted').update('minConfidence', undefined, vscode.ConfigurationTarget.Global);
    await boundedCleanup(closeAllEditors);
    rmSync(dir, { recursive: true, force: true });
  });

  test('by default, a low-confidence finding is hidden and counted; minConfidence = low shows it', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'cors.js')));
    await vscode.window.showTextDocument(doc);
    await api.checker.check(doc); // resolves once published: nothing shown, but the view knows one was hidden
    assert.deepStrictEqual(lines(vscode.languages.getDiagnostics(doc.uri)), []);
    assert.deepStrictEqual(api.view.infoFor(doc.uri)?.hidden, { confidence: 1, focus: 0 });
    await setGlobal('minConfidence', 'low');
    const ds = await waitForDiagnostics(doc.uri, (d) => lines(d).length > 0);
    assert.deepStrictEqual(lines(ds), ['3:cors-wildcard']);
    await setGlobal('minConfidence', undefined);
    await waitForDiagnostics(doc.uri, (d) => lines(d).length === 0);
  });

  test('focus = changed shows only findings on lines changed since HEAD, and every finding of a new file', async () => {
    const app = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'app.js')));
    await vscode.window.showTextDocument(app);
    await waitForDiagnostics(app.uri, (d) => lines(d).length === 3);
    await setGlobal('focus', 'changed');
    const ds = await waitForDiagnostics(app.uri, (d) => lines(d).length === 1);
    assert.deepStrictEqual(lines(ds), ['7:xss-html-sink']);
    const info = api.view.infoFor(app.uri);
    assert.strictEqual(info?.hidden.focus, 2);
    assert.match(info?.focus ?? '', /changed since HEAD/);
    const fresh = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'new.js')));
    await vscode.window.showTextDocument(fresh);
    // first published while the base is read (everything shown), then again once Git answered
    const newDs = await waitForDiagnostics(fresh.uri, (d) => lines(d).length > 0 && /new file/.test(api.view.infoFor(fresh.uri)?.focus ?? ''));
    assert.deepStrictEqual(lines(newDs), ['1:code-injection']);
  });

  test('when HEAD moves (a commit), the base is read again', async () => {
    const app = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'app.js')));
    await waitForDiagnostics(app.uri, (d) => lines(d).length === 1);
    const before = repo.state.HEAD?.commit;
    const moved = waitForEvent(repo.state.onDidChange, () => repo.state.HEAD?.commit !== before, 15_000, 'HEAD change');
    git(dir, 'commit', '-q', '-am', 'second');
    await moved;
    // nothing in app.js differs from the new HEAD
    await waitForDiagnostics(app.uri, (d) => lines(d).length === 0);
    assert.strictEqual(api.view.infoFor(app.uri)?.hidden.focus, 3);
  });
});
