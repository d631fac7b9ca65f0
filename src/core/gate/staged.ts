/**
 * The gate on a staged snapshot, however it was read (git itself in the CLI, the Git extension in the editor): the
 * staged policy and ignore file are resolved, and findings come from the engine for the languages and text kinds
 * it checks. One place, so `vetted precommit`, the hook and the editor's commit check cannot drift apart.
 */
import type { Engine } from '../engine';
import { parseIgnoreFile } from '../ignoreFile';
import { languageFromPath, textKindFromPath } from '../languages';
import { DEFAULT_SETTINGS, engineOptions } from '../settings';
import { evaluateGate, type GateInput, type StagedFile } from './gate';
import { loadGatePolicy, POLICY_FILE_PATH } from './policy';
import type { GateVerdict } from './types';

export interface StagedTexts {
  readonly files: readonly StagedFile[];
  /** Staged `.vetted/provenance.jsonl`, `.vetted/policy.json`, `.vetted/ignore.json` (undefined when absent). */
  readonly ledgerText?: string;
  readonly policyText?: string;
  readonly ignoreText?: string;
  /** The ledger's working copy (only to point out sign-offs that are not staged). */
  readonly workingLedgerText?: string;
}

/** Whether any staged file is one the engine would check (so a caller can skip creating an engine). */
export function needsEngine(files: readonly StagedFile[]): boolean {
  return files.some((f) => f.text !== undefined && !!(languageFromPath(f.path) || textKindFromPath(f.path)));
}

export function evaluateStaged(snap: StagedTexts, engine: Engine | undefined, options: { findingsScope?: GateInput['findingsScope'] } = {}): Promise<GateVerdict> {
  const { policy, problems } = loadGatePolicy(snap.policyText);
  const ignore = parseIgnoreFile(snap.ignoreText);
  const engineOpts = engineOptions(DEFAULT_SETTINGS);
  return evaluateGate({
    files: snap.files,
    ledgerText: snap.ledgerText,
    workingLedgerText: snap.workingLedgerText,
    policy,
    policyProblems: problems,
    policySource: snap.policyText !== undefined ? POLICY_FILE_PATH : 'defaults',
    ignore: ignore.file,
    ignoreProblems: ignore.problems.map((p) => `${p.where ? `${p.where}: ` : ''}${p.message}`),
    ...(options.findingsScope ? { findingsScope: options.findingsScope } : {}),
    analyse: async (p, text) => {
      const language = languageFromPath(p);
      const textKind = language ? undefined : textKindFromPath(p);
      if (!engine || (!language && !textKind)) return [];
      const r = await engine.analyze({ text, language, textKind, path: p }, engineOpts);
      return { findings: r.findings, ...(r.skipped ? { skipped: r.skipped } : {}) };
    },
  });
}
