#!/usr/bin/env node
// Runs Vetted's integration suites (and the UI e2e check) in a real VS Code.
//
//   node scripts/run-vscode-tests.mjs [--vsix PATH] [--grep RE]        integration, code-server (default)
//   node scripts/run-vscode-tests.mjs --e2e [--vsix PATH] [--file REL] [--expect TEXT]
//   node scripts/run-vscode-tests.mjs --electron                        integration, @vscode/test-electron
//   node scripts/run-vscode-tests.mjs --self-test [--e2e]               harness check with a probe extension
//
// Common options:
//   --suites DIR      folder of *.test.ts suites (default test/integration/suite)
//   --workspace DIR   fixture workspace, copied to a temp dir first (default test/fixtures/workspace)
//   --timeout SEC     overall time limit once VS Code is up (default 180)
//   --keep            keep the temp dir (VS Code logs, user data) and print its path
//
// code-server mode (no network needed besides npm/apt for the one-time setup):
//   scripts/setup-code-server.sh provides code-server (VS Code web + server) and Chromium.
//   The extension under test (VSIX) and test/integration/host (a test-host extension, packaged on
//   the fly) are installed into a fresh --extensions-dir. Suites are bundled with esbuild into the
//   installed test host, which runs them with mocha on startup and writes a done marker.
//   Headless Chromium opening the workbench is what starts the extension host.
// electron mode: the usual @vscode/test-electron flow (downloads VS Code; needs network and a
//   display, e.g. `xvfb-run -a`); it loads the repo itself as extensionDevelopmentPath, so build first.
//
// Output: one ✓/✗ line per test, failure details, then `integration: N passed, N failed`
// (or `e2e: ...`). Results and, on failure, logs are kept in test-output/{integration,e2e}/.
import fs from 'node:fs';
import path from 'node:path';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CACHE_DIR, REPO_ROOT, copyDir, describeLogs, ensureSetup, findVsCodeLogs, installExtensions, installedExtensions,
  launchBrowser, log, makeTempDir, newestVsix, packageVsix, startCodeServer, workbenchUrl,
} from './code-server.mjs';

const HOST_DIR = path.join(REPO_ROOT, 'test/integration/host');
const PROBE_DIR = path.join(REPO_ROOT, 'test/integration/probe');
// A stand-in AI assistant (inline completions) for the provenance UI test.
const ASSISTANT_DIR = path.join(REPO_ROOT, 'test/e2e/assistant');
const HOST_ID = 'vetted-test.vetted-test-host';

const { values: opts } = parseArgs({
  options: {
    vsix: { type: 'string' },
    suites: { type: 'string' },
    workspace: { type: 'string' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: '180' },
    e2e: { type: 'boolean', default: false },
    file: { type: 'string' },
    expect: { type: 'string' },
    electron: { type: 'boolean', default: process.env.VETTED_TEST_ELECTRON === '1' },
    'self-test': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  // The header comment of this file is the usage text.
  const src = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.log(src.slice(1, src.findIndex((l) => l.startsWith('import'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

const selfTest = opts['self-test'];
const timeoutMs = Number(opts.timeout) * 1000;
const suitesDir = opts.suites ? path.resolve(opts.suites) : path.join(selfTest ? PROBE_DIR : REPO_ROOT, selfTest ? 'suite' : 'test/integration/suite');
const workspaceSrc = resolveWorkspace();

// Cleanup actions, run in reverse order on exit and on Ctrl+C.
const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch (err) { log('cleanup:', err.message); }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => { cleanup().finally(() => process.exit(130)); });
}

// ---------------------------------------------------------------------------------------------

function resolveWorkspace() {
  if (opts.workspace) return path.resolve(opts.workspace);
  const fixture = path.join(REPO_ROOT, 'test/fixtures/workspace');
  if (!selfTest && fs.existsSync(fixture)) return fixture;
  if (!selfTest) log(`no ${path.relative(REPO_ROOT, fixture)} yet; using the probe workspace`);
  return path.join(PROBE_DIR, 'workspace');
}

/** The VSIX under test: --vsix, else the probe (self-test), else the newest *.vsix in the repo root. */
function resolveVsix(tmp) {
  if (selfTest && !opts.vsix) return packageVsix(path.join(PROBE_DIR, 'extension'), path.join(tmp, 'vetted-probe.vsix'));
  const vsix = opts.vsix ? path.resolve(opts.vsix) : newestVsix(REPO_ROOT);
  if (!vsix || !fs.existsSync(vsix)) {
    throw new HarnessError(`no VSIX to test${opts.vsix ? ` at ${vsix}` : ' in the repo root'}: run \`npm run package\` first or pass --vsix PATH`);
  }
  // The runner never builds the extension: warn when the VSIX predates the sources.
  const newest = newestMtime(path.join(REPO_ROOT, 'src'));
  if (!opts.vsix && newest > fs.statSync(vsix).mtimeMs) {
    log(`warning: ${path.basename(vsix)} is older than src/ (run \`npm run package\` to test the current code)`);
  }
  return vsix;
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return newest;
}

/** User settings that keep the workbench quiet and deterministic (no welcome page, chat, tips). */
function writeUserSettings(userDataDir) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
  };
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
}

/** Bundles every *.test.ts under suitesDir (helpers inlined; vscode and mocha external). */
async function buildSuites(outDir) {
  const entries = fs.readdirSync(suitesDir).filter((f) => /\.test\.[cm]?[jt]s$/.test(f)).sort()
    .map((f) => path.join(suitesDir, f));
  if (!entries.length) throw new Error(`no *.test.ts suites in ${suitesDir}`);
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: entries,
    outdir: outDir,
    outbase: suitesDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    // Linked maps: the runner maps failure stacks back to the .ts sources (mapStack); inside the
    // extension host VS Code's own Error.prepareStackTrace ignores Node's source-map support.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  return entries.map((e) => path.join(outDir, path.basename(e).replace(/\.[cm]?[jt]s$/, '.js')));
}

/** Creates a fresh VS Code instance: temp dirs, extensions installed, workspace copy, code-server. */
async function startInstance({ withHost, withAssistant = false }) {
  ensureSetup();
  const tmp = makeTempDir(opts.e2e ? 'vetted-e2e-' : 'vetted-it-');
  if (opts.keep) log('temp dir (kept):', tmp);
  else cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const dirs = Object.fromEntries(['extensions', 'user-data', 'chromium'].map((d) => [d, path.join(tmp, d)]));
  Object.values(dirs).forEach((d) => fs.mkdirSync(d, { recursive: true }));

  const t0 = Date.now();
  const vsix = resolveVsix(tmp);
  const vsixPaths = [vsix];
  if (withHost) vsixPaths.push(packageVsix(HOST_DIR, path.join(tmp, 'vetted-test-host.vsix')));
  if (withAssistant) vsixPaths.push(packageVsix(ASSISTANT_DIR, path.join(tmp, 'standin-assistant.vsix')));
  installExtensions({ extensionsDir: dirs.extensions, userDataDir: dirs['user-data'], vsixPaths });
  const installed = installedExtensions(dirs.extensions);
  log(`installed ${installed.join(', ')} from ${path.relative(process.cwd(), vsix) || vsix} (${Date.now() - t0} ms)`);

  const workspace = copyDir(workspaceSrc, path.join(tmp, 'workspace'));
  writeUserSettings(dirs['user-data']);
  const codeServerLog = path.join(tmp, 'code-server.log');
  const server = await startCodeServer({
    folder: workspace, userDataDir: dirs['user-data'], extensionsDir: dirs.extensions, logFile: codeServerLog,
  });
  cleanups.push(server.stop);
  log(`code-server ${server.url} up (${Date.now() - t0} ms)`);
  const logs = () => describeLogs({ codeServerLog, userDataDir: dirs['user-data'] });
  return { tmp, dirs, installed, workspace, server, codeServerLog, logs };
}

async function openWorkbench(instance) {
  const context = await launchBrowser({ profileDir: instance.dirs.chromium });
  cleanups.push(() => context.close());
  // Suites may use vscode.env.clipboard (the web workbench reads navigator.clipboard, which needs the permission).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(instance.server.url).origin });
  const page = context.pages()[0] || (await context.newPage());
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(workbenchUrl(instance.server.url, instance.workspace), { waitUntil: 'domcontentloaded' });
  return { context, page, consoleErrors };
}

/** Copies VS Code's logs next to the results, so a CI failure can be read afterwards. */
function saveLogs(instance, outDir) {
  const dest = path.join(outDir, 'logs');
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(instance.codeServerLog, path.join(dest, 'code-server.log'));
  for (const f of findVsCodeLogs(instance.dirs['user-data'])) {
    fs.copyFileSync(f, path.join(dest, path.relative(path.join(instance.dirs['user-data'], 'logs'), f).replace(/[\\/]/g, '__')));
  }
  return dest;
}

// --- integration (code-server) -----------------------------------------------------------------

async function runIntegration() {
  const outDir = path.join(REPO_ROOT, 'test-output/integration');
  fs.mkdirSync(outDir, { recursive: true });
  const instance = await startInstance({ withHost: true });

  const hostFolder = instance.installed.find((n) => n.toLowerCase().startsWith(`${HOST_ID}-`));
  if (!hostFolder) throw new Error(`test host not found among installed extensions: ${instance.installed.join(', ')}`);
  const hostDir = path.join(instance.dirs.extensions, hostFolder);
  // Suites live inside the installed test host, so `require('vscode')` in them is attributed to it.
  const files = await buildSuites(path.join(hostDir, 'suites'));
  const runDir = path.join(instance.tmp, 'run');
  const config = {
    mochaPath: path.join(REPO_ROOT, 'node_modules/mocha'),
    files,
    resultsFile: path.join(runDir, 'results.json'),
    progressFile: path.join(runDir, 'progress.jsonl'),
    doneFile: path.join(runDir, 'done.json'),
    timeoutMs: 20_000,
    grep: opts.grep,
  };
  fs.writeFileSync(path.join(hostDir, 'run-config.json'), JSON.stringify(config, null, 2));
  log(`${files.length} suite file(s) from ${path.relative(REPO_ROOT, suitesDir)}; workspace ${path.relative(REPO_ROOT, workspaceSrc)}`);

  const tBrowser = Date.now();
  const { page } = await openWorkbench(instance);
  const summary = await waitForDone(config, instance, page, outDir);
  log(`suites finished ${Date.now() - tBrowser} ms after opening the workbench`);
  return report({ summary, config, outDir, instance, label: 'integration' });
}

/**
 * Waits for the test host's done marker while streaming its progress lines. Polls files: the
 * writer is another process, and fs.watch is unreliable across filesystems.
 */
async function waitForDone(config, instance, page, outDir) {
  const deadline = Date.now() + timeoutMs;
  const progress = { printed: 0, running: null };
  for (;;) {
    streamProgress(config.progressFile, progress);
    if (fs.existsSync(config.doneFile)) {
      streamProgress(config.progressFile, progress);
      return JSON.parse(fs.readFileSync(config.doneFile, 'utf8'));
    }
    const serverGone = instance.server.exitStatus() !== null;
    if (serverGone || Date.now() > deadline) {
      const shot = path.join(outDir, 'timeout.png');
      await page.screenshot({ path: shot }).catch(() => {});
      const logsDir = saveLogs(instance, outDir);
      const running = progress.running
        ? `still running: ${progress.running}`
        : 'no test started (did the test host activate? see the extension host log below)';
      throw new HarnessError(
        `${serverGone ? 'code-server exited' : `no done marker after ${timeoutMs / 1000} s`}; ${running}\n` +
        `screenshot ${path.relative(REPO_ROOT, shot)}, logs in ${path.relative(REPO_ROOT, logsDir)}\n${instance.logs()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const mark = { passed: '✓', failed: '✗', pending: '-' };

/** Prints the progress records not printed yet; `state` = {printed, running} is updated. */
function streamProgress(file, state) {
  let lines;
  try { lines = fs.readFileSync(file, 'utf8').split('\n'); } catch { return; }
  lines.pop(); // the last element is '' or a line still being written
  for (const line of lines.slice(state.printed)) {
    const r = JSON.parse(line);
    const name = [...r.suite, r.title].join(' › ');
    if (r.state === 'started') { state.running = name; continue; }
    state.running = null;
    const time = r.durationMs > 100 ? ` (${r.durationMs} ms)` : '';
    console.log(`  ${mark[r.state] || '?'} ${name}${time}`);
  }
  state.printed = Math.max(state.printed, lines.length);
}

/** An expected harness failure (timeout, missing VSIX, ...): printed without a stack trace. */
class HarnessError extends Error {}

function report({ summary, config, outDir, instance, label }) {
  let failures = [];
  if (fs.existsSync(config.resultsFile)) {
    fs.copyFileSync(config.resultsFile, path.join(outDir, 'results.json'));
    failures = JSON.parse(fs.readFileSync(config.resultsFile, 'utf8')).failures || [];
  }
  failures.forEach((f, i) => {
    console.log(`\n  ${i + 1}) ${f.fullTitle}`);
    const err = f.err || {};
    console.log(indent(mapStack(err.stack || err.message || JSON.stringify(err), config.files), 5));
    // Node's assert already prints a diff in its message; other libraries' errors may not.
    const hasDiff = /\+ actual - expected|Expected values/.test(err.message || '');
    if (err.expected !== undefined && err.actual !== undefined && err.showDiff !== false && !hasDiff) {
      console.log(indent(`expected: ${fmt(err.expected)}\nactual:   ${fmt(err.actual)}`, 5));
    }
  });
  if (summary.error) console.log(`\n  test host error:\n${indent(summary.error, 5)}`);
  const failed = summary.failed + (summary.error ? 1 : 0);
  const ok = failed === 0 && summary.total > 0;
  if (summary.total === 0 && !summary.error) console.log('\n  no tests ran (check --grep and the suites folder)');
  if (!ok && instance) log(`VS Code logs saved to ${path.relative(REPO_ROOT, saveLogs(instance, outDir))}`);
  console.log(`\n${label}: ${summary.passed} passed, ${failed || (ok ? 0 : 1)} failed${summary.pending ? `, ${summary.pending} skipped` : ''}`);
  return ok ? 0 : 1;
}

const sourceMaps = new Map();

/**
 * Rewrites stack positions in the bundled suites (`files`) to their .ts sources. Paths may be
 * absolute or, after mocha's stack filter strips the extension host's cwd, relative.
 */
function mapStack(text, files) {
  return String(text).replace(/([^\s()]+\.js):(\d+):(\d+)/g, (whole, ref, line, col) => {
    const file = files.find((f) => f === ref || f.endsWith(`${path.sep}${ref}`));
    if (!file) return whole;
    if (!sourceMaps.has(file)) {
      let map = null;
      try { map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'))); } catch { /* no map */ }
      sourceMaps.set(file, map);
    }
    const entry = sourceMaps.get(file)?.findEntry(Number(line) - 1, Number(col) - 1);
    if (!entry || !entry.originalSource) return whole;
    const src = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(file), entry.originalSource);
    return `${path.relative(REPO_ROOT, src)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

const indent = (s, n) => String(s).split('\n').map((l) => ' '.repeat(n) + l).join('\n');
const fmt = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

// --- integration (@vscode/test-electron) -------------------------------------------------------

async function runElectron() {
  const { runTests } = await import('@vscode/test-electron');
  const outDir = path.join(REPO_ROOT, 'test-output/integration');
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = makeTempDir('vetted-it-electron-');
  if (!opts.keep) cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const main = manifest.main && path.join(REPO_ROOT, manifest.main.endsWith('.js') ? manifest.main : `${manifest.main}.js`);
  if (main && !fs.existsSync(main)) throw new HarnessError(`${path.relative(REPO_ROOT, main)} is missing: build the extension first`);

  const files = await buildSuites(path.join(tmp, 'suites'));
  const runDir = path.join(tmp, 'run');
  const config = {
    mochaPath: path.join(REPO_ROOT, 'node_modules/mocha'),
    files,
    resultsFile: path.join(runDir, 'results.json'),
    progressFile: path.join(runDir, 'progress.jsonl'),
    doneFile: path.join(runDir, 'done.json'),
    timeoutMs: 20_000,
    grep: opts.grep,
  };
  const configFile = path.join(tmp, 'run-config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const workspace = copyDir(workspaceSrc, path.join(tmp, 'workspace'));
  const userDataDir = path.join(tmp, 'user-data');
  writeUserSettings(userDataDir);

  try {
    await runTests({
      // A local VS Code build skips the download (e.g. VSCODE_EXECUTABLE_PATH=/usr/share/code/code).
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      cachePath: path.join(CACHE_DIR, 'vscode-electron'), // downloaded VS Code builds
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(HOST_DIR, 'electron-index.js'),
      extensionTestsEnv: { VETTED_TEST_CONFIG: configFile },
      // The workspace first (VS Code opens it); no other installed extensions.
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', userDataDir,
        '--extensions-dir', path.join(tmp, 'extensions')],
    });
  } catch (err) {
    // A non-zero exit is expected when tests fail; the done marker says what happened.
    if (!fs.existsSync(config.doneFile)) throw err;
  }
  streamProgress(config.progressFile, { printed: 0, running: null });
  if (!fs.existsSync(config.doneFile)) throw new HarnessError('VS Code exited without running the suites (no done marker)');
  const summary = JSON.parse(fs.readFileSync(config.doneFile, 'utf8'));
  return report({ summary, config, outDir, instance: null, label: 'integration' });
}

// --- e2e (code-server + Chromium UI) -----------------------------------------------------------

async function runE2e() {
  const outDir = path.join(REPO_ROOT, 'test-output/e2e');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  // The provenance steps (Vetted, not the self-test probe) need the stand-in assistant and their files.
  const provenance = !selfTest;
  const instance = await startInstance({ withHost: false, withAssistant: provenance });
  const prov = provenance ? await import('../test/e2e/provenance.test.mjs') : undefined;
  prov?.prepare(instance.workspace);
  // The review panel steps need a Git repository with a changed file before the workbench (and Git) start.
  const review = provenance ? await import('../test/e2e/review.test.mjs') : undefined;
  review?.prepare(instance.workspace);
  const { context, page, consoleErrors } = await openWorkbench(instance);
  const { run } = await import('../test/e2e/ui.test.mjs');
  const results = await run({
    page,
    file: opts.file || 'src/server.js',
    expect: opts.expect || 'Vetted',
    statusText: 'Vetted',
    outDir,
    timeoutMs: Math.min(timeoutMs, 60_000),
  });
  if (prov) results.push(...(await prov.run({ page, context, workspace: instance.workspace, serverUrl: instance.server.url, outDir, timeoutMs: Math.min(timeoutMs, 60_000) })));
  if (!selfTest) {
    // Provenance tags in the editor: highlighting, gutter marks, hover (the harness self-test has no Vetted to show them).
    const provenanceView = await import('../test/e2e/provenance-view.test.mjs');
    results.push(...(await provenanceView.run({ page, workspace: instance.workspace, outDir, timeoutMs: Math.min(timeoutMs, 60_000) })));
    // The review panel: list, keyboard sign-off, screenshots in light, dark and high contrast themes.
    results.push(...(await review.run({ page, workspace: instance.workspace, userDataDir: instance.dirs['user-data'], outDir, timeoutMs: Math.min(timeoutMs, 60_000) })));
  }
  for (const r of results) {
    console.log(`  ${r.ok ? '✓' : '✗'} ${r.name} (${r.ms} ms)`);
    if (!r.ok) console.log(indent(r.error, 5));
  }
  const failed = results.filter((r) => !r.ok).length;
  if (failed) {
    log(`VS Code logs saved to ${path.relative(REPO_ROOT, saveLogs(instance, outDir))}`);
    if (consoleErrors.length) fs.writeFileSync(path.join(outDir, 'logs/browser-console.log'), consoleErrors.join('\n'));
  }
  log(`screenshots in ${path.relative(REPO_ROOT, outDir)}/`);
  console.log(`\ne2e: ${results.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

// --- main (at the end: the helpers above must be initialised first) ---------------------------

let exitCode = 1;
try {
  if (opts.electron) exitCode = await runElectron();
  else if (opts.e2e) exitCode = await runE2e();
  else exitCode = await runIntegration();
} catch (err) {
  const detail = err instanceof HarnessError ? err.message : err.stack || err;
  console.error(`\n${opts.e2e ? 'e2e' : 'integration'} harness error: ${detail}`);
  // Still end with the summary line CI reads.
  console.log(`${opts.e2e ? 'e2e' : 'integration'}: 0 passed, 1 failed`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
