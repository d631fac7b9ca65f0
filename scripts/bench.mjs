// Vetted's official benchmark. Usage: npm run bench [-- [--quick] [--json FILE] [--keep] [DIR]]
//   --quick      smaller corpus and fewer edits: a fast sanity run
//   --json FILE  also write every figure to FILE
//   --keep       keep the temporary directory (corpus, reports, ESLint config) and print its path
//   DIR          also time `vetted scan DIR` on your own code
// Runs offline. Everything is generated deterministically into a temporary directory:
//   1. a corpus of ≥100k lines of JS/TS/TSX/Python shaped like real projects (scripts/bench/corpus.ts),
//   2. whole-repo CLI scans (1 and 2 workers, peak memory) against ESLint 9 + eslint-plugin-security,
//   3. per-keystroke re-analysis latency at 2,000 / 5,000 / 20,000 lines against ESLint's Linter.verify,
//   4. time to first diagnostics in a fresh process and CLI cold start,
// then prints one table with the targets and whether each is met. Figures are wall-clock on this machine and
// noisy on a shared one; compare runs on the same machine only.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { eslintConfigFile } from './bench/eslint-config.mjs';
import { median } from './bench/edits.mjs';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');
const cli = path.join(root, 'bin', 'vetted.js');

// ---------------------------------------------------------------------------------------------------------------
// Arguments

const argv = process.argv.slice(2);
const opts = { quick: false, json: undefined, keep: false, dir: undefined };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--quick') opts.quick = true;
  else if (a === '--keep') opts.keep = true;
  else if (a === '--json') opts.json = argv[++i] ?? '';
  else if (a.startsWith('--json=')) opts.json = a.slice(7);
  else if (a === '-h' || a === '--help') {
    console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(0, 5).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
    process.exit(0);
  } else if (a.startsWith('-')) {
    console.error(`bench: unknown option ${a}`);
    process.exit(2);
  } else opts.dir = a;
}
if (opts.json === '') {
  console.error('bench: --json needs a file name');
  process.exit(2);
}

const P = opts.quick
  ? { corpusLines: 20_000, repeats: 1, edits: 40, minFullEdits: 4, warmup: 4, budgetMs: 1500, minEslintEdits: 4, sizes: [2000, 5000, 20000], ttfdRuns: 3, coldRuns: 3 }
  : { corpusLines: 100_000, repeats: 3, edits: 200, minFullEdits: 10, warmup: 10, budgetMs: 5000, minEslintEdits: 10, sizes: [2000, 5000, 20000], ttfdRuns: 5, coldRuns: 5 };

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
for (const f of [path.join(dist, 'cli.js'), path.join(root, 'out', 'scripts', 'bench', 'corpus.js')]) {
  if (!existsSync(f)) {
    console.error(`bench: ${path.relative(root, f)} is missing; run \`npm run bench\` (it builds first) or \`npm run build && npx tsc -p .\``);
    process.exit(2);
  }
}
const { generateCorpus, generateLargeFile } = require(path.join(root, 'out', 'scripts', 'bench', 'corpus.js'));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vetted-bench-'));
process.on('exit', () => {
  if (opts.keep) log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
});
const corpusDir = path.join(tmp, 'corpus');
const figures = { quick: opts.quick, machine: { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadavgStart: os.loadavg() } };

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const countLines = (text) => (text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
const fmt = (n, digits = 1) => (n === undefined || n === null || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const fmtInt = (n) => fmt(n, 0);
const mib = (kib) => kib / 1024;

/** Runs a command; returns wall time (ms), exit code, stdout, stderr. */
function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(cmd, args, { cwd: options.cwd ?? tmp, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ ms: performance.now() - t, code, stdout, stderr }));
  });
}

const timeV = (() => {
  if (!existsSync('/usr/bin/time')) return false;
  const r = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' });
  return /Maximum resident set size/.test(r.stderr ?? '');
})();

/** Runs `node ARGS` with peak-RSS measurement: /usr/bin/time -v when present, else an in-process wrapper (vetted only). */
async function runMeasured(nodeArgs, options = {}) {
  if (timeV) {
    const r = await run('/usr/bin/time', ['-v', process.execPath, ...nodeArgs], options);
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    const at = r.stderr.search(/^\s*Command (exited with|being timed)/m);
    const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
    if (at >= 0) r.stderr = r.stderr.slice(0, at); // keep the program's own stderr only
    const cpuMs = user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : undefined;
    return { ...r, maxRssKiB: m ? Number(m[1]) : undefined, cpuMs, rssHow: '/usr/bin/time -v' };
  }
  if (options.vettedArgs) {
    const rssFile = path.join(tmp, `rss-${Math.random().toString(16).slice(2)}.txt`);
    const r = await run(process.execPath, [path.join(root, 'scripts', 'bench', 'rss.cjs'), ...options.vettedArgs], { ...options, env: { VETTED_BENCH_RSS_FILE: rssFile } });
    const kib = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
    return { ...r, maxRssKiB: kib, rssHow: 'process.resourceUsage().maxRSS' };
  }
  return { ...(await run(process.execPath, nodeArgs, options)), maxRssKiB: undefined, rssHow: 'not measured' };
}

const targets = [];
/** Records a target: `met` true/false, or undefined when it could not be measured. */
function target(name, value, goal, met) {
  targets.push({ name, value, goal, met });
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Corpus

const genStart = performance.now();
const corpus = generateCorpus({ minLines: P.corpusLines });
const genMs = performance.now() - genStart;
const byLang = {};
for (const f of corpus) {
  const p = path.join(corpusDir, f.path);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, f.text);
  const l = (byLang[f.language] ??= { files: 0, lines: 0 });
  l.files++;
  l.lines += f.lines;
}
// The rule fixtures are real-looking code full of findings: mix them in as one more project.
const fixturesDir = path.join(root, 'test', 'fixtures', 'rules');
const extLang = { '.js': 'javascript', '.jsx': 'javascript', '.ts': 'typescript', '.tsx': 'tsx', '.py': 'python' };
let fixtureFiles = 0;
if (existsSync(fixturesDir)) {
  for (const name of readdirSync(fixturesDir)) {
    const lang = extLang[path.extname(name)];
    if (!lang) continue;
    const text = readFileSync(path.join(fixturesDir, name), 'utf8');
    mkdirSync(path.join(corpusDir, 'vetted-fixtures'), { recursive: true });
    writeFileSync(path.join(corpusDir, 'vetted-fixtures', name), text);
    const l = (byLang[lang] ??= { files: 0, lines: 0 });
    l.files++;
    l.lines += countLines(text);
    fixtureFiles++;
  }
}
const totalLines = Object.values(byLang).reduce((n, l) => n + l.lines, 0);
const totalFiles = Object.values(byLang).reduce((n, l) => n + l.files, 0);
const jsTsLines = totalLines - (byLang.python?.lines ?? 0);
const jsTsFiles = totalFiles - (byLang.python?.files ?? 0);
const planted = corpus.filter((f) => f.planted.length).length;
const genTotalMs = performance.now() - genStart;
figures.corpus = { files: totalFiles, lines: totalLines, byLanguage: byLang, fixtureFiles, filesWithPlantedIssues: planted, generateMs: genMs, generateAndWriteMs: genTotalMs };
log(`corpus: ${fmtInt(totalFiles)} files, ${fmtInt(totalLines)} lines (${Object.entries(byLang).map(([k, v]) => `${k} ${fmtInt(v.lines)}`).join(', ')}), generated in ${fmtInt(genMs)} ms, written in ${fmtInt(genTotalMs)} ms`);

// The engine bundled the way the extension bundles it (one file, esbuild), for the in-process measurements.
const bundle = path.join(tmp, 'engine-bundle.cjs');
{
  const esbuild = await import('esbuild');
  await esbuild.build({
    stdin: {
      contents: "export { Engine, DEFAULT_ENGINE_OPTIONS } from './src/core/engine';\nexport { Parsers } from './src/core/parser';\nexport { nodeWasmSource } from './src/cli/wasm';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'warning',
    alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Whole-repo CLI scan vs ESLint

const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
const jobsSupported = /--jobs\b/.test(`${help.stdout}${help.stderr}`);
figures.jobsSupported = jobsSupported;

async function vettedScan(label, extra) {
  const runs = [];
  for (let i = 0; i < P.repeats; i++) {
    const report = path.join(tmp, `vetted-${label.replace(/[^A-Za-z0-9]+/g, "-")}.json`);
    const args = ['scan', 'corpus', '--format', 'json', '--fail-on', 'none', '--output', report, ...extra];
    const r = await runMeasured([cli, ...args], { vettedArgs: args });
    if (r.code !== 0) throw new Error(`vetted scan (${label}) exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const findings = json.files.reduce((n, f) => n + f.findings.length, 0);
    runs.push({ ms: r.ms, cpuMs: r.cpuMs, maxRssKiB: r.maxRssKiB, rssHow: r.rssHow, scanned: json.scanned, findings, filesWithFindings: json.files.filter((f) => f.findings.length).length });
  }
  const ms = median(runs.map((r) => r.ms));
  const rss = runs.map((r) => r.maxRssKiB).filter((x) => x !== undefined);
  const cpus = runs.map((r) => r.cpuMs).filter((x) => x !== undefined);
  const res = { label, ms, cpuMs: cpus.length ? median(cpus) : undefined, runs: runs.map((r) => r.ms), maxRssKiB: rss.length ? Math.max(...rss) : undefined, rssHow: runs[0].rssHow, scanned: runs[0].scanned, findings: runs[0].findings, filesWithFindings: runs[0].filesWithFindings };
  log(`vetted scan ${label}: ${fmtInt(ms)} ms (median of ${runs.length}), ${res.scanned} files, ${res.findings} findings${res.maxRssKiB ? `, peak RSS ${fmt(mib(res.maxRssKiB))} MiB` : ''}`);
  return res;
}

const noPy = ['--exclude', '**/*.py', '--exclude', '**/*.pyw'];
const scans = {};
scans.all1 = await vettedScan('all, 1 worker', jobsSupported ? ['--jobs', '1'] : []);
if (jobsSupported) scans.all2 = await vettedScan('all, 2 workers', ['--jobs', '2']);
scans.js1 = await vettedScan('JS/TS, 1 worker', [...(jobsSupported ? ['--jobs', '1'] : []), ...noPy]);
if (jobsSupported) scans.js2 = await vettedScan('JS/TS, 2 workers', ['--jobs', '2', ...noPy]);
if (scans.all1.scanned !== totalFiles) log(`warning: vetted scanned ${scans.all1.scanned} files, the corpus has ${totalFiles}`);
figures.cli = scans;

writeFileSync(path.join(tmp, 'eslint.config.mjs'), eslintConfigFile());
const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const eslintVersion = require('eslint/package.json').version;
const securityVersion = require('eslint-plugin-security/package.json').version;
async function eslintScan(extra) {
  const out = path.join(tmp, 'eslint.json');
  const r = await runMeasured([eslintBin, '-c', 'eslint.config.mjs', '--no-cache', '-f', 'json', '-o', out, ...extra, 'corpus']);
  if (r.code !== 0 && r.code !== 1) throw new Error(`eslint exited ${r.code}: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  const results = JSON.parse(readFileSync(out, 'utf8'));
  let fatal = 0;
  let warnings = 0;
  for (const f of results) {
    if (f.messages.some((m) => m.fatal)) fatal++;
    warnings += f.messages.filter((m) => !m.fatal).length;
  }
  const res = { ms: r.ms, cpuMs: r.cpuMs, maxRssKiB: r.maxRssKiB, files: results.length, unparsable: fatal, warnings, args: extra };
  log(`eslint ${extra.join(' ') || '(1 thread)'}: ${fmtInt(r.ms)} ms, ${results.length} files, ${fatal} could not be parsed, ${warnings} warnings`);
  return res;
}
const eslint1 = await eslintScan([]);
const eslintConcurrency = /--concurrency/.test(spawnSync(process.execPath, [eslintBin, '--help'], { encoding: 'utf8' }).stdout ?? '');
const eslint2 = !opts.quick && eslintConcurrency ? await eslintScan(['--concurrency', '2']) : undefined;
figures.eslint = { version: eslintVersion, pluginSecurity: securityVersion, oneThread: eslint1, twoThreads: eslint2 };
if (eslint1.files !== jsTsFiles) log(`warning: ESLint linted ${eslint1.files} files, the corpus has ${jsTsFiles} JS/TS files`);

// ---------------------------------------------------------------------------------------------------------------
// 3. Per-keystroke latency

const latencyCases = [];
for (const language of ['javascript', 'typescript', 'python']) {
  for (const lines of P.sizes) {
    const file = path.join(tmp, `keystrokes-${lines}.${language === 'python' ? 'py' : language === 'typescript' ? 'ts' : 'js'}`);
    writeFileSync(file, generateLargeFile(language, lines));
    latencyCases.push({ language, lines, file });
  }
}
async function keystrokes(tool) {
  const spec = { tool, bundle, dist, cases: latencyCases, edits: P.edits, warmup: P.warmup, budgetMs: P.budgetMs, minEslintEdits: P.minEslintEdits, minFullEdits: P.minFullEdits };
  const r = await run(process.execPath, [path.join(root, 'scripts', 'bench', 'keystrokes.mjs'), JSON.stringify(spec)]);
  if (r.code !== 0) throw new Error(`keystrokes ${tool} failed: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
log('per-keystroke latency: Vetted');
const kVetted = await keystrokes('vetted');
const incremental = kVetted.every((r) => r.mode === 'incremental');
log('per-keystroke latency: Vetted full re-analysis (reference)');
const kFull = incremental ? await keystrokes('vetted-full') : kVetted;
log('per-keystroke latency: ESLint Linter.verify');
const kEslint = await keystrokes('eslint');
figures.keystrokes = { incremental, vetted: kVetted, fullReanalysis: kFull, eslint: kEslint };

// ---------------------------------------------------------------------------------------------------------------
// 4. Time to first diagnostics, CLI cold start

const ttfd = {};
for (const language of ['typescript', 'python']) {
  const file = latencyCases.find((c) => c.language === language && c.lines === 2000).file;
  const runs = [];
  for (let i = 0; i < P.ttfdRuns; i++) {
    const r = await run(process.execPath, [path.join(root, 'scripts', 'bench', 'first-result.cjs'), bundle, dist, file, language]);
    if (r.code !== 0) throw new Error(`first-result failed: ${r.stderr.trim()}`);
    runs.push(JSON.parse(r.stdout));
  }
  ttfd[language] = { firstMs: median(runs.map((r) => r.firstMs)), loadMs: median(runs.map((r) => r.loadMs)), bootMs: median(runs.map((r) => r.bootMs)), runs: runs.length, session: runs[0].session };
  log(`first diagnostics ${language}: ${fmt(ttfd[language].firstMs)} ms (+ ${fmt(ttfd[language].loadMs)} ms loading the bundle)`);
}
figures.firstDiagnostics = ttfd;

const smallFile = path.join(tmp, 'small', 'routes.js');
mkdirSync(path.dirname(smallFile), { recursive: true });
writeFileSync(smallFile, corpus.find((f) => f.language === 'javascript' && f.lines >= 30 && f.lines <= 80)?.text ?? 'const x = 1;\n');
await run(process.execPath, [cli, 'scan', smallFile, '--fail-on', 'none']); // warm the file cache; not counted
const coldRuns = [];
for (let i = 0; i < P.coldRuns; i++) {
  const r = await run(process.execPath, [cli, 'scan', smallFile, '--fail-on', 'none']);
  if (r.code !== 0) throw new Error(`vetted scan of one file exited ${r.code}: ${r.stderr.trim()}`);
  coldRuns.push(r.ms);
}
figures.coldStart = { ms: median(coldRuns), runs: coldRuns, lines: countLines(readFileSync(smallFile, 'utf8')) };
log(`CLI cold start: ${fmtInt(figures.coldStart.ms)} ms`);

// ---------------------------------------------------------------------------------------------------------------
// 5. Optional user directory

if (opts.dir) {
  const dir = path.resolve(opts.dir);
  const skipDirs = new Set(['node_modules', 'dist', 'build', 'out', 'vendor', '.venv', 'venv', '__pycache__', '.next', 'coverage', '.git']);
  let lines = 0;
  const walk = (d) => {
    let entries = [];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!skipDirs.has(e.name)) walk(p);
      } else if (extLang[path.extname(e.name)] && !e.name.endsWith('.min.js')) {
        try {
          if (statSync(p).size <= 1024 * 1024) lines += countLines(readFileSync(p, 'utf8'));
        } catch {
          /* unreadable: vetted reports it */
        }
      }
    }
  };
  walk(dir);
  const user = { dir, approxLines: lines };
  for (const jobs of jobsSupported ? [1, 2] : [undefined]) {
    const report = path.join(tmp, `user-${jobs ?? 0}.json`);
    const r = await run(process.execPath, [cli, 'scan', dir, '--format', 'json', '--fail-on', 'none', '--output', report, ...(jobs ? ['--jobs', String(jobs)] : [])], { cwd: process.cwd() });
    let scanned;
    let findings;
    try {
      const json = JSON.parse(readFileSync(report, 'utf8'));
      scanned = json.scanned;
      findings = json.files.reduce((n, f) => n + f.findings.length, 0);
    } catch {
      /* reported below */
    }
    user[`jobs${jobs ?? 1}`] = { ms: r.ms, code: r.code, scanned, findings };
    log(`vetted scan ${dir}${jobs ? ` --jobs ${jobs}` : ''}: ${fmtInt(r.ms)} ms, ${scanned ?? '?'} files, ${findings ?? '?'} findings${r.code === 2 ? ` (exit 2: ${r.stderr.trim().split('\n').pop()})` : ''}`);
  }
  figures.userDir = user;
}

// ---------------------------------------------------------------------------------------------------------------
// Targets and the table

const lps = (lines, ms) => (lines / ms) * 1000;
const rows = [];
const section = (title) => rows.push({ section: title });
const row = (measure, result, goal = '', met) => rows.push({ measure, result, goal, met });
const check = (name, value, goal, met) => {
  target(name, value, goal, met);
  return met;
};

const secs = (ms) => `${fmt(ms / 1000, 2)} s`;
const cpu = (r) => (r.cpuMs ? `, CPU ${secs(r.cpuMs)}` : '');
const faster = (a, b) => (a >= b ? `Vetted ${fmt(a / b)}× faster` : `Vetted ${fmt(b / a)}× slower`);

section(`Corpus: seeded, offline; generated in ${fmtInt(genMs)} ms (${fmtInt(genTotalMs)} ms with writing)`);
row('Files, lines', `${fmtInt(totalFiles)} files, ${fmtInt(totalLines)} lines`, opts.quick ? '(--quick)' : '≥ 100,000 lines', opts.quick ? undefined : check('corpus ≥ 100k lines', totalLines, 100_000, totalLines >= 100_000));
row('Lines per language', Object.entries(byLang).map(([k, v]) => `${k} ${fmtInt(v.lines)}`).join(', '));
row('Files with findings', `${scans.all1.filesWithFindings} of ${scans.all1.scanned}, ${scans.all1.findings} findings`);
row('  of which', `${planted} generated files with a planted issue, ${fixtureFiles} rule fixtures`);

section(`Whole-repo scan: node bin/vetted.js scan DIR --format json (median of ${P.repeats}; CPU = user + sys)`);
row('Vetted, all files, 1 worker', `${secs(scans.all1.ms)}, ${fmtInt(lps(totalLines, scans.all1.ms))} lines/s${cpu(scans.all1)}`);
if (scans.all2) {
  const v = lps(totalLines, scans.all2.ms);
  row('Vetted, all files, 2 workers', `${secs(scans.all2.ms)}, ${fmtInt(v)} lines/s${cpu(scans.all2)}`, '≥ 100,000 lines/s', check('≥ 100k lines/s with 2 workers', v, 100_000, v >= 100_000));
} else {
  row('Vetted, all files, 2 workers', 'not supported yet (no --jobs)', '≥ 100,000 lines/s', check('≥ 100k lines/s with 2 workers', null, 100_000, undefined));
}
const rssMiB = scans.all1.maxRssKiB ? mib(scans.all1.maxRssKiB) : undefined;
row('Peak memory, 1 worker', rssMiB ? `${fmt(rssMiB)} MiB (${scans.all1.rssHow})` : 'not measured', '≤ 100 MiB', check('peak memory ≤ 100 MiB (1 worker)', rssMiB, 100, rssMiB === undefined ? undefined : rssMiB <= 100));
if (scans.all2?.maxRssKiB) row('Peak memory, 2 workers', `${fmt(mib(scans.all2.maxRssKiB))} MiB`);

section(`Against ESLint ${eslintVersion} + eslint-plugin-security ${securityVersion} (recommended; TS via typescript-eslint parser) on the ${fmtInt(jsTsFiles)} JS/TS files (${fmtInt(jsTsLines)} lines)`);
row('Vetted, JS/TS files, 1 worker', `${secs(scans.js1.ms)}, ${fmtInt(lps(jsTsLines, scans.js1.ms))} lines/s${cpu(scans.js1)}`);
if (scans.js2) row('Vetted, JS/TS files, 2 workers', `${secs(scans.js2.ms)}, ${fmtInt(lps(jsTsLines, scans.js2.ms))} lines/s${cpu(scans.js2)}`);
row('ESLint, 1 thread', `${secs(eslint1.ms)}, ${fmtInt(lps(jsTsLines, eslint1.ms))} lines/s${cpu(eslint1)}`);
row('ESLint files it could not parse', `${eslint1.unparsable} of ${eslint1.files}`);
row('ESLint peak memory', eslint1.maxRssKiB ? `${fmt(mib(eslint1.maxRssKiB))} MiB` : 'not measured');
if (eslint2) row('ESLint, --concurrency 2', `${secs(eslint2.ms)}, ${fmtInt(lps(jsTsLines, eslint2.ms))} lines/s${cpu(eslint2)}`);
const ratio1 = eslint1.ms / scans.js1.ms;
row('Speed-up, 1 worker vs ESLint 1 thread', `${fmt(ratio1)}×`, '≥ 6×', check('≥ 6× faster than ESLint (1 worker each)', ratio1, 6, ratio1 >= 6));
if (scans.js2) row('Speed-up, 2 workers vs ESLint 1 thread', `${fmt(eslint1.ms / scans.js2.ms)}×`);
if (scans.js2 && eslint2) row('Speed-up, 2 workers vs ESLint 2 threads', `${fmt(eslint2.ms / scans.js2.ms)}×`);
if (eslint1.cpuMs && scans.js1.cpuMs) row('CPU-time ratio, 1 worker vs ESLint', `${fmt(eslint1.cpuMs / scans.js1.cpuMs)}× (less sensitive to machine load)`);

const vMode = incremental ? 'incremental: openSession + session.update' : 'full re-analysis per edit (no incremental API)';
section(`Per-keystroke re-analysis, Vetted ${vMode}: type a character in a function body, then delete it (n edits after warm-up)`);
for (const v of kVetted) {
  const e = kEslint.find((x) => x.language === v.language && x.lines === v.lines);
  const full = kFull.find((x) => x.language === v.language && x.lines === v.lines);
  const medGoal = v.lines >= 20000 ? 10 : v.lines >= 5000 ? 3 : undefined;
  const goal = `${medGoal ? `median ≤ ${medGoal} ms, ` : ''}p95 ≤ 16 ms`;
  const met = (medGoal ? v.median <= medGoal : true) && v.p95 <= 16;
  row(`${v.language}, ${fmtInt(v.lines)} lines`, `median ${fmt(v.median, 2)} ms, p95 ${fmt(v.p95, 2)} ms (n=${v.n})`, goal, check(`keystroke ${v.language} ${v.lines}: ${goal}`, { median: v.median, p95: v.p95 }, goal, met));
  const modes = Object.entries(v.updateModes ?? {});
  if (modes.length && !(modes.length === 1 && modes[0][0] === 'incremental')) {
    const reasons = Object.entries(v.fullReasons ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([r, n]) => `${n}× ${r.length > 50 ? r.slice(0, 49) + '…' : r}`);
    row('  how the session updated', `${modes.map(([m, n]) => `${n} ${m}`).join(', ')}${reasons.length ? ` (${reasons.join('; ')})` : ''}`);
  }
  if (incremental && full) row('  full engine.analyze (reference)', `median ${fmt(full.median, 1)} ms, p95 ${fmt(full.p95, 1)} ms (n=${full.n})`);
  if (e) row(`  ESLint Linter.verify${e.fatal ? ' (PARSE ERROR)' : ''}`, `median ${fmt(e.median, 1)} ms, p95 ${fmt(e.p95, 1)} ms (n=${e.n}): ${faster(e.median, v.median)}`);
}

section(`Startup, fresh Node process (median of ${P.ttfdRuns}): engine creation (WASM runtime + grammar) → first AnalysisResult`);
for (const [language, t] of Object.entries(ttfd)) {
  row(`First diagnostics, ${language} 2,000 lines`, `${fmt(t.firstMs)} ms${t.session ? ' (openSession)' : ''}, + ${fmt(t.loadMs)} ms loading the bundle`, '≤ 150 ms', check(`first diagnostics ${language} ≤ 150 ms`, t.firstMs, 150, t.firstMs <= 150));
}
row(`CLI cold start, scan 1 file (${figures.coldStart.lines} lines)`, `${fmt(figures.coldStart.ms / 1000, 3)} s (median of ${P.coldRuns})`, '≤ 0.45 s', check('CLI cold start ≤ 0.45 s', figures.coldStart.ms / 1000, 0.45, figures.coldStart.ms <= 450));

if (figures.userDir) {
  section(`Your directory: ${figures.userDir.dir} (≈ ${fmtInt(figures.userDir.approxLines)} lines of JS/TS/Python)`);
  for (const [k, v] of Object.entries(figures.userDir)) {
    if (!k.startsWith('jobs')) continue;
    row(`vetted scan, ${k === 'jobs2' ? '2 workers' : '1 worker'}`, `${secs(v.ms)}, ${v.scanned ?? '?'} files, ${v.findings ?? '?'} findings, ≈ ${fmtInt(lps(figures.userDir.approxLines, v.ms))} lines/s${v.code === 2 ? ' (exit 2)' : ''}`);
  }
}

figures.machine.loadavgEnd = os.loadavg();
figures.targets = targets;
const metCount = targets.filter((t) => t.met === true).length;
const missed = targets.filter((t) => t.met === false).length;
const unknown = targets.filter((t) => t.met === undefined).length;

// Render: sections as headers, then measure | result | target | met.
const W = [Math.max(...rows.filter((r) => !r.section).map((r) => r.measure.length)), Math.max(...rows.filter((r) => !r.section).map((r) => r.result.length)), Math.max(10, ...rows.filter((r) => !r.section).map((r) => r.goal.length))];
const line = '─'.repeat(W[0] + W[1] + W[2] + 16);
const out = [];
out.push(`Vetted benchmark${opts.quick ? ' (--quick)' : ''}: node ${process.version}, ${figures.machine.cpu}, ${figures.machine.cores} cores, load average ${figures.machine.loadavgStart.map((x) => x.toFixed(2)).join(' ')} at start, ${figures.machine.loadavgEnd.map((x) => x.toFixed(2)).join(' ')} at end`);
out.push('Wall-clock figures; on a shared or busy machine they are noisy. Compare runs on the same machine only.');
out.push(line);
out.push(`${'Measure'.padEnd(W[0])}  ${'Result'.padEnd(W[1])}  ${'Target'.padEnd(W[2])}  Met`);
for (const r of rows) {
  if (r.section) {
    out.push(line);
    out.push(r.section);
    continue;
  }
  const met = r.met === true ? 'yes' : r.met === false ? 'NO' : r.goal && !r.goal.startsWith('(') ? '?' : '';
  out.push(`${r.measure.padEnd(W[0])}  ${r.result.padEnd(W[1])}  ${r.goal.padEnd(W[2])}  ${met}`);
}
out.push(line);
out.push(`Targets met: ${metCount} of ${targets.length}${missed ? `, missed: ${missed}` : ''}${unknown ? `, not measurable: ${unknown}` : ''}`);
console.log(out.join('\n'));

if (opts.json) {
  writeFileSync(path.resolve(opts.json), JSON.stringify(figures, null, 2) + '\n');
  log(`figures written to ${opts.json}`);
}
