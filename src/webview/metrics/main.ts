/**
 * The metrics webview ("Vetted: Show Metrics"). Charts are inline SVG built with DOM APIs (createElementNS,
 * textContent; never markup strings), coloured only through CSS classes that use the theme's variables
 * (media/metrics.css), so they read in light, dark and high-contrast themes. Every message from the host is parsed
 * with the shared zod protocol; anything else is ignored. State (the last metrics) is kept with setState so the
 * panel shows them again after a reload.
 */
import { parseHostMessage, type MetricsMessageData, type WebviewMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; attrs?: Record<string, string> } = {}, children: Node[] = []): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.appendChild(c);
  return e;
}

function svg(tag: string, attrs: Record<string, string | number>, children: Node[] = []): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.appendChild(c);
  return e;
}

function title(text: string): SVGElement {
  const t = document.createElementNS(SVG, 'title');
  t.textContent = text;
  return t;
}

function svgText(x: number, y: number, text: string, cls: string, anchor = 'start'): SVGElement {
  const t = svg('text', { x, y, class: cls, 'text-anchor': anchor });
  t.textContent = text;
  return t;
}

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

/** A figure: caption, an SVG chart (role img, labelled), and the same numbers as a table for screen readers. */
function figure(id: string, caption: string, chart: SVGElement, summary: string, table: HTMLTableElement): HTMLElement {
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', summary);
  const fig = el('figure', { className: 'chart', attrs: { id, tabindex: '0', 'aria-labelledby': `${id}-cap` } });
  fig.appendChild(el('figcaption', { text: caption, attrs: { id: `${id}-cap` } }));
  fig.appendChild(chart);
  const details = el('details', {}, [el('summary', { text: 'Show the numbers' }), table]);
  fig.appendChild(details);
  return fig;
}

function dataTable(head: string[], rows: Array<Array<string | number>>): HTMLTableElement {
  const t = el('table', { className: 'data' });
  const thead = el('thead', {}, [el('tr', {}, head.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))]);
  const tbody = el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c, i) => (i === 0 ? el('th', { text: String(c), attrs: { scope: 'row' } }) : el('td', { text: String(c) }))))));
  t.append(thead, tbody);
  return t;
}

/** Horizontal bars, one per row, values in [0, max]. */
function hbars(rows: Array<{ label: string; value: number; text: string; cls: string }>, max: number): SVGElement {
  const rowH = 22;
  const labelW = 150;
  const barW = 260;
  const h = rows.length * rowH + 8;
  const chart = svg('svg', { viewBox: `0 0 ${labelW + barW + 170} ${h}`, width: '100%', class: 'svg' });
  rows.forEach((r, i) => {
    const y = 4 + i * rowH;
    const w = max > 0 ? Math.max(r.value > 0 ? 2 : 0, (r.value / max) * barW) : 0;
    const label = r.label.length > 28 ? `…${r.label.slice(-27)}` : r.label;
    chart.appendChild(svgText(labelW - 6, y + 15, label, 'label', 'end'));
    chart.appendChild(svg('rect', { x: labelW, y: y + 3, width: barW, height: rowH - 8, class: 'track' }));
    chart.appendChild(svg('rect', { x: labelW, y: y + 3, width: w, height: rowH - 8, class: `bar ${r.cls}` }, [title(`${r.label}: ${r.text}`)]));
    chart.appendChild(svgText(labelW + barW + 6, y + 15, r.text, 'value'));
  });
  return chart;
}

function folderChart(m: MetricsMessageData): HTMLElement {
  const rows = [...m.folders]
    .filter((f) => f.lines > 0)
    .sort((a, b) => b.aiLines - a.aiLines || b.share - a.share || (a.folder < b.folder ? -1 : 1))
    .slice(0, 15);
  const chart = hbars(
    rows.map((f) => ({ label: f.folder, value: f.share, text: `${pct(f.share)} (${f.aiLines}/${f.lines})`, cls: 'ai' })),
    1,
  );
  return figure(
    'folders',
    `Share of AI-tagged lines by folder (overall ${pct(m.aiShare)})`,
    chart,
    `AI-tagged lines: ${pct(m.aiShare)} overall; ${rows.map((f) => `${f.folder} ${pct(f.share)}`).join(', ') || 'no lines'}`,
    dataTable(['Folder', 'Files', 'Lines', 'AI lines', 'AI share'], m.folders.map((f) => [f.folder, f.files, f.lines, f.aiLines, pct(f.share)])),
  );
}

function densityChart(m: MetricsMessageData): HTMLElement {
  const { ai, other } = m.density;
  const max = Math.max(ai.perKloc, other.perKloc, 1);
  const chart = hbars(
    [
      { label: 'In AI blocks', value: ai.perKloc, text: `${ai.perKloc} (${ai.findings} in ${ai.lines} lines)`, cls: 'ai' },
      { label: 'Other code', value: other.perKloc, text: `${other.perKloc} (${other.findings} in ${other.lines} lines)`, cls: 'other' },
    ],
    max,
  );
  return figure(
    'density',
    'Open findings per 1,000 lines',
    chart,
    `Open findings per 1,000 lines: ${ai.perKloc} in AI blocks, ${other.perKloc} in other code`,
    dataTable(['Code', 'Open findings', 'Lines', 'Per 1,000 lines'], [
      ['In AI blocks', ai.findings, ai.lines, ai.perKloc],
      ['Other code', other.findings, other.lines, other.perKloc],
    ]),
  );
}

function statusChart(m: MetricsMessageData): HTMLElement {
  const { unreviewed, modified, reviewed } = m.status;
  const total = unreviewed + modified + reviewed;
  const w = 500;
  const chart = svg('svg', { viewBox: `0 0 ${w + 20} 56`, width: '100%', class: 'svg' });
  let x = 10;
  for (const [name, n, cls] of [
    ['unreviewed', unreviewed, 'unreviewed'],
    ['modified', modified, 'modified'],
    ['reviewed', reviewed, 'reviewed'],
  ] as const) {
    const bw = total ? (n / total) * w : 0;
    if (bw > 0) chart.appendChild(svg('rect', { x, y: 6, width: bw, height: 22, class: `bar ${cls}` }, [title(`${n} ${name}`)]));
    x += bw;
  }
  if (!total) chart.appendChild(svg('rect', { x: 10, y: 6, width: w, height: 22, class: 'track' }));
  chart.appendChild(svgText(10, 48, `${unreviewed} unreviewed · ${modified} modified · ${reviewed} reviewed`, 'value'));
  return figure('status', 'AI blocks by review status', chart, `${unreviewed} unreviewed, ${modified} modified since review, ${reviewed} reviewed`, dataTable(['Status', 'Blocks'], [
    ['Unreviewed', unreviewed],
    ['Modified since review', modified],
    ['Reviewed', reviewed],
  ]));
}

function trendChart(m: MetricsMessageData): HTMLElement {
  const weeks = m.trend.slice(-26);
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.tagged, w.reviewed)));
  const width = 520;
  const colW = Math.min(40, (width - 40) / Math.max(1, weeks.length));
  const barW = Math.max(2, colW / 2 - 2);
  const h = 140;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${h + 40}`, width: '100%', class: 'svg' });
  chart.appendChild(svg('line', { x1: 30, y1: h, x2: 30 + weeks.length * colW, y2: h, class: 'axis' }));
  chart.appendChild(svgText(26, 12, String(max), 'label', 'end'));
  chart.appendChild(svgText(26, h, '0', 'label', 'end'));
  weeks.forEach((w, i) => {
    const x = 32 + i * colW;
    const th = (w.tagged / max) * (h - 10);
    const rh = (w.reviewed / max) * (h - 10);
    chart.appendChild(svg('rect', { x, y: h - th, width: barW, height: th, class: 'bar tagged' }, [title(`${w.week}: ${w.tagged} tagged`)]));
    chart.appendChild(svg('rect', { x: x + barW + 1, y: h - rh, width: barW, height: rh, class: 'bar reviewed' }, [title(`${w.week}: ${w.reviewed} reviewed`)]));
    if (i % Math.max(1, Math.ceil(weeks.length / 8)) === 0) chart.appendChild(svgText(x, h + 16, w.week.slice(5), 'label'));
  });
  const legend = svg('g', {}, [svg('rect', { x: 32, y: h + 24, width: 10, height: 10, class: 'bar tagged' }), svgText(46, h + 33, 'tagged', 'label'), svg('rect', { x: 110, y: h + 24, width: 10, height: 10, class: 'bar reviewed' }), svgText(124, h + 33, 'reviewed', 'label')]);
  chart.appendChild(legend);
  return figure(
    'trend',
    'AI blocks tagged and reviewed per ISO week',
    chart,
    weeks.length ? `Weekly trend over ${weeks.length} weeks: ${weeks.map((w) => `${w.week} ${w.tagged} tagged, ${w.reviewed} reviewed`).join('; ')}` : 'No ledger history yet',
    dataTable(['Week', 'Tagged', 'Reviewed'], m.trend.map((w) => [w.week, w.tagged, w.reviewed])),
  );
}

function stats(m: MetricsMessageData): HTMLElement {
  const fmt = (n: number | undefined) => (n === undefined ? '—' : n < 48 ? `${n} h` : `${Math.round((n / 24) * 10) / 10} days`);
  const dl = el('dl', { className: 'stats' });
  const item = (k: string, v: string) => dl.append(el('dt', { text: k }), el('dd', { text: v }));
  item('Review latency, median (tag → first sign-off)', fmt(m.latency.medianHours));
  item('Review latency, 90th percentile', fmt(m.latency.p90Hours));
  item('Blocks signed off / waiting', `${m.latency.signedOff} / ${m.latency.pending}`);
  item('Inline suppressions (in AI blocks)', `${m.suppressions.inline} (${m.suppressions.inlineInAi})`);
  item('Central overrides (.vetted/ignore.json)', String(m.suppressions.overrides));
  return el('section', { className: 'card', attrs: { 'aria-label': 'Review latency and suppressions' } }, [el('h2', { text: 'Review latency and suppressions' }), dl]);
}

const app = document.getElementById('app')!;
const status = el('p', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
const refresh = el('button', { text: 'Refresh', attrs: { type: 'button' } });
const exportCsv = el('button', { text: 'Export CSV', attrs: { type: 'button' } });
const heading = el('h1', { text: 'Vetted metrics' });
const content = el('div', { className: 'content' });
refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
exportCsv.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv' }));
app.append(el('header', {}, [heading, el('div', { className: 'actions' }, [refresh, exportCsv])]), status, content);

function render(root: string, m: MetricsMessageData): void {
  heading.textContent = `Vetted metrics — ${root}`;
  content.replaceChildren(statusChart(m), folderChart(m), densityChart(m), stats(m), trendChart(m));
  status.textContent = `Computed ${m.generatedAt}.`;
  exportCsv.disabled = false;
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostMessage(event.data);
  if (!msg) return;
  switch (msg.type) {
    case 'metrics':
      vscode.setState({ root: msg.root, metrics: msg.metrics });
      render(msg.root, msg.metrics);
      break;
    case 'loading':
      status.textContent = `Reading ${msg.root}…`;
      break;
    case 'error':
      status.textContent = msg.message;
      break;
    case 'exported':
      status.textContent = `Exported CSV to ${msg.path}.`;
      break;
  }
});

const saved = parseHostMessage({ type: 'metrics', ...(vscode.getState() as object) });
if (saved?.type === 'metrics') render(saved.root, saved.metrics);
else exportCsv.disabled = true;
vscode.postMessage({ type: 'ready' });
