/**
 * Opt-in commit trailers (issue 5; never on by default): `Assisted-by: TOOL:MODEL` (the form the Linux kernel's
 * coding-assistants guidance documents) for AI blocks the commit adds or changes, and `Reviewed-by: REVIEWER` for
 * those signed off for their current content. Only what the markers and the ledger record: a pasted block (`src=paste`)
 * or an unknown tool is never turned into an attribution. Pure.
 */
import { changedSpans } from '../focus';
import { aiBlocksIn, ledgerIndex, signOffs, type StagedFile } from './gate';

export interface Trailer {
  readonly key: 'Assisted-by' | 'Reviewed-by';
  readonly value: string;
}

/** Trailers for the AI blocks the staged changes add or touch (in order of first appearance, no duplicates). */
export function trailersFor(files: readonly StagedFile[], ledgerText: string | undefined): Trailer[] {
  const ledger = ledgerIndex(ledgerText);
  const out: Trailer[] = [];
  const seen = new Set<string>();
  const add = (t: Trailer) => {
    const k = `${t.key.toLowerCase()}:${t.value.toLowerCase()}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  };
  const reviewed: Trailer[] = [];
  for (const f of files) {
    if (f.status === 'D' || f.text === undefined) continue;
    const changed = changedSpans(f.status === 'A' || f.status === 'C' ? undefined : f.baseText, f.text);
    if (!changed.length) continue;
    for (const b of aiBlocksIn(f.path, f.text, ledger).blocks) {
      if (!changed.some((s) => s.start <= b.span.end && s.end >= b.span.start)) continue;
      const m = b.meta;
      if (m.src === 'paste' || !m.tool || m.tool === 'unknown') continue;
      add({ key: 'Assisted-by', value: clean(m.model ? `${m.tool}:${m.model}` : m.tool) });
      for (const r of signOffs(b, ledger.get(m.id)?.reviews ?? []).reviewers) reviewed.push({ key: 'Reviewed-by', value: clean(r) });
    }
  }
  for (const r of reviewed) add(r);
  return out;
}

function clean(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim().slice(0, 200);
}

/**
 * The commit message with the trailers appended: into the message's trailer block when it ends with one, else after
 * a blank line; before git's `#` comment lines (the template); lines already present (case-insensitively) are not
 * added again. Unchanged when there is nothing to add.
 */
export function appendTrailers(message: string, trailers: readonly Trailer[], commentChar = '#'): string {
  const lines = message.split('\n');
  // The scissors line and everything below it (commit -v) and trailing comment lines stay at the end.
  let end = lines.length;
  const scissors = lines.findIndex((l) => l.startsWith(`${commentChar} ------------------------ >8 ------------------------`));
  if (scissors >= 0) end = scissors;
  let bodyEnd = end;
  while (bodyEnd > 0 && (lines[bodyEnd - 1].trim() === '' || lines[bodyEnd - 1].startsWith(commentChar))) bodyEnd--;
  const body = lines.slice(0, bodyEnd);
  const present = new Set(body.map((l) => l.trim().toLowerCase()));
  const missing = trailers.filter((t) => !present.has(`${t.key}: ${t.value}`.toLowerCase())).map((t) => `${t.key}: ${t.value}`);
  if (!missing.length) return message;
  let lastPara = body.length;
  while (lastPara > 0 && body[lastPara - 1].trim() !== '') lastPara--;
  const para = body.slice(lastPara);
  const endsWithTrailers = lastPara > 0 && para.length > 0 && para.every((l) => /^[A-Za-z0-9-]+: \S/.test(l));
  const added = body.length === 0 ? ['', ...missing] : endsWithTrailers ? missing : ['', ...missing];
  const rest = lines.slice(bodyEnd);
  return [...body, ...added, ...(rest.length === 0 || rest[0] === '' ? rest : ['', ...rest])].join('\n');
}
