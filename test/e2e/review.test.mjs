// UI check of the review panel (issue 5) in a real workbench (code-server + headless Chromium), after the other
// e2e steps:
//   1. the "Review" view (Vetted activity-bar container) opens and lists the AI block of a changed file in a Git
//      repository (prepared before the workbench opened), with its tier, status, checklist and the commit check
//   2. screenshots of the panel in Default Light Modern, Default Dark Modern and Default High Contrast (the theme is
//      set in the user settings the harness wrote; VS Code applies it live)
//   3. the checklist is answered with the keyboard (Tab between questions, arrow keys / Space inside one), Tab
//      reaches the note and the Sign off button, Enter signs off; the block becomes Reviewed and the begin marker in
//      the file says `status=reviewed reviewer=…`
// Screenshots: test-output/e2e/NN-review-*.png. Waits with locators, never fixed sleeps.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stepper } from './steps.mjs';

const require = createRequire(import.meta.url);
const REPO = 'review-e2e';
const FILE = `${REPO}/src/orders.js`;
const ID = '01JC0E2E01';
const REVIEWER = 'e2e-reviewer@example.invalid';

function taggedFile() {
  // out/ is built by `tsc -p .` (npm test compiles first).
  const { contentHash, formatBegin, formatEnd } = require('../../out/src/core/provenance/format.js');
  const { STYLES } = require('../../out/src/core/provenance/comments.js');
  const code = [
    '  const rows = await db.query(`SELECT * FROM orders WHERE id = ${req.params.id}`);',
    '  if (!rows.length) return res.status(404).end();',
    '  res.json(rows[0]);',
  ];
  const meta = { id: ID, src: 'chat-insert', tool: 'claude-code', model: 'claude-sonnet-4', conf: 'high', ts: '2026-10-02T14:03:11Z', h: contentHash(code.join('\n'), STYLES.SLASH), status: 'unreviewed' };
  return [
    "const express = require('express');",
    "const { Pool } = require('pg');",
    'const db = new Pool();',
    'const app = express();',
    '',
    "app.get('/orders/:id', async (req, res) => {",
    `  ${formatBegin(meta, STYLES.SLASH)}`,
    ...code,
    `  ${formatEnd(meta.id, STYLES.SLASH)}`,
    '});',
    '',
    'module.exports = app;',
    '',
  ].join('\n');
}

/** Before the workbench opens: a Git repository (one level below the workspace root, where Git's scan finds it) whose working tree has a tagged block. */
export function prepare(workspace) {
  const dir = path.join(workspace, REPO);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('config', 'user.email', REVIEWER);
  git('config', 'user.name', 'E2E Reviewer');
  git('config', 'commit.gpgsign', 'false');
  writeFileSync(path.join(dir, 'src/orders.js'), 'module.exports = {};\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  writeFileSync(path.join(dir, 'src/orders.js'), taggedFile());
}

const THEMES = [
  { name: 'Default Light Modern', slug: 'light', workbench: '.monaco-workbench.vs:not(.vs-dark)', body: 'vscode-light' },
  { name: 'Default Dark Modern', slug: 'dark', workbench: '.monaco-workbench.vs-dark', body: 'vscode-dark' },
  { name: 'Default High Contrast', slug: 'high-contrast', workbench: '.monaco-workbench.hc-black', body: 'vscode-high-contrast' },
];

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page
 * @param {string} o.workspace
 * @param {string} o.userDataDir   the user data dir whose User/settings.json the harness wrote
 * @param {string} o.outDir
 * @param {number} o.timeoutMs
 * @param {number} o.firstShot
 */
export async function run({ page, workspace, userDataDir, outDir, timeoutMs = 60_000, firstShot = 50 }) {
  const results = [];
  const { shot, step } = stepper(page, outDir, results, { prefix: 'review-', lastIndex: firstShot - 1 });
  // CSP violations and protocol rejections in the webview show up as console messages of its frames.
  const complaints = [];
  const onConsole = (m) => {
    const t = m.text();
    if (/Content Security Policy|Refused to|vetted review:/i.test(t)) complaints.push(t.slice(0, 300));
  };
  page.on('console', onConsole);
  const quickInput = page.locator('.quick-input-widget');
  const sidebar = page.locator('[id="workbench.parts.sidebar"]');
  // The webview: an iframe hosting the content frame.
  const view = page.frameLocator('iframe.webview.ready >> nth=0').frameLocator('#active-frame');
  const block = view.locator('article.block', { hasText: 'claude-code' }).first();

  const setTheme = async (theme) => {
    // The theme goes into the user settings the harness wrote, and into the workspace settings too: an earlier step
    // set a workspace value (which wins), and code-server applies edits of the workspace file live but not always
    // edits of the user file made from outside.
    const userFile = path.join(userDataDir, 'User', 'settings.json');
    writeFileSync(userFile, JSON.stringify({ ...readJson(userFile), 'workbench.colorTheme': theme.name }, null, 2));
    const wsFile = path.join(workspace, '.vscode', 'settings.json');
    mkdirSync(path.dirname(wsFile), { recursive: true });
    writeFileSync(wsFile, JSON.stringify({ ...readJson(wsFile), 'workbench.colorTheme': theme.name }, null, 2));
    await page.locator(theme.workbench).first().waitFor({ state: 'attached', timeout: timeoutMs });
    await view.locator(`body.${theme.body}`).waitFor({ state: 'attached', timeout: timeoutMs });
  };

  /** A screenshot of the side bar (the panel), at full resolution. */
  const panelShot = async (slug) => {
    const box = await sidebar.boundingBox();
    const file = path.join(outDir, `${String(firstShot + 10 + THEMES.findIndex((t) => t.slug === slug)).padStart(2, '0')}-review-panel-${slug}.png`);
    if (box) await page.screenshot({ path: file, clip: box });
    return file;
  };

  await step('the Review view lists the AI block of the changed file', 'open', async () => {
    if (await page.locator('[id="workbench.parts.panel"]').isVisible().catch(() => false)) await page.keyboard.press('Control+J');
    // open the file first: if Git did not pick the repository up, the panel falls back to open files (and says so)
    await page.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.type(FILE);
    await quickInput.locator('.monaco-list-row', { hasText: 'orders.js' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'orders.js' }).waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.type('Vetted: Focus on Review View');
    await quickInput.locator('.monaco-list-row', { hasText: 'Review' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await block.waitFor({ state: 'visible', timeout: timeoutMs });
    // collapse the AI Blocks tree above, so the Review view has the side bar's height
    const aiBlocks = sidebar.locator('.pane-header[aria-expanded="true"]', { hasText: 'AI Blocks' });
    if (await aiBlocks.count()) await aiBlocks.first().click();
    await view.locator('.file-head', { hasText: 'orders.js' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await view.locator('.tier', { hasText: 'standard' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await block.locator('.badge', { hasText: 'Unreviewed' }).waitFor({ state: 'visible', timeout: timeoutMs });
    await view.locator('#verdict', { hasText: 'Commit check' }).waitFor({ state: 'visible', timeout: timeoutMs });
    // the SQL injection inside the block is listed as an open finding
    await block.locator('.finding', { hasText: 'sql-injection' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    const source = await view.locator('#source').innerText();
    if (!/changed in Git/.test(source)) throw new Error(`the panel did not list Git changes: "${source}"`);
  });

  // one answer before the screenshots, so the radios show a checked and unchecked state
  await step('an answer is chosen by clicking its label', 'click-answer', async () => {
    await block.locator('fieldset[data-question="untrusted-input"] label', { hasText: 'No' }).click();
    const checked = await block.locator('fieldset[data-question="untrusted-input"] input[value="no"]').isChecked();
    if (!checked) throw new Error('clicking "No" did not check it');
  });

  for (const theme of THEMES.slice(0, 2)) {
    await step(`the panel in ${theme.name}`, `theme-${theme.slug}`, async () => {
      await setTheme(theme);
      await block.locator('.badge').waitFor({ state: 'visible', timeout: timeoutMs });
      await panelShot(theme.slug);
    });
  }

  await step('the checklist is answered with the keyboard and signed off with Enter', 'keyboard-sign-off', async () => {
    const hc = THEMES[2];
    await setTheme(hc);
    // Focus the first question's checked radio, then Tab to the next question's group.
    await block.locator('fieldset[data-question="untrusted-input"] input[value="no"]').focus();
    await page.keyboard.press('ArrowLeft'); // No → Yes (arrow keys move and check within a group)
    if (!(await block.locator('fieldset[data-question="untrusted-input"] input[value="yes"]').isChecked())) throw new Error('ArrowLeft did not select "Yes"');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // no-credentials: Yes
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight'); // errors-no-internals: Yes → No
    await page.keyboard.press('ArrowRight'); // → N/A
    for (const [q, v] of [['no-credentials', 'yes'], ['errors-no-internals', 'n/a']]) {
      if (!(await block.locator(`fieldset[data-question="${q}"] input[value="${v}"]`).isChecked())) throw new Error(`${q} is not answered "${v}" after the keys`);
    }
    await view.locator('.actions .muted', { hasText: 'All questions answered' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await panelShot(hc.slug); // focus ring on the last radio in high contrast
    await page.keyboard.press('Tab');
    const focusedNote = await view.locator('textarea.note:focus').count();
    if (!focusedNote) throw new Error('Tab did not reach the note');
    await page.keyboard.type('Parameterise the id before merging.');
    await page.keyboard.press('Tab');
    const focused = await view.locator('button:focus').innerText().catch(() => '');
    if (!/Sign off/.test(focused)) throw new Error(`Tab did not reach the Sign off button (focused: "${focused}")`);
    await shot('sign-off-focused');
    await page.keyboard.press('Enter');
    // If Git could not name the reviewer, Vetted asks once.
    const asked = quickInput.locator('input');
    const reviewed = block.locator('.badge', { hasText: 'Reviewed' });
    await Promise.race([reviewed.waitFor({ state: 'visible', timeout: timeoutMs }), asked.waitFor({ state: 'visible', timeout: timeoutMs }).then(async () => {
      await page.keyboard.type(REVIEWER);
      await page.keyboard.press('Enter');
    })]);
    await reviewed.waitFor({ state: 'visible', timeout: timeoutMs });
    await block.locator('.facts', { hasText: REVIEWER }).waitFor({ state: 'visible', timeout: timeoutMs });
    await block.locator('.result.ok', { hasText: 'Signed off by' }).waitFor({ state: 'visible', timeout: timeoutMs });
    // the editor shows the rewritten begin marker
    await page.locator('.editor-instance .view-line', { hasText: 'status=reviewed' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  });

  await step('the signed-off block in the panel (high contrast)', 'reviewed', async () => {
    await block.locator('.toggle').focus();
    await page.keyboard.press('Enter'); // show the checklist again: the answers given are kept
    await block.locator('fieldset[data-question="errors-no-internals"] input[value="n/a"]').waitFor({ state: 'attached', timeout: timeoutMs });
    if (!(await block.locator('fieldset[data-question="errors-no-internals"] input[value="n/a"]').isChecked())) throw new Error('the signed-off answers are not shown');
    const box = await sidebar.boundingBox();
    if (box) await page.screenshot({ path: path.join(outDir, `${String(firstShot + 14).padStart(2, '0')}-review-panel-high-contrast-reviewed.png`), clip: box });
  });

  await step('the webview reported no CSP violation and no invalid message', 'console', async () => {
    page.off('console', onConsole);
    if (complaints.length) throw new Error(`console:\n${complaints.join('\n')}`);
  });

  return results;
}
