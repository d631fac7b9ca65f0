import * as vscode from 'vscode';
import { Engine } from '../core/engine';
import { Parsers, type WasmSource } from '../core/parser';
import { TEXT_VSCODE_IDS } from '../core/languages';
import { ruleDocPath, ruleMeta } from '../core/rules/index';
import { toTextEdit } from './convert';
import { DocumentChecker } from './checker';
import { documentInput } from './documents';
import { FixProvider } from './codeActions';
import { ConfigReader } from './config';
import { COMMANDS, OUTPUT_CHANNEL } from './ids';
import { scanWorkspace } from './scanWorkspace';
import { StatusBar } from './statusBar';
import { PolicyService } from './policy';
import { FindingsView } from './view';
import { registerProvenanceView, type ProvenanceViewApi } from './provenance/pview';
import { registerProvenance, type ProvenanceApi } from './provenance/index';
import { registerLedgerLink, type LedgerLinkApi } from './provenance/pledger';
import { folderVerdict, registerGate, type GateApi } from './gate';
import { registerReports } from './metrics';
import { registerReview, type ReviewApi } from './review/index';

// Text files are scanned for secrets; `plaintext` covers `.toml`, `.tf` or `.kt` files when no extension claims them.
const SELECTOR: vscode.DocumentSelector = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', ...TEXT_VSCODE_IDS, 'plaintext'].map((language) => ({ language }));

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
  readonly view: FindingsView;
  readonly provenanceView: ProvenanceViewApi;
  readonly provenance: ProvenanceApi;
  readonly ledgerLink: LedgerLinkApi;
  readonly policy: PolicyService;
  readonly gate: GateApi;
  readonly review: ReviewApi;
}

export function activate(context: vscode.ExtensionContext): VettedApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  const wasm: WasmSource = {
    runtime: () => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'web-tree-sitter.wasm')),
    grammar: (file) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'grammars', file)),
  };
  const parsers = new Parsers(wasm);
  const engine = new Engine(parsers);
  const config = new ConfigReader(log);
  const policy = new PolicyService(log);
  config.setPinnedSource((scope) => policy.pinnedFor(scope));
  const docUri = (ruleId: string) => (ruleMeta(ruleId) ? vscode.Uri.joinPath(context.extensionUri, ruleDocPath(ruleId)) : undefined);
  const view = new FindingsView(config, log);
  const checker = new DocumentChecker(engine, config, log, docUri, view);
  const status = new StatusBar(checker, config, view, policy);

  context.subscriptions.push(
    log,
    policy,
    policy.onDidChange(() => checker.recheckAll()),
    view,
    checker,
    status,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FixProvider(checker), { providedCodeActionKinds: FixProvider.kinds }),
    vscode.commands.registerCommand(COMMANDS.scanWorkspace, () => scanWorkspace(engine, checker, config, log)),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.openRuleDoc, async (ruleId: unknown) => {
      const uri = typeof ruleId === 'string' ? docUri(ruleId) : undefined;
      if (uri) await vscode.commands.executeCommand('markdown.showPreview', uri);
    }),
    vscode.commands.registerCommand(COMMANDS.suppress, (uri: unknown, line: unknown, ruleId: unknown, reason?: unknown) => suppress(engine, uri, line, ruleId, reason)),
    vscode.commands.registerCommand(COMMANDS.openSample, async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: SAMPLE });
      await vscode.window.showTextDocument(doc);
    }),
  );

  const provenanceView = registerProvenanceView(context, { checker, parsers, log });
  const provenance = registerProvenance(context, { parsers, config, log });
  provenanceView.setLedgerSource(provenance.ledgerRegions);
  const ledgerLink = registerLedgerLink(context, { view: provenanceView, provenance, log });
  const gate = registerGate(context, { engine, checker, log });
  context.subscriptions.push(...registerReports(context, engine, log, String(context.extension.packageJSON.version)));
  // Review panel: tiers and checklists from the team policy, the commit check from the gate (staged content).
  const review = registerReview(context, {
    checker,
    provenanceView,
    provenance,
    log,
    ledgerSettled: () => ledgerLink.settled(),
    policy,
    verdict: {
      stagedVerdict: (folder) =>
        folderVerdict(folder).catch((e: unknown) => {
          log.warn(`gate: no commit check for ${folder.name}: ${e instanceof Error ? e.message : String(e)}`);
          return undefined;
        }),
    },
  });
  checker.recheckAll();
  log.info(`Vetted ${context.extension.packageJSON.version} activated in ${Date.now() - started} ms (workspace trusted: ${vscode.workspace.isTrusted})`);
  return { engine, checker, view, provenanceView, provenance, ledgerLink, policy, gate, review };
}

/**
 * Adds `vetted-ignore <rule> -- <reason>` above the line. The reason is asked for (and required); tests pass it directly.
 * Arguments come from a code action, but are validated like any other input.
 */
async function suppress(engine: Engine, uriArg: unknown, lineArg: unknown, ruleArg: unknown, reasonArg: unknown): Promise<boolean> {
  if (typeof uriArg !== 'string' || typeof lineArg !== 'number' || !Number.isInteger(lineArg) || typeof ruleArg !== 'string' || !ruleMeta(ruleArg)) return false;
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriArg);
  if (!doc || lineArg < 0 || lineArg >= doc.lineCount) return false;
  const reason =
    typeof reasonArg === 'string'
      ? reasonArg
      : await vscode.window.showInputBox({
          title: `Suppress ${ruleArg}`,
          prompt: 'Why is this safe? The reason is kept in the code and listed in reports.',
          placeHolder: 'e.g. value is an internal constant checked by validateId()',
          validateInput: (v) => (v.trim().length < 3 ? 'A reason is required.' : undefined),
        });
  if (!reason || reason.trim().length < 3) return false;
  const edit = await engine.suppressionEdit(documentInput(doc), lineArg, ruleArg, reason);
  if (!edit) return false;
  const we = new vscode.WorkspaceEdit();
  we.set(doc.uri, [toTextEdit(edit)]);
  return vscode.workspace.applyEdit(we);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
