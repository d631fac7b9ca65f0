// Harness self-test (`node scripts/run-vscode-tests.mjs --self-test`): exercises the shared
// helpers against the probe extension in test/integration/probe/extension, which flags `eval(`
// in JavaScript files with a "Vetted" diagnostic.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openFixture, replaceDocumentText, waitForDiagnostics, waitForEvent } from '../../suite/helpers';

const PROBE_ID = 'vetted-test.vetted-probe';
const isVetted = (d: vscode.Diagnostic): boolean => d.source === 'Vetted';

suite('Harness probe', () => {
  suiteTeardown(closeAllEditors);

  test('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.ok(vscode.workspace.workspaceFolders?.length, 'a workspace folder is open');
  });

  test('probe extension is installed and activates', async () => {
    const ext = await activateExtension<{ probe: boolean }>(PROBE_ID);
    assert.deepStrictEqual(ext.exports, { probe: true });
    assert.strictEqual(await vscode.commands.executeCommand('vettedProbe.ping'), 'pong');
  });

  test('waitForDiagnostics sees the diagnostic published for an opened fixture', async () => {
    const { uri } = await openFixture('src/server.js');
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some(isVetted));
    const hit = diagnostics.find(isVetted)!;
    assert.strictEqual(hit.code, 'probe-eval');
    assert.strictEqual(hit.range.start.line, 4);
  });

  test('waitForDiagnostics follows edits until the diagnostic is gone', async () => {
    const { uri, document } = await openFixture('src/server.js');
    await waitForDiagnostics(uri, (d) => d.some(isVetted));
    await replaceDocumentText(document, document.getText().replace('eval(', 'String('));
    const after = await waitForDiagnostics(uri, (d) => !d.some(isVetted));
    assert.deepStrictEqual(after.filter(isVetted), []);
  });

  test('waitForDiagnostics rejects with the diagnostics it saw on timeout', async () => {
    const { uri } = await openFixture('src/clean.js');
    await assert.rejects(waitForDiagnostics(uri, (d) => d.length > 0, 300), /within 300 ms.*\n\s+\(none\)/s);
  });

  test('waitForEvent resolves on the matching event', async () => {
    const { document } = await openFixture('src/clean.js');
    const saved = waitForEvent(vscode.workspace.onDidSaveTextDocument, (d) => d.uri.toString() === document.uri.toString());
    await replaceDocumentText(document, document.getText() + '\n// edited by the probe suite\n');
    await document.save();
    assert.strictEqual((await saved).uri.toString(), document.uri.toString());
  });
});
