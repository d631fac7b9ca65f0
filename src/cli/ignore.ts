import { Minimatch } from 'minimatch';

/** Compiled once per pattern: `minimatch(path, pattern)` compiles the pattern again on every call (per file walked). */
const compiled = new Map<string, Minimatch>();
function matcher(pattern: string): Minimatch {
  let m = compiled.get(pattern);
  if (!m) compiled.set(pattern, (m = new Minimatch(pattern, { dot: true })));
  return m;
}

/** One rule of a .gitignore file, already resolved against the directory holding it. */
interface IgnoreRule {
  readonly base: string; // POSIX path of the .gitignore's directory, relative to the walk root ('' = root)
  readonly pattern: string;
  readonly negate: boolean;
  readonly dirOnly: boolean;
}

/**
 * The subset of gitignore semantics that decides which files a scan sees: comments, `!` negation,
 * trailing `/` for directories, leading or inner `/` anchoring, `**`, and later rules winning.
 */
export class IgnoreSet {
  private readonly rules: IgnoreRule[] = [];

  add(base: string, content: string): void {
    for (let line of content.split(/\r?\n/)) {
      line = line.replace(/(?<!\\)\s+$/, '');
      if (!line || line.startsWith('#')) continue;
      let negate = false;
      if (line.startsWith('!')) {
        negate = true;
        line = line.slice(1);
      } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
        line = line.slice(1);
      }
      const dirOnly = line.endsWith('/');
      if (dirOnly) line = line.slice(0, -1);
      const anchored = line.includes('/');
      if (line.startsWith('/')) line = line.slice(1);
      if (!line) continue;
      this.rules.push({ base, pattern: anchored ? line : `**/${line}`, negate, dirOnly });
    }
  }

  /** `rel` is the POSIX path relative to the walk root. */
  ignores(rel: string, isDir: boolean): boolean {
    let ignored = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      let sub: string;
      if (r.base === '') sub = rel;
      else if (rel.startsWith(r.base + '/')) sub = rel.slice(r.base.length + 1);
      else continue;
      if (matcher(r.pattern).match(sub)) ignored = !r.negate;
    }
    return ignored;
  }
}

export class GlobSet {
  constructor(private readonly globs: readonly string[]) {}
  matches(rel: string): boolean {
    return this.globs.some((g) => {
      const m = matcher(g);
      return m.match(rel) || m.match(rel + '/');
    });
  }
}
