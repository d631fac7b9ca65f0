/**
 * Git plumbing for the gate: what is staged, and the staged (index) blobs. Only staged content is read: the list
 * comes from `git diff --cached --name-status -z -M` and every blob (index versions, HEAD versions of changed files,
 * the staged ledger, policy and ignore file) from ONE `git cat-file --batch` process. execFile/spawn, never a shell.
 */
import { execFile, spawn } from 'child_process';
import * as path from 'path';
import type { StagedFile, StagedStatus } from '../core/gate/gate';

export class GitError extends Error {}

export interface GitRun {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export function runGit(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true, ...(env ? { env } : {}) }, (err, stdout, stderr) => {
      const code = err ? (err as NodeJS.ErrnoException).code : 0;
      if (code === 'ENOENT') return reject(new GitError('no git executable was found on PATH'));
      if (err && typeof code !== 'number') return reject(new GitError(`git failed: ${err.message}`));
      resolve({ code: typeof code === 'number' ? code : 0, stdout, stderr: stderr.toString('utf8').trim() });
    });
  });
}

async function gitText(cwd: string, args: readonly string[]): Promise<string> {
  const r = await runGit(cwd, args);
  if (r.code !== 0) throw new GitError(`git ${args[0]} failed: ${r.stderr || `exit code ${r.code}`}`);
  return r.stdout.toString('utf8');
}

/** The working tree root of the repository around `cwd`. */
export async function repoRoot(cwd: string): Promise<string> {
  const r = await runGit(cwd, ['rev-parse', '--show-cdup']);
  if (r.code !== 0) throw new GitError(`${cwd} is not inside a git repository${r.stderr ? ` (${r.stderr})` : ''}`);
  return path.resolve(cwd, r.stdout.toString('utf8').trim() || '.');
}

export async function hasHead(root: string): Promise<boolean> {
  return (await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).code === 0;
}

export interface StagedEntry {
  readonly path: string;
  readonly status: StagedStatus;
  readonly oldPath?: string;
}

/** Parses `git diff --cached --name-status -z -M` output. */
export function parseNameStatus(out: string): StagedEntry[] {
  const parts = out.split('\0');
  const entries: StagedEntry[] = [];
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++];
    if (!code) continue;
    const letter = code[0] as StagedStatus | 'U' | 'X';
    if (letter === 'R' || letter === 'C') {
      const oldPath = parts[i++];
      const newPath = parts[i++];
      if (newPath !== undefined) entries.push({ path: newPath, status: letter, oldPath });
    } else {
      const p = parts[i++];
      if (p === undefined) break;
      // U (unmerged) and X: treat as modified so the staged text is still checked
      entries.push({ path: p, status: letter === 'A' || letter === 'M' || letter === 'D' || letter === 'T' ? letter : 'M' });
    }
  }
  return entries;
}

/** The staged changes (HEAD → index; on an unborn branch, everything staged counts as added). */
export async function stagedEntries(root: string): Promise<StagedEntry[]> {
  // --no-ext-diff / --no-textconv: the plain list whatever the user's diff config says.
  const out = await gitText(root, ['-c', 'core.quotePath=false', 'diff', '--cached', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', '--ignore-submodules=all']);
  return parseNameStatus(out);
}

export interface Blob {
  readonly found: boolean;
  readonly data?: Buffer;
}

/**
 * Reads several objects (`:path` = the index version, `HEAD:path`) with one `git cat-file --batch` process. Names
 * holding a newline cannot be asked for this way and come back as not found.
 */
export function readBlobs(root: string, names: readonly string[]): Promise<Blob[]> {
  if (!names.length) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', (e) => reject(new GitError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no git executable was found on PATH' : `git cat-file failed: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${stderr.trim() || `exit code ${code}`}`));
      const out = Buffer.concat(chunks);
      const blobs: Blob[] = [];
      let pos = 0;
      for (const name of names) {
        if (name.includes('\n')) {
          blobs.push({ found: false });
          continue;
        }
        const nl = out.indexOf(10, pos);
        if (nl < 0) {
          blobs.push({ found: false });
          continue;
        }
        const header = out.subarray(pos, nl).toString('utf8');
        pos = nl + 1;
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) {
          blobs.push({ found: false }); // "<name> missing" / "ambiguous"
          continue;
        }
        const size = Number(m[2]);
        const data = out.subarray(pos, pos + size);
        pos += size + 1;
        blobs.push(m[1] === 'blob' ? { found: true, data } : { found: false });
      }
      resolve(blobs);
    });
    child.stdin.on('error', () => undefined); // git exits early on a broken repository: reported on close
    child.stdin.end(names.filter((n) => !n.includes('\n')).join('\n') + '\n');
  });
}

export function isBinary(data: Buffer): boolean {
  return data.subarray(0, 8192).includes(0);
}

export function decodeText(data: Buffer): string {
  const t = data.toString('utf8');
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
}

/** Above this, a staged file is listed as skipped (markers and findings alike). */
export const MAX_STAGED_BYTES = 8 * 1024 * 1024;

export interface StagedSnapshot {
  readonly root: string;
  readonly files: StagedFile[];
  /** Staged versions of Vetted's own files (undefined when not in the index). */
  readonly ledgerText?: string;
  readonly policyText?: string;
  readonly ignoreText?: string;
  readonly initialCommit: boolean;
}

/** Everything the gate needs from the index, in two git processes plus one for the list. */
export async function stagedSnapshot(root: string, options: { baseTexts?: boolean; extra?: readonly string[] } = {}): Promise<StagedSnapshot> {
  const head = await hasHead(root);
  const entries = await stagedEntries(root);
  const own = ['.vetted/provenance.jsonl', '.vetted/policy.json', '.vetted/ignore.json'];
  const names: string[] = [];
  const want: Array<{ entry: StagedEntry; index: number; base?: number }> = [];
  for (const e of entries) {
    if (e.status === 'D') {
      want.push({ entry: e, index: -1 });
      continue;
    }
    const index = names.push(`:${e.path}`) - 1;
    let base: number | undefined;
    if (options.baseTexts !== false && head && (e.status === 'M' || e.status === 'R' || e.status === 'T')) base = names.push(`HEAD:${e.oldPath ?? e.path}`) - 1;
    want.push({ entry: e, index, base });
  }
  const ownAt = own.map((p) => names.push(`:${p}`) - 1);
  const blobs = await readBlobs(root, names);
  const files: StagedFile[] = want.map(({ entry, index, base }) => {
    const common = { path: entry.path, status: entry.status, ...(entry.oldPath ? { oldPath: entry.oldPath } : {}) };
    if (index < 0) return common;
    const b = blobs[index];
    if (!b?.found || !b.data) return common; // e.g. a submodule (a commit, not a blob) or a gitlink
    if (b.data.length > MAX_STAGED_BYTES) return { ...common, tooLarge: true };
    if (isBinary(b.data)) return { ...common, binary: true };
    const baseBlob = base !== undefined ? blobs[base] : undefined;
    const baseText = baseBlob?.found && baseBlob.data && !isBinary(baseBlob.data) && baseBlob.data.length <= MAX_STAGED_BYTES ? decodeText(baseBlob.data) : undefined;
    return { ...common, text: decodeText(b.data), ...(baseText !== undefined ? { baseText } : {}) };
  });
  const ownText = (i: number) => {
    const b = blobs[ownAt[i]];
    return b?.found && b.data ? decodeText(b.data) : undefined;
  };
  return { root, files, ledgerText: ownText(0), policyText: ownText(1), ignoreText: ownText(2), initialCommit: !head };
}
