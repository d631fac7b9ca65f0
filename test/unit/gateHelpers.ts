import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { normalisedHash } from '../../src/core/hash';
import { serialiseRecord, toRecord, type Review } from '../../src/core/provenance/ledger';
import type { RegionMeta } from '../../src/core/provenance/types';

/** A temporary git repository under os.tmpdir() with a fixed identity; hooks off unless a test installs them. */
export class TempRepo {
  readonly dir: string;
  constructor(prefix = 'vetted-gate-') {
    this.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'dev@example.com');
    this.git('config', 'user.name', 'Dev');
    this.git('config', 'commit.gpgsign', 'false');
    this.git('config', 'core.autocrlf', 'false');
  }
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir } });
  }
  /** Runs git and returns its exit code and output instead of throwing. */
  tryGit(...args: string[]): { code: number; out: string } {
    const r = spawnSync('git', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir } });
    return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  }
  write(rel: string, content: string | Buffer): void {
    const abs = path.join(this.dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  add(...rels: string[]): void {
    this.git('add', '--', ...rels);
  }
  commit(message = 'c'): void {
    this.git('commit', '-q', '--no-verify', '-m', message);
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const ID1 = '0G2K7QX9AB';
export const ID2 = '0G2K7QX9AC';

/** A tagged block: `//` markers around `code` with the right hash, unless `h` is given. */
export function block(code: string[], meta: Partial<RegionMeta> = {}, comment = '//'): string[] {
  const h = meta.h ?? normalisedHash(code.join('\n'));
  const m = { id: ID1, src: 'inline', tool: 'github.copilot', conf: 'high', ts: '2026-12-01T10:00:00Z', status: 'unreviewed', ...meta, h };
  const fields = [`v=1`, `id=${m.id}`, `src=${m.src}`, `tool=${m.tool}`, ...(m.model ? [`model=${m.model}`] : []), `conf=${m.conf}`, `ts=${m.ts}`, `h=${m.h}`, `status=${m.status}`, ...(m.reviewer ? [`reviewer=${m.reviewer}`] : [])];
  return [`${comment} ai-provenance:begin ${fields.join(' ')}`, ...code, `${comment} ai-provenance:end id=${m.id}`];
}

export function hashOf(code: string[]): string {
  return normalisedHash(code.join('\n'));
}

/** One ledger line for a region with reviews. */
export function ledgerLine(meta: RegionMeta, filePath: string, startLine: number, endLine: number, reviews: Review[] = [], markers?: boolean): string {
  const line = serialiseRecord(toRecord({ meta, path: filePath, startLine, endLine, reviews, timestamp: '2026-12-01T10:00:00Z', ...(markers !== undefined ? { markers } : {}) }, { recordId: '11111111-1111-4111-8111-111111111111' }));
  if (!line) throw new Error('invalid ledger record in test');
  return line;
}

export const SAFE_CODE = ['export function add(a: number, b: number): number {', '  return a + b;', '}'];
