// Stand-in for the real Vetted extension, used only to self-test the test harness
// (`node scripts/run-vscode-tests.mjs --self-test`). It publishes one warning with
// source "Vetted" on every JavaScript document and shows a "Vetted" status bar item.
'use strict';
const vscode = require('vscode');

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const diagnostics = vscode.languages.createDiagnosticCollection('vetted-probe');
  context.subscriptions.push(diagnostics);

  const item = vscode.window.createStatusBarItem('vettedProbe.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Vetted';
  item.text = '$(shield) Vetted';
  item.tooltip = 'Vetted probe';
  item.show();
  context.subscriptions.push(item);

  /** @param {vscode.TextDocument} doc */
  const check = (doc) => {
    if (doc.languageId !== 'javascript') return;
    const out = [];
    for (let i = 0; i < doc.lineCount; i++) {
      const col = doc.lineAt(i).text.indexOf('eval(');
      if (col >= 0) {
        const d = new vscode.Diagnostic(new vscode.Range(i, col, i, col + 4),
          'Vetted probe: avoid eval()', vscode.DiagnosticSeverity.Warning);
        d.source = 'Vetted';
        d.code = 'probe-eval';
        out.push(d);
      }
    }
    diagnostics.set(doc.uri, out);
  };
  vscode.workspace.textDocuments.forEach(check);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => diagnostics.delete(doc.uri)),
    vscode.commands.registerCommand('vettedProbe.ping', () => 'pong'),
  );
  return { probe: true };
}

function deactivate() {}

module.exports = { activate, deactivate };
