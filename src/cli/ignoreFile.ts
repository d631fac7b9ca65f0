import { promises as fs } from 'fs';
import * as path from 'path';
import { IGNORE_FILE_PATH, IgnoreMatcher, parseIgnoreFile, type IgnoreEntry } from '../core/ignoreFile';
import type { Finding } from '../core/types';
import { toPosix } from './walk';

export interface LoadedIgnoreFile {
  /** Path of the file as shown to the user (relative to cwd when inside it). */
  readonly path: string;
  readonly problems: string[];
  /** Kept and dismissed findings of the file at `abs`. */
  filter(abs: string, findings: readonly Finding[]): { kept: Finding[]; dismissed: Array<{ finding: Finding; reason: string; by: string; at: string }> };
  unused(): Array<{ entry: IgnoreEntry; index: number; expired: boolean }>;
}

/** The nearest `.vetted/ignore.json` at or above `cwd` (entries' paths are relative to the folder holding `.vetted`). */
export async function findIgnoreFile(cwd: string, now: Date = new Date()): Promise<LoadedIgnoreFile | undefined> {
  let dir = path.resolve(cwd);
  for (;;) {
    const file = path.join(dir, ...IGNORE_FILE_PATH.split('/'));
    let text: string | undefined;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      const parsed = parseIgnoreFile(text);
      const matcher = new IgnoreMatcher(parsed.file, now);
      const base = dir;
      return {
        path: toPosix(path.relative(cwd, file)) || file,
        problems: parsed.problems.map((p) => `${p.where ? `${p.where}: ` : ''}${p.message}`),
        filter(abs, findings) {
          const rel = toPosix(path.relative(base, abs));
          const r = matcher.filter(rel, findings);
          return { kept: r.kept, dismissed: r.dismissed.map((d) => ({ finding: d.finding, reason: d.entry.reason, by: d.entry.by, at: d.entry.at })) };
        },
        unused: () => matcher.unused(),
      };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
