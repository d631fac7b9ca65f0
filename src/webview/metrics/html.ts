/**
 * The metrics webview page: no inline script or style, one script allowed by a per-load nonce, styles and the script
 * only from the extension (`cspSource`). Pure (the host passes the webview URIs and a crypto nonce).
 */
export function metricsPage(cspSource: string, scriptUri: string, styleUri: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new RangeError('the nonce must be base64 of at least 12 random bytes');
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${attr(cspSource)}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>Vetted Metrics</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${attr(scriptUri)}"></script>
</body>
</html>`;
}
