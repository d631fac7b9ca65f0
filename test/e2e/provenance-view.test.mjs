// UI check of how provenance tags look in a real workbench (code-server + headless Chromium), after ui.test.mjs:
//   1. a file with a tagged AI block opens; its begin marker is highlighted by the injection grammar
//      (syntaxes/vetted-markers.tmLanguage.json: `ai-provenance:begin` is coloured apart from the rest of the comment)
//   2. the block has its gutter marks (sparkle on the begin line, bar along the block)
//   3. hovering a line of the block shows the provenance hover (tool, model, status, Mark Reviewed link)
// Screenshots: test-output/e2e/NN-provenance-view-*.png. Waits with locators, never fixed sleeps.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stepper } from './steps.mjs';

const require = createRequire(import.meta.url);

/** The fixture: a route handler whose query block an assistant wrote (hash computed with the real writer). */
function taggedFile() {
  // out/ is built by `tsc -p .` (npm test compiles first).
  const { contentHash, formatBegin, formatEnd } = require('../../out/src/core/provenance/format.js');
  const { STYLES } = require('../../out/src/core/provenance/comments.js');
  const code = [
    "  const rows = await db.query('SELECT id, name FROM users WHERE id = $1', [req.params.id]);",
    '  if (!rows.length) return res.status(404).end();',
    '  res.json(rows[0]);',
  ];
  const meta = { id: '01JB2K7QX9', src: 'inline', tool: 'github.copilot', model: 'gpt-4o', conf: 'high', ts: '2026-10-02T14:03:11Z', h: contentHash(code.join('\n'), STYLES.SLASH), status: 'unreviewed' };
  return [
    "const express = require('express');",
    "const { Pool } = require('pg');",
    'const db = new Pool();',
    'const app = express();',
    '',
    "app.get('/users/:id', async (req, res) => {",
    `  ${formatBegin(meta, STYLES.SLASH)}`,
    ...code,
    `  ${formatEnd(meta.id, STYLES.SLASH)}`,
    '});',
    '',
    'module.exports = app;',
    '',
  ].join('\n');
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page
 * @param {string} o.workspace   folder the workbench has open (a temp copy)
 * @param {string} o.outDir
 * @param {number} o.timeoutMs
 * @param {number} o.firstShot   number of the first screenshot (after ui.test.mjs's)
 */
export async function run({ page, workspace, outDir, timeoutMs = 60_000, firstShot = 30 }) {
  const results = [];
  const { shot, step } = stepper(page, outDir, results, { prefix: 'provenance-view-', lastIndex: firstShot - 1 });
  const rel = 'src/users-route.js';
  mkdirSync(path.join(workspace, 'src'), { recursive: true });
  writeFileSync(path.join(workspace, rel), taggedFile());

  const quickInput = page.locator('.quick-input-widget');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const beginLine = editor.locator('.view-line', { hasText: 'ai-provenance:begin' }).first();

  await step('a tagged block opens with its markers highlighted', 'open', async () => {
    // VS Code's default dark theme (headless Chromium prefers light, which the web workbench follows), and hovers
    // below the line so the block stays visible in the screenshot: workspace settings, which VS Code applies live.
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    let settings = {};
    try {
      settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
    } catch {
      // none yet
    }
    writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': 'Default Dark Modern', 'editor.hover.above': false }, null, 2));
    const dark = page.locator('.monaco-workbench.vs-dark');
    try {
      await dark.waitFor({ state: 'attached', timeout: 15_000 });
    } catch {
      // not picked up (yet): choose the theme through the command palette
      await page.keyboard.press('F1');
      await quickInput.waitFor({ state: 'visible', timeout: timeoutMs });
      await page.keyboard.type('Preferences: Color Theme');
      await quickInput.locator('.monaco-list-row', { hasText: 'Color Theme' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
      await page.keyboard.press('Enter');
      await quickInput.locator('.monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
      await page.keyboard.type('Dark Modern');
      await page.keyboard.press('Enter');
      await dark.waitFor({ state: 'attached', timeout: timeoutMs });
    }
    // close the panel ui.test.mjs opened, so the editor has the room
    if (await page.locator('[id="workbench.parts.panel"]').isVisible().catch(() => false)) await page.keyboard.press('Control+J');
    await page.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.type(rel);
    await quickInput.locator('.monaco-list-row', { hasText: 'users-route.js' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'users-route.js' }).waitFor({ state: 'visible', timeout: timeoutMs });
    await beginLine.waitFor({ state: 'visible', timeout: timeoutMs });
    // The injection grammar gives the marker keyword its own token: a span holding only `ai-provenance` whose colour
    // differs from the comment opener's.
    await page.waitForFunction(() => {
      const line = [...document.querySelectorAll('.editor-instance .view-line')].find((l) => l.textContent.includes('ai-provenance:begin'));
      if (!line) return false;
      const spans = [...line.querySelectorAll('span > span')];
      const kw = spans.find((s) => s.textContent === 'ai-provenance');
      const opener = spans.find((s) => s.textContent.includes('//'));
      return !!kw && !!opener && getComputedStyle(kw).color !== getComputedStyle(opener).color;
    }, undefined, { timeout: timeoutMs });
  });

  await step('the block has its gutter marks', 'gutter', async () => {
    // Gutter icons are glyph-margin decorations whose CSS background is the SVG (media/provenance/*.svg).
    await page.waitForFunction(() => {
      const marks = [...document.querySelectorAll('.editor-instance .monaco-editor .cgmr')];
      const urls = marks.map((m) => getComputedStyle(m).backgroundImage);
      return urls.some((u) => u.includes('head-unreviewed')) && urls.filter((u) => u.includes('bar-unreviewed')).length >= 3;
    }, undefined, { timeout: timeoutMs });
  });

  await step('hovering the block shows its provenance', 'hover', async () => {
    // the end marker line: a comment, so no language hover ("Loading…") joins ours
    const codeLine = editor.locator('.view-line', { hasText: 'ai-provenance:end' }).first();
    const box = await codeLine.boundingBox();
    if (!box) throw new Error('the code line is not on screen');
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'AI block' }).first();
    for (let attempt = 0; attempt < 4; attempt++) {
      // over the id; move a little each time so the hover restarts
      await page.mouse.move(box.x + 200 + attempt * 7, box.y + box.height / 2);
      try {
        await hover.waitFor({ state: 'visible', timeout: 5000 });
        break;
      } catch {
        await page.mouse.move(box.x + 600, box.y + 200);
      }
    }
    await hover.waitFor({ state: 'visible', timeout: timeoutMs });
    for (const text of ['github.copilot', 'gpt-4o', 'unreviewed', 'Mark Reviewed', 'inline completion']) {
      await hover.locator(`text=${text}`).first().waitFor({ state: 'visible', timeout: timeoutMs });
    }
    // a close-up at full resolution: gutter marks, highlighted markers and the hover
    const gutter = await page.locator('.editor-instance .monaco-editor .margin').first().boundingBox();
    const left = Math.max(0, (gutter?.x ?? box.x - 80) - 4);
    await page.screenshot({ path: path.join(outDir, `${String(firstShot + 9).padStart(2, '0')}-provenance-view-closeup.png`), clip: { x: left, y: box.y - 5 * box.height, width: 900, height: 13 * box.height } }).catch(() => {});
  });

  return results;
}
