#!/usr/bin/env node
// npm run demo: builds and packages Vetted, then opens it in a real VS Code on a sample workspace.
//   - with the `code` command installed: installs the VSIX into your VS Code and opens the sample folder;
//   - otherwise: the embedded code-server on 127.0.0.1 (installed into ~/.cache/vetted-test on first use),
//     prints the URL to open, saves a screenshot of the sample with its findings to test-output/demo.png,
//     and keeps running until Ctrl+C.  `npm run demo -- --once` exits after the screenshot.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CACHE_DIR, REPO_ROOT, copyDir, ensureSetup, installExtensions, launchBrowser, makeTempDir, startCodeServer, workbenchUrl,
} from './code-server.mjs';

const once = process.argv.includes('--once');
const sh = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

sh('npm', ['run', '--silent', 'package']);
const vsix = path.join(REPO_ROOT, 'vetted-0.1.0.vsix');
const workspace = copyDir(path.join(REPO_ROOT, 'test/fixtures/workspace'), path.join(makeTempDir('vetted-demo-'), 'sample-app'));

console.log('\nWhat the CLI finds in the sample workspace (same engine as the extension):\n');
spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/vetted.js'), 'scan', '.', '--fail-on', 'none'], { cwd: workspace, stdio: 'inherit' });

const hasCode = !once && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  sh('code', ['--install-extension', vsix, '--force']);
  sh('code', [workspace, path.join(workspace, 'src/server.js')]);
  console.log(`\nOpened ${workspace} in VS Code with Vetted installed.`);
  process.exit(0);
}

ensureSetup();
const home = path.join(CACHE_DIR, 'demo');
const extensionsDir = path.join(home, 'extensions');
const userDataDir = path.join(home, 'user-data');
fs.mkdirSync(extensionsDir, { recursive: true });
installExtensions({ extensionsDir, userDataDir, vsixPaths: [vsix] });
const server = await startCodeServer({ folder: workspace, userDataDir, extensionsDir, logFile: path.join(home, 'code-server.log') });
const url = workbenchUrl(server.url, workspace);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Show what a user sees: the sample file with Vetted's findings in the Problems panel.
const browser = await launchBrowser({ profileDir: makeTempDir('vetted-demo-browser-') });
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.keyboard.press('Control+P');
  await page.keyboard.type('server.js');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'Vetted' }).first().waitFor({ timeout: 60_000 });
  const shot = path.join(REPO_ROOT, 'test-output', 'demo.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
  console.log(`\nScreenshot of the sample with Vetted's findings: ${path.relative(REPO_ROOT, shot)}`);
} finally {
  await browser.close();
}

if (once) await stop();
console.log(`\nVetted is running in VS Code (code-server) at:\n\n  ${url}\n\nOpen it in a browser on this machine. Ctrl+C stops it.`);
