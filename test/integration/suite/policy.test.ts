// Team policy in a real VS Code: an invalid `.vetted/policy.json` gets "Vetted policy" diagnostics on the exact key
// (and at a syntax error), fixing the file removes them, and "Vetted: Show Effective Policy" on an auth file names the
// critical tier and the glob that put it there.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, describeDiagnostic, fixtureUri, waitForDiagnostics, waitForEvent } from './helpers';

interface Api {
  policy: {
    onDidChange: vscode.Event<void>;
    settled(): Promise<void>;
    policyFor(uri: vscode.Uri): { tier: { tier: { name: string; reviewers: number }; glob?: string; reason: string }; problems: readonly { message: string }[] } | undefined;
  };
}

const SOURCE = 'Vetted policy';
const POLICY = '.vetted/policy.json';
const enc = (s: string) => new TextEncoder().encode(s);
const ours = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === SOURCE);

suite('Vetted team policy', () => {
  let api: Api;
  const policyUri = () => fixtureUri(POLICY);

  suiteSetup(async function () {
    this.timeout(30_000);
    api = (await activateExtension<Api>('vetted.vetted')).exports;
  });

  async function writePolicy(text: string): Promise<void> {
    await vscode.workspace.fs.writeFile(policyUri(), enc(text));
  }

  teardown(async () => {
    await boundedCleanup(closeAllEditors);
  });

  suiteTeardown(async () => {
    const changed = waitForEvent(api.policy.onDidChange, () => true, 10_000, 'policy change').catch(() => undefined);
    await vscode.workspace.fs.delete(policyUri()).then(undefined, () => undefined);
    await changed;
  });

  test('an invalid field is a diagnostic on its key; fixing the file removes it', async () => {
    const text = ['{', '  "tiers": {', '    "critical": {', '      "reviewers": "two",', '      "addGlobs": ["src/vault/**"]', '    }', '  }', '}', ''].join('\n');
    const appeared = waitForDiagnostics(policyUri(), (d) => ours(d).length > 0);
    await writePolicy(text);
    const diags = ours(await appeared);
    assert.strictEqual(diags.length, 1, diags.map(describeDiagnostic).join('\n'));
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual([diags[0].range.start.line, diags[0].range.start.character, diags[0].range.end.character], [3, 6, 17], describeDiagnostic(diags[0]));
    assert.match(diags[0].message, /invalid reviewers "two" for tier critical.*strictest safe value 2/);
    const vault = api.policy.policyFor(fixtureUri('src/vault/keys.js'));
    assert.strictEqual(vault?.tier.tier.name, 'critical', 'the valid addGlobs still applies');
    assert.strictEqual(vault?.tier.tier.reviewers, 2);

    const gone = waitForDiagnostics(policyUri(), (d) => ours(d).length === 0);
    await writePolicy(text.replace('"two"', '3'));
    await gone;
    await api.policy.settled();
    assert.strictEqual(api.policy.policyFor(fixtureUri('src/vault/keys.js'))?.tier.tier.reviewers, 3);
  });

  test('a policy file that is not JSON: a diagnostic at the error, every file in the strictest tier', async () => {
    const appeared = waitForDiagnostics(policyUri(), (d) => ours(d).some((x) => /not valid JSON/.test(x.message)));
    await writePolicy('{\n  "defaultTier": "standard",\n  trailers: true\n}\n');
    const [d] = ours(await appeared);
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [2, 2], describeDiagnostic(d));
    const fp = api.policy.policyFor(fixtureUri('src/server.js'));
    assert.strictEqual(fp?.tier.tier.name, 'critical');
    assert.match(fp?.tier.reason ?? '', /invalid, so every file gets the strictest tier/);

    const gone = waitForDiagnostics(policyUri(), (x) => ours(x).length === 0);
    await writePolicy('{ "defaultTier": "standard" }\n');
    await gone;
  });

  test('Show Effective Policy on an auth file names the critical tier and its glob', async function () {
    this.timeout(30_000);
    const auth = fixtureUri('src/auth/session.js');
    await vscode.workspace.fs.writeFile(auth, enc('module.exports = function check(token) {\n  return typeof token === "string";\n};\n'));
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(auth));
      const text = await vscode.commands.executeCommand<string>('vetted.showEffectivePolicy');
      assert.ok(typeof text === 'string', 'the command returns the text it shows');
      assert.match(text, /\*\*Tier: critical\*\*/);
      assert.match(text, /src\/auth\/session\.js matches \*\*\/auth\/\*\* \(critical tier, from built-in default\)/);
      assert.match(text, /Workspace trust: \*\*trusted\*\*/);
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'vetted-policy');
      assert.ok(shown, 'a read-only document with the explanation is open');
      assert.strictEqual(shown.document.languageId, 'markdown');
      assert.strictEqual(shown.document.getText(), text);
    } finally {
      await vscode.workspace.fs.delete(auth).then(undefined, () => undefined);
    }
  });
});
