import { promises as fs } from 'fs';
import * as path from 'path';
import { GlobSet, IgnoreSet } from './ignore';

export interface WalkOptions {
  readonly exclude: readonly string[];
  readonly gitignore: boolean;
  /** File name filter (e.g. supported extensions). */
  readonly accept: (file: string) => boolean;
}

export interface WalkResult {
  readonly files: string[];
  readonly errors: Array<{ path: string; message: string }>;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Expands the given paths into files. Directories are walked honouring `.gitignore` files and the exclude globs;
 * a file named explicitly is always included. Missing paths are errors, not exceptions.
 */
export async function walk(roots: readonly string[], cwd: string, options: WalkOptions): Promise<WalkResult> {
  const files: string[] = [];
  const errors: WalkResult['errors'] = [];
  const exclude = new GlobSet(options.exclude);
  for (const root of roots) {
    const abs = path.resolve(cwd, root);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch (e) {
      errors.push({ path: root, message: ioMessage(e, 'no such file or directory') });
      continue;
    }
    if (stat.isFile()) {
      files.push(abs);
      continue;
    }
    const ignore = new IgnoreSet();
    if (options.gitignore) await loadGitignoresAbove(abs, ignore);
    const fromCwd = toPosix(path.relative(cwd, abs));
    const excluded = (rel: string) => exclude.matches(rel) || (fromCwd !== '' && !fromCwd.startsWith('..') && exclude.matches(`${fromCwd}/${rel}`));
    await walkDir(abs, '', ignore, excluded, options, files, errors);
  }
  return { files: [...new Set(files)], errors };
}

/**
 * .gitignore files between the repository root (the nearest `.git` at or above the walk root) and the walk root
 * still apply. A walk root that is itself a repository root takes nothing from above it.
 */
async function loadGitignoresAbove(dir: string, ignore: IgnoreSet): Promise<void> {
  const chain: string[] = [];
  for (let cur = dir, i = 0; i < 50; i++) {
    if (await exists(path.join(cur, '.git'))) break;
    const up = path.dirname(cur);
    if (up === cur) return; // not inside a repository: parent ignores do not apply
    cur = up;
    chain.unshift(cur);
  }
  // Rules from parents would need rebasing onto the walk root; apply the unanchored ones (node_modules, *.log, dist/),
  // which match at any depth and are the common case.
  for (const d of chain) {
    const content = await readIfExists(path.join(d, '.gitignore'));
    if (content !== undefined) {
      const unanchored = content.split(/\r?\n/).filter((l) => !l.replace(/\/$/, '').includes('/')).join('\n');
      ignore.add('', unanchored);
    }
  }
}

async function walkDir(abs: string, rel: string, ignore: IgnoreSet, excluded: (rel: string) => boolean, options: WalkOptions, files: string[], errors: WalkResult['errors']): Promise<void> {
  if (options.gitignore) {
    const content = await readIfExists(path.join(abs, '.gitignore'));
    if (content !== undefined) ignore.add(rel, content);
  }
  let entries;
  try {
    entries = await fs.readdir(abs, { withFileTypes: true });
  } catch (e) {
    errors.push({ path: rel || '.', message: ioMessage(e, 'cannot read directory') });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    const childAbs = path.join(abs, entry.name);
    const isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) continue; // never follow links out of the tree (or into loops)
    if (excluded(childRel) || ignore.ignores(childRel, isDir)) continue;
    if (isDir) await walkDir(childAbs, childRel, ignore, excluded, options, files, errors);
    else if (entry.isFile() && options.accept(entry.name)) files.push(childAbs);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

async function readIfExists(p: string): Promise<string | undefined> {
  try {
    return await fs.readFile(p, 'utf8');
  } catch {
    return undefined;
  }
}

export function ioMessage(e: unknown, fallback: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return code ? `${fallback} (${code})` : fallback;
  }
}
