import * as vscode from 'vscode';

/**
 * The built-in Git extension's API (version 1), once it is initialised; undefined in untrusted workspaces (VS Code
 * turns Git off there), when the extension is missing or disabled. `T` is the part of the API the caller declares
 * (extensions/git/src/api/git.d.ts). Waits at most `timeoutMs` for the API to initialise.
 */
export async function initialisedGitApi<T extends { readonly state: string; readonly onDidChangeState: vscode.Event<string> }>(timeoutMs: number): Promise<T | undefined> {
  if (!vscode.workspace.isTrusted) return undefined;
  const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): T }>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports?.enabled) return undefined;
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const sub = api.onDidChangeState((s) => s === 'initialized' && done());
      function done() {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
  return api;
}
