// Reports in the editor: "Vetted: Export AI-BOM" run through its command with arguments (format + target, as tests
// and scripts do), and "Vetted: Show Metrics" opening its webview panel.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, waitForEvent, workspaceRoot } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

suite('Reports', () => {
  suiteSetup(async () => {
    await activateExtension('vetted.vetted');
    await vscode.workspace.fs.writeFile(
      fixtureUri('aibom/tagged.js'),
      enc(
        [
          'const express = require("express");',
          '// ai-provenance:begin v=1 id=0G2K7QX9RP src=inline tool=github.copilot model=gpt-4.1 conf=high ts=2026-11-02T10:00:00Z h=0000000000000000 status=unreviewed',
          'const app = express();',
          '// ai-provenance:end id=0G2K7QX9RP',
          '',
        ].join('\n'),
      ),
    );
  });

  test('Export AI-BOM writes SPDX 3.0.1 and JSON with the tagged block', async () => {
    const dir = path.join(os.tmpdir(), `vetted-aibom-${process.pid}`);
    const spdxPath = path.join(dir, 'repo.spdx.json');
    const result = (await vscode.commands.executeCommand('vetted.exportAiBom', { format: 'spdx', target: spdxPath, folder: workspaceRoot().fsPath })) as { path: string; blocks: number } | undefined;
    assert.ok(result, 'the command returned a result');
    assert.ok(result.blocks >= 1);
    const spdx = JSON.parse(dec(await vscode.workspace.fs.readFile(vscode.Uri.file(spdxPath)))) as { '@context': string; '@graph': Array<{ type: string; name?: string }> };
    assert.strictEqual(spdx['@context'], 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld');
    assert.ok(spdx['@graph'].some((n) => n.type === 'software_Snippet' && n.name?.startsWith('aibom/tagged.js#L3-L3')));
    const jsonPath = path.join(dir, 'repo.aibom.json');
    await vscode.commands.executeCommand('vetted.exportAiBom', { format: 'json', target: jsonPath, folder: workspaceRoot().fsPath });
    const json = JSON.parse(dec(await vscode.workspace.fs.readFile(vscode.Uri.file(jsonPath)))) as { records: Array<{ metadata: { vetted: { id: string; status: string } } }> };
    const rec = json.records.find((r) => r.metadata.vetted.id === '0G2K7QX9RP');
    assert.strictEqual(rec?.metadata.vetted.status, 'modified', 'the fixture marker hash does not match the code');
  });

  test('Show Metrics opens the metrics panel', async () => {
    // `wait`: the command resolves once the page's script ran (under the CSP), said `ready`, and got its metrics.
    const opened = await vscode.commands.executeCommand('vetted.showMetrics', { folder: workspaceRoot().fsPath, wait: true });
    assert.strictEqual(opened, true, 'the metrics page loaded and received its metrics');
    const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Vetted Metrics');
    if (!find()) await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, () => !!find(), 10_000, 'Vetted Metrics tab');
    const tab = find()!;
    // Close only this panel (closing all editors would stop at other suites' unsaved untitled files).
    await vscode.window.tabGroups.close(tab);
  });
});
