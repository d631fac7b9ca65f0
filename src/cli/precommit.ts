/**
 * `vetted precommit`, `vetted hooks install|uninstall|status` and `vetted trailers` (issue 5).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { Engine } from '../core/engine';
import { exitCodeFor, formatVerdict } from '../core/gate/gate';
import { evaluateStaged, needsEngine } from '../core/gate/staged';
import { appendTrailers, trailersFor } from '../core/gate/trailers';
import type { GateVerdict } from '../core/gate/types';
import { Parsers, errorText } from '../core/parser';
import { LEDGER_PATH } from '../core/provenance/ledger';
import type { CliLocation } from '../core/gate/hookScript';
import { hooksStatus, installHooks, uninstallHooks } from './hooks';
import { GitError, repoRoot, runGit, stagedSnapshot } from './staged';
import { nodeWasmSource } from './wasm';

export const PRECOMMIT_USAGE = `Usage: vetted precommit [--format text|json] [--repo DIR] [--findings changed|ai-blocks|all]

Checks the STAGED content (git index blobs, not the working tree) against the team policy (.vetted/policy.json,
staged version; defaults when absent): unreviewed or modified AI blocks where the tier requires review, incomplete
sign-offs, AI code in tiers that do not allow it, broken provenance markers, and findings at or above the tier's
threshold (by default in AI blocks and on lines the commit adds or changes). Findings dismissed in
.vetted/ignore.json (staged version) are listed, not blocking.

Exit codes: 0 pass, 1 blocked, 2 error (not a repository, git failed).

       vetted hooks install [--trailers] [--repo DIR]   install the pre-commit hook (plain .git/hooks, core.hooksPath,
                                                        husky; prints the entry for the pre-commit framework);
                                                        --trailers also installs the opt-in prepare-commit-msg hook
       vetted hooks uninstall [--repo DIR]              remove exactly Vetted's lines (files Vetted created are deleted)
       vetted hooks status [--repo DIR]
       vetted trailers MSGFILE [SOURCE [SHA]] [--repo DIR]
                                                        append Assisted-by / Reviewed-by trailers for the staged AI
                                                        blocks to MSGFILE (what prepare-commit-msg runs; skipped for
                                                        SOURCE merge or commit)`;

export interface Io {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

class ArgError extends Error {}

function parseFlags(argv: readonly string[], known: Record<string, 'value' | 'flag'>): { flags: Record<string, string | true>; rest: string[] } {
  const flags: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (name === '-h' || name === '--help') {
      flags.help = true;
      continue;
    }
    if (!name.startsWith('--') || name === '--') {
      rest.push(a);
      continue;
    }
    const kind = known[name];
    if (!kind) throw new ArgError(`unknown option ${name}`);
    if (kind === 'flag') flags[name] = true;
    else {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v.startsWith('--')) throw new ArgError(`${name} needs a value`);
      flags[name] = v;
    }
  }
  return { flags, rest };
}

/** The CLI's own location, recorded in hooks (bin/vetted.js next to the dist/cli.js bundle). */
export function selfLocation(): CliLocation {
  const cli = path.resolve(__dirname, '..', 'bin', 'vetted.js');
  return { node: process.execPath, cli };
}

let sharedEngine: Engine | undefined;

/** Runs the gate on the repository around `dir`: index blobs only. */
export async function runGate(dir: string, options: { findingsScope?: 'changed' | 'ai-blocks' | 'all'; engine?: Engine } = {}): Promise<GateVerdict> {
  const root = await repoRoot(dir);
  const snap = await stagedSnapshot(root);
  let working: string | undefined;
  try {
    working = await fs.readFile(path.join(root, ...LEDGER_PATH.split('/')), 'utf8');
  } catch {
    working = undefined;
  }
  const engine = needsEngine(snap.files) ? (options.engine ?? (sharedEngine ??= new Engine(new Parsers(nodeWasmSource())))) : undefined;
  return evaluateStaged({ ...snap, workingLedgerText: working }, engine, { findingsScope: options.findingsScope });
}

export async function precommitCommand(argv: readonly string[], io: Io): Promise<number> {
  let flags: Record<string, string | true>;
  try {
    ({ flags } = parseFlags(argv, { '--format': 'value', '--repo': 'value', '--findings': 'value' }));
  } catch (e) {
    io.stderr(`vetted: ${(e as Error).message}\n\n${PRECOMMIT_USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    io.stdout(PRECOMMIT_USAGE + '\n');
    return 0;
  }
  const format = (flags['--format'] as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.stderr(`vetted: --format must be text or json (got "${format}")\n`);
    return 2;
  }
  const scope = (flags['--findings'] as string | undefined) ?? 'changed';
  if (scope !== 'changed' && scope !== 'ai-blocks' && scope !== 'all') {
    io.stderr(`vetted: --findings must be changed, ai-blocks or all (got "${scope}")\n`);
    return 2;
  }
  const dir = path.resolve(io.cwd, (flags['--repo'] as string | undefined) ?? '.');
  let verdict: GateVerdict;
  try {
    verdict = await runGate(dir, { findingsScope: scope });
  } catch (e) {
    const message = e instanceof GitError ? e.message : `internal error: ${errorText(e)}`;
    if (format === 'json') io.stdout(JSON.stringify({ status: 'error', error: message, items: [], checkedFiles: 0, aiBlocks: 0, summary: `Vetted gate: error: ${message}` }, null, 2) + '\n');
    io.stderr(`vetted: ${message}\n`);
    return 2;
  }
  if (format === 'json') io.stdout(JSON.stringify(verdict, null, 2) + '\n');
  else (verdict.status === 'pass' ? io.stdout : io.stderr)(formatVerdict(verdict));
  return exitCodeFor(verdict);
}

export async function hooksCommand(argv: readonly string[], io: Io, cli: CliLocation = selfLocation()): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv, { '--repo': 'value', '--trailers': 'flag' });
  } catch (e) {
    io.stderr(`vetted: ${(e as Error).message}\n\n${PRECOMMIT_USAGE}\n`);
    return 2;
  }
  const sub = parsed.rest[0];
  if (parsed.flags.help || !sub) {
    io.stdout(PRECOMMIT_USAGE + '\n');
    return parsed.flags.help ? 0 : 2;
  }
  const cwd = path.resolve(io.cwd, (parsed.flags['--repo'] as string | undefined) ?? '.');
  try {
    const report =
      sub === 'install'
        ? await installHooks({ cwd, cli, trailers: parsed.flags['--trailers'] === true })
        : sub === 'uninstall'
          ? await uninstallHooks({ cwd })
          : sub === 'status'
            ? await hooksStatus({ cwd })
            : undefined;
    if (!report) {
      io.stderr(`vetted: unknown hooks command "${sub}" (install, uninstall or status)\n`);
      return 2;
    }
    io.stdout(report.messages.join('\n') + '\n');
    return report.actions.some((a) => a.action === 'refused') ? 1 : 0;
  } catch (e) {
    io.stderr(`vetted: ${e instanceof GitError ? e.message : errorText(e)}\n`);
    return 2;
  }
}

/** `vetted trailers MSGFILE [SOURCE [SHA]]`: never fails a commit (problems are printed, exit 0). */
export async function trailersCommand(argv: readonly string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv, { '--repo': 'value' });
  } catch (e) {
    io.stderr(`vetted: ${(e as Error).message}\n`);
    return 2;
  }
  const [msgFile, source] = parsed.rest;
  if (!msgFile) {
    io.stderr('vetted: trailers needs the commit message file (git passes it to prepare-commit-msg)\n');
    return 2;
  }
  if (source === 'merge' || source === 'commit' || source === 'squash') return 0; // merges, amends, -c/-C: leave the message alone
  const cwd = path.resolve(io.cwd, (parsed.flags['--repo'] as string | undefined) ?? '.');
  try {
    const root = await repoRoot(cwd);
    const snap = await stagedSnapshot(root);
    const trailers = trailersFor(snap.files, snap.ledgerText);
    if (!trailers.length) return 0;
    const file = path.resolve(cwd, msgFile);
    const text = await fs.readFile(file, 'utf8');
    const cc = await runGit(root, ['config', '--get', 'core.commentChar']);
    const commentChar = cc.code === 0 ? cc.stdout.toString('utf8').trim() || '#' : '#';
    const next = appendTrailers(text, trailers, commentChar.length === 1 ? commentChar : '#');
    if (next !== text) await fs.writeFile(file, next);
    return 0;
  } catch (e) {
    io.stderr(`vetted: trailers not added: ${e instanceof GitError ? e.message : errorText(e)}\n`);
    return 0;
  }
}
