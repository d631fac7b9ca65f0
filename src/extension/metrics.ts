/**
 * Reports in the editor (issue 5): "Vetted: Export AI-BOM" (format quick pick → save dialog → write) and
 * "Vetted: Show Metrics" (a webview panel with charts and an Export CSV button). Both read the workspace folder with
 * the CLI's report gathering (src/cli/report.ts: same walk, excludes, engine and ledger), so the editor and
 * `vetted report` produce the same documents.
 *
 * The webview (src/webview/metrics/, bundled to dist/webview/metrics.js) runs under a strict CSP with a fresh crypto
 * nonce; every message in either direction is parsed with the zod protocol in src/webview/metrics/protocol.ts.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { Engine } from '../core/engine';
import { computeMetrics, metricsCsv } from '../core/report/metrics';
import { gatherAiBom, renderReport, REPORT_FORMATS, type ReportFormat } from '../cli/report';
import { parseHostMessage, parseWebviewMessage } from '../webview/metrics/protocol';
import { COMMANDS } from './ids';
import { metricsPage } from '../webview/metrics/html';

export const REPORT_COMMANDS = { exportAiBom: COMMANDS.exportAiBom, showMetrics: COMMANDS.showMetrics } as const;

const METRICS_VIEW_TYPE = 'vetted.metrics';

const FORMAT_INFO: Record<ReportFormat, { label: string; detail: string; ext: string; filter: string }> = {
  json: { label: 'JSON (Agent Trace records)', detail: 'One record per AI block, in the ledger’s Agent Trace shape', ext: 'aibom.json', filter: 'JSON' },
  spdx: { label: 'SPDX 3.0.1 (JSON-LD)', detail: 'Each block a Software Snippet, related to an AI Package per tool/model', ext: 'spdx.json', filter: 'SPDX JSON-LD' },
  cyclonedx: { label: 'CycloneDX 1.6 (JSON)', detail: 'Assistants as tools, blocks as vetted: properties', ext: 'cdx.json', filter: 'CycloneDX JSON' },
  sarif: { label: 'SARIF 2.1.0', detail: 'Unreviewed and modified blocks, and findings in AI code', ext: 'sarif', filter: 'SARIF' },
  csv: { label: 'CSV (metrics)', detail: 'AI share by folder, findings per 1,000 lines, review latency, weekly trend', ext: 'metrics.csv', filter: 'CSV' },
};

export interface ExportArgs {
  readonly format?: string;
  /** Target file path (skips the save dialog; for tests and scripting). */
  readonly target?: string;
  /** Workspace folder path (skips the folder pick). */
  readonly folder?: string;
}

export interface ExportResult {
  readonly path: string;
  readonly format: ReportFormat;
  readonly blocks: number;
}

async function pickFolder(folderPath?: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (!folders.length) {
    void vscode.window.showWarningMessage('Vetted: open a folder on disk to report on its AI code.');
    return undefined;
  }
  if (folderPath) return folders.find((f) => f.uri.fsPath === vscode.Uri.file(folderPath).fsPath);
  if (folders.length === 1) return folders[0];
  const pick = await vscode.window.showQuickPick(
    folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f })),
    { title: 'Vetted: which workspace folder?' },
  );
  return pick?.folder;
}

function isFormat(s: unknown): s is ReportFormat {
  return typeof s === 'string' && (REPORT_FORMATS as readonly string[]).includes(s);
}

export function registerReports(context: vscode.ExtensionContext, engine: Engine, log: vscode.LogOutputChannel, version: string): vscode.Disposable[] {
  let panel: vscode.WebviewPanel | undefined;
  let panelSub: vscode.Disposable | undefined;

  const exportAiBom = async (raw?: unknown): Promise<ExportResult | undefined> => {
    const args: ExportArgs = raw && typeof raw === 'object' ? (raw as ExportArgs) : {};
    const folder = await pickFolder(typeof args.folder === 'string' ? args.folder : undefined);
    if (!folder) return undefined;
    let format: ReportFormat | undefined = isFormat(args.format) ? args.format : undefined;
    if (!format) {
      const pick = await vscode.window.showQuickPick(
        REPORT_FORMATS.map((f) => ({ label: FORMAT_INFO[f].label, detail: FORMAT_INFO[f].detail, format: f })),
        { title: 'Vetted: Export AI-BOM', placeHolder: 'Format of the AI bill of materials' },
      );
      format = pick?.format;
    }
    if (!format) return undefined;
    const info = FORMAT_INFO[format];
    const target =
      typeof args.target === 'string'
        ? vscode.Uri.file(args.target)
        : await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.joinPath(folder.uri, `${folder.name}.${info.ext}`),
            filters: { [info.filter]: [info.ext.split('.').pop()!] },
            title: 'Vetted: save the AI-BOM',
          });
    if (!target) return undefined;
    try {
      const { bom, ledgerProblems, errors } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Vetted: reading ${folder.name}…` }, () =>
        gatherAiBom(folder.uri.fsPath, { engine }),
      );
      for (const p of ledgerProblems) log.warn(`AI-BOM: .vetted/provenance.jsonl line ${p.line}: ${p.message}`);
      for (const e of errors) log.warn(`AI-BOM: ${e.path}: ${e.message}`);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderReport(bom, format, version)));
      const t = bom.totals;
      log.info(`AI-BOM (${format}) written to ${target.fsPath}: ${t.blocks} blocks, ${t.unreviewed} unreviewed, ${t.modified} modified`);
      if (typeof args.target !== 'string') {
        void vscode.window.showInformationMessage(`Vetted: AI-BOM written (${t.blocks} AI block${t.blocks === 1 ? '' : 's'}: ${t.unreviewed} unreviewed, ${t.modified} modified, ${t.reviewed} reviewed).`, 'Open').then((a) => {
          if (a === 'Open') void vscode.window.showTextDocument(target);
        });
      }
      return { path: target.fsPath, format, blocks: t.blocks };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.error(`AI-BOM export failed: ${message}`);
      void vscode.window.showErrorMessage(`Vetted: could not export the AI-BOM: ${message}`);
      return undefined;
    }
  };

  const showMetrics = async (raw?: unknown): Promise<boolean> => {
    const args = raw && typeof raw === 'object' ? (raw as { folder?: unknown; wait?: unknown }) : {};
    const folder = await pickFolder(typeof args.folder === 'string' ? args.folder : undefined);
    if (!folder) return false;
    if (panel) {
      panel.reveal();
    } else {
      panel = vscode.window.createWebviewPanel(METRICS_VIEW_TYPE, 'Vetted Metrics', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media', 'webview')],
      });
      panel.onDidDispose(() => (panel = undefined));
    }
    const p = panel;
    let current = folder;
    let latestCsv: string | undefined;
    // Resolves once the page has loaded (its script ran under the CSP and said `ready`) and got its metrics.
    let rendered!: () => void;
    const shown = new Promise<void>((resolve) => (rendered = resolve));
    // Outgoing messages are checked against the protocol too: the page only ever receives well-formed data.
    const post = (m: unknown) => {
      const ok = parseHostMessage(m);
      if (ok) void p.webview.postMessage(ok);
      else log.error('Metrics view: a message to the webview did not match the protocol and was not sent');
    };
    const load = async () => {
      post({ type: 'loading', root: current.name });
      try {
        const { bom } = await gatherAiBom(current.uri.fsPath, { engine });
        const metrics = computeMetrics(bom);
        latestCsv = metricsCsv(metrics);
        post({ type: 'metrics', root: current.name, metrics });
        rendered();
      } catch (e) {
        post({ type: 'error', message: `Could not compute metrics: ${e instanceof Error ? e.message : String(e)}` });
      }
    };
    p.webview.html = metricsHtml(p.webview, context.extensionUri);
    panelSub?.dispose();
    const sub = (panelSub = p.webview.onDidReceiveMessage(async (data: unknown) => {
      const msg = parseWebviewMessage(data);
      if (!msg) {
        log.warn('Metrics view: ignored a message that is not part of the protocol');
        return;
      }
      if (msg.type === 'ready' || msg.type === 'refresh') {
        if (msg.type === 'refresh') current = (await pickFolder(current.uri.fsPath)) ?? current;
        await load();
      } else if (msg.type === 'exportCsv') {
        if (latestCsv === undefined) await load();
        const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(current.uri, `${current.name}.metrics.csv`), filters: { CSV: ['csv'] }, title: 'Vetted: export metrics as CSV' });
        if (!target || latestCsv === undefined) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(latestCsv));
        post({ type: 'exported', path: target.fsPath });
      }
    }));
    p.onDidDispose(() => sub.dispose());
    if (args.wait === true) {
      // For tests and scripts: wait (up to 15 s) until the page is up and shows the metrics.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const ok = await Promise.race([shown.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15000)))]);
      clearTimeout(timer);
      return ok;
    }
    return true;
  };

  return [
    vscode.commands.registerCommand(REPORT_COMMANDS.exportAiBom, exportAiBom),
    vscode.commands.registerCommand(REPORT_COMMANDS.showMetrics, showMetrics),
    { dispose: () => panel?.dispose() },
  ];
}

/** The page (src/webview/metrics/html.ts) with a fresh crypto nonce per load. */
export function metricsHtml(webview: Pick<vscode.Webview, 'cspSource' | 'asWebviewUri'>, extensionUri: vscode.Uri): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'metrics.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview', 'metrics.css'));
  return metricsPage(webview.cspSource, script.toString(), style.toString(), randomBytes(18).toString('base64'));
}
