// UI test of Vetted's provenance pipeline with real keypresses (run by `node scripts/run-vscode-tests.mjs --e2e`
// after ui.test.mjs, in the same workbench). The stand-in assistant (test/e2e/assistant) is installed next to Vetted.
//
// Steps (each a test; screenshots in test-output/e2e/NN-prov-*.png):
//   1. inline completion: typing `function sumPrices` shows the stand-in's multi-line ghost text; Tab accepts it;
//      Vetted offers "Tag as AI-generated? (inline, medium confidence)" as a CodeLens; clicking it writes markers
//      with src=inline conf=medium and a ledger record;
//   2. clipboard paste: text written with navigator.clipboard.writeText, pasted with Ctrl+V, is tagged src=paste
//      (auto mode, >= 3 lines) and recorded in the ledger;
//   3. Ctrl+Z removes exactly the tag (the marker edit is an undo stop of its own) and the ledger gets a tombstone;
//   4. a copy inside the workspace (Ctrl+A, Ctrl+C in one editor, Ctrl+V in another) is not tagged; an external
//      paste after it in the same file is (the later, visible result that proves the copy produced none).
// Waiting is done with locators and polling with timeouts, never fixed sleeps.
import fs from 'node:fs';
import path from 'node:path';
import { stepper } from './steps.mjs';

const INLINE_FILE = 'prov-e2e/inline.js';
const PASTE_FILE = 'prov-e2e/paste.js';
const COPY_SOURCE = 'prov-e2e/copy-source.js';
const COPY_TARGET = 'prov-e2e/copy-target.js';
const COPIED = [
  'function formatPrice(cents) {',
  '  const units = Math.floor(cents / 100);',
  "  return `${units}.${String(cents % 100).padStart(2, '0')}`;",
  '}',
  '',
].join('\n');
const PASTED = [
  'function parseQuery(url) {',
  '  const out = {};',
  "  for (const [k, v] of new URL(url).searchParams) out[k] = v;",
  '  return out;',
  '}',
  '',
].join('\n');

/** Files and workspace settings the steps need (called before the workbench opens). */
export function prepare(workspace) {
  fs.mkdirSync(path.join(workspace, 'prov-e2e'), { recursive: true });
  fs.writeFileSync(path.join(workspace, INLINE_FILE), '// Inline completion target.\n\n');
  fs.writeFileSync(path.join(workspace, PASTE_FILE), '// Paste target.\n\n');
  fs.writeFileSync(path.join(workspace, COPY_SOURCE), COPIED);
  fs.writeFileSync(path.join(workspace, COPY_TARGET), '');
  // Word suggestions would take the Tab key from the ghost text.
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const settingsFile = path.join(workspace, '.vscode/settings.json');
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  Object.assign(settings, { 'editor.quickSuggestions': { other: false, comments: false, strings: false }, 'editor.suggestOnTriggerCharacters': false, 'editor.inlineSuggest.enabled': true });
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
}

/** Ledger lines of the workspace (parsed), [] when there is no ledger yet. */
function ledger(workspace) {
  try {
    return fs.readFileSync(path.join(workspace, '.vetted/provenance.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

async function poll(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * @param {object} o
 * @param {import('playwright-core').Page} o.page
 * @param {import('playwright-core').BrowserContext} o.context
 * @param {string} o.workspace   the workspace folder on disk
 * @param {string} o.serverUrl   code-server origin (clipboard permissions are granted for it)
 * @param {string} o.outDir
 * @param {number} o.timeoutMs
 */
export async function run({ page, context, workspace, serverUrl, outDir, timeoutMs = 60_000 }) {
  const results = [];
  const existing = fs.readdirSync(outDir).filter((f) => f.endsWith('.png')).length;
  const { shot, step } = stepper(page, outDir, results, { prefix: 'prov-', lastIndex: existing });
  const quickInput = page.locator('.quick-input-widget');
  const editorLines = page.locator('.editor-instance .monaco-editor .view-lines').first();
  const editorText = async () => (await editorLines.innerText()).replace(/\u00a0/g, ' ');

  const openFile = async (rel) => {
    await page.keyboard.press('Escape');
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+P');
      try {
        await quickInput.waitFor({ state: 'visible', timeout: 3000 });
        break;
      } catch {
        if (attempt >= 2) throw new Error('Quick Open did not appear');
        await page.locator('[id="workbench.parts.editor"]').click({ position: { x: 20, y: 20 } }).catch(() => {});
      }
    }
    await page.keyboard.type(rel);
    const base = path.posix.basename(rel);
    // Click the row of this file (Enter would take whichever row is highlighted while results still arrive).
    const row = quickInput.locator('.monaco-list-row', { hasText: base }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click();
    await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible', timeout: timeoutMs });
    await editorLines.waitFor({ state: 'visible', timeout: timeoutMs });
    // Focus the text and go to the end (the empty last line).
    await editorLines.click();
    await page.keyboard.press('Control+End');
  };

  await step('inline completion accepted with Tab is offered as AI-generated (src=inline, conf=medium) and tagged', 'inline', async () => {
    await openFile(INLINE_FILE);
    await page.keyboard.type('function sumPrices', { delay: 40 });
    const ghost = page.locator('.ghost-text-decoration, .ghost-text').first();
    await ghost.waitFor({ state: 'visible', timeout: timeoutMs });
    await shot('inline-ghost-text');
    await page.keyboard.press('Tab');
    await poll(async () => (await editorText()).includes('return Math.round(total * 100) / 100;'), timeoutMs, 'the completion in the editor');
    const lens = page.locator('.codelens-decoration a', { hasText: 'Tag as AI-generated?' }).first();
    await lens.waitFor({ state: 'visible', timeout: timeoutMs });
    const title = await lens.innerText();
    if (!/inline, medium confidence/.test(title)) throw new Error(`CodeLens says "${title}", expected inline, medium confidence`);
    await shot('inline-codelens');
    await lens.click();
    const text = await poll(async () => {
      const t = await editorText();
      return /ai-provenance:begin v=1 id=\w+ src=inline tool=unknown conf=medium/.test(t) && /ai-provenance:end id=\w+/.test(t) ? t : undefined;
    }, timeoutMs, 'markers with src=inline conf=medium');
    const id = /ai-provenance:begin v=1 id=(\w+)/.exec(text)[1];
    // The offer is gone once taken (CodeLens refreshes are debounced by the editor).
    await page.locator('.codelens-decoration a', { hasText: 'Tag as AI-generated?' }).first().waitFor({ state: 'detached', timeout: timeoutMs });
    const rec = await poll(() => ledger(workspace).find((l) => l.metadata.vetted.id === id && l.metadata.vetted.op === 'set'), timeoutMs, `ledger record ${id}`);
    if (rec.files[0].path !== INLINE_FILE || rec.metadata.vetted.src !== 'inline' || rec.metadata.vetted.conf !== 'medium') {
      throw new Error(`unexpected ledger record ${JSON.stringify(rec)}`);
    }
  });

  let pastedId;
  await step('clipboard paste (Ctrl+V) is tagged src=paste and recorded', 'paste', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serverUrl).origin });
    await openFile(PASTE_FILE);
    await page.evaluate((t) => navigator.clipboard.writeText(t), PASTED);
    await page.keyboard.press('Control+V');
    const text = await poll(async () => {
      const t = await editorText();
      return /ai-provenance:begin v=1 id=\w+ src=paste tool=unknown conf=high/.test(t) && t.includes('return out;') ? t : undefined;
    }, timeoutMs, 'markers with src=paste');
    const id = /ai-provenance:begin v=1 id=(\w+)/.exec(text)[1];
    const rec = await poll(() => ledger(workspace).find((l) => l.metadata.vetted.id === id && l.metadata.vetted.op === 'set'), timeoutMs, `ledger record ${id}`);
    if (rec.files[0].path !== PASTE_FILE || rec.metadata.vetted.src !== 'paste' || rec.files[0].conversations[0].contributor.type !== 'unknown') {
      throw new Error(`unexpected ledger record ${JSON.stringify(rec)}`);
    }
    pastedId = id;
  });

  await step('Ctrl+Z removes the paste tag (its own undo stop) and writes the ledger tombstone; the code stays', 'paste-undo', async () => {
    if (!pastedId) throw new Error('the paste step did not tag anything');
    await page.keyboard.press('Control+Z');
    await poll(async () => {
      const t = await editorText();
      return !t.includes('ai-provenance') && t.includes('return out;');
    }, timeoutMs, 'markers gone, pasted code still there');
    const tomb = await poll(() => ledger(workspace).find((l) => l.metadata.vetted.id === pastedId && l.metadata.vetted.op === 'remove'), timeoutMs, `tombstone for ${pastedId}`);
    if (tomb.metadata.vetted.reason !== 'undone') throw new Error(`tombstone reason ${tomb.metadata.vetted.reason}`);
  });

  await step('a copy inside the workspace (Ctrl+C in one editor, Ctrl+V in another) is not tagged; an external paste is', 'copy-internal', async () => {
    await openFile(COPY_SOURCE);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await openFile(COPY_TARGET);
    await page.keyboard.press('Control+V');
    await poll(async () => (await editorText()).includes('function formatPrice'), timeoutMs, 'the copied code in the target');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.evaluate((t) => navigator.clipboard.writeText(t), PASTED);
    await page.keyboard.press('Control+V');
    const text = await poll(async () => {
      const t = await editorText();
      return /ai-provenance:begin v=1 id=\w+ src=paste/.test(t) && t.includes('return out;') ? t : undefined;
    }, timeoutMs, 'markers for the external paste');
    await shot('copy-internal');
    const begins = text.split('\n').filter((l) => l.includes('ai-provenance:begin'));
    if (begins.length !== 1) throw new Error(`expected one tag (the external paste), found ${begins.length}:\n${text}`);
    // The ledger says where the one tag is (the editor's DOM lines are not in document order).
    const recs = await poll(() => {
      const r = ledger(workspace).filter((l) => l.metadata.vetted.op === 'set' && l.files[0]?.path === COPY_TARGET);
      return r.length ? r : undefined;
    }, timeoutMs, `ledger record for ${COPY_TARGET}`);
    const ranges = recs.flatMap((r) => r.files[0].conversations.flatMap((c) => c.ranges));
    if (recs.length !== 1 || recs[0].metadata.vetted.src !== 'paste' || ranges.some((r) => r.start_line <= 4)) {
      throw new Error(`expected one paste record after the copied lines 1-4, got ${JSON.stringify(recs)}`);
    }
  });

  return results;
}

