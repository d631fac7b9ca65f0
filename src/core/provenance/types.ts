/**
 * The provenance model shared by the marker format (format.ts), the tracker, the ledger, the classifier, the
 * editor adapter, the CLI and (issue 5) the review gate. Plain data only: no vscode, no fs.
 *
 * Lines and offsets are 0-based; offsets count UTF-16 code units, as VS Code and tree-sitter do.
 */
import type { Confidence } from '../types';

/** How a block arrived. Only what Vetted observed: a tag never claims more than its source shows. */
export const REGION_SOURCES = ['inline', 'chat-insert', 'agent-edit', 'paste', 'heuristic', 'manual'] as const;
export type RegionSource = (typeof REGION_SOURCES)[number];

/** `modified`: the block's content hash no longer matches `h` (never silently "human"). */
export const REGION_STATUSES = ['unreviewed', 'reviewed', 'modified'] as const;
export type RegionStatus = (typeof REGION_STATUSES)[number];

/** What a begin marker records (format.ts writes and reads it; docs/provenance.md is the spec). */
export interface RegionMeta {
  /** 10 characters of Crockford base32 (ULID-like: time-ordered prefix, random suffix). Unique in a workspace. */
  readonly id: string;
  readonly src: RegionSource;
  /** Extension id or product of the assistant (`github.copilot`, `claude-code`, `cline`); `unknown` when not known. */
  readonly tool: string;
  readonly model?: string;
  readonly conf: Confidence;
  /** ISO 8601 UTC, seconds precision: `2026-10-02T14:03:11Z`. */
  readonly ts: string;
  /** `normalisedHash` (src/core/hash.ts) of the enclosed code: 16 lowercase hex digits. */
  readonly h: string;
  readonly status: RegionStatus;
  /** Set with `status=reviewed`: who signed off (git user.email, or user.name when there is no email). */
  readonly reviewer?: string;
  /** Keys this version does not know, kept as read (decoded) so a rewrite of the line does not drop them. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** A tagged block found in a document's text. */
export interface MarkedRegion {
  readonly meta: RegionMeta;
  /** Line of the begin marker. */
  readonly beginLine: number;
  /** Line of the end marker. */
  readonly endLine: number;
  /** The enclosed code: the lines strictly between the markers, as offsets [start, end) into the text. */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** `h` recomputed from the enclosed code; differs from `meta.h` when the block was edited since tagging/review. */
  readonly actualHash: string;
}

/** A marker Vetted cannot pair or read: reported as a diagnostic with a quick fix, never thrown, never deleted. */
export interface MarkerProblem {
  readonly kind: 'unterminated' | 'orphan-end' | 'duplicate-id' | 'mangled' | 'nested';
  readonly line: number;
  readonly id?: string;
  readonly message: string;
}

/** How a language writes comments (from VS Code's language configuration in the editor; from a table in the core). */
export interface CommentStyle {
  /** Line comment token, e.g. `//`, `#`, `--`, `;`, `%`. */
  readonly line?: string;
  /** Block comment delimiters, e.g. [`/*`, `*\/`], [`<!--`, `-->`]. */
  readonly block?: readonly [string, string];
}

/**
 * A tracked region without relying on markers (used between classification and marker insertion, in
 * `ledger-only` mode, and for files that cannot hold comments such as JSON). Offsets into the current text.
 */
export interface TrackedRegion {
  readonly meta: RegionMeta;
  readonly start: number;
  readonly end: number;
}

/** One content change, as VS Code reports it in `TextDocumentChangeEvent.contentChanges` (offsets before the change). */
export interface ContentChange {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}
