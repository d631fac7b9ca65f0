// Signal 3, "known assistant output", in a real VS Code: a document with the chat code-block scheme (a stand-in
// content provider here: code-server has no chat, so a real chat answer cannot be produced) is hashed when it opens,
// and inserting that block into a file is classified as the assistant's output — high confidence (tagged at once)
// when the text is the same, medium (offered) when it was re-indented the way Insert at Cursor does. A different
// block of the same size stays a low-confidence heuristic offer.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, fixtureUri, waitForEvent } from './helpers';

type Outcome =
  | { kind: 'tagged'; meta: { id: string; src: string; conf: string }; beginLine: number; endLine: number }
  | { kind: 'offered'; offer: { classification: { src: string; conf: string } } }
  | { kind: 'recorded' | 'skipped' };

interface ProvenanceApi {
  tagger: { onDidTag: vscode.Event<{ uri: vscode.Uri; outcome: Outcome }> };
}

const CHAT_BLOCK = [
  'function slugify(title) {',
  '  return title',
  '    .toLowerCase()',
  "    .replace(/[^a-z0-9]+/g, '-')",
  "    .replace(/^-|-$/g, '');",
  '}',
].join('\n');

const OTHER_BLOCK = [
  'function clamp(value, low, high) {',
  '  if (value < low) return low;',
  '  if (value > high) return high;',
  '  return value;',
  '}',
].join('\n');

function outcome(api: ProvenanceApi, uri: vscode.Uri): Promise<Outcome> {
  return waitForEvent(api.tagger.onDidTag, (e) => e.uri.toString() === uri.toString() && e.outcome.kind !== 'skipped', 12_000, 'a provenance outcome').then((e) => e.outcome);
}

async function fileWith(rel: string, text: string): Promise<vscode.TextEditor> {
  const uri = fixtureUri(rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  editor.selection = new vscode.Selection(0, 0, 0, 0); // not where the code goes: not shaped like a completion
  return editor;
}

suite('Vetted provenance: code blocks the assistant showed', () => {
  let api: ProvenanceApi;
  let provider: vscode.Disposable;

  suiteSetup(async function () {
    this.timeout(30_000);
    api = (await activateExtension<{ provenance: ProvenanceApi }>('vetted.vetted')).exports.provenance;
    provider = vscode.workspace.registerTextDocumentContentProvider('vscode-chat-code-block', { provideTextDocumentContent: () => CHAT_BLOCK });
    const block = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode-chat-code-block:/answer/1.js'));
    assert.strictEqual(block.getText(), CHAT_BLOCK, 'the stand-in code block document opened');
  });

  suiteTeardown(() => provider?.dispose());
  teardown(() => boundedCleanup(closeAllEditors));

  test('inserting the same block is tagged src=chat-insert with high confidence', async function () {
    this.timeout(30_000);
    const editor = await fileWith('prov/chat-exact.js', "'use strict';\n\nmodule.exports = {};\n");
    const result = outcome(api, editor.document.uri);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), `${CHAT_BLOCK}\n`)));
    const o = await result;
    assert.strictEqual(o.kind, 'tagged', `outcome: ${JSON.stringify(o)}`);
    assert.ok(o.kind === 'tagged');
    assert.deepStrictEqual([o.meta.src, o.meta.conf], ['chat-insert', 'high']);
    assert.match(editor.document.getText(), /\/\/ ai-provenance:begin v=1 id=\w{10} src=chat-insert tool=unknown conf=high /);
  });

  test('the block re-indented (Insert at Cursor inside a function) is offered at medium confidence', async function () {
    this.timeout(30_000);
    const editor = await fileWith('prov/chat-indented.js', 'function outer() {\n  return 1;\n}\n');
    const result = outcome(api, editor.document.uri);
    const indented = CHAT_BLOCK.split('\n').map((l) => `  ${l}`).join('\n');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), `${indented}\n`)));
    const o = await result;
    assert.strictEqual(o.kind, 'offered', `outcome: ${JSON.stringify(o)}`);
    assert.ok(o.kind === 'offered');
    assert.deepStrictEqual([o.offer.classification.src, o.offer.classification.conf], ['chat-insert', 'medium']);
  });

  test('a block the assistant never showed stays a low-confidence heuristic offer', async function () {
    this.timeout(30_000);
    const editor = await fileWith('prov/chat-other.js', "'use strict';\n\nmodule.exports = {};\n");
    const result = outcome(api, editor.document.uri);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), `${OTHER_BLOCK}\n`)));
    const o = await result;
    assert.ok(o.kind === 'offered', `outcome: ${JSON.stringify(o)}`);
    assert.deepStrictEqual([o.offer.classification.src, o.offer.classification.conf], ['heuristic', 'low']);
  });
});
