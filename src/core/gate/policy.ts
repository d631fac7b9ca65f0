/**
 * The gate's policy: the committed `.vetted/policy.json` (its staged version), resolved by the same code as the
 * editor's (src/core/policy/resolve.ts: zod validation, locks, strictest safe values for invalid fields, every path
 * in the strictest tier when the file is not JSON). Settings layers are the editor's business: the gate decides on
 * what is committed, so the hook, CI and the editor's commit check reach the same verdict. `trusted: true`: the
 * gate runs on the user's own commit, in a repository they chose.
 */
import { DEFAULT_POLICY, strictest, type Policy } from '../policy/model';
import { resolvePolicy } from '../policy/resolve';

export const POLICY_FILE_PATH = '.vetted/policy.json';

/** The policy from the text of `.vetted/policy.json` (staged), or DEFAULT_POLICY when there is none. Never throws. */
export function loadGatePolicy(policyFileText: string | undefined): { policy: Policy; problems: string[] } {
  if (policyFileText === undefined || !policyFileText.trim()) return { policy: DEFAULT_POLICY, problems: [] };
  const r = resolvePolicy([{ source: 'policyFile', file: POLICY_FILE_PATH, text: policyFileText }], { trusted: true });
  const problems = r.problems
    .filter((p) => p.severity !== 'info')
    .map((p) => `${POLICY_FILE_PATH}${p.range ? `:${p.range.start.line + 1}:${p.range.start.character + 1}` : ''}: ${p.message}`);
  return { policy: r.policy, problems };
}

/** Every path in the strictest default tier (globs `**` and the default tier pointing at it). */
export function strictestPolicy(base: Policy = DEFAULT_POLICY): Policy {
  const top = strictest(base);
  return { ...base, tiers: [{ ...top, globs: ['**', '**/.*', '.*'] }], defaultTier: top.name };
}
