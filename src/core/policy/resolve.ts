/**
 * Resolves the effective team policy of one workspace folder from its layers:
 *   built-in defaults < user settings < workspace settings < folder settings < `.vetted/policy.json`,
 * key by key (`tiers.critical.reviewers` from the folder does not reset `tiers.critical.allowAi` from the workspace).
 *
 * - Locks: a key in the policy file's `locked` ignores the user, workspace and folder layers; its value comes from
 *   the policy file or the default, and a settings layer that sets it gets a problem.
 * - Untrusted workspace: workspace, folder and policy-file values may only make the policy STRICTER than what the
 *   defaults plus the user's own settings give (strictness.ts defines "stricter" per field). Weaker values are dropped
 *   with a problem that says so.
 * - Bad input never throws. A policy file that is not valid JSON (or not an object) puts every path in the strictest
 *   tier; an invalid field takes its strictest safe value (STRICTEST_SAFE below) and the other fields still apply.
 */
import { minimatch } from 'minimatch';
import { DEFAULT_SETTINGS, SETTINGS_SCHEMA, SETTING_KEYS, type SettingKey, type Settings } from '../settings';
import { RULE_IDS } from '../rules/index';
import { SEVERITIES } from '../types';
import type { Range } from '../types';
import { DEFAULT_POLICY, normalisePath, type Policy, type PolicySource, type Question, type TierPolicy, type TierResolution } from './model';
import { locatePath, parseJsonLocated, type JsonPath, type ParsedJson } from './locate';
import { LAYER_FIELDS, QUESTION_SCHEMA, TIER_FIELDS, TIER_FIELD_NAMES, TIER_NAME, type TierField } from './schema';
import { COMPARABLE_TIER_FIELDS, fieldAtLeastAsStrict, sameValue, settingAtLeastAsStrict, stricterSetting, stricterTierValue, tierAtLeastAsStrict } from './strictness';

export interface PolicyLayerInput {
  readonly source: PolicySource;
  /** The parsed layer (e.g. the `vetted.policy` setting's value). Ignored when `text` is given. */
  readonly layer?: unknown;
  /** Display name of where the layer lives, e.g. `.vetted/policy.json` or `api/.vetted/policy.json`. */
  readonly file?: string;
  /** The raw text of a policy file: parsed here, so syntax errors and every problem get a position in it. */
  readonly text?: string;
}

export interface PolicyProblem {
  readonly source: PolicySource;
  readonly file?: string;
  /** JSON path inside the layer (for a settings layer: inside the value of `vetted.policy`). */
  readonly path: JsonPath;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** Where in `text` (policy files only): the exact key, or the syntax error's position. */
  readonly range?: Range;
}

export interface PolicyOrigin {
  readonly source: PolicySource;
  /** e.g. "built-in default", "workspace settings (vetted.policy)", ".vetted/policy.json; locked". */
  readonly detail: string;
}

export interface PolicyResolution {
  readonly policy: Policy;
  /** General `vetted.*` settings pinned by the policy file (locked keys included: their value, or the default). */
  readonly settings: Partial<Settings>;
  /** General settings the policy file locks: user, workspace and folder values of these are ignored. */
  readonly lockedSettings: readonly SettingKey[];
  /** Every normalised lock key, e.g. `tiers.critical.reviewers`, `settings.minConfidence`. */
  readonly locked: readonly string[];
  readonly problems: readonly PolicyProblem[];
  readonly trusted: boolean;
  /** Set when the policy file could not be read as a policy: every path then gets the strictest tier. */
  readonly invalidFile?: { readonly file: string; readonly message: string };
  /** Where a key's value came from: `tiers.<name>.<field>`, `defaultTier`, `trailers`, `questions.<id>`, `settings.<key>` (or just `<key>`). */
  origin(key: string): PolicyOrigin;
  /** Where one glob of a tier came from. */
  globOrigin(tier: string, glob: string): PolicyOrigin | undefined;
  /** The tier of a path relative to the workspace folder (any slashes), with the glob and its source in the reason. */
  tierFor(relPath: string): TierResolution;
}

/** What an invalid value becomes ("strictest safe"): never weaker than what it would otherwise be. */
export const STRICTEST_SAFE = {
  allowAi: false,
  blockUnreviewed: true,
  /** At least this many reviewers (or more, when the value below it is higher). */
  reviewers: 2,
  blockSeverity: 'low',
  blockConfidence: 'low',
  trailers: false,
  /** Pinned settings: security-relevant keys pin their strictest value; other invalid keys are not pinned. */
  settings: { enable: true, minConfidence: 'low', focus: 'all', 'provenance.mode': 'auto', 'provenance.pasteMinLines': 1, 'provenance.tagMediumConfidence': true } as Partial<Settings>,
} as const;

const SETTINGS_SOURCES: ReadonlySet<PolicySource> = new Set(['user', 'workspace', 'folder']);
const UNTRUSTED_SOURCES: ReadonlySet<PolicySource> = new Set(['workspace', 'folder', 'policyFile']);
const SOURCE_ORDER: Readonly<Record<PolicySource, number>> = { default: 0, user: 1, workspace: 2, folder: 3, policyFile: 4 };

interface Where {
  readonly source: PolicySource;
  readonly file?: string;
  readonly path: JsonPath;
  readonly note?: string;
}

type Fields = { -readonly [K in keyof Omit<TierPolicy, 'name' | 'globs' | 'questions'>]: TierPolicy[K] } & { questions: string[] };
interface TierState extends Fields {
  readonly name: string;
  globs: Map<string, Where>;
  origin: Partial<Record<'rank' | 'globs' | keyof Fields, Where>>;
}

interface State {
  tiers: Map<string, TierState>;
  defaultTier: { value: string | undefined; where: Where };
  questions: Map<string, { q: Question; where: Where }>;
  trailers: { value: boolean; where: Where };
  settings: Map<SettingKey, { value: unknown; where: Where }>;
}

type Report = (where: Where, severity: PolicyProblem['severity'], message: string) => void;

const DEFAULT_WHERE: Where = { source: 'default', path: [] };

export function sourceLabel(source: PolicySource, file?: string): string {
  switch (source) {
    case 'default':
      return 'built-in default';
    case 'policyFile':
      return file ?? '.vetted/policy.json';
    default:
      return `${source} settings (vetted.policy)`;
  }
}

const label = (w: Where) => sourceLabel(w.source, w.file);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

function initialState(): State {
  const tiers = new Map<string, TierState>();
  for (const t of DEFAULT_POLICY.tiers) {
    tiers.set(t.name, {
      name: t.name,
      rank: t.rank,
      allowAi: t.allowAi,
      reviewers: t.reviewers,
      blockSeverity: t.blockSeverity,
      blockConfidence: t.blockConfidence,
      blockUnreviewed: t.blockUnreviewed,
      questions: [...t.questions],
      globs: new Map(t.globs.map((g, i) => [g, { source: 'default', path: ['tiers', t.name, 'globs', i] } as Where])),
      origin: {},
    });
  }
  return {
    tiers,
    defaultTier: { value: DEFAULT_POLICY.defaultTier, where: DEFAULT_WHERE },
    questions: new Map(Object.values(DEFAULT_POLICY.questions).map((q) => [q.id, { q, where: DEFAULT_WHERE }])),
    trailers: { value: DEFAULT_POLICY.trailers, where: DEFAULT_WHERE },
    settings: new Map(),
  };
}

function cloneTier(t: TierState, name: string): TierState {
  return { ...t, name, questions: [...t.questions], globs: new Map(), origin: {} };
}

function strictestTierState(st: State): TierState {
  let best: TierState | undefined;
  for (const t of st.tiers.values()) if (!best || t.rank > best.rank) best = t;
  return best!;
}

// ---- locks ----------------------------------------------------------------------------------------------------

const CANONICAL_FIELD: Partial<Record<TierField, TierField>> = { addGlobs: 'globs', addQuestions: 'questions' };

/** `minConfidence` → `settings.minConfidence`, `tiers.x.addGlobs` → `tiers.x.globs`; undefined for an unknown key. */
export function normaliseLockKey(raw: string): string | undefined {
  const key = raw.trim();
  if (['tiers', 'defaultTier', 'questions', 'trailers', 'settings'].includes(key)) return key;
  if ((SETTING_KEYS as readonly string[]).includes(key)) return `settings.${key}`;
  if (key.startsWith('settings.') && (SETTING_KEYS as readonly string[]).includes(key.slice(9))) return key;
  if (key === 'settings.provenance' || key === 'provenance') return 'settings.provenance';
  const tier = /^tiers\.([a-z][a-z0-9-]{0,39})(?:\.([A-Za-z]+))?$/.exec(key);
  if (tier) {
    if (!tier[2]) return key;
    const field = tier[2] as TierField;
    if (!TIER_FIELD_NAMES.includes(field)) return undefined;
    return `tiers.${tier[1]}.${CANONICAL_FIELD[field] ?? field}`;
  }
  if (/^questions\.[a-z0-9][a-z0-9-]{0,63}$/.test(key)) return key;
  return undefined;
}

function findLock(locks: ReadonlyMap<string, Where>, key: string): [string, Where] | undefined {
  for (const [lock, where] of locks) if (key === lock || key.startsWith(`${lock}.`)) return [lock, where];
  return undefined;
}

function readLocks(inputs: readonly NormalisedInput[], report: Report): Map<string, Where> {
  const locks = new Map<string, Where>();
  for (const input of inputs) {
    if (!isObject(input.value) || input.value.locked === undefined) continue;
    const at = (path: JsonPath): Where => ({ source: input.source, file: input.file, path });
    const raw = input.value.locked;
    if (input.source !== 'policyFile') {
      report(at(['locked']), 'error', `"locked" is only read from .vetted/policy.json; in ${sourceLabel(input.source, input.file)} it is ignored.`);
      continue;
    }
    if (!Array.isArray(raw)) {
      report(at(['locked']), 'error', `"locked" must be an array of keys (e.g. ["tiers.critical", "minConfidence"]); found ${show(raw)}, so nothing is locked.`);
      continue;
    }
    raw.forEach((entry, i) => {
      const key = typeof entry === 'string' ? normaliseLockKey(entry) : undefined;
      if (key === undefined) {
        report(at(['locked', i]), 'warning', `unknown lock key ${show(entry)}: expected e.g. "tiers.critical.reviewers", "tiers.critical", "defaultTier", "questions", "trailers" or a setting such as "minConfidence", "rules", "enable", "provenance.mode". Ignored.`);
      } else if (!locks.has(key)) locks.set(key, at(['locked', i]));
    });
  }
  return locks;
}

// ---- applying one layer ---------------------------------------------------------------------------------------

interface NormalisedInput {
  readonly source: PolicySource;
  readonly file?: string;
  readonly value: unknown;
}

function checkGlob(glob: string, where: Where, report: Report): void {
  if (glob.includes('\\')) report(where, 'warning', `glob ${show(glob)} contains a backslash: globs match POSIX paths (forward slashes), and \\ escapes the next character.`);
  else if (glob.startsWith('/') || glob.startsWith('./') || /^[A-Za-z]:/.test(glob)) report(where, 'warning', `glob ${show(glob)} never matches: paths are relative to the workspace folder, without a leading / or ./ (e.g. "src/auth/**").`);
}

function applyLayer(st: State, input: NormalisedInput, locks: ReadonlyMap<string, Where>, report: Report): void {
  const { source, value } = input;
  if (value === undefined || value === null) return;
  const at = (path: JsonPath, note?: string): Where => ({ source, file: input.file, path, note });
  const settingsLayer = SETTINGS_SOURCES.has(source);
  const where = sourceLabel(source, input.file);
  if (!isObject(value)) {
    report(at([]), 'error', `the policy in ${where} must be an object; found ${show(value)}. Ignored.`);
    return;
  }
  /** True (after reporting) when a settings layer tries to change a locked key. */
  const blocked = (key: string, path: JsonPath): boolean => {
    if (!settingsLayer) return false;
    const lock = findLock(locks, key);
    if (!lock) return false;
    report(at(path), 'error', `${key} is locked by ${label(lock[1])}; the value in ${where} is ignored.`);
    return true;
  };
  for (const key of Object.keys(value)) {
    if (!(key in LAYER_FIELDS)) report(at([key]), 'warning', `unknown key ${show(key)} (known: ${Object.keys(LAYER_FIELDS).filter((k) => k !== '$schema').join(', ')}). Ignored.`);
  }

  // questions (the catalog) first, so a tier's "strictest" question list can include new ones
  if (value.questions !== undefined && !blocked('questions', ['questions'])) {
    const qs = value.questions;
    if (!Array.isArray(qs)) report(at(['questions']), 'error', `"questions" must be an array of { id, text, hint? }; found ${show(qs)}. Ignored.`);
    else
      qs.forEach((q, i) => {
        const r = QUESTION_SCHEMA.safeParse(q);
        if (!r.success) {
          report(at(['questions', i]), 'error', `invalid question: ${issues(r.error)}. Ignored.`);
          return;
        }
        if (blocked(`questions.${r.data.id}`, ['questions', i])) return;
        st.questions.set(r.data.id, { q: r.data, where: at(['questions', i]) });
      });
  }

  if (value.tiers !== undefined && !blocked('tiers', ['tiers'])) {
    const tiers = value.tiers;
    if (!isObject(tiers)) {
      report(at(['tiers']), 'error', `"tiers" must be an object keyed by tier name; found ${show(tiers)}. Every tier takes its strictest safe values.`);
      for (const t of st.tiers.values()) makeStrictest(st, t, at(['tiers'], 'strictest safe value (invalid "tiers")'));
    } else {
      for (const [name, raw] of Object.entries(tiers)) applyTier(st, name, raw, at, blocked, report);
    }
  }

  if (value.defaultTier !== undefined && !blocked('defaultTier', ['defaultTier'])) {
    const r = TIER_NAME.safeParse(value.defaultTier);
    if (r.success) st.defaultTier = { value: r.data, where: at(['defaultTier']) };
    else {
      report(at(['defaultTier']), 'error', `invalid defaultTier ${show(value.defaultTier)}: ${issues(r.error)}. Files no glob matches get the strictest tier.`);
      st.defaultTier = { value: undefined, where: at(['defaultTier'], 'strictest tier (invalid defaultTier)') };
    }
  }

  if (value.trailers !== undefined && !blocked('trailers', ['trailers'])) {
    if (typeof value.trailers === 'boolean') st.trailers = { value: value.trailers, where: at(['trailers']) };
    else {
      report(at(['trailers']), 'error', `"trailers" must be true or false; found ${show(value.trailers)}. Trailers stay off.`);
      st.trailers = { value: STRICTEST_SAFE.trailers, where: at(['trailers'], 'invalid value; trailers off') };
    }
  }

  if (value.settings !== undefined) {
    const s = value.settings;
    if (settingsLayer) report(at(['settings']), 'error', `"settings" is only read from .vetted/policy.json; in ${where} set the vetted.* settings themselves. Ignored.`);
    else if (!isObject(s)) report(at(['settings']), 'error', `"settings" must be an object of vetted.* settings (e.g. { "minConfidence": "low" }); found ${show(s)}. Ignored.`);
    else for (const [key, v] of Object.entries(s)) applySetting(st, key, v, at, report);
  }
}

function applyTier(
  st: State,
  name: string,
  raw: unknown,
  at: (path: JsonPath, note?: string) => Where,
  blocked: (key: string, path: JsonPath) => boolean,
  report: Report,
): void {
  const tp = ['tiers', name];
  if (!TIER_NAME.safeParse(name).success) {
    report(at(tp), 'error', `invalid tier name ${show(name)}: lower-case letters, digits and dashes (e.g. "critical"). Ignored.`);
    return;
  }
  if (blocked(`tiers.${name}`, tp)) return;
  let tier = st.tiers.get(name);
  if (!isObject(raw)) {
    if (tier) {
      report(at(tp), 'error', `tier ${name} must be an object of tier fields; found ${show(raw)}. Its fields take their strictest safe values.`);
      makeStrictest(st, tier, at(tp, `strictest safe value (invalid tier ${name})`));
    } else report(at(tp), 'error', `tier ${name} must be an object with at least a "rank"; found ${show(raw)}. Ignored.`);
    return;
  }
  if (!tier) {
    const rank = TIER_FIELDS.rank.safeParse(raw.rank);
    if (!rank.success) {
      report(at(raw.rank === undefined ? tp : [...tp, 'rank']), 'error', `new tier ${name} needs an integer "rank" (higher = stricter; the defaults are experimental 0, standard 1, critical 2). Ignored.`);
      return;
    }
    const base = strictestTierState(st);
    tier = { ...cloneTier(base, name), rank: rank.data };
    for (const f of COMPARABLE_TIER_FIELDS) tier.origin[f] = at(tp, `copied from the strictest tier (${base.name}): a new tier starts from it`);
    tier.origin.rank = at([...tp, 'rank']);
    st.tiers.set(name, tier);
  }
  const t = tier;
  for (const field of Object.keys(raw)) {
    if (!(TIER_FIELD_NAMES as string[]).includes(field)) report(at([...tp, field]), 'warning', `unknown tier field ${show(field)} (known: ${TIER_FIELD_NAMES.join(', ')}). Ignored.`);
  }
  for (const field of TIER_FIELD_NAMES) {
    const v = raw[field];
    if (v === undefined) continue;
    const path = [...tp, field];
    if (blocked(`tiers.${name}.${CANONICAL_FIELD[field] ?? field}`, path)) continue;
    const r = TIER_FIELDS[field].safeParse(v);
    if (!r.success) {
      invalidTierField(st, t, field, v, at(path, 'strictest safe value (the given value is invalid)'), issues(r.error), report);
      continue;
    }
    const w = at(path);
    switch (field) {
      case 'rank':
        t.rank = r.data as number;
        t.origin.rank = w;
        break;
      case 'globs':
      case 'addGlobs': {
        const list = r.data as string[];
        if (field === 'globs') t.globs = new Map();
        list.forEach((g, i) => {
          checkGlob(g, at([...path, i]), report);
          if (!t.globs.has(g) || field === 'globs') t.globs.set(g, at([...path, i]));
        });
        t.origin.globs = w;
        break;
      }
      case 'questions':
      case 'addQuestions': {
        const list = r.data as string[];
        t.questions = field === 'questions' ? [...new Set(list)] : [...t.questions, ...list.filter((q) => !t.questions.includes(q))];
        t.origin.questions = w;
        break;
      }
      default:
        (t as unknown as Record<string, unknown>)[field] = r.data;
        t.origin[field as keyof Fields] = w;
    }
  }
}

function strictestValue(st: State, t: TierState, field: TierField): unknown {
  switch (field) {
    case 'allowAi':
    case 'blockUnreviewed':
    case 'blockSeverity':
    case 'blockConfidence':
      return STRICTEST_SAFE[field];
    case 'reviewers':
      return Math.max(t.reviewers, STRICTEST_SAFE.reviewers);
    case 'questions':
    case 'addQuestions':
      return stricterTierValue('questions', t.questions, [...st.questions.keys()]);
    default:
      return undefined;
  }
}

function invalidTierField(st: State, t: TierState, field: TierField, value: unknown, w: Where, detail: string, report: Report): void {
  if (field === 'rank') {
    report(w, 'error', `invalid rank ${show(value)} for tier ${t.name}: ${detail}. The rank stays ${t.rank}.`);
    return;
  }
  if (field === 'globs' || field === 'addGlobs') {
    const valid = Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.length > 0 && g.length <= 500) : [];
    for (const g of valid) if (!t.globs.has(g)) t.globs.set(g, w);
    report(w, 'error', `invalid ${field} for tier ${t.name}: ${detail}. The tier keeps its globs${valid.length ? ' and adds the valid ones' : ''}.`);
    return;
  }
  const strict = strictestValue(st, t, field);
  const key = (field === 'addQuestions' ? 'questions' : field) as keyof Fields;
  (t as unknown as Record<string, unknown>)[key] = strict;
  t.origin[key] = w;
  report(w, 'error', `invalid ${field} ${show(value)} for tier ${t.name}: ${detail}. Using the strictest safe value ${show(strict)}.`);
}

function makeStrictest(st: State, t: TierState, w: Where): void {
  for (const f of ['allowAi', 'reviewers', 'blockSeverity', 'blockConfidence', 'blockUnreviewed', 'questions'] as const) {
    (t as unknown as Record<string, unknown>)[f] = strictestValue(st, t, f);
    t.origin[f] = w;
  }
}

function applySetting(st: State, key: string, v: unknown, at: (path: JsonPath, note?: string) => Where, report: Report): void {
  const path = ['settings', key];
  if (!(SETTING_KEYS as readonly string[]).includes(key)) {
    report(at(path), 'warning', `unknown setting ${show(key)} (known: ${SETTING_KEYS.join(', ')}). Ignored.`);
    return;
  }
  const k = key as SettingKey;
  if (k === 'rules' && isObject(v)) {
    // entry by entry, so one unknown rule id does not drop the others
    const out: Record<string, string> = {};
    for (const [id, level] of Object.entries(v)) {
      if (!RULE_IDS.includes(id)) report(at([...path, id]), 'error', `unknown rule id ${show(id)}. Ignored.`);
      else if (typeof level !== 'string' || !['off', ...SEVERITIES].includes(level)) report(at([...path, id]), 'error', `invalid level ${show(level)} for ${id} (off, critical, high, medium or low). The rule keeps its default level.`);
      else out[id] = level;
    }
    st.settings.set(k, { value: out, where: at(path) });
    return;
  }
  const r = SETTINGS_SCHEMA[k].safeParse(v);
  if (r.success) {
    st.settings.set(k, { value: r.data, where: at(path) });
    return;
  }
  const strict = (STRICTEST_SAFE.settings as Record<string, unknown>)[k];
  if (strict !== undefined) {
    st.settings.set(k, { value: strict, where: at(path, 'strictest safe value (the given value is invalid)') });
    report(at(path), 'error', `invalid value ${show(v)} for ${k}: ${issues(r.error)}. Pinned to the strictest safe value ${show(strict)}.`);
  } else {
    st.settings.delete(k);
    report(at(path), 'error', `invalid value ${show(v)} for ${k}: ${issues(r.error)}. Not pinned: the vetted.${k} setting applies.`);
  }
}

function issues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

// ---- resolution -----------------------------------------------------------------------------------------------

function normalise(input: PolicyLayerInput, p: ParsedJson | undefined, report: Report): { norm: NormalisedInput; invalid?: string } {
  if (input.text === undefined || !p) return { norm: { source: input.source, file: input.file, value: input.layer } };
  const w: Where = { source: input.source, file: input.file, path: [] };
  if (input.text.replace(/^\uFEFF/, '').trim() === '') return { norm: { source: input.source, file: input.file, value: undefined } };
  if (p.error) {
    const msg = `${sourceLabel(input.source, input.file)} is not valid JSON (line ${p.error.position.line + 1}, column ${p.error.position.character + 1}: ${p.error.message}). Until it is fixed, every file gets the strictest tier.`;
    report(w, 'error', msg);
    return { norm: { source: input.source, file: input.file, value: undefined }, invalid: msg };
  }
  if (!isObject(p.value)) {
    const msg = `${sourceLabel(input.source, input.file)} must contain a JSON object; found ${show(p.value)}. Until it is fixed, every file gets the strictest tier.`;
    report(w, 'error', msg);
    return { norm: { source: input.source, file: input.file, value: undefined }, invalid: msg };
  }
  for (const d of p.duplicates) report({ ...w, path: d.path }, 'warning', `duplicate key ${show(d.path[d.path.length - 1])}: the last one counts.`);
  return { norm: { source: input.source, file: input.file, value: p.value } };
}

/**
 * Untrusted workspace: every value of `final` that came from an untrusted layer (or from a lock of the untrusted
 * policy file) and is weaker than `base` (defaults + user) goes back to the base value.
 */
function clampUntrusted(final: State, base: State, locks: ReadonlyMap<string, Where>, report: Report): void {
  const blame = (w: Where | undefined, key: string): Where => {
    if (w && UNTRUSTED_SOURCES.has(w.source)) return w;
    return findLock(locks, key)?.[1] ?? w ?? DEFAULT_WHERE;
  };
  const weak = (w: Where, key: string, value: unknown, kept: unknown, keptFrom: Where | undefined) =>
    report(w, 'warning', `untrusted workspace: ${key} ${show(value)} from ${label(w)} would weaken ${show(kept)} (${keptFrom ? label(keptFrom) : 'built-in default'}); an untrusted workspace may only make the policy stricter, so it is ignored.`);
  for (const t of final.tiers.values()) {
    const b = base.tiers.get(t.name);
    if (!b) continue;
    if (t.rank !== b.rank) {
      const w = blame(t.origin.rank, `tiers.${t.name}.rank`);
      report(w, 'warning', `untrusted workspace: the rank of tier ${t.name} cannot change (${b.rank} → ${t.rank} from ${label(w)} ignored): reordering tiers could move files to a weaker one.`);
      t.rank = b.rank;
      t.origin.rank = b.origin.rank;
    }
    for (const f of COMPARABLE_TIER_FIELDS) {
      const asPolicy = (s: TierState) => ({ ...s, globs: [] }) as unknown as TierPolicy;
      if (fieldAtLeastAsStrict(f, asPolicy(t), asPolicy(b))) continue;
      const key = `tiers.${t.name}.${f}`;
      const w = blame(t.origin[f], key);
      weak(w, key, t[f], b[f], b.origin[f]);
      (t as unknown as Record<string, unknown>)[f] = stricterTierValue(f, t[f] as never, b[f] as never);
      t.origin[f] = b.origin[f] && f !== 'questions' ? b.origin[f] : { ...(b.origin[f] ?? DEFAULT_WHERE), note: 'kept: an untrusted workspace may only tighten' };
    }
    const removed = [...b.globs.keys()].filter((g) => !t.globs.has(g));
    if (removed.length) {
      const w = blame(t.origin.globs, `tiers.${t.name}.globs`);
      report(w, 'warning', `untrusted workspace: globs cannot be removed from tier ${t.name} (kept: ${removed.join(', ')}); use addGlobs to add more.`);
      for (const g of removed) t.globs.set(g, b.globs.get(g)!);
    }
  }
  // defaultTier: only to a tier at least as strict as the base default tier
  const baseDefault = final.tiers.get(base.defaultTier.value ?? '') ?? strictestTierState(final);
  const wanted = final.defaultTier.value === undefined ? undefined : final.tiers.get(final.defaultTier.value);
  if (final.defaultTier.value !== base.defaultTier.value && wanted && !tierAtLeastAsStrict(policyOf(wanted), policyOf(baseDefault))) {
    const w = blame(final.defaultTier.where, 'defaultTier');
    report(w, 'warning', `untrusted workspace: defaultTier ${show(wanted.name)} from ${label(w)} is weaker than ${baseDefault.name}; an untrusted workspace may only make the policy stricter, so it is ignored.`);
    final.defaultTier = base.defaultTier;
  }
  // added globs: only to tiers at least as strict as the default tier and every tier they could outrank
  const defaultTier = final.tiers.get(final.defaultTier.value ?? '') ?? strictestTierState(final);
  for (const t of final.tiers.values()) {
    const b = base.tiers.get(t.name);
    const added = [...t.globs].filter(([g]) => !b?.globs.has(g));
    if (!added.length) continue;
    const lower = [...final.tiers.values()].filter((u) => u !== t && u.rank < t.rank);
    const weaker = [defaultTier, ...lower].find((u) => u !== t && !tierAtLeastAsStrict(policyOf(t), policyOf(u)));
    if (!weaker) continue;
    for (const [g, w] of added) {
      report(w, 'warning', `untrusted workspace: glob ${show(g)} is not added to tier ${t.name}, which is not as strict as tier ${weaker.name}; an untrusted workspace may only move files to stricter tiers.`);
      t.globs.delete(g);
    }
  }
  // question texts of the base cannot be rewritten (only new questions added)
  for (const [id, entry] of final.questions) {
    const b = base.questions.get(id);
    if (b && !sameValue(b.q, entry.q) && UNTRUSTED_SOURCES.has(entry.where.source)) {
      report(entry.where, 'warning', `untrusted workspace: question ${show(id)} cannot be reworded; only new questions can be added. Kept the existing text.`);
      final.questions.set(id, b);
    }
  }
  // pinned settings: never weaker than the defaults (the user's own settings are combined in applyPinnedSettings)
  for (const [key, entry] of final.settings) {
    const def = DEFAULT_SETTINGS[key];
    if (settingAtLeastAsStrict(key, entry.value as never, def as never)) continue;
    const kept = stricterSetting(key, def as never, entry.value as never);
    const w = blame(entry.where, `settings.${key}`);
    report(w, 'warning', `untrusted workspace: ${key} ${show(entry.value)} from ${label(w)} would weaken the default ${show(def)}; an untrusted workspace may only make checks stricter, so ${show(kept)} is used.`);
    final.settings.set(key, { value: kept, where: { ...w, note: 'clamped: an untrusted workspace may only tighten' } });
  }
}

function policyOf(t: TierState): TierPolicy {
  return {
    name: t.name,
    rank: t.rank,
    globs: [...t.globs.keys()],
    allowAi: t.allowAi,
    questions: [...t.questions],
    reviewers: t.reviewers,
    blockSeverity: t.blockSeverity,
    blockConfidence: t.blockConfidence,
    blockUnreviewed: t.blockUnreviewed,
  };
}

function merge(inputs: readonly NormalisedInput[], locks: ReadonlyMap<string, Where>, report: Report): State {
  const st = initialState();
  for (const input of inputs) applyLayer(st, input, locks, report);
  return st;
}

/**
 * The effective policy of one workspace folder. `layers` in any order (sorted by source; several of one source apply
 * in the given order). Never throws.
 */
export function resolvePolicy(layers: readonly PolicyLayerInput[], opts: { trusted: boolean }): PolicyResolution {
  const problems: PolicyProblem[] = [];
  const texts = new Map<string, { text: string; parsed: ParsedJson }>();
  const seen = new Set<string>();
  const report: Report = (w, severity, message) => {
    const id = `${w.source}\u0000${w.file ?? ''}\u0000${JSON.stringify(w.path)}\u0000${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    const t = w.file !== undefined ? texts.get(`${w.source}\u0000${w.file}`) : undefined;
    const range = t ? safeLocate(t.text, w.path, t.parsed) : undefined;
    problems.push({ source: w.source, file: w.file, path: w.path, message, severity, ...(range ? { range } : {}) });
  };
  const sorted = [...layers].filter((l) => l && l.source in SOURCE_ORDER && l.source !== 'default').sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
  let invalid: { file: string; message: string } | undefined;
  const norm: NormalisedInput[] = [];
  for (const l of sorted) {
    let p: ParsedJson | undefined;
    if (typeof l.text === 'string') {
      p = parseJsonLocated(l.text);
      texts.set(`${l.source}\u0000${l.file ?? ''}`, { text: l.text, parsed: p });
    }
    const n = normalise(l, p, report);
    if (n.invalid && !invalid) invalid = { file: sourceLabel(l.source, l.file), message: n.invalid };
    norm.push(n.norm);
  }
  const locks = readLocks(norm, report);
  const final = merge(norm, locks, report);
  if (!opts.trusted) {
    const base = merge(norm.filter((n) => n.source === 'user'), new Map(), () => undefined);
    clampUntrusted(final, base, locks, report);
  }
  return build(final, locks, problems, opts.trusted, invalid, report);
}

function safeLocate(text: string, path: JsonPath, parsed: ParsedJson): Range | undefined {
  try {
    return locatePath(text, path, parsed);
  } catch {
    return undefined;
  }
}

function build(st: State, locks: ReadonlyMap<string, Where>, problems: PolicyProblem[], trusted: boolean, invalid: { file: string; message: string } | undefined, report: Report): PolicyResolution {
  const strictest = strictestTierState(st);
  let defaultName = st.defaultTier.value;
  let defaultWhere = st.defaultTier.where;
  if (defaultName === undefined || !st.tiers.has(defaultName)) {
    if (defaultName !== undefined) report(st.defaultTier.where, 'error', `defaultTier ${show(defaultName)} is not a tier (known: ${[...st.tiers.keys()].join(', ')}). Files no glob matches get the strictest tier, ${strictest.name}.`);
    defaultName = strictest.name;
    defaultWhere = { ...st.defaultTier.where, note: 'strictest tier (the given defaultTier is invalid)' };
  }
  if (invalid) {
    defaultName = strictest.name;
    defaultWhere = { source: 'policyFile', file: invalid.file, path: [], note: 'strictest tier: the policy file is invalid' };
    strictest.globs.set('**', defaultWhere);
  }
  // question ids a tier requires but no layer defines: shown by id, never dropped
  for (const t of st.tiers.values()) {
    for (const id of t.questions) {
      if (st.questions.has(id)) continue;
      const w = t.origin.questions ?? DEFAULT_WHERE;
      report(w, 'warning', `tier ${t.name} requires question ${show(id)}, which is not defined; add it to "questions" with its text. Until then it is shown by its id.`);
      st.questions.set(id, { q: { id, text: id }, where: w });
    }
  }
  const tiers = [...st.tiers.values()].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name)).map(policyOf);
  const policy: Policy = {
    tiers,
    defaultTier: defaultName,
    questions: Object.fromEntries([...st.questions].map(([id, e]) => [id, e.q])),
    trailers: st.trailers.value,
  };
  const settings: Record<string, unknown> = {};
  const settingWhere = new Map<SettingKey, Where>();
  for (const [k, e] of st.settings) {
    settings[k] = e.value;
    settingWhere.set(k, e.where);
  }
  const lockedSettings = SETTING_KEYS.filter((k) => findLock(locks, `settings.${k}`));
  for (const k of lockedSettings) {
    if (settings[k] === undefined) {
      settings[k] = DEFAULT_SETTINGS[k];
      settingWhere.set(k, DEFAULT_WHERE);
    }
  }
  const byName = new Map(st.tiers);
  const describe = (w: Where | undefined, key: string): PolicyOrigin => {
    const where = w ?? DEFAULT_WHERE;
    const lock = findLock(locks, key);
    const notes = [where.note, lock ? `locked by ${label(lock[1])}` : undefined].filter(Boolean);
    return { source: where.source, detail: [label(where), ...notes].join('; ') };
  };
  const origin = (rawKey: string): PolicyOrigin => {
    const key = (SETTING_KEYS as readonly string[]).includes(rawKey) ? `settings.${rawKey}` : rawKey;
    if (key === 'defaultTier') return describe(defaultWhere, key);
    if (key === 'trailers') return describe(st.trailers.where, key);
    if (key.startsWith('settings.')) return describe(settingWhere.get(key.slice(9) as SettingKey), key);
    if (key.startsWith('questions.')) return describe(st.questions.get(key.slice(10))?.where, key);
    const m = /^tiers\.([^.]+)\.([A-Za-z]+)$/.exec(key);
    if (m) {
      const t = byName.get(m[1]);
      const field = (CANONICAL_FIELD[m[2] as TierField] ?? m[2]) as keyof TierState['origin'];
      return describe(t?.origin[field], `tiers.${m[1]}.${field}`);
    }
    return describe(undefined, key);
  };
  const globOrigin = (tier: string, glob: string): PolicyOrigin | undefined => {
    const w = byName.get(tier)?.globs.get(glob);
    return w ? describe(w, `tiers.${tier}.globs`) : undefined;
  };
  const tierFor = (relPath: string): TierResolution => resolveTier(policy, relPath, invalid, globOrigin, describe(defaultWhere, 'defaultTier'));
  return {
    policy,
    settings: settings as Partial<Settings>,
    lockedSettings,
    locked: [...locks.keys()],
    problems,
    trusted,
    ...(invalid ? { invalidFile: invalid } : {}),
    origin,
    globOrigin,
    tierFor,
  };
}

function resolveTier(
  policy: Policy,
  relPath: string,
  invalid: { file: string; message: string } | undefined,
  globOrigin: (tier: string, glob: string) => PolicyOrigin | undefined,
  defaultOrigin: PolicyOrigin,
): TierResolution {
  const p = normalisePath(typeof relPath === 'string' ? relPath : '');
  const strictest = policy.tiers.reduce((a, b) => (b.rank > a.rank ? b : a));
  if (invalid) return { tier: strictest, glob: '**', reason: `${p}: ${invalid.file} is invalid, so every file gets the strictest tier, ${strictest.name}` };
  let best: { tier: TierPolicy; glob: string } | undefined;
  for (const tier of policy.tiers) {
    if (best && tier.rank <= best.tier.rank) continue;
    const glob = tier.globs.find((g) => safeMatch(p, g));
    if (glob) best = { tier, glob };
  }
  if (best) return { tier: best.tier, glob: best.glob, reason: `${p} matches ${best.glob} (${best.tier.name} tier, from ${globOrigin(best.tier.name, best.glob)?.detail ?? 'built-in default'})` };
  const fallback = policy.tiers.find((t) => t.name === policy.defaultTier) ?? strictest;
  return { tier: fallback, reason: `${p} matches no tier glob, so the default tier ${fallback.name} applies (from ${defaultOrigin.detail})` };
}

function safeMatch(path: string, glob: string): boolean {
  try {
    return minimatch(path, glob, { dot: true, nocase: false });
  } catch {
    return false;
  }
}

/**
 * The path of `file` relative to the workspace folder `folder` (both absolute; `/` or `\`, Windows drive letters
 * compared case-insensitively), POSIX-normalised; undefined when the file is outside the folder.
 */
export function relativeToFolder(folder: string, file: string): string | undefined {
  const norm = (s: string) => s.replace(/\\/g, '/').replace(/\/{2,}/g, '/').replace(/^([A-Za-z]):/, (_, d: string) => `${d.toLowerCase()}:`);
  const f = norm(folder).replace(/\/+$/, '');
  const p = norm(file);
  if (p === f) return '';
  if (!p.startsWith(`${f}/`)) return undefined;
  return normalisePath(p.slice(f.length + 1));
}

/**
 * Applies pinned settings (resolution.settings) to the settings read from VS Code. Trusted: pinned values win.
 * Untrusted: each pinned value only where it is stricter than the current one (strictness.ts), so neither the
 * user's own stricter settings nor the checks can be weakened by the repository. `notes` explains what changed.
 */
export function applyPinnedSettings(current: Settings, pinned: Partial<Settings>, trusted: boolean): { settings: Settings; notes: string[] } {
  const out: Record<string, unknown> = { ...current };
  const notes: string[] = [];
  for (const key of SETTING_KEYS) {
    const p = pinned[key];
    if (p === undefined) continue;
    const next = trusted ? p : stricterSetting(key, current[key] as never, p as never);
    if (!sameValue(next, current[key])) notes.push(`vetted.${key} is ${show(next)} (pinned by the team policy${trusted ? '' : ', stricter than the setting'})`);
    out[key] = next;
  }
  return { settings: out as Settings, notes };
}
