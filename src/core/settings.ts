import { z } from 'zod';
import type { EngineOptions } from './engine';
import { RULE_IDS } from './rules/index';
import { CONFIDENCES, SEVERITIES } from './types';

/**
 * Every `vetted.*` setting, its schema and default, declared once. The extension reads raw values,
 * `parseSettings` validates each key on its own: a bad value is reported and replaced by its default,
 * the other keys still apply.
 */
const ruleLevel = z.enum(['off', ...SEVERITIES]);

export const SETTINGS_SCHEMA = {
  enable: z.boolean(),
  run: z.enum(['onType', 'onSave']),
  debounceMs: z.number().int().min(0).max(10_000),
  maxFileSizeKB: z.number().int().min(1).max(100 * 1024),
  maxLineLength: z.number().int().min(200).max(1_000_000),
  rules: z.record(z.string(), ruleLevel).superRefine((value, ctx) => {
    for (const id of Object.keys(value)) {
      if (!RULE_IDS.includes(id)) ctx.addIssue({ code: 'custom', message: `unknown rule id "${id}" (known: ${RULE_IDS.join(', ')})`, path: [id] });
    }
  }),
  exclude: z.array(z.string().min(1)),
  minConfidence: z.enum(CONFIDENCES),
  focus: z.enum(['all', 'changed']),
  // A git revision (HEAD, main, origin/main, HEAD~3, a commit id); never an option or a `rev:path`.
  focusBase: z.string().max(200).regex(/^[^\s:-][^\s:]*$/, 'expected a git revision such as HEAD, main or HEAD~1'),
  // Provenance tagging (issue 4): see src/core/provenance/classify.ts (ProvenanceMode) and provenanceSettings.ts.
  'provenance.mode': z.enum(['auto', 'ask', 'ledger-only', 'off']),
  'provenance.pasteMinLines': z.number().int().min(1).max(10_000),
  'provenance.tagMediumConfidence': z.boolean(),
  // Commit gate (issue 5): opt-in Assisted-by / Reviewed-by trailers in the commit message box (never by default).
  commitTrailers: z.boolean(),
} as const;

export type SettingKey = keyof typeof SETTINGS_SCHEMA;
export type Settings = { [K in SettingKey]: z.infer<(typeof SETTINGS_SCHEMA)[K]> };

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  debounceMs: 300,
  maxFileSizeKB: 1024,
  maxLineLength: 2000,
  rules: {},
  exclude: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/out/**', '**/*.min.js', '**/vendor/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**', '**/.next/**', '**/coverage/**'],
  minConfidence: 'medium',
  focus: 'all',
  focusBase: 'HEAD',
  'provenance.mode': 'auto',
  'provenance.pasteMinLines': 3,
  'provenance.tagMediumConfidence': false,
  commitTrailers: false,
};

export const SETTING_KEYS = Object.keys(SETTINGS_SCHEMA) as SettingKey[];

export interface SettingProblem {
  readonly key: string;
  readonly message: string;
}

/** Validates raw values (undefined = not set). Never throws. */
export function parseSettings(raw: Partial<Record<SettingKey, unknown>>): { settings: Settings; problems: SettingProblem[] } {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: SettingProblem[] = [];
  for (const key of SETTING_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    const result = SETTINGS_SCHEMA[key].safeParse(value);
    if (result.success) {
      settings[key] = result.data;
    } else {
      const detail = result.error.issues
        .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; ');
      problems.push({ key: `vetted.${key}`, message: `Invalid value for vetted.${key} (${JSON.stringify(value)}): ${detail}. Using the default (${JSON.stringify(DEFAULT_SETTINGS[key])}).` });
    }
  }
  return { settings: settings as Settings, problems };
}

export function engineOptions(s: Settings): EngineOptions {
  return { maxFileSize: s.maxFileSizeKB * 1024, maxLineLength: s.maxLineLength, rules: s.rules };
}
