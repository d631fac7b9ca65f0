// Paste detection without the paste edit API (VS Code < 1.97), exercised here by forcing the recorder's clipboard
// fallback: a block insertion whose text is on the clipboard is a paste (src=paste, tagged); a different text is not
// (the heuristic's offer); a text copied from another open workspace document is an internal copy (not tagged).
// Copy metadata from a real copy in an editor (prepareDocumentPaste) needs real keypresses: test/e2e/provenance.test.mjs.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, fixtureUri, waitForEvent } from './helpers';

type Outcome =
  | { kind: 'tagged'; meta: { id: string; src: string; conf: string } }
  | { kind: 'recorded'; meta: { id: string; src: string; conf: string } }
  | { kind: 'offered'; offer: { start: number; classification: { src: string; conf: string } } }
  | { kind: 'skipped'; why: string };

interface ProvenanceApi {
  tagger: { onDidTag: vscode.Event<{ uri: vscode.Uri; outcome: Outcome }> };
  recorder: { forceClipboardFallback(on: boolean): void; pasteObserved: boolean };
}

const BLOCK = ['function parseRows(text) {', '  const out = [];', '  for (const line of text.split("\\n")) out.push(line.split(","));', '  return out;', '}', ''].join('\n');
const OTHER = ['function sumRows(rows) {', '  let total = 0;', '  for (const r of rows) total += Number(r[1]);', '  return total;', '}', ''].join('\n');
const THIRD = ['function maxRow(rows) {', '  let best = -Infinity;', '  for (const r of rows) best = Math.max(best, Number(r[1]));', '  return best;', '}', ''].join('\n');

async function open(rel: string, text: string): Promise<vscode.TextEditor> {
  const uri = fixtureUri(rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

function nextOutcome(api: ProvenanceApi, uri: vscode.Uri, timeoutMs = 12_000): Promise<Outcome> {
  return waitForEvent(api.tagger.onDidTag, (e) => e.uri.toString() === uri.toString() && e.outcome.kind !== 'skipped', timeoutMs, 'provenance outcome').then((e) => e.outcome);
}

function bounded<T>(p: Thenable<T>, what: string, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    Promise.resolve(p).finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle in ${ms} ms`)), ms))),
  ]);
}

const srcOf = (o: Outcome) => (o.kind === 'offered' ? o.offer.classification.src : o.kind === 'skipped' ? `skipped: ${o.why}` : o.meta.src);

suite('Vetted provenance paste (clipboard fallback)', () => {
  let api: ProvenanceApi;

  suiteSetup(async function () {
    this.timeout(30_000);
    api = (await activateExtension<{ provenance: ProvenanceApi }>('vetted.vetted')).exports.provenance;
    assert.ok(api.recorder.pasteObserved, 'VS Code 1.139 has the paste edit API (the fallback is forced below)');
    api.recorder.forceClipboardFallback(true);
  });

  suiteTeardown(() => api?.recorder.forceClipboardFallback(false));

  teardown(async () => {
    await boundedCleanup(closeAllEditors);
  });

  test('an insertion of the clipboard text is a paste (tagged src=paste); a different text is not', async function () {
    this.timeout(40_000);
    const editor = await open('prov-paste/target.js', '// target\n');
    const uri = editor.document.uri;
    editor.selection = new vscode.Selection(0, 0, 0, 0);

    await bounded(vscode.env.clipboard.writeText(BLOCK), 'clipboard.writeText');
    assert.strictEqual(await bounded(vscode.env.clipboard.readText(), 'clipboard.readText'), BLOCK, 'the clipboard holds the block');
    let outcome = nextOutcome(api, uri);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), BLOCK)));
    let o = await outcome;
    assert.strictEqual(o.kind, 'tagged', `outcome ${o.kind} (${srcOf(o)})`);
    assert.strictEqual(srcOf(o), 'paste');
    assert.ok(o.kind === 'tagged' && o.meta.conf === 'high');
    assert.match(editor.document.getText(), /ai-provenance:begin v=1 id=\w+ src=paste tool=unknown conf=high/);

    // The clipboard still holds BLOCK; another text inserted is no paste: the heuristic's low-confidence offer.
    outcome = nextOutcome(api, uri);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), OTHER)));
    o = await outcome;
    assert.strictEqual(o.kind, 'offered', `outcome ${o.kind} (${srcOf(o)})`);
    assert.strictEqual(srcOf(o), 'heuristic');
  });

  test('the clipboard text also found in another open workspace file is an internal copy (not tagged)', async function () {
    this.timeout(40_000);
    await open('prov-paste/source.js', `// source\n${OTHER}`);
    const editor = await open('prov-paste/copy-target.js', '// copy target\n');
    const uri = editor.document.uri;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const seen: Outcome[] = [];
    const sub = api.tagger.onDidTag((e) => e.uri.toString() === uri.toString() && seen.push(e.outcome));
    try {
      await bounded(vscode.env.clipboard.writeText(OTHER), 'clipboard.writeText');
      assert.strictEqual(await bounded(vscode.env.clipboard.readText(), 'clipboard.readText'), OTHER);
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), OTHER)));
      // A later, visible result proves the copy produced none: THIRD (not on the clipboard) gets the offer.
      const isThird = (x: Outcome) => x.kind === 'offered' && editor.document.getText().startsWith('function maxRow', x.offer.start);
      const offered = waitForEvent(api.tagger.onDidTag, (e) => e.uri.toString() === uri.toString() && isThird(e.outcome), 12_000, 'offer for the third block');
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), THIRD)));
      const o = (await offered).outcome;
      assert.strictEqual(srcOf(o), 'heuristic');
      assert.deepStrictEqual(seen.map((x) => `${x.kind} ${srcOf(x)}`), ['offered heuristic'], 'the internal copy was neither tagged nor offered');
      assert.ok(!editor.document.getText().includes('src=paste'));
    } finally {
      sub.dispose();
    }
  });
});
