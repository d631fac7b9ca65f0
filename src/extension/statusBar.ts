import * as vscode from 'vscode';
import { describeHidden } from '../core/focus';
import { languageFromVscodeId } from '../core/languages';
import { isAnalysable } from './documents';
import type { DocumentChecker } from './checker';
import type { ConfigReader } from './config';
import type { FindingsView, ViewInfo } from './view';
import type { PolicyService } from './policy';

/** One status bar item: findings in the active file and Vetted's state (checking, skipped, off, settings problem). */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vetted.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly checker: DocumentChecker,
    private readonly config: ConfigReader,
    private readonly view?: FindingsView,
    private readonly policy?: PolicyService,
  ) {
    this.item.name = 'Vetted';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      ...(policy ? [policy.onDidChange(() => this.update())] : []),
      checker.onDidChangeState(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const doc = editor?.document;
    const supported = !!doc && isAnalysable(doc);
    const textOnly = !!doc && languageFromVscodeId(doc.languageId) === undefined; // a text file: scanned for secrets only
    if (!supported) {
      this.item.hide();
      return;
    }
    const settings = this.config.read(doc.uri);
    const result = this.checker.resultFor(doc.uri);
    let text: string;
    let tooltip: string;
    this.item.backgroundColor = undefined;
    if (!settings.enable) {
      text = '$(circle-slash) Vetted: off';
      tooltip = 'Vetted is disabled (vetted.enable)';
    } else if (this.checker.isRunning && !result) {
      text = '$(sync~spin) Vetted';
      tooltip = 'Vetted is checking this file';
    } else if (result?.skipped) {
      text = '$(circle-slash) Vetted: skipped';
      tooltip = `Vetted skipped this file: ${result.skipped.detail}`;
    } else if (result) {
      const shown = this.checker.findingsFor(doc.uri);
      const n = shown.length;
      const high = shown.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
      text = n ? `$(shield) Vetted: ${n} finding${n === 1 ? '' : 's'}` : '$(shield) Vetted: no findings';
      const info = this.view?.infoFor(doc.uri);
      const hidden = info ? info.hidden.confidence + info.hidden.focus : 0;
      tooltip = n
        ? `Vetted: ${n} security finding${n === 1 ? '' : 's'} in this file (${high} high or critical). Click to open the Problems panel.`
        : hidden
          ? 'Vetted shows no findings in this file.'
          : textOnly
            ? 'Vetted found no secrets in this file (text files are checked for secrets only).'
            : 'Vetted found no security problems in this file.';
      if (high) this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      if (info) tooltip += hiddenNote(info);
    } else {
      text = '$(shield) Vetted';
      tooltip = 'Vetted';
    }
    if (this.config.problems.length) {
      text = `$(warning) ${text.replace(/^\$\([^)]+\) /, '')}`;
      tooltip += `\n\nSettings problem: ${this.config.problems.map((p) => p.message).join('\n')}`;
    }
    this.item.command = 'workbench.actions.view.problems';
    const policyProblems = this.policy?.problemsFor(doc.uri) ?? [];
    if (policyProblems.length) {
      // An invalid team policy: say so, and open the policy file (or the settings) on click.
      text = `$(warning) ${text.replace(/^\$\([^)]+\) /, '')}`;
      const shown = policyProblems.slice(0, 5).map((p) => `- ${p.message}`);
      tooltip += `\n\nTeam policy problem${policyProblems.length === 1 ? '' : 's'} (click to open; Vetted uses the strictest safe value in place of an invalid one):\n${shown.join('\n')}${policyProblems.length > 5 ? `\n(${policyProblems.length - 5} more)` : ''}`;
      const file = this.policy?.policyFileUri(doc.uri);
      this.item.command = policyProblems.some((p) => p.source === 'policyFile') && file
        ? { title: 'Open the team policy', command: 'vscode.open', arguments: [file] }
        : { title: 'Open the vetted.policy setting', command: 'workbench.action.openSettings', arguments: ['vetted.policy'] };
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]+\)\s*/g, ''), role: 'button' };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Why findings are missing from the Problems panel: nothing may be hidden silently. */
function hiddenNote(info: ViewInfo): string {
  const parts = [...describeHidden(info.hidden, info.minConfidence), ...(info.focus ? [info.focus] : [])];
  return parts.length ? `\n\n${parts.join('\n')}` : '';
}
