/**
 * The commit gate's verdict (issue 5), shared by `vetted precommit`, the review panel's "before you commit" view and
 * the Source Control integration. Plain data.
 */

export const GATE_ITEM_KINDS = [
  /** An AI block whose tier needs review and that has no sign-off for its current content. */
  'unreviewed',
  /** An AI block changed since its last sign-off (content hash differs). */
  'modified',
  /** Signed off, but by fewer distinct reviewers than the tier requires, or with required questions unanswered. */
  'incomplete-review',
  /** The tier does not allow AI code at all. */
  'ai-not-allowed',
  /** A finding at or above the tier's blocking severity and confidence. */
  'finding',
  /** A provenance marker that cannot be read or paired (the block's review state is unknown). */
  'broken-marker',
  /** The policy could not be read; the strictest safe defaults were used. Never blocks by itself. */
  'policy-problem',
  /** Sign-offs (or dismissals) in the working copy of `.vetted/provenance.jsonl` / `.vetted/ignore.json` that are not staged. Never blocks. */
  'unstaged-sign-off',
] as const;
export type GateItemKind = (typeof GATE_ITEM_KINDS)[number];

export interface GateItem {
  readonly kind: GateItemKind;
  /** POSIX path relative to the repository root. */
  readonly file: string;
  /** 1-based line in the staged content. */
  readonly line: number;
  readonly message: string;
  /** Exactly how to resolve it: the command to run or the action to take, with file:line. */
  readonly resolve: string;
  /** Whether this item blocks the commit (policy problems and notes do not). */
  readonly blocking: boolean;
  readonly tier?: string;
  readonly regionId?: string;
  readonly ruleId?: string;
  /** Findings: the fingerprint `.vetted/ignore.json` matches on. */
  readonly fingerprint?: string;
}

/** A staged file the gate could not look into (binary, too large, unreadable). Listed, never blocking. */
export interface GateSkip {
  readonly file: string;
  readonly reason: string;
}

/** A finding dismissed by `.vetted/ignore.json` (listed so dismissals stay auditable). */
export interface GateDismissal {
  readonly file: string;
  readonly line: number;
  readonly ruleId: string;
  readonly fingerprint: string;
  readonly reason: string;
  readonly by: string;
}

export interface GateVerdict {
  /** `pass`: exit 0; `block`: exit 1; `error`: exit 2 (the gate could not decide: not a repository, git failed). */
  readonly status: 'pass' | 'block' | 'error';
  readonly items: readonly GateItem[];
  /** Staged files looked at. */
  readonly checkedFiles: number;
  /** AI blocks found in them. */
  readonly aiBlocks: number;
  /** One line for a status bar or the first line of the CLI output. */
  readonly summary: string;
  /** Staged files not looked into (binary, too large). */
  readonly skipped: readonly GateSkip[];
  /** Findings dismissed by `.vetted/ignore.json`. */
  readonly dismissed: readonly GateDismissal[];
  /** Which findings were checked: `changed` (lines this commit changes, plus AI blocks), `ai-blocks`, or `all`. */
  readonly findingsScope: 'changed' | 'ai-blocks' | 'all';
}
