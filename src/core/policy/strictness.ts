/**
 * What "stricter" means, field by field. An untrusted workspace (workspace settings, folder settings, the committed
 * policy file) may only move values in the stricter direction; resolve.ts uses these comparisons to drop the rest.
 *
 * Tier fields (stricter →):
 *   allowAi true → false; reviewers higher; blockSeverity off → critical → high → medium → low (a lower threshold
 *   blocks more); blockConfidence high → medium → low; blockUnreviewed false → true; questions: a superset.
 * Pinned settings (stricter →):
 *   enable true; rules: a level never lowered and never `off` (levels compare off < low < medium < high < critical,
 *   an absent rule counts at its default severity); minConfidence lower; exclude a subset (never grows);
 *   maxFileSizeKB / maxLineLength higher (fewer files skipped); focus `all`; provenance.mode auto > ask > ledger-only
 *   > off; provenance.pasteMinLines lower; provenance.tagMediumConfidence true. run, debounceMs and focusBase do not
 *   change what is checked and are taken as given.
 */
import { confidenceRank, lowerConfidence } from '../focus';
import { ruleMeta } from '../rules/index';
import type { SettingKey, Settings } from '../settings';
import { severityRank, type Confidence, type Severity } from '../types';
import type { TierPolicy } from './model';

/** Higher = blocks more. `off` blocks nothing. */
export function blockSeverityRank(s: Severity | 'off'): number {
  return s === 'off' ? 0 : 10 - severityRank(s);
}

/** Higher = blocks more (a lower confidence threshold). */
export function blockConfidenceRank(c: Confidence): number {
  return -confidenceRank(c);
}

export type ComparableTierField = 'allowAi' | 'reviewers' | 'blockSeverity' | 'blockConfidence' | 'blockUnreviewed' | 'questions';
export const COMPARABLE_TIER_FIELDS: readonly ComparableTierField[] = ['allowAi', 'reviewers', 'blockSeverity', 'blockConfidence', 'blockUnreviewed', 'questions'];

/** Is `a`'s value of `field` at least as strict as `b`'s? */
export function fieldAtLeastAsStrict(field: ComparableTierField, a: TierPolicy, b: TierPolicy): boolean {
  switch (field) {
    case 'allowAi':
      return !a.allowAi || b.allowAi;
    case 'reviewers':
      return a.reviewers >= b.reviewers;
    case 'blockSeverity':
      return blockSeverityRank(a.blockSeverity) >= blockSeverityRank(b.blockSeverity);
    case 'blockConfidence':
      return blockConfidenceRank(a.blockConfidence) >= blockConfidenceRank(b.blockConfidence);
    case 'blockUnreviewed':
      return a.blockUnreviewed || !b.blockUnreviewed;
    case 'questions':
      return b.questions.every((q) => a.questions.includes(q));
  }
}

/** Every field of `a` is at least as strict as `b`'s. */
export function tierAtLeastAsStrict(a: TierPolicy, b: TierPolicy): boolean {
  return COMPARABLE_TIER_FIELDS.every((f) => fieldAtLeastAsStrict(f, a, b));
}

/** The stricter of two values of one tier field (questions: the union, `a`'s order first). */
export function stricterTierValue<F extends ComparableTierField>(field: F, a: TierPolicy[F], b: TierPolicy[F]): TierPolicy[F] {
  switch (field) {
    case 'allowAi':
      return ((a as boolean) && (b as boolean)) as TierPolicy[F];
    case 'reviewers':
      return Math.max(a as number, b as number) as TierPolicy[F];
    case 'blockSeverity':
      return (blockSeverityRank(a as Severity | 'off') >= blockSeverityRank(b as Severity | 'off') ? a : b) as TierPolicy[F];
    case 'blockConfidence':
      return lowerConfidence(a as Confidence, b as Confidence) as TierPolicy[F];
    case 'blockUnreviewed':
      return ((a as boolean) || (b as boolean)) as TierPolicy[F];
    case 'questions': {
      const qa = a as readonly string[];
      return [...qa, ...(b as readonly string[]).filter((q) => !qa.includes(q))] as unknown as TierPolicy[F];
    }
  }
  return a;
}

const LEVEL_RANK: Readonly<Record<string, number>> = { off: 0, low: 1, medium: 2, high: 3, critical: 4 };
const MODE_RANK: Readonly<Record<string, number>> = { off: 0, 'ledger-only': 1, ask: 2, auto: 3 };

function ruleLevel(rules: Readonly<Record<string, string>>, id: string): string {
  return rules[id] ?? ruleMeta(id)?.severity ?? 'medium';
}

/**
 * The stricter of two values of a general setting (see the file comment). `a` is the current value, `b` the
 * candidate; for keys that do not change what is checked, `b` wins.
 */
export function stricterSetting<K extends SettingKey>(key: K, a: Settings[K], b: Settings[K]): Settings[K] {
  switch (key) {
    case 'enable':
    case 'provenance.tagMediumConfidence':
      return ((a as boolean) || (b as boolean)) as Settings[K];
    case 'minConfidence':
      return lowerConfidence(a as Confidence, b as Confidence) as Settings[K];
    case 'maxFileSizeKB':
    case 'maxLineLength':
      return Math.max(a as number, b as number) as Settings[K];
    case 'provenance.pasteMinLines':
      return Math.min(a as number, b as number) as Settings[K];
    case 'focus':
      return (a === 'all' || b === 'all' ? 'all' : a) as Settings[K];
    case 'provenance.mode':
      return ((MODE_RANK[a as string] ?? 0) >= (MODE_RANK[b as string] ?? 0) ? a : b) as Settings[K];
    case 'exclude': {
      const eb = b as readonly string[];
      return (a as readonly string[]).filter((g) => eb.includes(g)) as Settings[K];
    }
    case 'rules': {
      const ra = a as Readonly<Record<string, string>>;
      const rb = b as Readonly<Record<string, string>>;
      const out: Record<string, string> = {};
      for (const id of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
        const la = ruleLevel(ra, id);
        const lb = ruleLevel(rb, id);
        out[id] = (LEVEL_RANK[la] ?? 0) >= (LEVEL_RANK[lb] ?? 0) ? la : lb;
      }
      return out as Settings[K];
    }
    default:
      return b;
  }
}

/** Is `candidate` at least as strict as `current` for `key`? */
export function settingAtLeastAsStrict<K extends SettingKey>(key: K, candidate: Settings[K], current: Settings[K]): boolean {
  if (key === 'exclude') return (candidate as readonly string[]).every((g) => (current as readonly string[]).includes(g));
  return sameValue(stricterSetting(key, current, candidate), candidate);
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
