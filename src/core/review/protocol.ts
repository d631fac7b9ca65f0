/**
 * The one message protocol between the review panel's webview and the extension host (issue 5), as zod schemas. Both
 * sides validate what they receive with `parseToHost` / `parseToWebview` and drop (and log) anything that does not
 * parse. Plain data: no vscode, no DOM; the webview bundle imports this file too.
 */
import { z } from 'zod';
import { ANSWERS } from '../provenance/ledger';
import { REGION_SOURCES } from '../provenance/types';
import { CONFIDENCES, SEVERITIES } from '../types';
import { REVIEW_STATUSES } from './model';

const str = (n: number) => z.string().max(n);
const line = z.number().int().min(0).max(10_000_000);
/** Region ids (Crockford base32, 10–26 characters). */
const blockId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{10,26}$/i, 'expected a region id');
/** Checklist question ids (kebab-case), as in policy/model.ts and the ledger. */
const questionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a kebab-case question id');
const uri = str(4096).min(1);

export const FILTERS = ['all', 'needs-review'] as const;
export type Filter = (typeof FILTERS)[number];

export const AnswersSchema = z
  .record(questionId, z.enum(ANSWERS))
  .refine((a) => Object.keys(a).length <= 40, 'at most 40 answers');

// ------------------------------------------------------------------------------------------------------------------
// Host → webview

const FindingSchema = z.object({
  ruleId: str(100),
  message: str(2000),
  severity: z.enum(SEVERITIES),
  confidence: z.enum(CONFIDENCES),
  line,
  character: line,
  endLine: line,
  endCharacter: line,
  hasFix: z.boolean().optional(),
});

const SignOffSchema = z.object({ by: str(200), at: str(40), answers: AnswersSchema, note: str(300).optional() });

const BlockSchema = z.object({
  id: blockId,
  beginLine: line,
  endLine: line,
  marked: z.boolean(),
  tool: str(100),
  model: str(100).optional(),
  src: z.enum(REGION_SOURCES),
  ts: str(40),
  status: z.enum(REVIEW_STATUSES),
  hash: str(16),
  signOffs: z.array(SignOffSchema).max(50),
  needed: z.number().int().min(1).max(100),
  reviewRequired: z.boolean(),
  questions: z.array(z.object({ id: questionId, text: str(500), hint: str(500).optional() })).max(40),
  myAnswers: AnswersSchema,
  signedByMe: z.boolean(),
  checklistMissing: z.boolean(),
  previouslySignedBy: z.array(str(200)).max(50),
  findings: z.array(FindingSchema).max(200),
});
export type PanelBlock = z.infer<typeof BlockSchema>;

const FileSchema = z.object({
  uri,
  /** Workspace-relative POSIX path. */
  path: str(1024),
  /** Workspace folder name (multi-root). */
  folder: str(200).optional(),
  tier: str(40),
  tierReason: str(500),
  allowAi: z.boolean(),
  blocks: z.array(BlockSchema).max(500),
});
export type PanelFile = z.infer<typeof FileSchema>;

const VerdictSchema = z.object({
  status: z.enum(['pass', 'block', 'error']),
  summary: str(500),
  blocking: z.number().int().min(0),
  items: z
    .array(z.object({ kind: str(40), file: str(1024), line: z.number().int().min(0), message: str(1000), resolve: str(1000), blocking: z.boolean() }))
    .max(50),
});
export type PanelVerdict = z.infer<typeof VerdictSchema>;

export const PanelStateSchema = z.object({
  /** Increases with every state the host sends. */
  rev: z.number().int().min(0),
  /** Where the list of files comes from: git changes, or open documents when Git is not available (with why). */
  source: z.object({ kind: z.enum(['git', 'open-documents']), note: str(500).optional() }),
  reviewer: str(200).optional(),
  /** The staged commit check; null with `verdictNote` when it could not be computed. */
  verdict: VerdictSchema.nullable(),
  verdictNote: str(500).optional(),
  filter: z.enum(FILTERS),
  files: z.array(FileSchema).max(2000),
});
export type PanelState = z.infer<typeof PanelStateSchema>;

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: PanelStateSchema }),
  /** The outcome of a sign-off (shown next to the block's button). */
  z.object({ type: z.literal('result'), blockId, ok: z.boolean(), message: str(1000) }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

// ------------------------------------------------------------------------------------------------------------------
// Webview → host

export const ToHostSchema = z.discriminatedUnion('type', [
  /** The webview (re)loaded: the host answers with the state. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('reveal'), uri, blockId }),
  /** Reveal a finding and open the quick fix menu at it. */
  z.object({ type: z.literal('openFinding'), uri, line, character: line }),
  z.object({ type: z.literal('signOff'), uri, blockId, answers: AnswersSchema, note: str(300).optional() }),
  z.object({ type: z.literal('setFilter'), filter: z.enum(FILTERS) }),
]);
export type ToHost = z.infer<typeof ToHostSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path?.length ? issue.path.join('.') + ': ' : '';
  return `${where}${issue?.message ?? 'invalid message'}`;
}

/** Validates a message the webview posted. Never throws. */
export function parseToHost(value: unknown): ParseResult<ToHost> {
  const r = ToHostSchema.safeParse(value);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describe(r.error) };
}

/** Validates a message the host posted. Never throws. */
export function parseToWebview(value: unknown): ParseResult<ToWebview> {
  const r = ToWebviewSchema.safeParse(value);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describe(r.error) };
}

/** What the webview keeps across reloads (vscode.setState): unsent answers and notes per block, and the filter. */
export const WebviewMemorySchema = z.object({
  filter: z.enum(FILTERS).optional(),
  drafts: z.record(blockId, z.object({ answers: AnswersSchema, note: str(300).optional() })).optional(),
  /** Checklists the user opened or closed (default: open while the block needs review). */
  open: z.array(blockId).max(500).optional(),
  closed: z.array(blockId).max(500).optional(),
});
export type WebviewMemory = z.infer<typeof WebviewMemorySchema>;
