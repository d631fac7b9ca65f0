import * as vscode from 'vscode';
import { Engine } from '../core/engine';
import { Parsers, type WasmSource } from '../core/parser';
import { ruleDocPath } from '../core/rules/index';
import { DocumentChecker } from './checker';
import { FixProvider } from './codeActions';
import { ConfigReader } from './config';
import { COMMANDS, OUTPUT_CHANNEL } from './ids';
import { scanWorkspace } from './scanWorkspace';
import { StatusBar } from './statusBar';

const SELECTOR: vscode.DocumentSelector = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python'].map((language) => ({ language }));

const SAMPLE = `// A sample of code an assistant might write. Vetted flags each problem; hover or press Ctrl+. for a fix.
const express = require('express');
const { Pool } = require('pg');
const db = new Pool();
const JWT_SECRET = 'k9#Lq2!vXz81-prod';

const app = express();
app.get('/users', async (req, res) => {
  const rows = await db.query(\`SELECT * FROM users WHERE name = '\${req.query.name}'\`);
  res.json(rows);
});

function render(el, user) {
  el.innerHTML = '<b>' + user.bio + '</b>';
}

function calc(expr) {
  return eval(expr);
}
`;

export interface VettedApi {
  readonly engine: Engine;
  readonly checker: DocumentChecker;
}

export function activate(context: vscode.ExtensionContext): VettedApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  const wasm: WasmSource = {
    runtime: () => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'web-tree-sitter.wasm')),
    grammar: (file) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'grammars', file)),
  };
  const engine = new Engine(new Parsers(wasm));
  const config = new ConfigReader(log);
  const docUri = (ruleId: string) => vscode.Uri.joinPath(context.extensionUri, ruleDocPath(ruleId));
  const checker = new DocumentChecker(engine, config, log, docUri);
  const status = new StatusBar(checker, config);

  context.subscriptions.push(
    log,
    checker,
    status,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FixProvider(checker), { providedCodeActionKinds: FixProvider.kinds }),
    vscode.commands.registerCommand(COMMANDS.scanWorkspace, () => scanWorkspace(engine, checker, config, log)),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.openRuleDoc, async (ruleId: unknown) => {
      if (typeof ruleId !== 'string' || !/^[a-z0-9-]+$/.test(ruleId)) return;
      await vscode.commands.executeCommand('markdown.showPreview', docUri(ruleId));
    }),
    vscode.commands.registerCommand(COMMANDS.openSample, async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: SAMPLE });
      await vscode.window.showTextDocument(doc);
    }),
  );

  checker.recheckAll();
  log.info(`Vetted ${context.extension.packageJSON.version} activated in ${Date.now() - started} ms (workspace trusted: ${vscode.workspace.isTrusted})`);
  return { engine, checker };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
