/**
 * The review webview's HTML and nonce. No runtime vscode import (unit-tested): the caller passes the webview's
 * cspSource and the script and stylesheet URIs (asWebviewUri of dist/webview/review.js and media/review.css).
 */
import { randomBytes } from 'crypto';

/** A fresh crypto-random nonce (18 bytes, base64) for the one script tag. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

export function reviewCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource} data:`;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Strict CSP, the bundled script by nonce, the stylesheet; no inline script, style or handler. */
export function reviewHtmlFor(o: { cspSource: string; scriptUri: string; styleUri: string; nonce: string }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(reviewCsp(o.cspSource, o.nonce))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${attr(o.styleUri)}">`,
    '<title>Vetted Review</title>',
    '</head>',
    '<body>',
    '<main id="root" aria-label="AI blocks to review"></main>',
    `<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}
