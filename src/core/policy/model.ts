/**
 * The team policy model (issue 5): risk tiers by glob, what each tier demands of AI code, and the checklist questions.
 * Plain data, no vscode, no fs. Resolution of layered sources (user < workspace < folder < policy file, locks,
 * untrusted tightening) lives in resolve.ts; this file is the contract the gate, the panel and the reports build on.
 */
import { minimatch } from 'minimatch';
import type { Confidence, Severity } from '../types';

/** Where a policy value came from, weakest first. */
export const POLICY_SOURCES = ['default', 'user', 'workspace', 'folder', 'policyFile'] as const;
export type PolicySource = (typeof POLICY_SOURCES)[number];

export interface Question {
  /** Stable id (kebab-case): answers and required-question lists refer to it. */
  readonly id: string;
  readonly text: string;
  /** One line on what a good answer covers. */
  readonly hint?: string;
}

export interface TierPolicy {
  /** e.g. `experimental`, `standard`, `critical`. */
  readonly name: string;
  /** Higher = stricter. When several tiers' globs match a path, the strictest one applies. */
  readonly rank: number;
  /** minimatch globs on POSIX paths relative to the workspace folder (`dot: true`). */
  readonly globs: readonly string[];
  /** false: any AI-tagged block in a matching file blocks the commit. */
  readonly allowAi: boolean;
  /** Question ids that must be answered before a sign-off counts. */
  readonly questions: readonly string[];
  /** Distinct reviewers whose sign-off (bound to the current content hash) the block needs. 0 = none. */
  readonly reviewers: number;
  /** Findings at or above this severity block a commit (`off`: findings never block). */
  readonly blockSeverity: Severity | 'off';
  /** ... and at or above this confidence. */
  readonly blockConfidence: Confidence;
  /** Unreviewed or modified-since-review AI blocks block a commit. */
  readonly blockUnreviewed: boolean;
}

export interface Policy {
  /** Ordered weakest to strictest (by rank). */
  readonly tiers: readonly TierPolicy[];
  /** Tier for paths no glob matches. */
  readonly defaultTier: string;
  /** Every known question by id (defaults plus the lead's own). */
  readonly questions: Readonly<Record<string, Question>>;
  /** Opt-in commit trailers (`Assisted-by:`, `Reviewed-by:`). Never on by default. */
  readonly trailers: boolean;
}

export interface TierResolution {
  readonly tier: TierPolicy;
  /** The glob that matched, or undefined when the default tier applied. */
  readonly glob?: string;
  /** Human-readable: "matches **\/auth/** (critical tier, from .vetted/policy.json)". */
  readonly reason: string;
}

export const DEFAULT_QUESTIONS: readonly Question[] = [
  { id: 'untrusted-input', text: 'Does it handle untrusted input safely (validated, parameterised, escaped)?', hint: 'Request data, files, env and model output reaching SQL, shell, HTML, paths or URLs.' },
  { id: 'authn-before-authz', text: 'Does it authenticate the caller before it authorises the action?', hint: 'Who is calling, and are they allowed to do this to this object?' },
  { id: 'no-secret-logging', text: 'Does it keep secrets and personal data out of logs?', hint: 'Passwords, tokens, Authorization headers, whole request bodies.' },
  { id: 'no-credentials', text: 'Is it free of credentials (keys, passwords, connection strings)?', hint: 'Read them from the environment or a secret store.' },
  { id: 'errors-no-internals', text: 'Do its errors avoid leaking internals (stack traces, SQL, paths) to clients?' },
  { id: 'rate-limit', text: 'Is there rate limiting where it accepts credentials or tokens?' },
  { id: 'dependencies', text: 'Does it add dependencies? If so, which, and are they known and maintained?' },
  { id: 'crypto-auth-permissions', text: 'Does it change crypto, authentication or permissions? If so, has someone who owns them looked?' },
];

const ALL_QUESTION_IDS = DEFAULT_QUESTIONS.map((q) => q.id);

export const DEFAULT_TIERS: readonly TierPolicy[] = [
  {
    name: 'experimental',
    rank: 0,
    globs: ['**/sandbox/**', '**/experiments/**', '**/scratch/**', '**/playground/**'],
    allowAi: true,
    questions: [],
    reviewers: 0,
    blockSeverity: 'critical',
    blockConfidence: 'high',
    blockUnreviewed: false,
  },
  {
    name: 'standard',
    rank: 1,
    globs: [],
    allowAi: true,
    questions: ['untrusted-input', 'no-credentials', 'errors-no-internals'],
    reviewers: 1,
    blockSeverity: 'high',
    blockConfidence: 'medium',
    blockUnreviewed: true,
  },
  {
    name: 'critical',
    rank: 2,
    globs: ['**/auth/**', '**/*auth*.*', '**/*crypto*', '**/*crypto*/**', '**/payment*/**', '**/billing/**', '**/*.tf', '**/Dockerfile', '**/Dockerfile.*', '.github/workflows/**', '**/infra/**', '**/migrations/**'],
    allowAi: true,
    questions: ALL_QUESTION_IDS,
    reviewers: 1,
    blockSeverity: 'medium',
    blockConfidence: 'medium',
    blockUnreviewed: true,
  },
];

export const DEFAULT_POLICY: Policy = {
  tiers: DEFAULT_TIERS,
  defaultTier: 'standard',
  questions: Object.fromEntries(DEFAULT_QUESTIONS.map((q) => [q.id, q])),
  trailers: false,
};

/** `a\b\c` and `./a/b` → `a/b/c`, `a/b`: globs always see POSIX paths relative to the folder. */
export function normalisePath(rel: string): string {
  let p = rel.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  return p.replace(/\/{2,}/g, '/').replace(/^\/+/, '');
}

/**
 * The tier for a path relative to its workspace folder: of all tiers with a matching glob, the strictest (highest
 * rank); the default tier when none matches. `source` names where the policy came from, for the reason text.
 */
export function tierFor(policy: Policy, relPath: string, source: string = 'defaults'): TierResolution {
  const p = normalisePath(relPath);
  let best: { tier: TierPolicy; glob: string } | undefined;
  for (const tier of policy.tiers) {
    if (best && tier.rank <= best.tier.rank) continue;
    const glob = tier.globs.find((g) => minimatch(p, g, { dot: true, nocase: false }));
    if (glob) best = { tier, glob };
  }
  if (best) return { tier: best.tier, glob: best.glob, reason: `${p} matches ${best.glob} (${best.tier.name} tier, from ${source})` };
  const fallback = policy.tiers.find((t) => t.name === policy.defaultTier) ?? strictest(policy);
  return { tier: fallback, reason: `${p} matches no tier glob, so the default tier ${fallback.name} applies (from ${source})` };
}

export function strictest(policy: Policy): TierPolicy {
  return policy.tiers.reduce((a, b) => (b.rank > a.rank ? b : a));
}
