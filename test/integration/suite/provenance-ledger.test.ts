// The manual provenance commands in the ledger (Tag Selection → `set`, Mark Reviewed / Unreviewed → `set` with a
// review entry, an edit inside the block → one `modified` snapshot, Remove Tag → one `untagged` tombstone), ledger
// orphans as an Information diagnostic with a "Forget this ledger record" quick fix, and Go to Next Untagged Insertion.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, fixtureUri, waitForDiagnostics, waitForEvent } from './helpers';

interface Vetted {
  value: string;
  id: string;
  op: string;
  src: string;
  tool: string;
  h: string;
  status: string;
  reviewer?: string;
  reason?: string;
  markers?: boolean;
  reviews?: { status: string; by?: string; at: string; h?: string }[];
}
interface LedgerLine {
  metadata: { vetted: Vetted };
  files: { path: string; conversations: { contributor: { type: string }; ranges: { start_line: number; end_line: number }[] }[] }[];
}
interface Api {
  provenance: {
    ledger: { onDidChange: vscode.Event<vscode.Uri> };
    tagger: { onDidTag: vscode.Event<{ uri: vscode.Uri; outcome: { kind: string; offer?: { id: string; uri: string; start: number } } }>; offersFor(uri: vscode.Uri): readonly { id: string; start: number }[] };
  };
  ledgerLink: { settled(): Promise<void> };
}

const enc = (s: string) => new TextEncoder().encode(s);
const LEDGER = '.vetted/provenance.jsonl';

async function put(rel: string, text: string): Promise<vscode.Uri> {
  const uri = fixtureUri(`pledger/${rel}`);
  await vscode.workspace.fs.writeFile(uri, enc(text));
  return uri;
}

async function ledgerLines(): Promise<LedgerLine[]> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(LEDGER)));
    return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LedgerLine);
  } catch {
    return [];
  }
}

const linesOf = async (id: string) => (await ledgerLines()).filter((l) => l.metadata.vetted.id === id);

/** Resolves with the lines of `id` once `pred` holds for them (checked now and on every ledger change). */
async function waitForLines(api: Api, id: string, pred: (ls: LedgerLine[]) => boolean, what: string, timeoutMs = 10_000): Promise<LedgerLine[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const changed = waitForEvent(api.provenance.ledger.onDidChange, () => true, Math.max(1, Math.min(2000, deadline - Date.now())), 'ledger change').catch(() => undefined);
    await api.ledgerLink.settled();
    const ls = await linesOf(id);
    if (pred(ls)) return ls;
    if (Date.now() > deadline) throw new Error(`ledger: no ${what} for ${id}; lines: ${ls.map((l) => `${l.metadata.vetted.op}/${l.metadata.vetted.status}/${l.metadata.vetted.reason ?? ''}`).join(' | ') || '(none)'}`);
    await changed;
  }
}

async function show(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

const BLOCK = ['function totalPrice(items) {', '  let total = 0;', '  for (const item of items) total += item.price * item.quantity;', '  return Math.round(total * 100) / 100;', '}', ''].join('\n');

suite('Vetted provenance ledger links', () => {
  let api: Api;

  suiteSetup(async function () {
    this.timeout(30_000);
    api = (await activateExtension<Api>('vetted.vetted')).exports;
  });

  teardown(async () => {
    await boundedCleanup(async () => {
      for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.path.includes('/pledger/')) await d.save();
      await closeAllEditors();
    });
  });

  test('Re-label rewrites the begin marker (AI tool, or pasted) and snapshots the ledger; "my own code" removes the tag', async function () {
    this.timeout(45_000);
    const code = ['const b = 2;', 'function mean(xs) {', '  let s = 0;', '  for (const x of xs) s += x;', '  return s / xs.length;', '}', ''];
    const uri = await put('relabel.js', code.join('\n'));
    const editor = await show(uri);
    const doc = editor.document;
    const id = await vscode.commands.executeCommand<string>('vetted.provenance.tagSelection', { uri: uri.toString(), startLine: 1, endLine: 5, tool: 'unknown' });
    assert.ok(id, 'tagged');
    await waitForLines(api, id, (l) => l.length >= 1, 'set record');
    const before = doc.getText();

    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.relabel', { uri: uri.toString(), id, as: 'ai', tool: 'chatgpt' }), true);
    assert.match(doc.lineAt(1).text, new RegExp(`^// ai-provenance:begin v=1 id=${id} src=manual tool=chatgpt conf=high `));
    assert.strictEqual(doc.getText().split('\n').slice(2).join('\n'), before.split('\n').slice(2).join('\n'), 'only the begin line changed');
    let ls = await waitForLines(api, id, (l) => l.length >= 2, 'relabel snapshot');
    assert.deepStrictEqual([ls[1].metadata.vetted.op, ls[1].metadata.vetted.tool, ls[1].metadata.vetted.src], ['set', 'chatgpt', 'manual']);

    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.relabel', { uri: uri.toString(), id, as: 'paste' }), true);
    assert.match(doc.lineAt(1).text, /src=paste tool=unknown conf=high /);
    ls = await waitForLines(api, id, (l) => l.length >= 3, 'second relabel snapshot');
    assert.deepStrictEqual([ls[2].metadata.vetted.tool, ls[2].metadata.vetted.src], ['unknown', 'paste']);

    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.relabel', { uri: uri.toString(), id, as: 'own' }), true);
    assert.strictEqual(doc.getText(), code.join('\n'), 'the tag is gone, the code is as it was');
    ls = await waitForLines(api, id, (l) => l.some((x) => x.metadata.vetted.op === 'remove'), 'tombstone');
    assert.strictEqual(ls.filter((x) => x.metadata.vetted.op === 'remove').length, 1);
  });

  test('manual commands write set, review, modified and untagged records', async function () {
    this.timeout(45_000);
    const code = ['const a = 1;', 'function sum(xs) {', '  let s = 0;', '  for (const x of xs) s += x;', '  return s;', '}', 'module.exports = { sum };', ''];
    const uri = await put('manual.js', code.join('\n'));
    const editor = await show(uri);
    const doc = editor.document;

    const id = await vscode.commands.executeCommand<string>('vetted.provenance.tagSelection', { uri: uri.toString(), startLine: 1, endLine: 5, tool: 'claude-code' });
    assert.ok(id, 'tagged');
    let ls = await waitForLines(api, id, (l) => l.length >= 1, 'set record');
    assert.strictEqual(ls.length, 1);
    const set = ls[0];
    assert.deepStrictEqual([set.metadata.vetted.op, set.metadata.vetted.src, set.metadata.vetted.tool, set.metadata.vetted.status, set.metadata.vetted.markers], ['set', 'manual', 'claude-code', 'unreviewed', true]);
    assert.strictEqual(set.files[0].path, 'pledger/manual.js');
    // markers on 0-based lines 1 and 7: the code is on 1-based lines 3–7
    assert.deepStrictEqual(set.files[0].conversations[0].ranges.map((r) => [r.start_line, r.end_line]), [[3, 7]]);
    const beginH = () => /h=([0-9a-f]{16})/.exec(doc.lineAt(1).text)?.[1];
    assert.strictEqual(set.metadata.vetted.h, beginH());

    // Mark Reviewed: a set record with status, reviewer, the fresh h and a review entry.
    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.markReviewed', { uri: uri.toString(), id, reviewer: 'ana@example.com' }), true);
    ls = await waitForLines(api, id, (l) => l.length >= 2, 'review record');
    const rev = ls[1].metadata.vetted;
    assert.deepStrictEqual([rev.op, rev.status, rev.reviewer], ['set', 'reviewed', 'ana@example.com']);
    assert.strictEqual(rev.h, beginH());
    assert.strictEqual(rev.reviews?.length, 1);
    assert.deepStrictEqual([rev.reviews![0].status, rev.reviews![0].by, rev.reviews![0].h], ['reviewed', 'ana@example.com', rev.h]);
    assert.match(rev.reviews![0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    // An edit inside the block: one `modified` snapshot; more keystrokes in the modified block write nothing more.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(3, 2), '// checked\n  ')));
    ls = await waitForLines(api, id, (l) => l.length >= 3, 'modified snapshot');
    const mod = ls[2].metadata.vetted;
    assert.deepStrictEqual([mod.op, mod.status, mod.h, mod.reviews?.length], ['set', 'modified', rev.h, 1]);
    assert.strictEqual(ls[2].files[0].conversations[0].contributor.type, 'mixed');
    for (const ch of 'abc') assert.ok(await editor.edit((b) => b.insert(new vscode.Position(3, 12), ch)));

    // Mark Unreviewed: a set record with the new h and a second review entry.
    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.markUnreviewed', { uri: uri.toString(), id }), true);
    ls = await waitForLines(api, id, (l) => l.some((x) => x.metadata.vetted.status === 'unreviewed' && (x.metadata.vetted.reviews?.length ?? 0) === 2), 'unreview record');
    assert.strictEqual(ls.filter((l) => l.metadata.vetted.status === 'modified').length, 1, 'one modified snapshot, not one per keystroke');
    const unrev = ls[ls.length - 1].metadata.vetted;
    assert.strictEqual(unrev.status, 'unreviewed');
    assert.strictEqual(unrev.reviewer, undefined);
    assert.strictEqual(unrev.h, beginH());
    assert.notStrictEqual(unrev.h, rev.h, 'h follows the edited code');
    assert.deepStrictEqual(unrev.reviews!.map((r) => [r.status, r.h]), [['reviewed', rev.h], ['unreviewed', unrev.h]]);

    // Remove Tag: exactly one tombstone, reason untagged.
    const count = ls.length;
    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.removeTag', { uri: uri.toString(), id }), true);
    ls = await waitForLines(api, id, (l) => l.some((x) => x.metadata.vetted.op === 'remove'), 'tombstone');
    await api.ledgerLink.settled();
    ls = await linesOf(id);
    assert.strictEqual(ls.length, count + 1, `one more line: ${ls.map((l) => l.metadata.vetted.op + '/' + (l.metadata.vetted.reason ?? '')).join(' | ')}`);
    assert.deepStrictEqual([ls[count].metadata.vetted.op, ls[count].metadata.vetted.reason], ['remove', 'untagged']);
    assert.ok(!doc.getText().includes('ai-provenance'), 'markers gone');
    assert.ok(doc.getText().includes('  return s;'), 'code stays');
  });

  test('a ledger orphan is an Information diagnostic whose quick fix writes a tombstone', async function () {
    this.timeout(40_000);
    const text = 'const one = 1;\nconst two = 2;\nmodule.exports = { one, two };\n';
    const uri = await put('orphan.js', text);
    const id = '01JB2K7QZZ';
    const record = {
      version: '0.1.0',
      id: 'b9f0a2c4-0000-4000-8000-000000000001',
      timestamp: '2026-10-02T14:03:11Z',
      tool: { name: 'vetted' },
      files: [{ path: 'pledger/orphan.js', conversations: [{ contributor: { type: 'ai' }, ranges: [{ start_line: 2, end_line: 3 }] }] }],
      metadata: { vetted: { v: 1, id, op: 'set', src: 'agent-edit', tool: 'claude-code', conf: 'high', ts: '2026-10-02T14:03:11Z', h: '0123456789abcdef', status: 'unreviewed', markers: false } },
    };
    let existing = '';
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(LEDGER)));
    } catch {
      // no ledger yet
    }
    const changed = waitForEvent(api.provenance.ledger.onDidChange, () => true, 10_000, 'ledger change').catch(() => undefined);
    await vscode.workspace.fs.writeFile(fixtureUri(LEDGER), enc(existing + (existing && !existing.endsWith('\n') ? '\n' : '') + JSON.stringify(record) + '\n'));
    await changed;

    const diagsP = waitForDiagnostics(uri, (ds) => ds.some((d) => d.code === 'ledger-orphan'));
    const editor = await show(uri);
    const diag = (await diagsP).find((d) => d.code === 'ledger-orphan')!;
    assert.strictEqual(diag.source, 'vetted-provenance');
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Information);
    assert.strictEqual(diag.range.start.line, 0);
    assert.match(diag.message, new RegExp(`Ledger record ${id} \\(source agent-edit, tool claude-code, recorded at lines 2–3\\)`));

    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range)) ?? [];
    const fix = actions.find((a) => a.title === 'Forget this ledger record');
    assert.ok(fix?.command, `the quick fix is offered; actions: ${actions.map((a) => a.title).join(' | ') || '(none)'}`);
    assert.ok(!fix.edit, 'the fix never edits the file');
    const cleared = waitForDiagnostics(uri, (ds) => !ds.some((d) => d.code === 'ledger-orphan'));
    assert.strictEqual(await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? [])), true);
    const ls = await waitForLines(api, id, (l) => l.some((x) => x.metadata.vetted.op === 'remove'), 'tombstone');
    assert.deepStrictEqual([ls[ls.length - 1].metadata.vetted.op, ls[ls.length - 1].metadata.vetted.reason], ['remove', 'forgotten']);
    await cleared;
    assert.strictEqual(editor.document.getText(), text, 'the code is untouched');
  });

  test('Go to Next Untagged Insertion visits the pending offers of this file, then other open files', async function () {
    this.timeout(45_000);
    // Offers other suites left in open documents would come first: dismiss them.
    for (const d of vscode.workspace.textDocuments) for (const o of api.provenance.tagger.offersFor(d.uri)) await vscode.commands.executeCommand('vetted.provenance.dismissOffer', d.uri.toString(), o.id);
    const offer = async (rel: string) => {
      const uri = await put(rel, 'const a = 1;\nmodule.exports = { a };\n');
      const editor = await show(uri);
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      const offered = waitForEvent(api.provenance.tagger.onDidTag, (e) => e.uri.toString() === uri.toString() && e.outcome.kind === 'offered', 12_000, 'offer');
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(2, 0), BLOCK)));
      await offered;
      return editor;
    };
    const a = await offer('next-a.js');
    const b = await offer('next-b.js');
    await vscode.window.showTextDocument(a.document, { preview: false });
    a.selection = new vscode.Selection(0, 0, 0, 0);

    const first = await vscode.commands.executeCommand<{ uri: string; line: number }>('vetted.provenance.nextUntaggedInsertion');
    assert.deepStrictEqual(first, { uri: a.document.uri.toString(), line: 2 });
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), a.document.uri.toString());
    assert.strictEqual(vscode.window.activeTextEditor?.selection.active.line, 2);
    const second = await vscode.commands.executeCommand<{ uri: string; line: number }>('vetted.provenance.nextUntaggedInsertion');
    assert.deepStrictEqual(second, { uri: b.document.uri.toString(), line: 2 }, 'then the other open file');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), b.document.uri.toString());

    for (const e of [a, b]) for (const o of api.provenance.tagger.offersFor(e.document.uri)) await vscode.commands.executeCommand('vetted.provenance.dismissOffer', e.document.uri.toString(), o.id);
    assert.strictEqual(await vscode.commands.executeCommand('vetted.provenance.nextUntaggedInsertion'), undefined, 'none left');
  });
});
