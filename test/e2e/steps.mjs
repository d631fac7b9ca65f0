// Shared by the browser-driven UI checks: numbered screenshots and named steps that record pass/fail with a
// screenshot (and never throw, so one failing step does not hide the others).
import path from 'node:path';

/** The first `n` lines of an error message without terminal colour codes. */
export const firstLines = (s, n = 12) => String(s).replace(/\x1b\[[0-9;]*m/g, '').split('\n').slice(0, n).join('\n');

/**
 * @param {import('playwright-core').Page} page
 * @param {string} outDir     where screenshots go
 * @param {Array<{name: string, ok: boolean, ms: number, error?: string}>} results   steps are appended here
 * @param {{ prefix?: string, lastIndex?: number }} [o]   file name prefix after the number; number of the last
 *                                                        screenshot already taken (numbering continues after it)
 */
export function stepper(page, outDir, results, { prefix = '', lastIndex = 0 } = {}) {
  let shotIndex = lastIndex;
  const shot = async (name) => {
    const file = path.join(outDir, `${String(++shotIndex).padStart(2, '0')}-${prefix}${name}.png`);
    await page.screenshot({ path: file }).catch(() => {});
    return file;
  };
  const step = async (name, slug, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      await shot(slug);
      results.push({ name, ok: true, ms: Date.now() - t0 });
    } catch (err) {
      const f = await shot(`${slug}-FAILED`);
      results.push({ name, ok: false, ms: Date.now() - t0, error: `${firstLines(err.message)}\n(screenshot ${path.basename(f)})` });
    }
  };
  return { shot, step };
}
