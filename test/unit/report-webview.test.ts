import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { computeMetrics } from '../../src/core/report/metrics';
import { metricsPage } from '../../src/webview/metrics/html';
import { parseHostMessage, parseWebviewMessage } from '../../src/webview/metrics/protocol';
import { ROOT } from './helpers';
import { fixtureBom } from './reportFixture';

describe('report: metrics webview', () => {
  it('the host → webview message carries the computed metrics and passes the protocol', () => {
    const metrics = computeMetrics(fixtureBom());
    const msg = parseHostMessage({ type: 'metrics', root: 'demo', metrics });
    assert.ok(msg && msg.type === 'metrics');
    assert.deepStrictEqual(msg.metrics, JSON.parse(JSON.stringify(metrics)));
  });

  it('rejects messages outside the protocol, both ways', () => {
    assert.strictEqual(parseWebviewMessage({ type: 'exportCsv' })?.type, 'exportCsv');
    assert.strictEqual(parseWebviewMessage({ type: 'runCommand', command: 'workbench.action.terminal.new' }), undefined);
    assert.strictEqual(parseWebviewMessage('refresh'), undefined);
    assert.strictEqual(parseWebviewMessage(null), undefined);
    const metrics = computeMetrics(fixtureBom());
    assert.strictEqual(parseHostMessage({ type: 'metrics', root: 'demo', metrics: { ...metrics, aiShare: 7 } }), undefined, 'a share above 1 is not metrics');
    assert.strictEqual(parseHostMessage({ type: 'metrics', root: 'demo', metrics: { ...metrics, trend: [{ week: '<img>', tagged: 1, reviewed: 0 }] } }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'html', html: '<script>' }), undefined);
  });

  it('the page has a strict CSP with the nonce, no inline script or style, and escapes the URIs', () => {
    const html = metricsPage('https://x.vscode-cdn.net', 'https://x/dist/webview/metrics.js', 'https://x/media/webview/metrics.css?a="b"', 'AAAAAAAAAAAAAAAAAAAAAAAA');
    assert.match(html, /content="default-src 'none'; style-src https:\/\/x\.vscode-cdn\.net; script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAAAA';"/);
    assert.match(html, /<script nonce="AAAAAAAAAAAAAAAAAAAAAAAA" src="https:\/\/x\/dist\/webview\/metrics.js"><\/script>/);
    assert.ok(!/<style|style=/.test(html), 'no inline styles');
    assert.ok(html.includes('a=&quot;b&quot;'));
    assert.throws(() => metricsPage('x', 'y', 'z', 'short'), /nonce/);
  });

  it('the webview code builds the DOM without innerHTML, fetches nothing, and uses theme colours only', () => {
    const src = readFileSync(path.join(ROOT, 'src', 'webview', 'metrics', 'main.ts'), 'utf8');
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\bfetch\(|XMLHttpRequest|\beval\(/.test(src));
    const css = readFileSync(path.join(ROOT, 'media', 'webview', 'metrics.css'), 'utf8');
    assert.ok(!/#[0-9a-f]{3,8}\b|rgb\(|hsl\(/i.test(css), 'no hard-coded colours');
    assert.ok(!/url\(|@import/.test(css), 'no external resources');
  });
});
