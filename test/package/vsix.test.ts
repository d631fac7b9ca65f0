import * as assert from 'assert';
import { readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import { GRAMMAR_FILES } from '../../src/core/languages';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** File names in a zip archive, read from its central directory (no dependency needed). */
export function zipEntries(buf: Buffer): string[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

describe('packaged VSIX', () => {
  const vsix = readdirSync(ROOT).find((f) => f.endsWith('.vsix'));
  let entries: string[] = [];
  before(function () {
    if (!vsix) throw new Error('no .vsix in the repository root: run `npm run package` first');
    entries = zipEntries(readFileSync(path.join(ROOT, vsix))).map((e) => e.replace(/^extension\//, ''));
  });

  it('contains the bundles, the tree-sitter runtime and every grammar', () => {
    for (const f of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/extension.js', 'dist/cli.js', 'dist/web-tree-sitter.wasm', 'media/icon.png', 'dist/webview/review.js', 'media/review.css']) {
      assert.ok(entries.includes(f), `${f} missing from ${vsix}`);
    }
    for (const g of Object.values(GRAMMAR_FILES)) assert.ok(entries.includes(`dist/grammars/${g}`), `${g} missing`);
  });

  it('contains the rule docs the diagnostics link to', () => {
    assert.ok(entries.filter((e) => /^docs\/rules\/[a-z-]+\.md$/.test(e)).length >= 5);
  });

  it('ships no sources, tests, source maps or node_modules', () => {
    const junk = entries.filter((e) => /^(src|test|scripts|out|node_modules)\/|\.ts$|\.map$|tsconfig|\.vscodeignore/.test(e));
    assert.deepStrictEqual(junk, []);
  });
});
