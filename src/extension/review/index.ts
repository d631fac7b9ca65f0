/**
 * The review panel (issue 5): the "Review" webview view in the Vetted activity-bar container and the same UI as an
 * editor panel ("Vetted: Open Review Panel", restored after a reload by a WebviewPanelSerializer).
 */
import * as vscode from 'vscode';
import type { DocumentChecker } from '../checker';
import { COMMANDS, REVIEW_PANEL_TYPE, REVIEW_VIEW } from '../ids';
import type { ProvenanceApi } from '../provenance/index';
import type { ProvenanceViewApi } from '../provenance/pview';
import { GitChanges } from './changes';
import { ReviewController, webviewOptions } from './controller';
import type { PolicyProvider, VerdictProvider } from './providers';

export type { PolicyProvider, VerdictProvider } from './providers';

export interface ReviewApi {
  readonly controller: ReviewController;
  /** Wiring points for the policy resolver and the commit gate. */
  setPolicyProvider(p: PolicyProvider | undefined): void;
  setVerdictProvider(v: VerdictProvider | undefined): void;
  openPanel(): vscode.WebviewPanel;
}

export function registerReview(
  context: vscode.ExtensionContext,
  deps: { readonly checker: DocumentChecker; readonly provenanceView: ProvenanceViewApi; readonly provenance: ProvenanceApi; readonly log: vscode.LogOutputChannel; readonly ledgerSettled?: () => Promise<void>; readonly policy?: PolicyProvider; readonly verdict?: VerdictProvider },
): ReviewApi {
  const git = new GitChanges(deps.log);
  const controller = new ReviewController({
    index: deps.provenanceView.index,
    commands: deps.provenanceView.commands,
    ledger: deps.provenance.ledger,
    checker: deps.checker,
    git,
    log: deps.log,
    extensionUri: context.extensionUri,
    memento: context.workspaceState,
    ledgerSettled: deps.ledgerSettled,
  });
  if (deps.policy) controller.setPolicyProvider(deps.policy);
  if (deps.verdict) controller.setVerdictProvider(deps.verdict);

  let panel: vscode.WebviewPanel | undefined;
  const adopt = (p: vscode.WebviewPanel) => {
    panel = p;
    controller.attach(p.webview, p.onDidDispose);
    p.onDidDispose(() => {
      if (panel === p) panel = undefined;
    });
  };
  const openPanel = (): vscode.WebviewPanel => {
    if (panel) {
      panel.reveal();
      return panel;
    }
    const p = vscode.window.createWebviewPanel(REVIEW_PANEL_TYPE, 'Vetted Review', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(context.extensionUri));
    adopt(p);
    return p;
  };

  context.subscriptions.push(
    git,
    controller,
    vscode.window.registerWebviewViewProvider(REVIEW_VIEW, {
      resolveWebviewView(view) {
        controller.attach(view.webview, view.onDidDispose);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(REVIEW_PANEL_TYPE, {
      async deserializeWebviewPanel(p: vscode.WebviewPanel) {
        adopt(p); // the webview restores its own drafts; the host resends the state on `ready`
      },
    }),
    vscode.commands.registerCommand(COMMANDS.openReviewPanel, () => {
      openPanel();
    }),
  );
  return {
    controller,
    // undefined restores what the extension wired in at registration (tests swap providers and put them back).
    setPolicyProvider: (p) => controller.setPolicyProvider(p ?? deps.policy),
    setVerdictProvider: (v) => controller.setVerdictProvider(v ?? deps.verdict),
    openPanel,
  };
}
