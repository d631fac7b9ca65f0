import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { newNonce, reviewCsp, reviewHtmlFor } from '../../src/extension/review/html';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('review webview: HTML and CSP', () => {
  const html = reviewHtmlFor({ cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x.vscode-cdn.net/dist/webview/review.js', styleUri: 'https://x.vscode-cdn.net/media/review.css', nonce: 'abc123+/=' });

  it('has the strict CSP with the nonce, and the script only by nonce', () => {
    assert.strictEqual(reviewCsp('S', 'N'), "default-src 'none'; style-src S; script-src 'nonce-N'; img-src S data:");
    assert.ok(html.includes(`content="default-src 'none'; style-src https://x.vscode-cdn.net; script-src 'nonce-abc123+/='; img-src https://x.vscode-cdn.net data:"`));
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, ['<script nonce="abc123+/=" src="https://x.vscode-cdn.net/dist/webview/review.js">']);
    assert.ok(!/<style\b|\sstyle=|\son[a-z]+=/i.test(html), 'no inline style or handler');
    assert.ok(/<script[^>]*><\/script>/.test(html), 'no inline script body');
  });

  it('draws nonces from crypto: 18 random bytes, different each time', () => {
    const a = newNonce();
    const b = newNonce();
    assert.notStrictEqual(a, b);
    assert.strictEqual(Buffer.from(a, 'base64').length, 18);
  });
});

describe('review webview: source rules', () => {
  const dir = path.join(ROOT, 'src/webview/review');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => ({ f, text: readFileSync(path.join(dir, f), 'utf8') }));

  it('never builds DOM from strings nor evaluates code', () => {
    assert.ok(sources.length >= 1);
    for (const { f, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const bad of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\s*\(/, /new\s+Function\b/, /setAttribute\(\s*['"]on/, /setTimeout\(\s*['"]/]) {
        assert.ok(!bad.test(code), `${f}: ${bad}`);
      }
    }
  });

  it('styles with theme variables only (no hard-coded colours)', () => {
    const css = readFileSync(path.join(ROOT, 'media/review.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    assert.ok(!/#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(/i.test(css), 'a literal colour in media/review.css');
    for (const m of css.matchAll(/\b(?:color|background|border(?:-[a-z]+)?|outline):\s*([^;]+);/g)) {
      const value = m[1];
      if (/\b(?:none|transparent|inherit)\b/.test(value) && !/var\(/.test(value)) continue;
      if (/^\d+px$|^0$/.test(value.trim())) continue;
      assert.ok(/var\(--/.test(value), `not a theme colour: ${m[0]}`);
    }
    assert.ok(css.includes('body.vscode-high-contrast'), 'high contrast rules');
    assert.ok(css.includes(':focus-visible'), 'visible focus');
  });
});
