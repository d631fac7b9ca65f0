/**
 * The shape of one policy LAYER: the `vetted.policy` setting (user, workspace or folder scope) or the committed
 * `.vetted/policy.json` of a workspace folder. Everything is optional; resolve.ts merges layers key by key.
 * The resolver validates each field on its own with the sub-schemas below (an invalid field does not void the rest);
 * `POLICY_LAYER_SCHEMA` is the whole layer, used for the generated JSON schema (media/policy.schema.json).
 */
import { z } from 'zod';
import { SETTINGS_SCHEMA, type SettingKey } from '../settings';
import { CONFIDENCES, SEVERITIES } from '../types';

export const TIER_NAME = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a tier name is lower-case letters, digits and dashes (e.g. "critical")');
export const QUESTION_ID = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a question id is kebab-case (e.g. "untrusted-input")');

/** Validators of the fields of a tier, one by one. */
export const TIER_FIELDS = {
  rank: z.number().int().min(-1000).max(1000).describe('Higher = stricter. When globs of several tiers match a file, the tier with the highest rank applies. Required for a new tier.'),
  globs: z.array(z.string().min(1).max(500)).max(500).describe('minimatch globs (dot: true) on POSIX paths relative to the workspace folder. Replaces the globs of lower layers; use addGlobs to extend them.'),
  addGlobs: z.array(z.string().min(1).max(500)).max(500).describe('Globs added to this tier on top of the ones from lower layers (or the defaults).'),
  allowAi: z.boolean().describe('false: any AI-tagged block in a matching file blocks the commit.'),
  questions: z.array(QUESTION_ID).max(200).describe('Checklist question ids that must be answered before a sign-off counts. Replaces the list of lower layers.'),
  addQuestions: z.array(QUESTION_ID).max(200).describe('Question ids added to the required list of lower layers (or the defaults).'),
  reviewers: z.number().int().min(0).max(20).describe('How many distinct reviewers must sign off an AI block (bound to its current content). 0 = none.'),
  blockSeverity: z.enum(['off', ...SEVERITIES]).describe('Findings at or above this severity block a commit ("off": findings never block).'),
  blockConfidence: z.enum(CONFIDENCES).describe('... and at or above this confidence.'),
  blockUnreviewed: z.boolean().describe('Unreviewed AI blocks, and blocks modified since their review, block a commit.'),
} as const;
export type TierField = keyof typeof TIER_FIELDS;
export const TIER_FIELD_NAMES = Object.keys(TIER_FIELDS) as TierField[];

export const TIER_LAYER_SCHEMA = z.object(TIER_FIELDS).partial().strict().describe('Settings of one risk tier; only the fields given change.');

export const QUESTION_SCHEMA = z
  .object({
    id: QUESTION_ID,
    text: z.string().min(1).max(500).describe('The question as the reviewer sees it.'),
    hint: z.string().max(500).optional().describe('One line on what a good answer covers.'),
  })
  .strict();

/** General `vetted.*` settings a lead may pin in the policy file (same validators as the settings themselves). */
export const PINNED_SETTINGS_SCHEMA = z
  .object(Object.fromEntries(Object.entries(SETTINGS_SCHEMA).map(([k, s]) => [k, s])) as { [K in SettingKey]: (typeof SETTINGS_SCHEMA)[K] })
  .partial()
  .strict()
  .describe('Values of general vetted.* settings the team pins (same names and values as the settings, e.g. "minConfidence": "low"). They take precedence over user, workspace and folder settings. Read from .vetted/policy.json only.');

export const LOCK_KEY = z
  .string()
  .min(1)
  .max(200)
  .describe('A key that user, workspace and folder settings may not change, e.g. "tiers.critical.reviewers", "tiers.critical", "defaultTier", "questions", "trailers", or a general setting such as "minConfidence", "rules", "enable", "provenance.mode".');

/** Validators of the top-level fields of a layer. */
export const LAYER_FIELDS = {
  $schema: z.string().optional(),
  tiers: z.record(TIER_NAME, TIER_LAYER_SCHEMA).describe('Risk tiers by name. Existing tiers (experimental, standard, critical) are changed field by field; a new name adds a tier (give it a rank).'),
  defaultTier: TIER_NAME.describe('The tier of files no tier glob matches (default: standard).'),
  questions: z.array(QUESTION_SCHEMA).max(200).describe('Checklist questions added to the defaults, or replacing the text of a default question with the same id.'),
  trailers: z.boolean().describe('Opt-in commit trailers (Assisted-by:, Reviewed-by:). Off by default.'),
  locked: z.array(LOCK_KEY).max(200).describe('Keys user, workspace and folder settings may not change (read from .vetted/policy.json only).'),
  settings: PINNED_SETTINGS_SCHEMA,
} as const;
export type LayerField = keyof typeof LAYER_FIELDS;

export const POLICY_LAYER_SCHEMA = z
  .object(LAYER_FIELDS)
  .partial()
  .strict()
  .describe('Vetted team policy: risk tiers by glob, what each tier requires of AI-generated code, checklist questions, locked keys and pinned settings. See docs/policy.md.');

export type PolicyLayer = z.infer<typeof POLICY_LAYER_SCHEMA>;

/** The JSON schema of `.vetted/policy.json` (checked in as media/policy.schema.json; a unit test keeps it current). */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(POLICY_LAYER_SCHEMA, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'Vetted team policy (.vetted/policy.json)' };
}
