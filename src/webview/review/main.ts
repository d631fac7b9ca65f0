/**
 * The review panel's webview (issue 5): runs in the webview's browser context, bundled by scripts/build.mjs to
 * dist/webview/review.js. Builds the DOM with createElement/textContent only (no innerHTML, no inline handlers; the
 * CSP allows this script by nonce and nothing else). Every message from the host is validated with the shared
 * protocol (src/core/review/protocol.ts) and dropped when it does not parse; every message it posts is validated
 * before it goes out. Unsent answers, notes, open checklists and the filter survive a reload through
 * vscode.setState; the host resends the state on `ready`.
 */
import './zodConfig';
import type { Answer } from '../../core/provenance/ledger';
import { parseToHost, parseToWebview, WebviewMemorySchema, type Filter, type PanelBlock, type PanelFile, type PanelState, type ToHost, type WebviewMemory } from '../../core/review/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const ANSWER_LABELS: ReadonlyArray<[Answer, string]> = [
  ['yes', 'Yes'],
  ['no', 'No'],
  ['n/a', 'N/A'],
];

type Drafts = Record<string, { answers: Record<string, Answer>; note?: string }>;

function restore(): { filter?: Filter; drafts: Drafts; open: Set<string>; closed: Set<string> } {
  const parsed = WebviewMemorySchema.safeParse(vscode.getState() ?? {});
  const m: WebviewMemory = parsed.success ? parsed.data : {};
  return { filter: m.filter, drafts: (m.drafts ?? {}) as Drafts, open: new Set(m.open ?? []), closed: new Set(m.closed ?? []) };
}

const memory = restore();
let state: PanelState | undefined;
const results = new Map<string, { ok: boolean; message: string }>();

function save(): void {
  const m: WebviewMemory = { filter: memory.filter, drafts: memory.drafts, open: [...memory.open].slice(0, 500), closed: [...memory.closed].slice(0, 500) };
  vscode.setState(m);
}

function post(message: ToHost): void {
  const checked = parseToHost(message);
  if (!checked.ok) {
    console.error(`vetted review: not sending an invalid message (${checked.error})`);
    return;
  }
  vscode.postMessage(checked.message);
}

// ------------------------------------------------------------------------------------------------------------------
// DOM helpers

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; id?: string; attrs?: Record<string, string> } = {}, children: Array<Node | undefined> = []): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.id) e.id = props.id;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) if (c) e.appendChild(c);
  return e;
}

function button(text: string, id: string, onClick: () => void, className = 'button'): HTMLButtonElement {
  const b = el('button', { className, text, id, attrs: { type: 'button' } });
  b.addEventListener('click', onClick);
  return b;
}

/** Ids usable in DOM ids (region ids are base32, question ids kebab-case; anything else is replaced). */
const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '_');

const STATUS_TEXT: Record<PanelBlock['status'], string> = {
  unreviewed: 'Unreviewed',
  reviewed: 'Reviewed',
  modified: 'Modified since review',
  'needs-reviewers': 'Needs more reviewers',
};

function needsAction(b: PanelBlock): boolean {
  return b.findings.length > 0 || (b.reviewRequired && (b.status !== 'reviewed' || b.checklistMissing));
}

function isOpen(b: PanelBlock): boolean {
  if (memory.open.has(b.id)) return true;
  if (memory.closed.has(b.id)) return false;
  return b.status !== 'reviewed';
}

// ------------------------------------------------------------------------------------------------------------------
// Rendering

function renderVerdict(s: PanelState): HTMLElement {
  const v = s.verdict;
  const box = el('section', { className: `verdict ${v ? `verdict-${v.status}` : 'verdict-none'}`, id: 'verdict', attrs: { 'aria-label': 'Commit check' } });
  const title = v ? `Commit check: ${v.summary}` : 'Commit check: verdict unavailable';
  box.appendChild(el('h2', { className: 'verdict-title', text: title }));
  if (!v && s.verdictNote) box.appendChild(el('p', { className: 'muted', text: s.verdictNote }));
  if (v && v.items.length) {
    const list = el('ul', { className: 'verdict-items' });
    for (const item of v.items.filter((i) => i.blocking).slice(0, 10)) {
      list.appendChild(el('li', {}, [el('span', { className: 'mono', text: `${item.file}:${item.line}` }), document.createTextNode(` ${item.message} `), el('span', { className: 'muted', text: item.resolve })]));
    }
    if (list.childElementCount) box.appendChild(list);
  }
  return box;
}

function renderToolbar(s: PanelState): HTMLElement {
  const bar = el('div', { className: 'toolbar' });
  const label = el('label', { text: 'Show ', attrs: { for: 'filter' } });
  const select = el('select', { id: 'filter' });
  for (const [value, text] of [
    ['all', 'all AI blocks'],
    ['needs-review', 'blocks that need review'],
  ] as const) {
    const o = el('option', { text, attrs: { value } });
    if ((memory.filter ?? s.filter) === value) o.selected = true;
    select.appendChild(o);
  }
  select.addEventListener('change', () => {
    const f = select.value === 'needs-review' ? 'needs-review' : 'all';
    memory.filter = f;
    save();
    post({ type: 'setFilter', filter: f });
    render();
  });
  label.appendChild(select);
  bar.appendChild(label);
  bar.appendChild(button('Refresh', 'refresh', () => post({ type: 'refresh' }), 'button secondary'));
  return bar;
}

function renderFinding(file: PanelFile, b: PanelBlock, f: PanelBlock['findings'][number], i: number): HTMLElement {
  const text = `Line ${f.line + 1}: ${f.ruleId} (${f.severity}) — ${f.message}`;
  const btn = button(text, `finding-${safe(b.id)}-${i}`, () => post({ type: 'openFinding', uri: file.uri, line: f.line, character: f.character }), 'link finding');
  btn.title = f.hasFix ? 'Show it in the editor and open its quick fixes' : 'Show it in the editor';
  return el('li', {}, [btn]);
}

function renderQuestion(b: PanelBlock, q: PanelBlock['questions'][number], answers: Record<string, Answer>): HTMLElement {
  const name = `q-${safe(b.id)}-${safe(q.id)}`;
  const fs = el('fieldset', { className: 'question', attrs: { 'data-question': q.id } });
  const legendId = `${name}-legend`;
  fs.appendChild(el('legend', { text: q.text, id: legendId }));
  if (q.hint) fs.appendChild(el('div', { className: 'hint muted', text: q.hint }));
  const group = el('div', { className: 'answers', attrs: { role: 'radiogroup', 'aria-labelledby': legendId } });
  for (const [value, label] of ANSWER_LABELS) {
    const id = `${name}-${value === 'n/a' ? 'na' : value}`;
    const input = el('input', { id, attrs: { type: 'radio', name, value } });
    input.checked = answers[q.id] === value;
    input.addEventListener('change', () => {
      if (!input.checked) return;
      const d = (memory.drafts[b.id] ??= { answers: { ...b.myAnswers } });
      d.answers[q.id] = value;
      save();
      updateSignOffHint(b);
    });
    group.appendChild(el('label', { className: 'answer', attrs: { for: id } }, [input, document.createTextNode(` ${label}`)]));
  }
  fs.appendChild(group);
  return fs;
}

function currentAnswers(b: PanelBlock): Record<string, Answer> {
  return memory.drafts[b.id]?.answers ?? { ...b.myAnswers };
}

function missingCount(b: PanelBlock): number {
  const a = currentAnswers(b);
  return b.questions.filter((q) => a[q.id] === undefined).length;
}

function updateSignOffHint(b: PanelBlock): void {
  const hint = document.getElementById(`signoff-hint-${safe(b.id)}`);
  if (!hint) return;
  const n = missingCount(b);
  hint.textContent = n ? `${n} question${n === 1 ? '' : 's'} left to answer.` : 'All questions answered.';
}

function progress(b: PanelBlock): string | undefined {
  if (b.needed <= 1) return undefined;
  return `${Math.min(b.signOffs.length, b.needed)} of ${b.needed} reviewers`;
}

function renderBlock(file: PanelFile, b: PanelBlock): HTMLElement {
  const sid = safe(b.id);
  const card = el('article', { className: `block status-${b.status}`, id: `block-${sid}`, attrs: { 'aria-labelledby': `reveal-${sid}` } });
  const lines = b.marked ? `Lines ${b.beginLine + 2}–${Math.max(b.beginLine + 2, b.endLine)}` : `Lines ${b.beginLine + 1}–${b.endLine + 1}`;
  const who = b.model ? `${b.tool} (${b.model})` : b.tool;
  const head = el('div', { className: 'block-head' });
  const reveal = button(`${lines} · ${who}`, `reveal-${sid}`, () => post({ type: 'reveal', uri: file.uri, blockId: b.id }), 'link reveal');
  reveal.title = 'Show this block in the editor';
  head.appendChild(reveal);
  const badgeText = b.status === 'needs-reviewers' ? `${STATUS_TEXT[b.status]}: ${progress(b) ?? ''}` : STATUS_TEXT[b.status];
  head.appendChild(el('span', { className: `badge badge-${b.status}`, text: badgeText }));
  card.appendChild(head);

  const facts: string[] = [];
  if (b.signOffs.length) facts.push(`Signed off by ${b.signOffs.map((s) => s.by).join(', ')}`);
  const p = progress(b);
  if (p && b.status !== 'needs-reviewers') facts.push(p);
  if (!b.reviewRequired) facts.push('review optional in this tier');
  if (facts.length) card.appendChild(el('p', { className: 'muted facts', text: facts.join(' · ') }));
  if (b.status === 'modified') {
    const before = b.previouslySignedBy.length ? ` (signed off before by ${b.previouslySignedBy.join(', ')})` : '';
    card.appendChild(el('p', { className: 'notice', text: `The code changed since it was tagged or reviewed${before}. Review it again.` }));
  }
  if (b.checklistMissing) card.appendChild(el('p', { className: 'notice', text: 'Marked reviewed without the checklist. Answer it and sign off.' }));

  if (b.findings.length) {
    card.appendChild(el('h4', { text: `Open findings (${b.findings.length})` }));
    const ul = el('ul', { className: 'findings' });
    b.findings.forEach((f, i) => ul.appendChild(renderFinding(file, b, f, i)));
    card.appendChild(ul);
  }

  const open = isOpen(b);
  const bodyId = `checklist-${sid}`;
  const toggle = button(open ? 'Hide checklist' : b.status === 'reviewed' ? 'Show checklist' : 'Review checklist', `toggle-${sid}`, () => {
    if (isOpen(b)) {
      memory.open.delete(b.id);
      memory.closed.add(b.id);
    } else {
      memory.closed.delete(b.id);
      memory.open.add(b.id);
    }
    save();
    render();
  }, 'link toggle');
  toggle.setAttribute('aria-expanded', String(open));
  toggle.setAttribute('aria-controls', bodyId);
  card.appendChild(toggle);
  if (!open) {
    card.appendChild(resultLine(b));
    return card;
  }

  const body = el('div', { className: 'checklist', id: bodyId });
  const answers = currentAnswers(b);
  if (!b.questions.length) body.appendChild(el('p', { className: 'muted', text: 'This tier asks no checklist questions.' }));
  for (const q of b.questions) body.appendChild(renderQuestion(b, q, answers));
  const noteId = `note-${sid}`;
  const note = el('textarea', { id: noteId, className: 'note', attrs: { maxlength: '300', rows: '2', placeholder: 'What you checked (optional)' } });
  note.value = memory.drafts[b.id]?.note ?? '';
  note.addEventListener('input', () => {
    const d = (memory.drafts[b.id] ??= { answers: { ...b.myAnswers } });
    d.note = note.value.slice(0, 300);
    save();
  });
  body.appendChild(el('label', { className: 'note-label', text: 'Note', attrs: { for: noteId } }));
  body.appendChild(note);
  const actions = el('div', { className: 'actions' });
  const label = b.signedByMe ? 'Sign off again' : b.status === 'modified' ? 'Sign off re-review' : 'Sign off';
  const sign = button(label, `signoff-${sid}`, () => {
    const missing = missingCount(b);
    if (missing) {
      results.set(b.id, { ok: false, message: `Answer every question first (${missing} left).` });
      render();
      focusById(`signoff-${sid}`);
      return;
    }
    const d = memory.drafts[b.id];
    const n = (d?.note ?? '').trim();
    post({ type: 'signOff', uri: file.uri, blockId: b.id, answers: currentAnswers(b), ...(n ? { note: n } : {}) });
  });
  sign.setAttribute('aria-describedby', `signoff-hint-${sid} signoff-result-${sid}`);
  if (!b.marked) sign.disabled = true;
  actions.appendChild(sign);
  const n = missingCount(b);
  actions.appendChild(el('span', { className: 'muted', id: `signoff-hint-${sid}`, text: n ? `${n} question${n === 1 ? '' : 's'} left to answer.` : 'All questions answered.' }));
  body.appendChild(actions);
  card.appendChild(body);
  card.appendChild(resultLine(b));
  return card;
}

/** The outcome of the last sign-off of the block (announced politely; shown whether the checklist is open or not). */
function resultLine(b: PanelBlock): HTMLElement {
  const r = results.get(b.id);
  return el('p', { className: `result ${r ? (r.ok ? 'ok' : 'error') : ''}`, id: `signoff-result-${safe(b.id)}`, text: r?.message ?? '', attrs: { role: 'status', 'aria-live': 'polite' } });
}

function renderFile(file: PanelFile, blocks: PanelBlock[]): HTMLElement {
  const sec = el('section', { className: 'file' });
  const h = el('h3', { className: 'file-head' });
  h.appendChild(el('span', { className: 'path', text: file.folder ? `${file.folder}: ${file.path}` : file.path }));
  const tier = el('span', { className: `tier tier-${safe(file.tier)}`, text: file.tier });
  tier.title = file.tierReason;
  h.appendChild(tier);
  sec.appendChild(h);
  if (!file.allowAi) sec.appendChild(el('p', { className: 'notice', text: `The ${file.tier} tier does not allow AI-generated code in this file.` }));
  for (const b of blocks) sec.appendChild(renderBlock(file, b));
  return sec;
}

function focusById(id: string | undefined): void {
  if (!id) return;
  const e = document.getElementById(id);
  if (e instanceof HTMLElement) e.focus();
}

function render(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const active = document.activeElement instanceof HTMLElement && document.activeElement.id ? document.activeElement.id : undefined;
  const caret = document.activeElement instanceof HTMLTextAreaElement ? [document.activeElement.selectionStart, document.activeElement.selectionEnd] : undefined;
  const scroll = window.scrollY;
  root.replaceChildren();
  if (!state) {
    root.appendChild(el('p', { className: 'muted', text: 'Loading…' }));
    return;
  }
  const s = state;
  root.appendChild(renderVerdict(s));
  root.appendChild(renderToolbar(s));
  const sourceText = s.source.kind === 'git' ? 'AI blocks in files changed in Git (working tree, index and untracked).' : `Git is not available, so this lists open files with AI blocks${s.source.note ? ` (${s.source.note})` : ''}.`;
  root.appendChild(el('p', { className: 'muted source', id: 'source', text: sourceText }));
  if (s.reviewer) root.appendChild(el('p', { className: 'muted', id: 'reviewer', text: `Signing off as ${s.reviewer}` }));
  const filter = memory.filter ?? s.filter;
  let shown = 0;
  const list = el('div', { className: 'files', id: 'files' });
  for (const f of s.files) {
    const blocks = filter === 'needs-review' ? f.blocks.filter(needsAction) : f.blocks;
    if (!blocks.length) continue;
    shown += blocks.length;
    list.appendChild(renderFile(f, blocks));
  }
  if (!shown) {
    const total = s.files.reduce((n, f) => n + f.blocks.length, 0);
    list.appendChild(el('p', { className: 'empty', text: total ? 'Every AI block in the changed files is reviewed.' : 'No AI blocks in the changed files.' }));
  }
  root.appendChild(list);
  window.scrollTo(0, scroll);
  // Put focus back only while the panel has it: a re-render must never pull focus from the editor.
  if (!document.hasFocus()) return;
  focusById(active);
  const now = active ? document.getElementById(active) : null;
  if (caret && now instanceof HTMLTextAreaElement) now.setSelectionRange(caret[0], caret[1]);
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseToWebview(event.data);
  if (!parsed.ok) {
    console.error(`vetted review: ignoring an invalid message from the host (${parsed.error})`);
    return;
  }
  const m = parsed.message;
  if (m.type === 'state') {
    state = m.state;
    // Drafts of blocks that are gone are dropped.
    const ids = new Set(m.state.files.flatMap((f) => f.blocks.map((b) => b.id)));
    for (const id of Object.keys(memory.drafts)) if (!ids.has(id)) delete memory.drafts[id];
    save();
    render();
  } else {
    results.set(m.blockId, { ok: m.ok, message: m.message });
    if (m.ok) {
      delete memory.drafts[m.blockId];
      save();
    }
    render();
  }
});

render();
post({ type: 'ready' });
