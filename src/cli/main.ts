// First: sets the V8 heap flags before the rest of the bundle allocates (see heap.ts).
import './heap';
import { promises as fs } from 'fs';
import * as path from 'path';
import { Engine } from '../core/engine';
import { languageFromPath, textKindFromPath } from '../core/languages';
import { Parsers, errorText } from '../core/parser';
import { toSarif, type FileResult } from '../core/report/sarif';
import { countBySeverity, toJson, toText, type ScanSummary } from '../core/report/text';
import { ALL_RULES } from '../core/rules/index';
import { DEFAULT_SETTINGS, engineOptions, parseSettings } from '../core/settings';
import { CONFIDENCES, SEVERITIES, atLeast, type Confidence, type Severity, type SkipReason } from '../core/types';
import { changedSpans, isConfidence, visibleFindings } from '../core/focus';
import { GitError, baseText, changedFiles, inside, isCommit, openRepo, type Repo } from './git';
import { GlobSet } from './ignore';
import { nodeWasmSource } from './wasm';
import { ioMessage, toPosix, walk } from './walk';
import { defaultJobs, isScanWorker, MIN_FILES_FOR_WORKERS, scanFile, scanInWorkers, type FileOutcome } from './workers';
import { findIgnoreFile } from './ignoreFile';

// Bundled by esbuild; a JSON import keeps the version in one place.
import pkg from '../../package.json';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const USAGE = `Usage: vetted scan [paths...] [options]

Scans JavaScript, TypeScript and Python files for security problems AI assistants often introduce, and
configuration and other text files (.env, YAML, JSON, TOML, Dockerfiles, Terraform, Go, Java, ...) for secrets.
Lock files (package-lock.json, yarn.lock, poetry.lock, ...) and binary files are not read.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of stdout
  --fail-on SEVERITY         exit 1 when a finding is at or above SEVERITY:
                             critical, high, medium, low, or none (default: high)
  --min-confidence LEVEL     report (and fail on) only findings of at least this confidence:
                             high, medium or low (default: low, i.e. everything; the editor
                             defaults to medium, see the vetted.minConfidence setting)
  --changed [REF]            only findings on lines changed since the git revision REF
                             (default: HEAD), in files changed since REF or untracked; new files
                             count as changed throughout. Paths given are a filter on those files.
                             Use --changed=REF when REF could be mistaken for a path.
  --exclude GLOB             skip paths matching GLOB (repeatable; added to the defaults)
  --rule ID=LEVEL            set a rule to off|critical|high|medium|low (repeatable)
  --max-file-size KB         skip files larger than KB (default: ${DEFAULT_SETTINGS.maxFileSizeKB})
  --no-gitignore             do not honour .gitignore files
  --no-default-excludes      do not apply the default excludes (node_modules, dist, *.min.js, ...)
  --jobs N                   analyse on N worker threads (default: one per CPU, at most 4; 1 = in-process)
  -h, --help                 show this help
  -v, --version              show the version

Findings dismissed in .vetted/ignore.json (nearest one above the current directory) are not counted, but listed
in every format (SARIF: as external suppressions); entries that matched nothing are reported.

Exit codes: 0 no findings at or above --fail-on, 1 findings at or above --fail-on, 2 usage or I/O error.

Other commands: vetted precommit, vetted hooks install|uninstall|status, vetted trailers (vetted precommit --help),
vetted report [PATH] [--format json|sarif|spdx|cyclonedx|csv] [-o FILE] (AI bill of materials; vetted report --help).`;

export class UsageError extends Error {}

export interface ScanArgs {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  output?: string;
  failOn: Severity | 'none';
  exclude: string[];
  rules: Record<string, string>;
  maxFileSizeKB?: number;
  gitignore: boolean;
  defaultExcludes: boolean;
  minConfidence: Confidence;
  /** --changed: `ref` given with `=` or defaulted; `candidate` is the next argument, a revision or a path (decided in scan). */
  changed?: { ref: string; candidate?: string };
  /** Worker threads; undefined = defaultJobs(). */
  jobs?: number;
}

export function parseArgs(argv: readonly string[]): { command: 'help' } | { command: 'version' } | { command: 'scan'; args: ScanArgs } {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '-v' || argv[0] === '--version') return { command: 'version' };
  if (argv[0] !== 'scan') throw new UsageError(`unknown command "${argv[0]}" (try: vetted scan .)`);
  const args: ScanArgs = { paths: [], format: 'text', failOn: 'high', exclude: [], rules: {}, gitignore: true, defaultExcludes: true, minConfidence: 'low' };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got "${f}")`);
        args.format = f;
        break;
      }
      case '--output':
      case '-o':
        args.output = value();
        break;
      case '--fail-on': {
        const s = value();
        if (s !== 'none' && !(SEVERITIES as readonly string[]).includes(s)) throw new UsageError(`--fail-on must be one of ${[...SEVERITIES, 'none'].join(', ')} (got "${s}")`);
        args.failOn = s as Severity | 'none';
        break;
      }
      case '--exclude':
        args.exclude.push(value());
        break;
      case '--rule': {
        const r = value();
        const m = /^([\w-]+)=(\w+)$/.exec(r);
        if (!m) throw new UsageError(`--rule takes ID=LEVEL, e.g. --rule hardcoded-secret=off (got "${r}")`);
        args.rules[m[1]] = m[2];
        break;
      }
      case '--max-file-size': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--max-file-size takes a whole number of KB');
        args.maxFileSizeKB = n;
        break;
      }
      case '--min-confidence': {
        const c = value();
        if (!isConfidence(c)) throw new UsageError(`--min-confidence must be one of ${CONFIDENCES.join(', ')} (got "${c}")`);
        args.minConfidence = c;
        break;
      }
      case '--changed': {
        if (eq > 0) {
          const ref = a.slice(eq + 1);
          if (!ref) throw new UsageError('--changed= needs a git revision, e.g. --changed=main');
          args.changed = { ref };
        } else {
          const next = argv[i + 1];
          if (next !== undefined && !next.startsWith('-')) {
            i++;
            args.changed = { ref: 'HEAD', candidate: next };
          } else {
            args.changed = { ref: 'HEAD' };
          }
        }
        break;
      }
      case '--no-gitignore':
        args.gitignore = false;
        break;
      case '--no-default-excludes':
        args.defaultExcludes = false;
        break;
      case '--jobs':
      case '-j': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--jobs takes a whole number from 1 to 64');
        args.jobs = n;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        args.paths.push(a);
    }
  }
  if (!args.paths.length && !args.changed?.candidate) args.paths.push('.');
  return { command: 'scan', args };
}

export interface Io {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export async function scan(args: ScanArgs, io: Io): Promise<number> {
  const { settings, problems } = parseSettings({
    rules: args.rules,
    ...(args.maxFileSizeKB ? { maxFileSizeKB: args.maxFileSizeKB } : {}),
  });
  if (problems.length) throw new UsageError(problems.map((p) => p.message.replace(/vetted\.rules/g, '--rule').replace(/vetted\.maxFileSizeKB/g, '--max-file-size')).join('\n'));
  const exclude = [...(args.defaultExcludes ? DEFAULT_SETTINGS.exclude : []), ...args.exclude];
  let repo: Repo | undefined;
  let walked: Awaited<ReturnType<typeof walk>>;
  if (args.changed) {
    try {
      repo = await resolveChanged(args, io.cwd);
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      io.stderr(`vetted: ${e.message}\n`);
      return EXIT_ERROR;
    }
    walked = await changedWalk(repo, args.paths, io.cwd, exclude);
    if (!walked.errors.length) io.stderr(`vetted: --changed ${repo.ref} (${repo.commit.slice(0, 12)}): ${walked.files.length} changed or new file${walked.files.length === 1 ? '' : 's'} to scan\n`);
  } else {
    walked = await walk(args.paths, io.cwd, { exclude, gitignore: args.gitignore, accept: (f) => languageFromPath(f) !== undefined || textKindFromPath(f) !== undefined });
  }
  const missing = walked.errors.filter((e) => args.paths.includes(e.path));
  if (missing.length) {
    for (const e of missing) io.stderr(`vetted: ${e.path}: ${e.message}\n`);
    return EXIT_ERROR;
  }
  const options = engineOptions(settings);
  const ignoreFile = await findIgnoreFile(io.cwd);
  for (const p of ignoreFile?.problems ?? []) io.stderr(`vetted: ${ignoreFile!.path}: ${p}\n`);
  const files: FileResult[] = [];
  const skipped: Array<{ path: string; reason: SkipReason }> = [];
  const errors = [...walked.errors];
  const hidden = { confidence: 0, focus: 0 };
  let inAiBlocks = 0;
  const jobs = args.jobs ?? defaultJobs();
  let outcomes: FileOutcome[];
  if (jobs > 1 && walked.files.length >= MIN_FILES_FOR_WORKERS) {
    outcomes = await scanInWorkers(walked.files, jobs, options, io.cwd);
  } else {
    const engine = new Engine(new Parsers(nodeWasmSource()));
    outcomes = [];
    // Copied as a worker's outcome is: a finding's strings can be slices of the file's text, and keeping them would
    // keep every scanned file's whole text alive until the report is written.
    for (const abs of walked.files) outcomes.push(structuredClone(await scanFile(engine, abs, options, io.cwd)));
  }
  for (const [i, abs] of walked.files.entries()) {
    const rel = toPosix(path.relative(io.cwd, abs)) || path.basename(abs);
    const outcome = outcomes[i];
    if (outcome.kind === 'unsupported') {
      skipped.push({ path: rel, reason: { kind: 'unsupported-language', detail: 'not a JavaScript, TypeScript or Python file, nor a text format scanned for secrets (lock files and binaries are not)' } });
      continue;
    }
    if (outcome.kind === 'error') {
      errors.push({ path: rel, message: outcome.message });
      continue;
    }
    const result = outcome.result;
    if (result.skipped) skipped.push({ path: rel, reason: result.skipped });
    let focus;
    if (repo) {
      try {
        // the text the engine saw, read again only in focus mode (workers return findings, not texts)
        let text = await fs.readFile(abs, 'utf8');
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        focus = { changed: changedSpans(await baseText(repo, abs), text), extra: outcome.aiBlocks ?? [] };
      } catch (e) {
        errors.push({ path: rel, message: e instanceof GitError ? e.message : `cannot read the base version: ${errorText(e)}` });
        continue;
      }
    }
    const view = visibleFindings(result.findings, { minConfidence: args.minConfidence, focus, aiBlocks: outcome.aiBlocks });
    inAiBlocks += view.inAiBlocks ?? 0;
    hidden.confidence += view.hidden.confidence;
    hidden.focus += view.hidden.focus;
    const kept = ignoreFile ? ignoreFile.filter(abs, view.visible) : { kept: view.visible, dismissed: [] };
    files.push({ path: rel, findings: kept.kept, suppressed: result.suppressed, ...(kept.dismissed.length ? { dismissed: kept.dismissed } : {}) });
  }
  const summary: ScanSummary = { files, skipped, errors, scanned: files.length };
  const report =
    args.format === 'sarif'
      ? JSON.stringify(toSarif(files, ALL_RULES, { version: pkg.version }), null, 2) + '\n'
      : args.format === 'json'
        ? toJson(summary, pkg.version)
        : toText(summary);
  if (args.output) {
    try {
      await fs.writeFile(path.resolve(io.cwd, args.output), report);
    } catch (e) {
      io.stderr(`vetted: cannot write ${args.output}: ${ioMessage(e, 'write failed')}\n`);
      return EXIT_ERROR;
    }
    const counts = countBySeverity(summary);
    io.stderr(`vetted: wrote ${args.format} report to ${args.output} (${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')})\n`);
  } else {
    io.stdout(report);
  }
  if (inAiBlocks) io.stderr(`vetted: ${plural(inAiBlocks, 'finding')} in provenance-tagged AI blocks (reported at every confidence)\n`);
  if (hidden.confidence) io.stderr(`vetted: ${plural(hidden.confidence, 'finding')} below ${args.minConfidence} confidence not reported (--min-confidence)\n`);
  if (hidden.focus) io.stderr(`vetted: ${plural(hidden.focus, 'finding')} on lines unchanged since ${args.changed?.ref} not reported (--changed)\n`);
  for (const u of ignoreFile?.unused() ?? []) io.stderr(`vetted: ${ignoreFile!.path}: ignores[${u.index}] (${u.entry.rule} ${u.entry.fingerprint}${u.entry.path ? ` in ${u.entry.path}` : ''}) ${u.expired ? `expired on ${u.entry.expires}` : 'matched no finding in this scan (unused ignore entry)'}\n`);
  for (const e of errors) io.stderr(`vetted: ${e.path}: ${e.message}\n`);
  if (errors.length) return EXIT_ERROR;
  if (args.failOn === 'none') return EXIT_CLEAN;
  const failOn = args.failOn;
  const failing = files.some((f) => f.findings.some((x) => atLeast(x.severity, failOn)));
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Decides what `--changed X` meant (a revision, else a path to scan) and opens the repository at that revision. */
async function resolveChanged(args: ScanArgs, cwd: string): Promise<Repo> {
  const changed = args.changed!;
  if (changed.candidate !== undefined) {
    const cand = changed.candidate;
    let isPath = false;
    try {
      await fs.stat(path.resolve(cwd, cand));
      isPath = true;
    } catch {
      // not a path
    }
    if (await isCommit(cwd, cand)) {
      changed.ref = cand;
    } else if (isPath) {
      args.paths.push(cand);
    } else {
      // Neither: report it as the revision it most likely was (openRepo explains not-a-repository first).
      changed.ref = cand;
    }
    if (!args.paths.length) args.paths.push('.');
  }
  return openRepo(cwd, changed.ref);
}

/**
 * The files `--changed` scans: changed since the base or untracked (per git), supported languages, not excluded,
 * and inside one of the given paths. No directory walk, so it stays fast on big repositories.
 */
async function changedWalk(repo: Repo, paths: readonly string[], cwd: string, exclude: readonly string[]): Promise<Awaited<ReturnType<typeof walk>>> {
  const errors: Array<{ path: string; message: string }> = [];
  const roots: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    try {
      await fs.stat(abs);
    } catch (e) {
      errors.push({ path: p, message: ioMessage(e, 'no such file or directory') });
      continue;
    }
    if (!inside(repo, abs)) errors.push({ path: p, message: `outside the git repository at ${repo.root}, so --changed cannot compare it with ${repo.ref}` });
    else roots.push(abs);
  }
  if (errors.length) return { files: [], errors };
  const globs = new GlobSet(exclude);
  const excluded = (rel: string) => {
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) if (globs.matches(parts.slice(0, i).join('/'))) return true;
    return false;
  };
  const files: string[] = [];
  for (const abs of await changedFiles(repo)) {
    const root = roots.find((r) => abs === r || abs.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
    if (!root || (languageFromPath(abs) === undefined && textKindFromPath(abs) === undefined)) continue;
    const fromRoot = toPosix(path.relative(root, abs)) || path.basename(abs);
    const fromCwd = toPosix(path.relative(cwd, abs));
    if (excluded(fromRoot) || (!fromCwd.startsWith('..') && excluded(fromCwd))) continue;
    try {
      const st = await fs.lstat(abs);
      if (!st.isFile()) continue; // deleted since the base (diff lists it), a symbolic link, a submodule
    } catch {
      continue;
    }
    files.push(abs);
  }
  files.sort();
  return { files, errors };
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    // Loaded on demand: a plain scan (the common and the cold-start case) does not evaluate the gate, hook and
    // report modules or build their schemas.
    if (argv[0] === 'precommit') return await (await import('./precommit')).precommitCommand(argv.slice(1), io);
    if (argv[0] === 'hooks') return await (await import('./precommit')).hooksCommand(argv.slice(1), io);
    if (argv[0] === 'trailers') return await (await import('./precommit')).trailersCommand(argv.slice(1), io);
    if (argv[0] === 'report') return await (await import('./report')).reportCommand(argv.slice(1), io, pkg.version);
    const parsed = parseArgs(argv);
    if (parsed.command === 'help') {
      io.stdout(USAGE + '\n\n' + (await import('./precommit')).PRECOMMIT_USAGE + '\n');
      return EXIT_CLEAN;
    }
    if (parsed.command === 'version') {
      io.stdout(`${pkg.version}\n`);
      return EXIT_CLEAN;
    }
    return await scan(parsed.args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`vetted: ${e.message}\n\n${USAGE}\n`);
      return EXIT_ERROR;
    }
    // Not a user mistake: keep the detail, but still no raw stack unless asked for.
    io.stderr(`vetted: internal error: ${errorText(e)}${process.env.VETTED_DEBUG ? `\n${(e as Error)?.stack ?? ''}` : ' (set VETTED_DEBUG=1 for details)'}\n`);
    return EXIT_ERROR;
  }
}

if (require.main === module && !isScanWorker()) {
  void main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  }).then((code) => {
    process.exitCode = code;
  });
}
