/**
 * The review panel's seams (issue 5), injectable so the policy resolver and the commit gate plug in at merge:
 * - PolicyProvider: the policy and tier for a file. Default: DEFAULT_POLICY with tierFor on the path relative to the
 *   file's workspace folder (no settings, no .vetted/policy.json).
 * - VerdictProvider: the staged commit check of a folder. Default: none (the panel says "verdict unavailable").
 */
import * as vscode from 'vscode';
import { DEFAULT_POLICY, tierFor, type Policy, type TierResolution } from '../../core/policy/model';
import type { GateVerdict } from '../../core/gate/types';
import { workspaceRelative } from '../../core/provenance/ledger';

export interface PolicyProvider {
  /** undefined: the file is outside every workspace folder (the panel then uses the default policy's strictest tier). */
  policyFor(uri: vscode.Uri): { policy: Policy; tier: TierResolution } | undefined;
  readonly onDidChange: vscode.Event<void>;
}

export interface VerdictProvider {
  /** The gate's verdict on what is staged in `folder`; undefined when it cannot be computed (yet). */
  stagedVerdict(folder: vscode.WorkspaceFolder): Promise<GateVerdict | undefined>;
  /** Optional: fires when a verdict may have changed (besides the panel's own triggers). */
  readonly onDidChange?: vscode.Event<void>;
}

/** DEFAULT_POLICY, tier by the POSIX path relative to the workspace folder. */
export class DefaultPolicyProvider implements PolicyProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  policyFor(uri: vscode.Uri): { policy: Policy; tier: TierResolution } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const rel = workspaceRelative(folder.uri.path, uri.path);
    if (rel === undefined) return undefined;
    return { policy: DEFAULT_POLICY, tier: tierFor(DEFAULT_POLICY, rel, 'the built-in defaults') };
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** No gate wired in: the panel shows "verdict unavailable". */
export const NO_VERDICT: VerdictProvider = { stagedVerdict: async () => undefined };
