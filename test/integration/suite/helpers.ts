// Generic helpers for integration suites running inside a real VS Code extension host.
// Suites are bundled by scripts/run-vscode-tests.mjs with esbuild (`vscode` and `mocha` stay
// external), so this module is imported with a relative path: `import { ... } from './helpers'`.
//
// Rule for suites: never sleep. Wait for the VS Code event that signals what you need
// (waitForDiagnostics, waitForEvent) with a timeout below mocha's 20 s per-test timeout, so a
// failure reports what was observed instead of a bare "Timeout of 20000ms exceeded".
import * as path from 'path';
import * as vscode from 'vscode';

/** Default wait for helpers; keep below the mocha per-test timeout (20 s). */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** Root folder of the (temporary copy of the) fixture workspace the tests run in. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the runner opens the fixture workspace)');
  return folder.uri;
}

/** URI of a file in the fixture workspace, e.g. fixtureUri('src/server.js'). */
export function fixtureUri(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relPath.split(/[\\/]/).filter(Boolean));
}

/**
 * Opens a fixture file in an editor and returns both the document and the editor.
 * The workspace is a throw-away copy: tests may edit and save files.
 */
export async function openFixture(
  relPath: string,
  options: { preview?: boolean; viewColumn?: vscode.ViewColumn } = {},
): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = fixtureUri(relPath);
  const document = await vscode.workspace.openTextDocument(uri);
  // Start from the fixture as it is on disk even when an earlier test's teardown could not put it back in time.
  const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  if (document.getText() !== onDisk) await replaceDocumentText(document, onDisk);
  const editor = await vscode.window.showTextDocument(document, {
    preview: options.preview ?? false,
    viewColumn: options.viewColumn,
  });
  return { uri, document, editor };
}

/**
 * Resolves with the diagnostics of `uri` as soon as `predicate` accepts them: immediately when
 * the current diagnostics already match, otherwise on the first matching
 * `languages.onDidChangeDiagnostics` event. Rejects after `timeoutMs` with the last diagnostics
 * seen, so failures are self-explanatory.
 *
 * Example: `await waitForDiagnostics(uri, (d) => d.some((x) => x.source === 'Vetted'))`.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  return new Promise((resolve, reject) => {
    let settled = false;
    // Subscribe before reading the current state so no change can slip in between.
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages.getDiagnostics(uri);
      reject(new Error(
        `waitForDiagnostics: predicate not satisfied within ${timeoutMs} ms for ${vscode.workspace.asRelativePath(uri)}; ` +
        `current diagnostics (${seen.length}):\n${seen.map(describeDiagnostic).join('\n') || '  (none)'}`,
      ));
    }, timeoutMs);

    function finish(): void {
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
    }
    function check(): void {
      if (settled) return;
      const current = vscode.languages.getDiagnostics(uri);
      let ok: boolean;
      try {
        ok = predicate(current);
      } catch (err) {
        finish();
        reject(err);
        return;
      }
      if (ok) {
        finish();
        resolve(current);
      }
    }
    check();
  });
}

/**
 * Resolves with the first event fired by `event` that `predicate` accepts (default: any),
 * rejecting after `timeoutMs`. Subscribe *before* triggering the action that fires it:
 *
 *   const saved = waitForEvent(vscode.workspace.onDidSaveTextDocument, (d) => d.uri.fsPath === file);
 *   await document.save();
 *   await saved;
 */
export function waitForEvent<T>(
  event: vscode.Event<T>,
  predicate: (value: T) => boolean = () => true,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
  description = 'event',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`waitForEvent: no matching ${description} within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = event((value) => {
      let ok: boolean;
      try {
        ok = predicate(value);
      } catch (err) {
        clearTimeout(timer);
        subscription.dispose();
        reject(err);
        return;
      }
      if (!ok) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Gets an installed extension by id, activates it and returns its exports. */
export async function activateExtension<T = unknown>(id: string): Promise<vscode.Extension<T>> {
  const ext = vscode.extensions.getExtension<T>(id);
  if (!ext) {
    const ids = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(`extension ${id} is not installed; non-builtin extensions: ${ids.join(', ') || '(none)'}`);
  }
  if (!ext.isActive) await ext.activate();
  return ext;
}

/** Replaces the whole text of an open document (unsaved edit) and resolves when it is applied. */
export async function replaceDocumentText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  edit.replace(document.uri, all, text);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) throw new Error(`could not edit ${document.uri.toString()}`);
}

/**
 * Runs teardown cleanup with a time limit: a workbench command that never settles (seen in about one run in ten,
 * under load: closeAllEditors/saveAll waiting on something the headless workbench never answers) must not fail a
 * test that passed. Tests start from the files on disk anyway (see openFixture).
 */
export async function boundedCleanup(cleanup: () => Promise<unknown>, ms = 10_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const outcome = await Promise.race([cleanup().then(() => 'done' as const), limit]);
  clearTimeout(timer);
  if (outcome === 'timeout') console.warn(`[vetted tests] teardown cleanup did not finish within ${ms / 1000} s`);
}

/** Closes all editors (e.g. in teardown), so the next test starts from a clean window. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** One line per diagnostic, for assertion messages: `  3:5 warning [Vetted probe-eval] message`. */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  const severity = ['error', 'warning', 'info', 'hint'][d.severity] ?? String(d.severity);
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  const tag = [d.source, code].filter((x) => x !== undefined && x !== '').join(' ');
  return `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${severity}${tag ? ` [${tag}]` : ''} ${d.message}`;
}

/** Absolute path of a file in the fixture workspace (for fs-level assertions). */
export function fixturePath(relPath: string): string {
  return path.join(workspaceRoot().fsPath, relPath);
}
