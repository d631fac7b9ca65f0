/**
 * Where a paste came from, for the editor adapter's paste detection (pure; no `vscode`).
 *
 * - Copies inside the workspace: the adapter's `prepareDocumentPaste` (called by VS Code on copy/cut in an editor)
 *   stores `copyOriginId(...)` of the copied document under `COPY_ORIGIN_MIME`; on paste, the entry must equal the
 *   id computed for the paste target for the paste to count as `sameWorkspace`. VS Code keeps such entries inside
 *   the window that copied (never on the system clipboard), so a copy from another window, another application or
 *   a terminal has no entry. The id is a hash: no path is stored in clear.
 * - VS Code without the paste edit API (< 1.97): `clipboardFallbackTexts` picks the insertions worth a clipboard
 *   read, and `pasteTextMatches` (also what the classifier uses to pair a paste with its change) compares them.
 */
import { fnv1a64 } from '../hash';
import type { ContentChange } from './types';
import { insertedRanges } from './tracker';

/** The DataTransfer entry Vetted adds on copy (declared in the provider's `copyMimeTypes`). */
export const COPY_ORIGIN_MIME = 'application/vnd.vetted.copy-origin';

const norm = (s: string) => s.replace(/\r\n?/g, '\n');

/** Id of a set of workspace folders (order-insensitive), or undefined when no folder is open. */
export function workspaceId(folderUris: readonly string[]): string | undefined {
  const list = (Array.isArray(folderUris) ? folderUris : []).filter((u) => typeof u === 'string' && u).map((u) => u.replace(/\/+$/, ''));
  if (!list.length) return undefined;
  return `ws1:${fnv1a64([...new Set(list)].sort().join('\n'))}`;
}

/**
 * The origin id of a document: the workspace id when the document is inside one of the workspace folders, else an
 * id of the document alone (a loose file or an untitled buffer: copying inside it is internal, copying from it into
 * a workspace file is not).
 */
export function copyOriginId(folderUris: readonly string[], documentUri: string, inWorkspaceFolder: boolean): string {
  const ws = inWorkspaceFolder ? workspaceId(folderUris) : undefined;
  return ws ?? `doc1:${fnv1a64(String(documentUri ?? ''))}`;
}

/** `sameWorkspace` of a paste: true only when the copy entry is present and equals the target's origin id. */
export function isSameOrigin(entry: unknown, targetOriginId: string): boolean {
  return typeof entry === 'string' && entry.trim() !== '' && entry.trim() === targetOriginId;
}

/**
 * Whether a paste of `pasted` explains the inserted texts of one change event: the same text, the same text at
 * every cursor, or one line per cursor (multi-cursor paste). Line endings are normalised.
 */
export function pasteTextMatches(pasted: string, insertedTexts: readonly string[]): boolean {
  const p = norm(String(pasted ?? ''));
  const texts = (Array.isArray(insertedTexts) ? insertedTexts : []).map((t) => norm(String(t)));
  if (!texts.length) return false;
  if (texts.join('') === p) return true;
  if (texts.every((t) => t === p)) return true;
  const lines = p.replace(/\n$/, '').split('\n');
  return lines.length === texts.length && texts.every((t, i) => t === lines[i]);
}

/**
 * The inserted texts of a change event when it could be a paste worth tagging (`minLines` non-blank lines or more
 * in total); else undefined. Typing never qualifies (one character, one line), so the clipboard
 * is read only for block insertions.
 */
export function clipboardFallbackTexts(changes: readonly ContentChange[], minLines: number): string[] | undefined {
  const inserted = insertedRanges(Array.isArray(changes) ? changes : []).map((r) => r.text);
  if (!inserted.length) return undefined;
  const all = norm(inserted.join(''));
  if (!all.trim()) return undefined;
  const lines = all.split('\n').filter((l) => l.trim().length > 0).length; // the classifier's line count
  return lines >= Math.max(1, Number(minLines) || 1) ? inserted : undefined;
}

/** Whether `needle` occurs in `haystack` other than at `skipAt` (the pasted copy itself). */
export function occursElsewhere(haystack: string, needle: string, skipAt = -1): boolean {
  const h = norm(String(haystack ?? ''));
  const n = norm(String(needle ?? ''));
  if (!n.trim()) return false;
  for (let i = h.indexOf(n); i !== -1; i = h.indexOf(n, i + 1)) if (i !== skipAt) return true;
  return false;
}
