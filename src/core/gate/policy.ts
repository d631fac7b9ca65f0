/**
 * The gate's policy loader: the ONE seam between the gate and policy resolution.
 *
 * MERGE SEAM: the body of `loadGatePolicy` is a stand-in. At merge the lead swaps it for the policy helper's
 * `resolvePolicy` (src/core/policy/resolve.ts), which validates the file with zod, applies locks and layers.
 * Callers (CLI precommit, editor stagedVerdict, trailers) only ever call this function.
 */
import { DEFAULT_POLICY, strictest, type Policy } from '../policy/model';

export const POLICY_FILE_PATH = '.vetted/policy.json';

/**
 * The policy for the gate from the text of `.vetted/policy.json` (the staged version), or undefined when there is
 * none. Absent: DEFAULT_POLICY. Present but not readable JSON (or not an object): the strictest safe fallback —
 * every path in the strictest default tier — with a problem saying so. Never throws.
 *
 * For now a readable file is not interpreted further (DEFAULT_POLICY applies, with a note); see the seam above.
 */
export function loadGatePolicy(policyFileText: string | undefined): { policy: Policy; problems: string[] } {
  if (policyFileText === undefined) return { policy: DEFAULT_POLICY, problems: [] };
  let value: unknown;
  try {
    const t = policyFileText.charCodeAt(0) === 0xfeff ? policyFileText.slice(1) : policyFileText;
    value = JSON.parse(t);
  } catch (e) {
    return { policy: strictestPolicy(), problems: [`${POLICY_FILE_PATH} is not valid JSON (${e instanceof Error ? e.message : String(e)}); every file is checked under the strictest tier until it is fixed`] };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { policy: strictestPolicy(), problems: [`${POLICY_FILE_PATH} must be a JSON object; every file is checked under the strictest tier until it is fixed`] };
  }
  return { policy: DEFAULT_POLICY, problems: [] };
}

/** Every path in the strictest default tier (globs `**` and the default tier pointing at it). */
export function strictestPolicy(base: Policy = DEFAULT_POLICY): Policy {
  const top = strictest(base);
  return { ...base, tiers: [{ ...top, globs: ['**', '**/.*', '.*'] }], defaultTier: top.name };
}
