import * as vscode from 'vscode';
import type { Engine } from '../core/engine';
import { SUPPORTED_EXTENSIONS, TEXT_FILE_GLOBS, languageFromPath, textKindFromPath } from '../core/languages';
import { errorText } from '../core/parser';
import { engineOptions } from '../core/settings';
import type { DocumentChecker } from './checker';
import type { ConfigReader } from './config';
import { fileInput } from './documents';

export interface ScanTotals {
  files: number;
  findings: number;
  skipped: number;
  failed: number;
  cancelled: boolean;
}

/** "Vetted: Scan Workspace": every supported file, with a cancellable progress notification. */
export async function scanWorkspace(engine: Engine, checker: DocumentChecker, config: ConfigReader, log: vscode.LogOutputChannel): Promise<ScanTotals> {
  const totals: ScanTotals = { files: 0, findings: 0, skipped: 0, failed: 0, cancelled: false };
  const settings = config.read();
  if (!settings.enable) {
    void vscode.window.showInformationMessage('Vetted is disabled (vetted.enable is false).');
    return totals;
  }
  const include = `**/{${[...SUPPORTED_EXTENSIONS.map((e) => `*${e}`), ...TEXT_FILE_GLOBS].join(',')}}`;
  const exclude = settings.exclude.length ? `{${settings.exclude.join(',')}}` : undefined;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Vetted: scanning workspace', cancellable: true },
    async (progress, token) => {
      // lock files match the globs (*.json, *.yaml, *.lock) but are never read
      const uris = (await vscode.workspace.findFiles(include, exclude, undefined, token)).filter((u) => languageFromPath(u.path) || textKindFromPath(u.path));
      const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
      const step = uris.length ? 100 / uris.length : 100;
      for (const uri of uris) {
        if (token.isCancellationRequested) {
          totals.cancelled = true;
          break;
        }
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: step });
        try {
          const doc = open.get(uri.toString());
          const text = doc ? doc.getText() : new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
          const result = await engine.analyze(fileInput(uri, text), engineOptions(config.read(uri)));
          checker.publish(uri, result, doc?.version, text);
          totals.files++;
          totals.findings += checker.findingsFor(uri).length; // as shown (confidence threshold, focus mode)
          if (result.skipped) totals.skipped++;
        } catch (e) {
          totals.failed++;
          log.error(`could not scan ${vscode.workspace.asRelativePath(uri)}: ${errorText(e)}`);
        }
        await new Promise((r) => setImmediate(r)); // keep the extension host responsive
      }
    },
  );
  const summary = `Vetted ${totals.cancelled ? 'stopped after' : 'scanned'} ${totals.files} file${totals.files === 1 ? '' : 's'}: ${totals.findings} finding${totals.findings === 1 ? '' : 's'}${totals.skipped ? `, ${totals.skipped} skipped` : ''}${totals.failed ? `, ${totals.failed} unreadable` : ''}.`;
  log.info(summary);
  const actions = totals.skipped || totals.failed ? ['Show Problems', 'Show Output'] : ['Show Problems'];
  void vscode.window.showInformationMessage(summary, ...actions).then((choice) => {
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Output') log.show();
  });
  return totals;
}
