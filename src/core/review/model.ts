/**
 * The review panel's model (issue 5): from a tagged block (its marker meta, lines and recomputed hash), the ledger's
 * reviews of it, the tier that applies and the findings in its file, what the panel shows and what a sign-off may do.
 * Plain data: no vscode, no fs.
 *
 * A sign-off counts for a block when it is a `reviewed` review bound to the block's CURRENT content hash, by a named
 * reviewer, answering every question the tier requires. A later `unreviewed` review (Mark Unreviewed) voids the
 * sign-offs before it. The block is `reviewed` once max(1, tier.reviewers) distinct reviewers signed the current hash;
 * with fewer (but some) it `needs-reviewers`; a block whose code no longer matches its marker's `h` is `modified`.
 */
import type { Answer, Review } from '../provenance/ledger';
import type { RegionMeta, RegionSource } from '../provenance/types';
import type { Confidence, Severity } from '../types';
import type { Policy, Question, TierPolicy } from '../policy/model';

export const REVIEW_STATUSES = ['unreviewed', 'reviewed', 'modified', 'needs-reviewers'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A tagged block as the editor's region index sees it. Lines are 0-based. */
export interface BlockInput {
  readonly meta: RegionMeta;
  /** Begin marker line (marked blocks) or first line (ledger-only). */
  readonly beginLine: number;
  /** End marker line (marked blocks) or last line. */
  readonly endLine: number;
  readonly marked: boolean;
  /** Hash of the enclosed code as it is now (marked blocks); undefined: trust `meta`. */
  readonly actualHash?: string;
}

/** A finding of the file, with 0-based positions. */
export interface FindingInput {
  readonly ruleId: string;
  readonly message: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly hasFix?: boolean;
}

export interface SignOff {
  readonly by: string;
  readonly at: string;
  readonly answers: Record<string, Answer>;
  readonly note?: string;
}

export interface QuestionState {
  readonly id: string;
  readonly text: string;
  readonly hint?: string;
}

export interface BlockState {
  readonly id: string;
  readonly beginLine: number;
  readonly endLine: number;
  readonly marked: boolean;
  readonly tool: string;
  readonly model?: string;
  readonly src: RegionSource;
  readonly ts: string;
  readonly status: ReviewStatus;
  /** The content hash sign-offs are bound to now. */
  readonly hash: string;
  /** Distinct sign-offs that count for the current content, oldest first. */
  readonly signOffs: SignOff[];
  /** Distinct reviewers the tier needs before the block counts as reviewed (at least 1). */
  readonly needed: number;
  /** Whether the tier requires a review at all (tier.reviewers > 0 or blockUnreviewed). */
  readonly reviewRequired: boolean;
  /** The tier's checklist, in the tier's order (unknown ids are shown by id). */
  readonly questions: QuestionState[];
  /** The current reviewer's answers of their counting sign-off, if they made one. */
  readonly myAnswers: Record<string, Answer>;
  readonly signedByMe: boolean;
  /** The marker says reviewed but no counting sign-off is in the ledger (e.g. Mark Reviewed without the checklist). */
  readonly checklistMissing: boolean;
  /** Signed off before, but for other content (what the panel says when it asks for a re-review). */
  readonly previouslySignedBy: string[];
  /** Findings whose start line is inside the block. */
  readonly findings: FindingInput[];
}

export interface BlockModelInput {
  readonly block: BlockInput;
  readonly reviews: readonly Review[];
  readonly tier: TierPolicy;
  readonly policy: Pick<Policy, 'questions'>;
  readonly findings: readonly FindingInput[];
  /** Who is reviewing now (git user.email / user.name), when known. */
  readonly reviewer?: string;
}

const sameReviewer = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The content hash a sign-off must be bound to now. */
export function currentHash(block: BlockInput): string {
  return block.actualHash ?? block.meta.h;
}

/** Whether the code changed since the marker's `h` was written (tagging or the last review). */
export function isModified(block: BlockInput): boolean {
  if (block.actualHash !== undefined) return block.actualHash !== block.meta.h;
  return block.meta.status === 'modified';
}

/** Sign-offs of `hash` that count: latest per reviewer, complete for `required`, not voided by a later unreview. */
export function countingSignOffs(reviews: readonly Review[], hash: string, required: readonly string[]): SignOff[] {
  const byReviewer: SignOff[] = [];
  for (const r of reviews) {
    if (r.status === 'unreviewed' && (r.h === undefined || r.h === hash)) {
      byReviewer.length = 0; // Mark Unreviewed voids earlier sign-offs of this content
      continue;
    }
    if (r.status !== 'reviewed' || r.h !== hash || !r.by?.trim()) continue;
    const answers = { ...(r.answers ?? {}) };
    if (!required.every((q) => answers[q] !== undefined)) continue;
    const i = byReviewer.findIndex((s) => sameReviewer(s.by, r.by!));
    if (i >= 0) byReviewer.splice(i, 1);
    byReviewer.push({ by: r.by.trim(), at: r.at, answers, ...(r.note ? { note: r.note } : {}) });
  }
  return byReviewer;
}

export function questionsOf(tier: TierPolicy, policy: Pick<Policy, 'questions'>): QuestionState[] {
  const seen = new Set<string>();
  const out: QuestionState[] = [];
  for (const id of tier.questions) {
    if (seen.has(id)) continue;
    seen.add(id);
    const q: Question | undefined = policy.questions[id];
    out.push(q ? { id, text: q.text, ...(q.hint ? { hint: q.hint } : {}) } : { id, text: id });
  }
  return out;
}

export function neededReviewers(tier: TierPolicy): number {
  return Math.max(1, Math.floor(tier.reviewers));
}

export function blockState(input: BlockModelInput): BlockState {
  const { block, tier, policy, reviewer } = input;
  const hash = currentHash(block);
  const questions = questionsOf(tier, policy);
  const required = questions.map((q) => q.id);
  const signOffs = countingSignOffs(input.reviews, hash, required);
  const needed = neededReviewers(tier);
  const modified = isModified(block);
  const mine = reviewer ? signOffs.find((s) => sameReviewer(s.by, reviewer)) : undefined;
  let status: ReviewStatus;
  if (modified) status = 'modified';
  else if (signOffs.length >= needed) status = 'reviewed';
  else if (signOffs.length > 0) status = 'needs-reviewers';
  else status = block.meta.status === 'reviewed' ? 'reviewed' : 'unreviewed';
  const previously = [...new Set(input.reviews.filter((r) => r.status === 'reviewed' && r.by && r.h !== hash).map((r) => r.by!.trim()))];
  const findings = input.findings
    .filter((f) => f.line >= block.beginLine && f.line <= block.endLine)
    .sort((a, b) => a.line - b.line || a.character - b.character);
  return {
    id: block.meta.id,
    beginLine: block.beginLine,
    endLine: block.endLine,
    marked: block.marked,
    tool: block.meta.tool,
    ...(block.meta.model ? { model: block.meta.model } : {}),
    src: block.meta.src,
    ts: block.meta.ts,
    status,
    hash,
    signOffs,
    needed,
    reviewRequired: tier.reviewers > 0 || tier.blockUnreviewed,
    questions,
    myAnswers: { ...(mine?.answers ?? {}) },
    signedByMe: !!mine,
    checklistMissing: !modified && signOffs.length === 0 && block.meta.status === 'reviewed',
    previouslySignedBy: modified || signOffs.length === 0 ? previously : [],
    findings,
  };
}

/** Why a sign-off cannot be accepted (undefined: it can). */
export function signOffProblem(state: BlockState, answers: Readonly<Record<string, Answer>>, reviewer: string | undefined): string | undefined {
  if (!reviewer?.trim()) return 'no reviewer: set git user.email (or user.name), or enter a name when asked';
  if (!state.marked) return 'this block has no markers in the file (ledger-only); it cannot be signed off here';
  const missing = state.questions.filter((q) => answers[q.id] === undefined);
  if (missing.length) return `answer every checklist question first (${missing.length} unanswered: ${missing.map((q) => q.id).join(', ')})`;
  const unknown = Object.keys(answers).filter((k) => !state.questions.some((q) => q.id === k));
  if (unknown.length) return `answers to questions this tier does not ask: ${unknown.join(', ')}`;
  return undefined;
}

/**
 * What the begin marker says after `reviewer` signs off the block's current content: `reviewed` (with every counting
 * reviewer, comma-separated) once enough distinct reviewers signed, else `unreviewed` without a reviewer. `h` is
 * always the current hash (so the block is no longer `modified`).
 */
export function markerAfterSignOff(state: BlockState, reviewer: string): { status: 'reviewed' | 'unreviewed'; reviewer: string | null; h: string; count: number } {
  const names = state.signOffs.map((s) => s.by).filter((b) => !sameReviewer(b, reviewer));
  names.push(reviewer.trim());
  const done = names.length >= state.needed;
  return { status: done ? 'reviewed' : 'unreviewed', reviewer: done ? names.join(',') : null, h: state.hash, count: names.length };
}

/** "2 of 2", "1 of 2" (signed off / needed), for the panel. */
export function progressText(state: Pick<BlockState, 'signOffs' | 'needed'>): string {
  return `${Math.min(state.signOffs.length, state.needed)} of ${state.needed}`;
}

/** Blocks that need someone's attention before a commit (the panel's "needs review" filter). */
export function needsAction(state: Pick<BlockState, 'status' | 'reviewRequired' | 'findings' | 'checklistMissing'>): boolean {
  return state.findings.length > 0 || (state.reviewRequired && (state.status !== 'reviewed' || state.checklistMissing));
}
