import * as vscode from 'vscode';
import { newRegionId } from '../../core/provenance/format';
import { repairsFor } from '../../core/provenance/repair';
import type { MarkerProblem } from '../../core/provenance/types';
import { toTextEdit } from '../convert';
import { PROVENANCE_DIAGNOSTIC_SOURCE } from '../ids';
import { RegionIndex } from './regions';

/** Marker problems (begin without end, orphan end, duplicate id, unreadable marker, overlap) as diagnostics. */
export class MarkerDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(PROVENANCE_DIAGNOSTIC_SOURCE);
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly index: RegionIndex) {
    this.disposables.push(
      index.onDidChange((uri) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc) this.update(doc);
        else this.collection.delete(uri);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.update(d);
  }

  private update(doc: vscode.TextDocument): void {
    const problems = this.index.scan(doc).problems;
    if (!problems.length) {
      this.collection.delete(doc.uri);
      return;
    }
    this.collection.set(doc.uri, problems.map((p) => toDiagnostic(doc, p)));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(doc: vscode.TextDocument, p: MarkerProblem): vscode.Diagnostic {
  const line = doc.lineAt(Math.min(p.line, doc.lineCount - 1));
  const range = new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.text.length);
  const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Warning);
  d.source = PROVENANCE_DIAGNOSTIC_SOURCE;
  d.code = p.kind;
  return d;
}

/** Quick fixes for marker problems: they edit marker lines only, never the code. */
export class MarkerFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly index: RegionIndex) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === PROVENANCE_DIAGNOSTIC_SOURCE);
    if (!ours.length) return [];
    const text = doc.getText();
    const styles = RegionIndex.stylesFor(doc);
    const problems = this.index.scan(doc).problems;
    const taken = new Set(this.index.blocks(doc).map((b) => b.meta.id));
    for (const p of problems) if (p.id) taken.add(p.id);
    const actions: vscode.CodeAction[] = [];
    for (const diag of ours) {
      const p = problems.find((x) => x.line === diag.range.start.line && x.kind === diag.code);
      if (!p) continue;
      for (const fix of repairsFor(text, p, styles, () => newRegionId(Date.now(), Math.random, taken))) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diag];
        action.isPreferred = fix.preferred === true;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.set(doc.uri, fix.edits.map(toTextEdit));
        actions.push(action);
      }
    }
    return actions;
  }
}
