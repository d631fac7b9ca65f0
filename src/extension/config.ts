import * as vscode from 'vscode';
import { resolveMinConfidence } from '../core/focus';
import { DEFAULT_SETTINGS, SETTING_KEYS, parseSettings, type Settings, type SettingProblem } from '../core/settings';
import { PROVENANCE_KEYS, resolveProvenanceSetting } from '../core/provenance/settings';
import { applyPinnedSettings } from '../core/policy/resolve';
import { CONFIG_SECTION } from './ids';

/**
 * Reads `vetted.*` for a resource, validated by the core schema. Each distinct problem is reported once
 * (output channel + one notification); the default is used in its place.
 */
export class ConfigReader {
  private readonly reported = new Set<string>();
  private lastProblems: SettingProblem[] = [];

  /** Team policy: general settings pinned by `.vetted/policy.json` (src/extension/policy.ts). */
  private pinned?: (scope?: vscode.Uri) => { settings: Partial<Settings>; trusted: boolean } | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  setPinnedSource(source: (scope?: vscode.Uri) => { settings: Partial<Settings>; trusted: boolean } | undefined): void {
    this.pinned = source;
  }

  read(scope?: vscode.Uri): Settings {
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
    const raw: Record<string, unknown> = {};
    for (const key of SETTING_KEYS) raw[key] = config.get(key);
    if (!vscode.workspace.isTrusted) {
      // Not in restrictedConfigurations (that would drop a workspace value that shows MORE): resolved here instead.
      const resolved = resolveMinConfidence(config.inspect('minConfidence') ?? {}, false, DEFAULT_SETTINGS.minConfidence);
      raw.minConfidence = resolved.value;
      for (const note of resolved.ignored) this.note(`Untrusted workspace: ${note}.`);
      for (const key of PROVENANCE_KEYS) {
        const p = resolveProvenanceSetting(key, config.inspect(key) ?? {}, false);
        raw[key] = p.value;
        for (const note of p.ignored) this.note(`Untrusted workspace: ${note}.`);
      }
    }
    const { settings, problems } = parseSettings(raw);
    this.lastProblems = problems;
    for (const p of problems) this.report(p);
    const pinned = this.pinned?.(scope);
    if (!pinned) return settings;
    // Pinned by the team policy: they win when trusted; untrusted, only where they are stricter (resolve.ts).
    const applied = applyPinnedSettings(settings, pinned.settings, pinned.trusted);
    for (const note of applied.notes) this.note(note);
    return applied.settings;
  }

  get problems(): readonly SettingProblem[] {
    return this.lastProblems;
  }

  private note(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.log.info(message);
  }

  private report(p: SettingProblem): void {
    if (this.reported.has(p.message)) return;
    this.reported.add(p.message);
    this.log.warn(p.message);
    void vscode.window.showWarningMessage(`Vetted: ${p.message}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', p.key);
    });
  }
}
