// Agent hooks in a real VS Code: "Set Up Agent Hooks" writes the hook file; when an agent rewrites an open file on
// disk and its PostToolUse hook appends a record to .vetted/agent-events.jsonl, Vetted diffs the file before/after
// and tags exactly the changed region as src=agent-edit, conf=high.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, fixturePath, fixtureUri, waitForEvent } from './helpers';

interface Api {
  provenance: {
    agentHooks: { setUp(folder?: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> };
    tagger: { onDidTag: vscode.Event<{ uri: vscode.Uri; outcome: { kind: string; meta?: { src: string; conf: string; tool: string }; beginLine?: number; endLine?: number } }> };
  };
}

suite('Vetted provenance: agent hooks', () => {
  let api: Api['provenance'];
  suiteSetup(async () => {
    api = (await activateExtension<Api>('vetted.vetted')).exports.provenance;
  });
  teardown(() => boundedCleanup(closeAllEditors));

  test('Set Up Agent Hooks writes a PostToolUse hook that appends to .vetted/agent-events.jsonl', async () => {
    const uri = await api.agentHooks.setUp(vscode.workspace.workspaceFolders![0]);
    assert.ok(uri);
    const hook = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    assert.match(hook.hooks.PostToolUse[0].command, /\.vetted\/agent-events\.jsonl/);
    // The events file (local, holds file contents) is kept out of commits.
    const ignore = fs.readFileSync(fixturePath('.vetted/.gitignore'), 'utf8');
    assert.strictEqual(ignore.split('\n').filter((l) => l === 'agent-events*.jsonl').length, 1, ignore);
  });

  test('an agent write recorded by the hook is tagged exactly where the file changed (agent-edit, high)', async function () {
    this.timeout(60_000); // both waits depend on file watchers, which lag on a busy machine
    const rel = 'prov/agent.js';
    const before = 'const a = 1;\n\nmodule.exports = { a };\n';
    fs.mkdirSync(fixturePath('prov'), { recursive: true });
    fs.writeFileSync(fixturePath(rel), before);
    const doc = await vscode.workspace.openTextDocument(fixtureUri(rel));
    await vscode.window.showTextDocument(doc);
    const added = 'function double(x) {\n  const result = x * 2;\n  return result;\n}\n';
    const reloaded = waitForEvent(vscode.workspace.onDidChangeTextDocument, (e) => e.document === doc && doc.getText().includes('double'), 30_000, 'reload of the agent-written file');
    fs.writeFileSync(fixturePath(rel), `const a = 1;\n${added}\nmodule.exports = { a };\n`);
    await reloaded;
    const tagged = waitForEvent(api.tagger.onDidTag, (e) => e.uri.toString() === doc.uri.toString() && e.outcome.kind === 'tagged', 20_000, 'agent tag');
    fs.mkdirSync(fixturePath('.vetted'), { recursive: true });
    fs.appendFileSync(fixturePath('.vetted/agent-events.jsonl'), JSON.stringify({ tool_name: 'Write', tool_input: { file_path: fixturePath(rel) }, sessionId: 's-1' }) + '\n');
    const { outcome } = await tagged;
    assert.deepStrictEqual([outcome.meta?.src, outcome.meta?.conf, outcome.meta?.tool], ['agent-edit', 'high', 'claude-code']);
    const lines = doc.getText().split('\n');
    assert.match(lines[1], /^\/\/ ai-provenance:begin .*src=agent-edit/);
    assert.strictEqual(lines[2], 'function double(x) {');
    assert.match(lines[6], /^\/\/ ai-provenance:end /);
    assert.strictEqual(lines[0], 'const a = 1;');
  });

  test('a file the agent wrote with no editor open is tagged where the recorded content sits', async function () {
    this.timeout(40_000);
    const rel = 'prov/agent-new.py';
    const content = 'def triple(x):\n    result = x * 3\n    return result\n';
    fs.mkdirSync(fixturePath('prov'), { recursive: true });
    fs.writeFileSync(fixturePath(rel), `import os\n\n${content}`);
    const uri = fixtureUri(rel);
    const tagged = waitForEvent(api.tagger.onDidTag, (e) => e.uri.toString() === uri.toString() && e.outcome.kind === 'tagged', 15_000, 'agent tag');
    fs.appendFileSync(fixturePath('.vetted/agent-events.jsonl'), JSON.stringify({ tool_name: 'Write', tool_input: { file_path: fixturePath(rel), content }, sessionId: 's-2' }) + '\n');
    const { outcome } = await tagged;
    assert.deepStrictEqual([outcome.meta?.src, outcome.meta?.conf], ['agent-edit', 'high']);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
    const lines = doc.getText().split('\n');
    assert.deepStrictEqual(lines.slice(0, 3), ['import os', '', lines[2]]);
    assert.match(lines[2], /^# ai-provenance:begin .*src=agent-edit/);
    assert.strictEqual(lines[3], 'def triple(x):');
    assert.match(lines[6], /^# ai-provenance:end /);
  });

  test('a large events file is rotated without losing the records written around the rotation', async function () {
    this.timeout(60_000);
    const events = fixturePath('.vetted/agent-events.jsonl');
    const write = (rel: string, content: string) => {
      fs.writeFileSync(fixturePath(rel), `import sys\n\n${content}`);
      return JSON.stringify({ tool_name: 'Write', tool_input: { file_path: fixturePath(rel), content }, sessionId: 's-3' }) + '\n';
    };
    // A record for a file outside the workspace (ignored) big enough to pass the rotation size, then a real one.
    const big = JSON.stringify({ tool_name: 'Write', tool_input: { file_path: '/nonexistent/outside.txt', content: 'x'.repeat(1_100_000) } }) + '\n';
    const first = fixtureUri('prov/rot-1.py');
    const tagged1 = waitForEvent(api.tagger.onDidTag, (e) => e.uri.toString() === first.toString() && e.outcome.kind === 'tagged', 20_000, 'first tag');
    fs.appendFileSync(events, big + write('prov/rot-1.py', 'def one():\n    value = 1\n    return value\n'));
    await tagged1;
    const deadline = Date.now() + 15_000;
    while ((fs.existsSync(events.replace(/\.jsonl$/, '.1.jsonl')) || (fs.existsSync(events) && fs.statSync(events).size > 1_000_000)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.ok(!fs.existsSync(events.replace(/\.jsonl$/, '.1.jsonl')), 'the rotated file is deleted once read');
    assert.ok(!fs.existsSync(events) || fs.statSync(events).size < 1_000_000, 'the events file starts small again');
    // Records after the rotation (a new file, read from its start) are still handled.
    const second = fixtureUri('prov/rot-2.py');
    const tagged2 = waitForEvent(api.tagger.onDidTag, (e) => e.uri.toString() === second.toString() && e.outcome.kind === 'tagged', 20_000, 'second tag');
    fs.appendFileSync(events, write('prov/rot-2.py', 'def two():\n    value = 2\n    return value\n'));
    const { outcome } = await tagged2;
    assert.strictEqual(outcome.meta?.src, 'agent-edit');
  });
});
