import * as assert from 'assert';
import { DEFAULT_POLICY } from '../../src/core/policy/model';
import { blockState } from '../../src/core/review/model';
import { parseToHost, parseToWebview, WebviewMemorySchema, type PanelState } from '../../src/core/review/protocol';

const ID = '01JB2K7QX9';
const URI = 'file:///w/src/auth/login.js';

function sampleState(): PanelState {
  const b = blockState({
    block: { meta: { id: ID, src: 'inline', tool: 'github.copilot', model: 'gpt-4o', conf: 'high', ts: '2026-10-02T14:03:11Z', h: '1111111111111111', status: 'unreviewed' }, beginLine: 3, endLine: 8, marked: true, actualHash: '1111111111111111' },
    reviews: [],
    tier: DEFAULT_POLICY.tiers[2],
    policy: DEFAULT_POLICY,
    findings: [{ ruleId: 'sql-injection', message: 'SQL built from request data', severity: 'critical', confidence: 'high', line: 5, character: 2, endLine: 5, endCharacter: 40, hasFix: true }],
  });
  return {
    rev: 1,
    source: { kind: 'git' },
    reviewer: 'a@x.org',
    verdict: { status: 'block', summary: '1 block needs review', blocking: 1, items: [{ kind: 'unreviewed', file: 'src/auth/login.js', line: 4, message: 'AI block not reviewed', resolve: 'Review it in the Vetted panel', blocking: true }] },
    filter: 'all',
    files: [{ uri: URI, path: 'src/auth/login.js', tier: 'critical', tierReason: 'matches **/auth/**', allowAi: true, blocks: [b] }],
  };
}

describe('review protocol: host → webview', () => {
  it('accepts a state built from the model, and a result', () => {
    const r = parseToWebview({ type: 'state', state: sampleState() });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.ok(parseToWebview({ type: 'result', blockId: ID, ok: false, message: 'answer every question' }).ok);
  });
  it('rejects unknown types, bad statuses and oversized text, saying where', () => {
    assert.ok(!parseToWebview({ type: 'eval', code: 'x' }).ok);
    const bad = sampleState() as unknown as { files: Array<{ blocks: Array<{ status: string }> }> };
    bad.files[0].blocks[0].status = 'approved';
    const r = parseToWebview({ type: 'state', state: bad });
    assert.ok(!r.ok);
    assert.match(r.ok ? '' : r.error, /files\.0\.blocks\.0\.status/);
    const long = sampleState();
    assert.ok(!parseToWebview({ type: 'state', state: { ...long, reviewer: 'x'.repeat(201) } }).ok);
    assert.ok(!parseToWebview(null).ok);
    assert.ok(!parseToWebview('state').ok);
  });
});

describe('review protocol: webview → host', () => {
  it('accepts each message kind', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'reveal', uri: URI, blockId: ID },
      { type: 'openFinding', uri: URI, line: 5, character: 2 },
      { type: 'signOff', uri: URI, blockId: ID, answers: { 'untrusted-input': 'yes', 'no-credentials': 'n/a' }, note: 'checked the query' },
      { type: 'setFilter', filter: 'needs-review' },
    ]) assert.ok(parseToHost(m).ok, m.type);
  });
  it('rejects bad answers, ids, lines, filters and extra shapes', () => {
    assert.ok(!parseToHost({ type: 'signOff', uri: URI, blockId: ID, answers: { 'untrusted-input': 'maybe' } }).ok);
    assert.ok(!parseToHost({ type: 'signOff', uri: URI, blockId: ID, answers: { 'Not An Id': 'yes' } }).ok);
    assert.ok(!parseToHost({ type: 'signOff', uri: URI, blockId: 'x;rm -rf', answers: {} }).ok);
    assert.ok(!parseToHost({ type: 'signOff', uri: URI, blockId: ID, answers: {}, note: 'n'.repeat(301) }).ok);
    assert.ok(!parseToHost({ type: 'openFinding', uri: URI, line: -1, character: 0 }).ok);
    assert.ok(!parseToHost({ type: 'openFinding', uri: URI, line: 1.5, character: 0 }).ok);
    assert.ok(!parseToHost({ type: 'reveal', uri: '', blockId: ID }).ok);
    assert.ok(!parseToHost({ type: 'setFilter', filter: 'none' }).ok);
    assert.ok(!parseToHost({ type: 'runCommand', command: 'workbench.action.terminal.new' }).ok);
    const many = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`q${i}`, 'yes']));
    assert.ok(!parseToHost({ type: 'signOff', uri: URI, blockId: ID, answers: many }).ok);
  });
  it('validates what the webview restores from its saved state', () => {
    assert.ok(WebviewMemorySchema.safeParse({ filter: 'all', drafts: { [ID]: { answers: { 'rate-limit': 'no' }, note: 'x' } }, open: [ID] }).success);
    assert.ok(!WebviewMemorySchema.safeParse({ drafts: { [ID]: { answers: { 'rate-limit': 'perhaps' } } } }).success);
  });
});
