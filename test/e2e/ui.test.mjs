// UI end-to-end check of the packaged extension in a real VS Code workbench (code-server) driven
// by headless Chromium. Started by `node scripts/run-vscode-tests.mjs --e2e`, which installs the
// VSIX into a fresh code-server, opens the fixture workspace in the browser and calls run().
//
// Steps (each one is a test; screenshots go to test-output/e2e/NN-*.png):
//   1. the workbench loads
//   2. Quick Open (Ctrl+P) opens the fixture file
//   3. the Problems panel (Ctrl+Shift+M) lists an entry containing `expect`
//   4. the status bar has an item whose text or accessible name contains `statusText`
// Waiting is done with Playwright locators and timeouts, never fixed sleeps.
import path from 'node:path';
import { stepper } from './steps.mjs';

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page  page already navigated to the workbench URL
 * @param {string} o.file        workspace-relative path of the file to open, e.g. 'src/server.js'
 * @param {string} o.expect      text a Problems entry must contain (message, source or rule id)
 * @param {string} o.statusText  text a status bar item must contain
 * @param {string} o.outDir      screenshot folder
 * @param {number} o.timeoutMs   per-step wait limit
 * @returns {Promise<{name: string, ok: boolean, ms: number, error?: string}[]>}
 */
export async function run({ page, file, expect, statusText, outDir, timeoutMs = 60_000 }) {
  const results = [];
  const { shot, step } = stepper(page, outDir, results);

  const base = path.posix.basename(file.replace(/\\/g, '/'));
  const statusbar = page.locator('[id="workbench.parts.statusbar"]');
  const quickInput = page.locator('.quick-input-widget');
  const problemsPanel = page.locator('.markers-panel');

  await step('workbench loads', 'workbench', async () => {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await statusbar.waitFor({ state: 'visible', timeout: timeoutMs });
    // The explorer lists the workspace once the remote file system is connected.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  });

  await step(`Quick Open opens ${file}`, 'file-open', async () => {
    await openQuickOpen(page, quickInput, timeoutMs);
    await page.keyboard.type(file);
    // Wait for the search result before pressing Enter (file search runs on the server).
    const hit = quickInput.locator('.monaco-list-row', { hasText: base }).first();
    await hit.waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible', timeout: timeoutMs });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: timeoutMs });
  });

  await step(`Problems panel lists "${expect}"`, 'problems', async () => {
    await showProblems(page, quickInput, problemsPanel, timeoutMs);
    await problemsPanel.locator('.monaco-list-row', { hasText: expect }).first()
      .waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(async (err) => {
        const rows = await problemsPanel.locator('.monaco-list-row').allInnerTexts().catch(() => []);
        throw new Error(`${err.message}\nProblems rows: ${rows.length ? rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ') : '(none)'}`);
      });
  });

  await step(`status bar shows "${statusText}"`, 'statusbar', async () => {
    const item = statusbar.locator('.statusbar-item', { hasText: statusText })
      .or(statusbar.locator(`.statusbar-item [aria-label*="${cssString(statusText)}"]`));
    await item.first().waitFor({ state: 'visible', timeout: timeoutMs }).catch(async (err) => {
      const items = await statusbar.locator('.statusbar-item').allInnerTexts().catch(() => []);
      throw new Error(`${err.message}\nStatus bar items: ${items.map((t) => t.trim()).filter(Boolean).join(' | ')}`);
    });
  });

  return results;
}

/** Ctrl+P; if the keystroke did not reach the workbench yet (focus), click the editor area and retry. */
async function openQuickOpen(page, quickInput, timeoutMs) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Control+P');
    try {
      await quickInput.waitFor({ state: 'visible', timeout: 3000 });
      return;
    } catch {
      await page.locator('[id="workbench.parts.editor"]').click({ position: { x: 20, y: 20 } }).catch(() => {});
    }
  }
  await quickInput.waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Ctrl+Shift+M; falls back to the command palette's "View: Focus Problems" command. */
async function showProblems(page, quickInput, problemsPanel, timeoutMs) {
  await page.keyboard.press('Control+Shift+M');
  try {
    await problemsPanel.waitFor({ state: 'visible', timeout: 5000 });
    return;
  } catch { /* fall back below */ }
  await page.keyboard.press('F1');
  await quickInput.waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.type('Focus on Problems View');
  await quickInput.locator('.monaco-list-row', { hasText: 'Problems' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await problemsPanel.waitFor({ state: 'visible', timeout: timeoutMs });
}

const cssString = (s) => s.replace(/["\\]/g, '\\$&');
// Playwright messages carry ANSI colour codes.

if (import.meta.url === `file://${process.argv[1]}`) {
  console.error('Run through the harness: node scripts/run-vscode-tests.mjs --e2e [--self-test] [--file REL] [--expect TEXT]');
  process.exit(2);
}
