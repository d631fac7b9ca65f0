/**
 * Provenance settings in an untrusted workspace: a workspace (or folder) value may only make Vetted tag MORE than the
 * user's own setting, never less (a cloned repository must not be able to switch tagging off for its own code).
 * "More" means: mode auto > ask > ledger-only > off; a lower `pasteMinLines`; `tagMediumConfidence` true.
 * Validation of the values themselves stays in src/core/settings.ts (parseSettings).
 */
import type { InspectedValues } from '../focus';

export const PROVENANCE_KEYS = ['provenance.mode', 'provenance.pasteMinLines', 'provenance.tagMediumConfidence'] as const;
export type ProvenanceKey = (typeof PROVENANCE_KEYS)[number];

const MODE_RANK: Readonly<Record<string, number>> = { off: 0, 'ledger-only': 1, ask: 2, auto: 3 };

/** How much a value tags (higher = more), or undefined when the value is not valid for the key. */
function rank(key: ProvenanceKey, value: unknown): number | undefined {
  switch (key) {
    case 'provenance.mode':
      return typeof value === 'string' && value in MODE_RANK ? MODE_RANK[value] : undefined;
    case 'provenance.pasteMinLines':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? -value : undefined;
    case 'provenance.tagMediumConfidence':
      return typeof value === 'boolean' ? (value ? 1 : 0) : undefined;
  }
}

/**
 * The effective raw value of a provenance key. Trusted: the usual precedence (folder > workspace > user > default).
 * Untrusted: the user's value (or the default), replaced by a workspace/folder value only when that one tags more;
 * `ignored` explains every workspace value that was not applied.
 */
export function resolveProvenanceSetting(key: ProvenanceKey, v: InspectedValues, trusted: boolean): { value: unknown; ignored: string[] } {
  if (trusted) return { value: v.workspaceFolderValue ?? v.workspaceValue ?? v.globalValue ?? v.defaultValue, ignored: [] };
  const user = v.globalValue ?? v.defaultValue;
  let value = user;
  let best = rank(key, user) ?? Number.NEGATIVE_INFINITY;
  const ignored: string[] = [];
  for (const [scope, candidate] of [['workspace', v.workspaceValue], ['folder', v.workspaceFolderValue]] as const) {
    if (candidate === undefined) continue;
    const r = rank(key, candidate);
    if (r === undefined) ignored.push(`the ${scope} value ${JSON.stringify(candidate)} of vetted.${key} is not valid; ignored`);
    else if (r > best) {
      value = candidate;
      best = r;
    } else if (r < best) {
      ignored.push(`the ${scope} value ${JSON.stringify(candidate)} of vetted.${key} would tag less than your setting (${JSON.stringify(value)}); an untrusted workspace may only tag more`);
    }
  }
  return { value, ignored };
}
