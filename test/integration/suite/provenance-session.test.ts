// A chat editing session in a real VS Code: a stand-in session document (the `chat-editing-text-model` scheme
// Copilot's edit sessions use, served here by a content provider of the test) names the file being edited; the
// edits that follow are streamed the way such sessions write (the region cleared, then the new text in pieces).
// Vetted groups the stream, re-diffs it against the text from before the session, and tags only the lines the
// assistant actually added or changed.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, fixtureUri, waitForEvent } from './helpers';

type Outcome = { kind: string; meta?: { id: string; src: string; conf: string; tool: string }; beginLine?: number; endLine?: number };
interface ProvenanceApi {
  tagger: { onDidTag: vscode.Event<{ uri: vscode.Uri; outcome: Outcome }> };
}

const BEFORE = ['import os', '', 'def keep():', '    return 1', '', 'def listing(path):', '    return []', ''].join('\n');
const AFTER = ['import os', '', 'def keep():', '    return 1', '', 'def listing(path):', '    names = sorted(os.listdir(path))', '    return [n for n in names if not n.startswith(".")]', ''].join('\n');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('Vetted provenance: chat editing sessions', () => {
  let api: ProvenanceApi;
  const disposables: vscode.Disposable[] = [];

  suiteSetup(async function () {
    this.timeout(30_000);
    api = (await activateExtension<{ provenance: ProvenanceApi }>('vetted.vetted')).exports.provenance;
    disposables.push(vscode.workspace.registerTextDocumentContentProvider('chat-editing-text-model', { provideTextDocumentContent: () => '' }));
  });

  suiteTeardown(() => disposables.forEach((d) => d.dispose()));
  teardown(() => boundedCleanup(closeAllEditors));

  test('a streamed rewrite is tagged as an agent edit covering only the changed lines', async function () {
    this.timeout(40_000);
    const uri = fixtureUri('session/listing.py');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(BEFORE));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    // The session document appears (as when Copilot's chat starts editing the file).
    await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'chat-editing-text-model', path: uri.path, query: JSON.stringify({ path: uri.fsPath }) }));
    await sleep(300);

    const tagged = waitForEvent(api.tagger.onDidTag, (e) => e.uri.toString() === uri.toString() && e.outcome.kind === 'tagged', 20_000, 'tagged outcome');
    const clear = new vscode.WorkspaceEdit();
    clear.delete(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)));
    assert.ok(await vscode.workspace.applyEdit(clear));
    let at = 0;
    for (const piece of [AFTER.slice(0, 45), AFTER.slice(45, 100), AFTER.slice(100)]) {
      const e = new vscode.WorkspaceEdit();
      e.insert(uri, doc.positionAt(at), piece);
      assert.ok(await vscode.workspace.applyEdit(e));
      at += piece.length;
      await sleep(150);
    }
    const { outcome } = await tagged;
    assert.strictEqual(outcome.meta?.src, 'agent-edit');
    assert.strictEqual(outcome.meta?.conf, 'high');
    const lines = doc.getText().split('\n');
    const begin = lines.findIndex((l) => l.includes('ai-provenance:begin'));
    const end = lines.findIndex((l) => l.includes('ai-provenance:end'));
    assert.ok(begin >= 0 && end > begin, `markers written:\n${doc.getText()}`);
    assert.deepStrictEqual(lines.slice(begin + 1, end), ['    names = sorted(os.listdir(path))', '    return [n for n in names if not n.startswith(".")]'], `only the changed lines are enclosed:\n${doc.getText()}`);
    assert.strictEqual(lines[begin - 1], 'def listing(path):');
    // Leave the shared fixture workspace as it was (later suites count files and findings in it).
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });
});
