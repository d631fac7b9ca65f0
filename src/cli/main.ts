import { promises as fs } from 'fs';
import * as path from 'path';
import { Engine } from '../core/engine';
import { languageFromPath } from '../core/languages';
import { Parsers, errorText } from '../core/parser';
import { toSarif, type FileResult } from '../core/report/sarif';
import { countBySeverity, toJson, toText, type ScanSummary } from '../core/report/text';
import { ALL_RULES } from '../core/rules/index';
import { DEFAULT_SETTINGS, engineOptions, parseSettings } from '../core/settings';
import { SEVERITIES, atLeast, type Severity, type SkipReason } from '../core/types';
import { nodeWasmSource } from './wasm';
import { ioMessage, toPosix, walk } from './walk';
import { defaultJobs, isScanWorker, MIN_FILES_FOR_WORKERS, scanFile, scanInWorkers, type FileOutcome } from './workers';

// Bundled by esbuild; a JSON import keeps the version in one place.
import pkg from '../../package.json';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const USAGE = `Usage: vetted scan [paths...] [options]

Scans JavaScript, TypeScript and Python files for security problems AI assistants often introduce.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of stdout
  --fail-on SEVERITY         exit 1 when a finding is at or above SEVERITY:
                             critical, high, medium, low, or none (default: high)
  --exclude GLOB             skip paths matching GLOB (repeatable; added to the defaults)
  --rule ID=LEVEL            set a rule to off|critical|high|medium|low (repeatable)
  --max-file-size KB         skip files larger than KB (default: ${DEFAULT_SETTINGS.maxFileSizeKB})
  --no-gitignore             do not honour .gitignore files
  --no-default-excludes      do not apply the default excludes (node_modules, dist, *.min.js, ...)
  --jobs N                   analyse on N worker threads (default: one per CPU, at most 4; 1 = in-process)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no findings at or above --fail-on, 1 findings at or above --fail-on, 2 usage or I/O error.`;

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
  /** Worker threads; undefined = defaultJobs(). */
  jobs?: number;
}

export function parseArgs(argv: readonly string[]): { command: 'help' } | { command: 'version' } | { command: 'scan'; args: ScanArgs } {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '-v' || argv[0] === '--version') return { command: 'version' };
  if (argv[0] !== 'scan') throw new UsageError(`unknown command "${argv[0]}" (try: vetted scan .)`);
  const args: ScanArgs = { paths: [], format: 'text', failOn: 'high', exclude: [], rules: {}, gitignore: true, defaultExcludes: true };
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
  if (!args.paths.length) args.paths.push('.');
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
  const walked = await walk(args.paths, io.cwd, { exclude, gitignore: args.gitignore, accept: (f) => languageFromPath(f) !== undefined });
  const missing = walked.errors.filter((e) => args.paths.includes(e.path));
  if (missing.length) {
    for (const e of missing) io.stderr(`vetted: ${e.path}: ${e.message}\n`);
    return EXIT_ERROR;
  }
  const options = engineOptions(settings);
  const files: FileResult[] = [];
  const skipped: Array<{ path: string; reason: SkipReason }> = [];
  const errors = [...walked.errors];
  const jobs = args.jobs ?? defaultJobs();
  let outcomes: FileOutcome[];
  if (jobs > 1 && walked.files.length >= MIN_FILES_FOR_WORKERS) {
    outcomes = await scanInWorkers(walked.files, jobs, options);
  } else {
    const engine = new Engine(new Parsers(nodeWasmSource()));
    outcomes = [];
    for (const abs of walked.files) outcomes.push(await scanFile(engine, abs, options));
  }
  walked.files.forEach((abs, i) => {
    const rel = toPosix(path.relative(io.cwd, abs)) || path.basename(abs);
    const outcome = outcomes[i];
    if (outcome.kind === 'unsupported') {
      skipped.push({ path: rel, reason: { kind: 'unsupported-language', detail: 'not a JavaScript, TypeScript or Python file' } });
    } else if (outcome.kind === 'error') {
      errors.push({ path: rel, message: outcome.message });
    } else {
      const result = outcome.result;
      if (result.skipped) skipped.push({ path: rel, reason: result.skipped });
      files.push({ path: rel, findings: result.findings, suppressed: result.suppressed });
    }
  });
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
  for (const e of errors) io.stderr(`vetted: ${e.path}: ${e.message}\n`);
  if (errors.length) return EXIT_ERROR;
  if (args.failOn === 'none') return EXIT_CLEAN;
  const failOn = args.failOn;
  const failing = files.some((f) => f.findings.some((x) => atLeast(x.severity, failOn)));
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (parsed.command === 'help') {
      io.stdout(USAGE + '\n');
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
