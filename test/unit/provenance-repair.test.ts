import * as assert from 'assert';
import { AI_BLOCK_NOTE, inRegions, visibleFindings } from '../../src/core/focus';
import { STYLES } from '../../src/core/provenance/comments';
import { formatBegin, formatEnd, scanMarkers } from '../../src/core/provenance/format';
import { repairsFor } from '../../src/core/provenance/repair';
import type { CommentStyle, RegionMeta } from '../../src/core/provenance/types';
import type { Finding } from '../../src/core/types';
import { applyEdits } from './helpers';

const JS: CommentStyle[] = [STYLES.SLASH];
const PY: CommentStyle[] = [STYLES.HASH];
const meta = (id: string): RegionMeta => ({ id, src: 'manual', tool: 'github.copilot', conf: 'high', ts: '2026-10-02T14:03:11Z', h: '0123456789abcdef', status: 'unreviewed' });
const begin = (id: string, style: CommentStyle = STYLES.SLASH) => formatBegin(meta(id), style);
const end = (id: string, style: CommentStyle = STYLES.SLASH) => formatEnd(id, style);

/** Every non-marker line of `text`, in order: the code a repair must leave alone. */
function codeLines(text: string): string[] {
  return text.split('\n').filter((l) => !/ai-provenance/.test(l));
}

function fixAll(text: string, styles: CommentStyle[], pick = 0) {
  const { problems } = scanMarkers(text, styles);
  assert.strictEqual(problems.length, 1, JSON.stringify(problems));
  const fixes = repairsFor(text, problems[0], styles, () => '01JB2K7QZZ');
  assert.ok(fixes.length > pick, `fixes for ${problems[0].kind}`);
  return { fixes, after: applyEdits(text, fixes[pick].edits), problem: problems[0] };
}

describe('provenance marker repairs', () => {
  it('adds a missing end marker after the indented code that follows the begin marker', () => {
    const text = ['function f(req) {', `  ${begin('01JB2K7QX9')}`, '  const a = 1;', '', '  return a + req.x;', '}', 'f();', ''].join('\n');
    const { fixes, after, problem } = fixAll(text, JS);
    assert.strictEqual(problem.kind, 'unterminated');
    assert.strictEqual(fixes[0].preferred, true);
    assert.match(fixes[0].title, /after line 5/);
    assert.strictEqual(after, ['function f(req) {', `  ${begin('01JB2K7QX9')}`, '  const a = 1;', '', '  return a + req.x;', `  ${end('01JB2K7QX9')}`, '}', 'f();', ''].join('\n'));
    const scan = scanMarkers(after, JS);
    assert.deepStrictEqual(scan.problems, []);
    assert.strictEqual(scan.regions.length, 1);
    assert.deepStrictEqual(codeLines(after), codeLines(text));
  });

  it('stops before the end marker of an enclosing block, keeps CRLF and the comment form', () => {
    const text = [begin('01JB2K7QX1', STYLES.HASH), 'a = 1', begin('01JB2K7QX2', STYLES.HASH), 'b = 2', end('01JB2K7QX1', STYLES.HASH), 'c = 3'].join('\r\n');
    const { problems } = scanMarkers(text, PY);
    const p = problems.find((x) => x.kind === 'unterminated')!;
    assert.ok(p, JSON.stringify(problems));
    const fixes = repairsFor(text, p, PY, () => 'X');
    const after = applyEdits(text, fixes[0].edits);
    assert.strictEqual(after, [begin('01JB2K7QX1', STYLES.HASH), 'a = 1', begin('01JB2K7QX2', STYLES.HASH), 'b = 2', end('01JB2K7QX2', STYLES.HASH), end('01JB2K7QX1', STYLES.HASH), 'c = 3'].join('\r\n'));
    assert.deepStrictEqual(scanMarkers(after, PY).problems, []);
  });

  it('offers removing an unterminated begin marker line (the code stays)', () => {
    const text = ['x = 1', begin('01JB2K7QX9', STYLES.HASH), 'y = 2'].join('\n');
    const { fixes } = fixAll(text, PY);
    const remove = fixes.find((f) => /Remove/.test(f.title))!;
    assert.strictEqual(applyEdits(text, remove.edits), 'x = 1\ny = 2');
  });

  it('a begin marker on the last line gets no end marker fix, only removal', () => {
    const text = ['x = 1', begin('01JB2K7QX9', STYLES.HASH)].join('\n');
    const { fixes } = fixAll(text, PY);
    assert.strictEqual(fixes.length, 1);
    assert.strictEqual(applyEdits(text, fixes[0].edits), 'x = 1');
  });

  it('removes an orphan end marker line only', () => {
    const text = ['const a = 1;', `  ${end('01JB2K7QX9')}`, 'const b = 2;'].join('\n');
    const { after, problem } = fixAll(text, JS);
    assert.strictEqual(problem.kind, 'orphan-end');
    assert.strictEqual(after, 'const a = 1;\nconst b = 2;');
    const last = ['const a = 1;', end('01JB2K7QX9')].join('\n');
    assert.strictEqual(fixAll(last, JS).after, 'const a = 1;');
  });

  it('gives a copied block (duplicate id) and its end marker a new id', () => {
    const block = (id: string) => [begin(id), 'eval(x);', end(id)];
    const text = [...block('01JB2K7QX9'), 'let y;', ...block('01JB2K7QX9'), ''].join('\n');
    const { after, problem, fixes } = fixAll(text, JS);
    assert.strictEqual(problem.kind, 'duplicate-id');
    assert.match(fixes[0].title, /01JB2K7QZZ/);
    assert.strictEqual(after, [...block('01JB2K7QX9'), 'let y;', ...block('01JB2K7QZZ'), ''].join('\n'));
    const scan = scanMarkers(after, JS);
    assert.deepStrictEqual(scan.problems, []);
    assert.deepStrictEqual(scan.regions.map((r) => r.meta.id), ['01JB2K7QX9', '01JB2K7QZZ']);
  });

  it('offers nothing for problems it cannot repair safely, and never throws', () => {
    const newer = '// ai-provenance:begin v=2 id=01JB2K7QX9 src=manual';
    const { problems } = scanMarkers([newer, 'a();', end('01JB2K7QX9')].join('\n'), JS);
    assert.strictEqual(problems[0].kind, 'mangled');
    assert.deepStrictEqual(repairsFor('', problems[0], JS, () => 'X'), []);
    assert.deepStrictEqual(repairsFor('a', { kind: 'unterminated', line: 99, message: '' }, JS, () => 'X'), []);
    assert.deepStrictEqual(repairsFor('a', { kind: 'duplicate-id', line: 0, message: '' }, JS, () => 'X'), []);
  });
});

describe('AI blocks in the findings view', () => {
  const finding = (line: number, confidence: Finding['confidence']): Finding => ({
    ruleId: 'code-injection',
    cwe: ['CWE-95'],
    severity: 'high',
    confidence,
    message: 'eval of request data',
    range: { start: { line, character: 0 }, end: { line, character: 4 } },
    fixes: [],
    fingerprint: `f${line}`,
  });

  it('keeps findings inside AI blocks at every confidence and says so', () => {
    const fs = [finding(1, 'low'), finding(5, 'low'), finding(6, 'high')];
    const v = visibleFindings(fs, { minConfidence: 'medium', aiBlocks: [{ start: 4, end: 5 }] });
    assert.deepStrictEqual(v.visible.map((f) => [f.range.start.line, f.message.startsWith(AI_BLOCK_NOTE)]), [[5, true], [6, false]]);
    assert.strictEqual(v.hidden.confidence, 1);
    assert.strictEqual(v.inAiBlocks, 1);
  });

  it('shows AI-block findings in focus mode too, and leaves views without AI blocks unchanged', () => {
    const fs = [finding(2, 'high'), finding(8, 'low')];
    const v = visibleFindings(fs, { minConfidence: 'high', focus: { changed: [] }, aiBlocks: [{ start: 7, end: 9 }] });
    assert.deepStrictEqual(v.visible.map((f) => f.range.start.line), [8]);
    assert.deepStrictEqual(visibleFindings(fs, { minConfidence: 'low' }), { visible: fs, hidden: { confidence: 0, focus: 0 } });
    assert.deepStrictEqual(inRegions(fs, [{ start: 0, end: 2 }]).map((f) => f.fingerprint), ['f2']);
    assert.deepStrictEqual(inRegions(fs, []), []);
  });
});
