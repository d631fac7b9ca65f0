import * as vscode from 'vscode';
import type { DocumentInput } from '../core/engine';
import { languageFromPath, languageFromVscodeId, textKindOf } from '../core/languages';

/** What the engine needs to know about an editor document: its parsed language, or the kind of text file it is. */
export function documentInput(doc: vscode.TextDocument): DocumentInput {
  const language = languageFromVscodeId(doc.languageId);
  const path = doc.uri.scheme === 'untitled' ? undefined : vscode.workspace.asRelativePath(doc.uri, false);
  return { text: doc.getText(), language, textKind: language ? undefined : textKindOf(doc.uri.path, doc.languageId), path };
}

/** Whether Vetted analyses the document at all (code it parses, or a text file it scans for secrets). */
export function isAnalysable(doc: vscode.TextDocument): boolean {
  return languageFromVscodeId(doc.languageId) !== undefined || textKindOf(doc.uri.path, doc.languageId) !== undefined;
}

/** The same for a file Scan Workspace reads from disk (no language id: by path). */
export function fileInput(uri: vscode.Uri, text: string): DocumentInput {
  const language = languageFromPath(uri.path);
  return { text, language, textKind: language ? undefined : textKindOf(uri.path, ''), path: vscode.workspace.asRelativePath(uri, false) };
}
