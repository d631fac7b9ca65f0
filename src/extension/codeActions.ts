import * as vscode from 'vscode';
import { ruleMeta } from '../core/rules/index';
import type { DocumentChecker } from './checker';
import { toRange, toTextEdit } from './convert';
import { COMMANDS, DIAGNOSTIC_SOURCE } from './ids';

/** Quick fixes carried by findings, plus a link to each rule's documentation. */
export class FixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly checker: DocumentChecker) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
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
        actions.push(action);
      }
      if (ruleMeta(ruleId)) {
        const suppress = new vscode.CodeAction(`Suppress ${ruleId} on this line with a reason…`, vscode.CodeActionKind.QuickFix);
        suppress.diagnostics = [diag];
        suppress.command = { command: COMMANDS.suppress, title: 'Suppress with a reason', arguments: [doc.uri.toString(), diag.range.start.line, ruleId] };
        actions.push(suppress);
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
