import { execFile } from 'child_process';
import * as path from 'path';

/**
 * The git questions `vetted scan --changed` asks, answered by running git directly (execFile, no shell). The CLI runs
 * where the user or CI decided to run it, on a repository they chose; the editor never runs git itself (view.ts).
 */

export class GitError extends Error {}

interface Output {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function git(cwd: string, args: readonly string[]): Promise<Output> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      const code = err ? (err as NodeJS.ErrnoException).code : 0;
      if (code === 'ENOENT') return reject(new GitError('--changed needs git, and no git executable was found on PATH'));
      if (err && typeof code !== 'number') return reject(new GitError(`git failed: ${err.message}`));
      resolve({ code: typeof code === 'number' ? code : 0, stdout, stderr: stderr.toString('utf8').trim() });
    });
  });
}

export interface Repo {
  /** Absolute path of the working tree root. */
  readonly root: string;
  /** Commit id the revision resolved to. */
  readonly commit: string;
  readonly ref: string;
}

/** Whether `ref` names a commit in the repository around `cwd` (false also when `cwd` is not in a repository). */
export async function isCommit(cwd: string, ref: string): Promise<boolean> {
  if (ref.startsWith('-')) return false;
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).code === 0;
  } catch {
    return false;
  }
}

export async function openRepo(cwd: string, ref: string): Promise<Repo> {
  // --show-cdup (not --show-toplevel): the root in the same spelling as cwd, whatever symbolic links lead there.
  const top = await git(cwd, ['rev-parse', '--show-cdup']);
  if (top.code !== 0) throw new GitError(`--changed needs a git repository, and ${cwd} is not inside one`);
  const root = path.resolve(cwd, top.stdout.toString('utf8').trim() || '.');
  if (ref.startsWith('-') || /[\s:]/.test(ref)) throw new GitError(`"${ref}" is not a git revision`);
  const rev = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (rev.code !== 0) {
    const empty = ref === 'HEAD' && (await git(root, ['rev-list', '-n', '1', '--all'])).stdout.length === 0;
    throw new GitError(empty ? `the repository at ${root} has no commits yet, so there is no HEAD to compare with (scan without --changed)` : `unknown git revision "${ref}" (not a branch, tag or commit in ${root})`);
  }
  return { root: path.resolve(root), commit: rev.stdout.toString('utf8').trim(), ref };
}

/** Absolute paths of files changed since the base (staged or not; renames count as new files) plus untracked ones. */
export async function changedFiles(repo: Repo): Promise<string[]> {
  const diff = await git(repo.root, ['diff', '--name-only', '--no-renames', '-z', repo.commit, '--']);
  if (diff.code !== 0) throw new GitError(`git diff failed: ${diff.stderr || `exit code ${diff.code}`}`);
  const untracked = await git(repo.root, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (untracked.code !== 0) throw new GitError(`git ls-files failed: ${untracked.stderr || `exit code ${untracked.code}`}`);
  const names = [...split0(diff.stdout), ...split0(untracked.stdout)];
  return [...new Set(names)].map((n) => path.join(repo.root, ...n.split('/')));
}

function split0(b: Buffer): string[] {
  return b.toString('utf8').split('\0').filter(Boolean);
}

/**
 * The file's text at the base, or undefined when it is not there (new, untracked, renamed) or is binary there.
 * `abs` must be inside the repository.
 */
export async function baseText(repo: Repo, abs: string): Promise<string | undefined> {
  const rel = path.relative(repo.root, abs).split(path.sep).join('/');
  if (!rel || rel.startsWith('../') || path.isAbsolute(rel)) return undefined;
  // cat-file (not show): the blob as stored, no textconv filters.
  const out = await git(repo.root, ['cat-file', 'blob', `${repo.commit}:${rel}`]);
  if (out.code !== 0) return undefined;
  if (out.stdout.subarray(0, 8192).includes(0)) return undefined;
  let text = out.stdout.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** Whether `abs` is inside the repository's working tree. */
export function inside(repo: Repo, abs: string): boolean {
  const rel = path.relative(repo.root, abs);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}
