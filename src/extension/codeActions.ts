import * as vscode from 'vscode';
import { ruleMeta } from '../core/rules/index';
import type { Fix } from '../core/types';
import type { DocumentChecker } from './checker';
import { toRange, toTextEdit } from './convert';
import { COMMANDS, DIAGNOSTIC_SOURCE } from './ids';

/** Quick fixes carried by findings, plus a link to each rule's documentation. */
export class FixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly checker: DocumentChecker) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    const findings = this.checker.currentFindingsFor(doc); // fixes of an older version would edit the wrong text
    const documented = new Set<string>();
    for (const diag of context.diagnostics) {
      if (diag.source !== DIAGNOSTIC_SOURCE) continue;
      const ruleId = typeof diag.code === 'object' ? String(diag.code.value) : String(diag.code);
      const finding = findings.find((f) => f.ruleId === ruleId && toRange(f.range).isEqual(diag.range));
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diag];
        action.isPreferred = fix.isPreferred === true;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.set(doc.uri, fix.edits.map(toTextEdit));
        if (fix.createOrAppend) {
          const added = await addLine(action.edit, doc.uri, fix.createOrAppend);
          if (!added || (added === 'present' && !fix.edits.length)) continue; // no folder to put it in, or nothing left to do
        }
        actions.push(action);
      }
      if (ruleMeta(ruleId)) {
        const suppress = new vscode.CodeAction(`Suppress ${ruleId} on this line with a reason…`, vscode.CodeActionKind.QuickFix);
        suppress.diagnostics = [diag];
        suppress.command = { command: COMMANDS.suppress, title: 'Suppress with a reason', arguments: [doc.uri.toString(), diag.range.start.line, ruleId] };
        actions.push(suppress);
      }
      if (finding && ruleMeta(ruleId) && vscode.workspace.getWorkspaceFolder(doc.uri)) {
        const dismiss = new vscode.CodeAction('Dismiss in .vetted/ignore.json…', vscode.CodeActionKind.QuickFix);
        dismiss.diagnostics = [diag];
        dismiss.command = { command: COMMANDS.dismissFinding, title: 'Dismiss in .vetted/ignore.json', arguments: [doc.uri.toString(), ruleId, finding.fingerprint] };
        actions.push(dismiss);
      }
      if (!documented.has(ruleId) && ruleMeta(ruleId)) {
        documented.add(ruleId);
        const doc = new vscode.CodeAction(`Vetted: explain ${ruleId}`, vscode.CodeActionKind.QuickFix);
        doc.diagnostics = [diag];
        doc.command = { command: COMMANDS.openRuleDoc, title: 'Explain rule', arguments: [ruleId] };
        actions.push(doc);
      }
    }
    return actions;
  }
}

/**
 * Adds `line` (e.g. `JWT_SECRET=`) to the file a fix names, e.g. `.env.example`: created when missing, appended to
 * otherwise, left alone when it already has a line for the same name ('present'). False when there is no folder to resolve it in.
 */
async function addLine(edit: vscode.WorkspaceEdit, docUri: vscode.Uri, target: NonNullable<Fix['createOrAppend']>): Promise<'added' | 'present' | false> {
  const folder = target.base === 'document' && docUri.scheme !== 'untitled' ? vscode.Uri.joinPath(docUri, '..') : vscode.workspace.getWorkspaceFolder(docUri)?.uri;
  if (!folder || target.relativePath.split(/[\\/]/).includes('..')) return false;
  const uri = vscode.Uri.joinPath(folder, ...target.relativePath.split(/[\\/]/).filter(Boolean));
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let text: string | undefined = open?.isDirty ? open.getText() : undefined; // unsaved edits win; else the file on disk
  if (text === undefined) {
    try {
      text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      text = undefined; // missing: create it
    }
  }
  const name = /^[^=]*/.exec(target.line)?.[0].trim() ?? '';
  if (text === undefined) {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), `${target.line}\n`);
    return 'added';
  }
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (name && new RegExp(`^[ \\t]*(?:export[ \\t]+)?${escaped}[ \\t]*=`, 'm').test(text)) return 'present'; // already listed
  const lines = text.split('\n');
  const end = new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
  edit.insert(uri, end, `${text.length && !text.endsWith('\n') ? '\n' : ''}${target.line}\n`);
  return 'added';
}
