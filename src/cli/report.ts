/**
 * `vetted report [PATH] [--format json|sarif|spdx|cyclonedx|csv] [-o FILE]`: the line-level AI bill of materials of a
 * repository (src/core/report/aibom.ts) in one of its formats, or the metrics as CSV. Reads files with the scan's walk
 * (gitignore, default excludes), runs the engine on the files it supports, and reads `.vetted/provenance.jsonl` and
 * `.vetted/ignore.json`. Also used by the editor's "Export AI-BOM" (gatherAiBom + renderReport).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { Engine } from '../core/engine';
import { languageFromPath, textKindFromPath } from '../core/languages';
import { Parsers, errorText } from '../core/parser';
import { loadGatePolicy, POLICY_FILE_PATH } from '../core/gate/policy';
import type { Policy } from '../core/policy/model';
import { formatTimestamp } from '../core/provenance/format';
import { LEDGER_PATH, parseLedger, type LedgerProblem } from '../core/provenance/ledger';
import { collectAiBom, type AiBom, type OverrideInput, type ReportFileInput } from '../core/report/aibom';
import { aiBomJsonText } from '../core/report/aibomJson';
import { aiBomSarifText } from '../core/report/aibomSarif';
import { cycloneDxText } from '../core/report/cyclonedx';
import { computeMetrics, metricsCsv } from '../core/report/metrics';
import { spdxText } from '../core/report/spdx';
import { ALL_RULES } from '../core/rules/index';
import { DEFAULT_SETTINGS, engineOptions, parseSettings } from '../core/settings';
import { nodeWasmSource } from './wasm';
import { ioMessage, toPosix, walk } from './walk';

export const REPORT_FORMATS = ['json', 'sarif', 'spdx', 'cyclonedx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_USAGE = `Usage: vetted report [PATH] [options]

Writes the line-level AI bill of materials of the repository at PATH (default: .): every provenance-tagged AI
block (file, lines, tool, model, source, time, status, reviewers, checklist answers, findings), from the markers in
the files and the ledger .vetted/provenance.jsonl.

Options:
  --format FORMAT            json (Agent Trace records, default), sarif (SARIF 2.1.0), spdx (SPDX 3.0.1 JSON-LD),
                             cyclonedx (CycloneDX 1.6 JSON) or csv (metrics: AI share by folder, findings per
                             1,000 lines, review latency, suppressions, weekly trend)
  -o, --output FILE          write to FILE instead of stdout
  --exclude GLOB             skip paths matching GLOB (repeatable; added to the defaults)
  --no-gitignore             do not honour .gitignore files
  --no-default-excludes      do not apply the default excludes (node_modules, dist, *.min.js, ...)
  -h, --help                 show this help

The report time is now, or SOURCE_DATE_EPOCH (seconds) when set, for reproducible output.
Exit codes: 0 written, 2 usage or I/O error.`;

export interface ReportArgs {
  root: string;
  format: ReportFormat;
  output?: string;
  exclude: string[];
  gitignore: boolean;
  defaultExcludes: boolean;
}

export class ReportUsageError extends Error {}

export function parseReportArgs(argv: readonly string[]): ReportArgs | 'help' {
  const args: ReportArgs = { root: '.', format: 'json', exclude: [], gitignore: true, defaultExcludes: true };
  let rootGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new ReportUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const f = value();
        if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new ReportUsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got "${f}")`);
        args.format = f as ReportFormat;
        break;
      }
      case '-o':
      case '--output':
        args.output = value();
        break;
      case '--exclude':
        args.exclude.push(value());
        break;
      case '--no-gitignore':
        args.gitignore = false;
        break;
      case '--no-default-excludes':
        args.defaultExcludes = false;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new ReportUsageError(`unknown option ${a}`);
        if (rootGiven) throw new ReportUsageError('vetted report takes one PATH (the repository or folder to report on)');
        args.root = a;
        rootGiven = true;
    }
  }
  return args;
}

export interface GatherOptions {
  readonly exclude?: readonly string[];
  readonly gitignore?: boolean;
  readonly defaultExcludes?: boolean;
  /** Report time in ms since the epoch (default: SOURCE_DATE_EPOCH, else now). */
  readonly now?: number;
  readonly policy?: Policy;
  /** Engine to reuse (the editor passes its own). */
  readonly engine?: Engine;
  readonly maxFileSize?: number;
}

export interface Gathered {
  readonly bom: AiBom;
  readonly ledgerProblems: readonly LedgerProblem[];
  readonly errors: ReadonlyArray<{ path: string; message: string }>;
}

function reportTime(now?: number): string {
  if (now !== undefined) return formatTimestamp(now);
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return formatTimestamp(process.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? epoch * 1000 : Date.now());
}

async function readOptional(p: string): Promise<string | undefined> {
  try {
    return await fs.readFile(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** `.vetted/ignore.json` entries: an array, or `{ entries | ignores | ignore: [...] }`. Unreadable → none. */
export function parseOverrides(text: string | undefined): OverrideInput[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    const list = Array.isArray(v) ? v : v && typeof v === 'object' ? ((v as Record<string, unknown>).entries ?? (v as Record<string, unknown>).ignores ?? (v as Record<string, unknown>).ignore) : undefined;
    if (!Array.isArray(list)) return [];
    const str = (x: unknown) => (typeof x === 'string' ? x.slice(0, 500) : undefined);
    return list
      .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
      .map((e) => {
        const o: { fingerprint?: string; reason?: string; by?: string; at?: string; path?: string } = {};
        for (const k of ['fingerprint', 'reason', 'by', 'at', 'path'] as const) {
          const s = str(e[k]);
          if (s !== undefined) o[k] = s;
        }
        return o;
      });
  } catch {
    return [];
  }
}

/** Reads the repository at `root` (absolute) and collects its AI-BOM. */
export async function gatherAiBom(root: string, options: GatherOptions = {}): Promise<Gathered> {
  const exclude = [...(options.defaultExcludes === false ? [] : DEFAULT_SETTINGS.exclude), '.vetted/**', ...(options.exclude ?? [])];
  const walked = await walk(['.'], root, { exclude, gitignore: options.gitignore !== false, accept: () => true });
  const engine = options.engine ?? new Engine(new Parsers(nodeWasmSource()));
  const engineOpts = engineOptions(parseSettings({}).settings);
  const maxSize = options.maxFileSize ?? engineOpts.maxFileSize;
  const files: ReportFileInput[] = [];
  const errors = [...walked.errors];
  for (const abs of walked.files) {
    const rel = toPosix(path.relative(root, abs));
    let buf: Buffer;
    try {
      const st = await fs.stat(abs);
      if (st.size > maxSize) continue;
      buf = await fs.readFile(abs);
    } catch (e) {
      errors.push({ path: rel, message: ioMessage(e, 'cannot read file') });
      continue;
    }
    if (buf.subarray(0, 8192).includes(0)) continue; // binary
    let text = buf.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const language = languageFromPath(abs);
    const textKind = language ? undefined : textKindFromPath(abs);
    let findings: ReportFileInput['findings'] = [];
    let suppressed: ReportFileInput['suppressed'] = [];
    if (language || textKind) {
      try {
        const result = await engine.analyze({ text, language, textKind, path: rel }, engineOpts);
        findings = result.findings;
        suppressed = result.suppressed ?? [];
      } catch (e) {
        errors.push({ path: rel, message: `analysis failed: ${errorText(e)}` });
      }
    }
    files.push({ path: rel, text, findings, suppressed });
  }
  const ledgerText = await readOptional(path.join(root, LEDGER_PATH));
  const ledger = parseLedger(ledgerText ?? '');
  // The tier column follows the repository's committed policy, resolved as the gate resolves it.
  const policy = loadGatePolicy(options.policy ? undefined : await readOptional(path.join(root, POLICY_FILE_PATH)));
  const overrides = parseOverrides(await readOptional(path.join(root, '.vetted', 'ignore.json')));
  const bom = collectAiBom({
    root: path.basename(root) || root,
    files,
    ledger: ledger.records,
    generatedAt: reportTime(options.now),
    policy: options.policy ?? policy.policy,
    overrides,
  });
  for (const message of options.policy ? [] : policy.problems) errors.push({ path: POLICY_FILE_PATH, message });
  return { bom, ledgerProblems: ledger.problems, errors };
}

export function renderReport(bom: AiBom, format: ReportFormat, version: string): string {
  switch (format) {
    case 'json':
      return aiBomJsonText(bom, version);
    case 'sarif':
      return aiBomSarifText(bom, ALL_RULES, { version });
    case 'spdx':
      return spdxText(bom, { toolVersion: version });
    case 'cyclonedx':
      return cycloneDxText(bom, { toolVersion: version });
    case 'csv':
      return metricsCsv(computeMetrics(bom));
  }
}

export interface ReportIo {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The `vetted report` command. Returns the exit code (0 written, 2 usage or I/O error). */
export async function reportCommand(argv: readonly string[], io: ReportIo, version: string): Promise<number> {
  let args: ReportArgs | 'help';
  try {
    args = parseReportArgs(argv);
  } catch (e) {
    if (e instanceof ReportUsageError) {
      io.stderr(`vetted: ${e.message}\n\n${REPORT_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    io.stdout(REPORT_USAGE + '\n');
    return 0;
  }
  const root = path.resolve(io.cwd, args.root);
  try {
    const st = await fs.stat(root);
    if (!st.isDirectory()) {
      io.stderr(`vetted: ${args.root}: not a directory (vetted report takes the repository or folder to report on)\n`);
      return 2;
    }
  } catch (e) {
    io.stderr(`vetted: ${args.root}: ${ioMessage(e, 'cannot read')}\n`);
    return 2;
  }
  const { bom, ledgerProblems, errors } = await gatherAiBom(root, { exclude: args.exclude, gitignore: args.gitignore, defaultExcludes: args.defaultExcludes });
  for (const p of ledgerProblems) io.stderr(`vetted: ${LEDGER_PATH}:${p.line}: ${p.message}\n`);
  for (const e of errors) io.stderr(`vetted: ${e.path}: ${e.message}\n`);
  const text = renderReport(bom, args.format, version);
  const t = bom.totals;
  const summary = `${t.blocks} AI block${t.blocks === 1 ? '' : 's'} in ${t.filesWithAi} file${t.filesWithAi === 1 ? '' : 's'} (${t.unreviewed} unreviewed, ${t.modified} modified, ${t.reviewed} reviewed)`;
  if (args.output) {
    try {
      await fs.writeFile(path.resolve(io.cwd, args.output), text);
    } catch (e) {
      io.stderr(`vetted: cannot write ${args.output}: ${ioMessage(e, 'write failed')}\n`);
      return 2;
    }
    io.stderr(`vetted: wrote ${args.format} AI-BOM to ${args.output}: ${summary}\n`);
  } else {
    io.stdout(text);
    io.stderr(`vetted: ${summary}\n`);
  }
  return errors.length ? 2 : 0;
}
