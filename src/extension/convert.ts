import * as vscode from 'vscode';
import type { Finding, Range, Severity, TextEdit } from '../core/types';
import { DIAGNOSTIC_SOURCE } from './ids';

/** The one seam where core types become VS Code types. */
export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'critical':
    case 'high':
      return vscode.DiagnosticSeverity.Error;
    case 'medium':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

export function toTextEdit(e: TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(toRange(e.range), e.newText);
}

export function toDiagnostic(f: Finding, docUri: (ruleId: string) => vscode.Uri | undefined): vscode.Diagnostic {
  const cwe = f.cwe.length ? ` [${f.cwe.join(', ')}]` : '';
  const d = new vscode.Diagnostic(toRange(f.range), `${f.message}${cwe} (confidence: ${f.confidence})`, toSeverity(f.severity));
  d.source = DIAGNOSTIC_SOURCE;
  const target = docUri(f.ruleId);
  d.code = target ? { value: f.ruleId, target } : f.ruleId;
  return d;
}
