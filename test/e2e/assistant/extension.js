// Stand-in assistant for Vetted's UI test (test/e2e/provenance.test.mjs): like Copilot-style assistants it offers
// a multi-line inline completion through the stable registerInlineCompletionItemProvider API. The user accepts the
// ghost text with Tab; no API tells other extensions that it happened, which is what Vetted must detect.
'use strict';
const vscode = require('vscode');

const TRIGGER = 'function sumPrices';
const COMPLETION = [
  '(items) {',
  '  let total = 0;',
  '  for (const item of items) total += item.price * item.quantity;',
  '  return Math.round(total * 100) / 100;',
  '}',
].join('\n');

function activate(context) {
  context.subscriptions.push(
    vscode.languages.registerInlineCompletionItemProvider({ language: 'javascript' }, {
      provideInlineCompletionItems(document, position) {
        const before = document.lineAt(position.line).text.slice(0, position.character);
        if (!before.endsWith(TRIGGER)) return [];
        return [new vscode.InlineCompletionItem(COMPLETION, new vscode.Range(position, position))];
      },
    }),
  );
}

function deactivate() {}

module.exports = { activate, deactivate };
