import * as assert from 'assert';
import { changedSpans, describeHidden, normaliseSpans, resolveMinConfidence, splitLines, touches, visibleFindings, type LineSpan } from '../../src/core/focus';
import type { Confidence, Finding } from '../../src/core/types';
import { seededRandom as rng } from './helpers';

/** Changed line numbers (0-based) of `current` compared with `base`, lines given as arrays. */
function changed(base: string[] | undefined, current: string[], sep = '\n'): number[] {
  return expand(changedSpans(base?.join(sep), current.join(sep)));
}

function expand(spans: readonly LineSpan[]): number[] {
  const out: number[] = [];
  for (const s of spans) for (let i = s.start; i <= s.end; i++) out.push(i);
  return out;
}

/** Length of a longest common subsequence (quadratic DP: the reference the diff must match). */
function lcs(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return prev[b.length];
}


function finding(line: number, confidence: Confidence, opts: { endLine?: number; endChar?: number; ruleId?: string } = {}): Finding {
  return {
    ruleId: opts.ruleId ?? 'code-injection',
    cwe: ['CWE-95'],
    severity: 'high',
    confidence,
    message: 'm',
    range: { start: { line, character: 2 }, end: { line: opts.endLine ?? line, character: opts.endChar ?? 10 } },
    fixes: [],
    fingerprint: `f${line}${confidence}`,
  };
}

describe('focus: line diff', () => {
  it('marks inserted lines only', () => {
    assert.deepStrictEqual(changed(['a', 'b', 'c'], ['a', 'x', 'b', 'c', 'y']), [1, 4]);
  });

  it('marks nothing for pure deletions', () => {
    assert.deepStrictEqual(changed(['a', 'b', 'c', 'd'], ['a', 'd']), []);
    assert.deepStrictEqual(changed(['a', '', 'b'], ['a', 'b']), []);
  });

  it('marks an edited line (a replacement is a deletion plus an insertion)', () => {
    assert.deepStrictEqual(changed(['a', 'b', 'c'], ['a', 'B', 'c']), [1]);
    assert.deepStrictEqual(changed(['const q = 1;', 'run(q);'], ['const q = 1; ', 'run(q);']), [0], 'whitespace counts');
  });

  it('marks a moved line at its new place, and not the lines it moved past', () => {
    assert.deepStrictEqual(changed(['a', 'b', 'c', 'd', 'e'], ['b', 'c', 'd', 'e', 'a']), [4]);
    // a block of three moved below a block of five: the smaller block is the one marked
    const base = ['m1', 'm2', 'm3', 's1', 's2', 's3', 's4', 's5'];
    const current = ['s1', 's2', 's3', 's4', 's5', 'm1', 'm2', 'm3'];
    assert.deepStrictEqual(changed(base, current), [5, 6, 7]);
  });

  it('ignores CRLF versus LF, but not other changes in a CRLF file', () => {
    assert.deepStrictEqual(changed(['a', 'b', 'c'], ['a', 'b', 'c'], '\r\n'), []);
    assert.deepStrictEqual(changedSpans('a\r\nb\r\nc\r\n', 'a\nb\nc\n'), []);
    assert.deepStrictEqual(expand(changedSpans('a\r\nb\r\nc\r\n', 'a\r\nX\r\nc\r\n')), [1]);
    assert.deepStrictEqual(splitLines('a\r\nb\rc\n'), ['a', 'b\rc', '']); // a lone CR is not a line break (as in tree-sitter rows)
  });

  it('handles empty files and a new file', () => {
    assert.deepStrictEqual(changedSpans('', ''), []);
    assert.deepStrictEqual(expand(changedSpans('', 'a\nb')), [0, 1]);
    // an emptied file still has one (empty, new) line; it can carry no finding
    assert.deepStrictEqual(changedSpans('a\nb', ''), [{ start: 0, end: 0 }]);
    assert.deepStrictEqual(changedSpans('a\n\nb', ''), []);
    assert.deepStrictEqual(changedSpans(undefined, 'x\ny\nz'), [{ start: 0, end: 2 }]);
    assert.deepStrictEqual(changedSpans(undefined, ''), [{ start: 0, end: 0 }]);
  });

  it('trailing newline added or removed only touches the last (empty) line', () => {
    assert.deepStrictEqual(expand(changedSpans('a\nb', 'a\nb\n')), [2]);
    assert.deepStrictEqual(changedSpans('a\nb\n', 'a\nb'), []);
    // last line edited and newline added: the edited line is marked
    assert.deepStrictEqual(expand(changedSpans('a\nb', 'a\nc\n')), [1, 2]);
  });

  it('handles repeated lines (blank lines, braces) without marking unchanged ones', () => {
    const base = ['{', '', '}', '{', '', '}'];
    const current = ['{', '', '}', '{', 'x', '', '}'];
    assert.deepStrictEqual(changed(base, current), [4]);
  });

  it('finds a minimal diff on random edits (checked against an LCS table)', () => {
    const rand = rng(42);
    for (let round = 0; round < 300; round++) {
      const alphabet = 2 + Math.floor(rand() * 6);
      const base = Array.from({ length: Math.floor(rand() * 40) }, () => `l${Math.floor(rand() * alphabet)}`);
      const current = [...base];
      const edits = Math.floor(rand() * 8);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * (current.length + 1));
        const kind = rand();
        if (kind < 0.4) current.splice(at, 0, `l${Math.floor(rand() * alphabet)}`);
        else if (kind < 0.7) current.splice(at, 1);
        else if (at < current.length) current[at] = `n${round}`;
      }
      const got = changed(base, current);
      // as the diff sees them: '' is one empty line
      const [a, b] = [splitLines(base.join('\n')), splitLines(current.join('\n'))];
      assert.strictEqual(got.length, b.length - lcs(a, b), `round ${round}: ${JSON.stringify({ base, current, got })}`);
      // the unmarked lines must be a common subsequence, in order
      const kept = b.filter((_, i) => !got.includes(i));
      let j = 0;
      for (const line of a) if (j < kept.length && kept[j] === line) j++;
      assert.strictEqual(j, kept.length, `round ${round}: unmarked lines are not a subsequence of the base`);
    }
  });

  it('over budget, marks too much rather than too little', () => {
    const base = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    const current = [...base];
    for (let i = 10; i < 190; i += 20) [current[i], current[i + 1]] = [current[i + 1], current[i]]; // swapped pairs
    const full = expand(changedSpans(base.join('\n'), current.join('\n')));
    assert.strictEqual(full.length, 9, 'one line of each swapped pair');
    const cheap = expand(changedSpans(base.join('\n'), current.join('\n'), { budget: 0 }));
    // gives up after trimming the common ends: everything from the first to the last swap counts as changed
    assert.deepStrictEqual(cheap, Array.from({ length: 162 }, (_, k) => 10 + k));
    for (const i of full) assert.ok(cheap.includes(i));
  });

  it('diffs 20k-line files with scattered edits, and unrelated 20k-line files', () => {
    const base = Array.from({ length: 20_000 }, (_, i) => `  const v${i} = compute(${i % 97});`);
    const current = [...base];
    for (let i = 100; i < current.length; i += 1000) current[i] = `${current[i]} // edited`;
    current.splice(5000, 0, 'inserted();');
    const got = expand(changedSpans(base.join('\n'), current.join('\n')));
    assert.deepStrictEqual(got, [100, 1100, 2100, 3100, 4100, 5000, ...Array.from({ length: 15 }, (_, k) => 5101 + 1000 * k)]);
    // nothing in common: every line is changed (the budget ends the search early instead of taking O(N·D))
    const other = Array.from({ length: 20_000 }, (_, i) => `other ${i}`);
    assert.deepStrictEqual(changedSpans(base.join('\n'), other.join('\n')), [{ start: 0, end: 19_999 }]);
  });
});

describe('focus: which findings are shown', () => {
  it('hides findings below the confidence threshold and counts them', () => {
    const fs = [finding(1, 'high'), finding(2, 'medium'), finding(3, 'low')];
    assert.deepStrictEqual(visibleFindings(fs, { minConfidence: 'low' }).visible.map((f) => f.range.start.line), [1, 2, 3]);
    const medium = visibleFindings(fs, { minConfidence: 'medium' });
    assert.deepStrictEqual(medium.visible.map((f) => f.range.start.line), [1, 2]);
    assert.deepStrictEqual(medium.hidden, { confidence: 1, focus: 0 });
    assert.deepStrictEqual(visibleFindings(fs, { minConfidence: 'high' }).hidden, { confidence: 2, focus: 0 });
  });

  it('never hides a report about Vetted itself (internal error) by confidence', () => {
    const v = visibleFindings([finding(1, 'low', { ruleId: 'internal-error' })], { minConfidence: 'high' });
    assert.strictEqual(v.visible.length, 1);
  });

  it('in focus mode shows findings touching a changed line, or an extra span', () => {
    const fs = [finding(1, 'high'), finding(5, 'high', { endLine: 7 }), finding(10, 'high'), finding(20, 'high', { endLine: 21, endChar: 0 })];
    const v = visibleFindings(fs, { minConfidence: 'low', focus: { changed: [{ start: 7, end: 8 }, { start: 21, end: 21 }] } });
    assert.deepStrictEqual(v.visible.map((f) => f.range.start.line), [5], 'a range ending at column 0 of line 21 does not cover it');
    assert.deepStrictEqual(v.hidden, { confidence: 0, focus: 3 });
    const withExtra = visibleFindings(fs, { minConfidence: 'low', focus: { changed: [{ start: 7, end: 8 }], extra: [{ start: 9, end: 12 }] } });
    assert.deepStrictEqual(withExtra.visible.map((f) => f.range.start.line), [5, 10]);
    // an empty change set hides everything; a low-confidence finding counts under confidence, not focus
    const none = visibleFindings([...fs, finding(30, 'low')], { minConfidence: 'medium', focus: { changed: [] } });
    assert.deepStrictEqual(none.hidden, { confidence: 1, focus: 4 });
  });

  it('says what was hidden and why', () => {
    assert.deepStrictEqual(describeHidden({ confidence: 0, focus: 0 }, 'medium'), []);
    assert.deepStrictEqual(describeHidden({ confidence: 1, focus: 3 }, 'high'), [
      '1 finding below high confidence not shown (vetted.minConfidence).',
      '3 findings on unchanged lines not shown (vetted.focus).',
    ]);
  });

  it('normalises spans and looks them up', () => {
    const spans = normaliseSpans([{ start: 10, end: 12 }, { start: 1, end: 2 }, { start: 3, end: 4 }, { start: 11, end: 20 }, { start: 8, end: 7 }]);
    assert.deepStrictEqual(spans, [{ start: 1, end: 4 }, { start: 10, end: 20 }]);
    const r = (a: number, b: number) => ({ start: { line: a, character: 0 }, end: { line: b, character: 5 } });
    assert.ok(touches(spans, r(0, 1)));
    assert.ok(!touches(spans, r(5, 9)));
    assert.ok(touches(spans, r(5, 10)));
    assert.ok(touches(spans, r(20, 20)));
    assert.ok(!touches(spans, r(21, 30)));
    assert.ok(!touches([], r(0, 0)));
  });
});

describe('focus: vetted.minConfidence and workspace trust', () => {
  it('uses the normal precedence in a trusted workspace', () => {
    assert.strictEqual(resolveMinConfidence({ defaultValue: 'medium', globalValue: 'low', workspaceValue: 'high' }, true, 'medium').value, 'high');
    assert.strictEqual(resolveMinConfidence({ defaultValue: 'medium', workspaceValue: 'high', workspaceFolderValue: 'low' }, true, 'medium').value, 'low');
  });

  it('lets an untrusted workspace lower the threshold (show more)', () => {
    const r = resolveMinConfidence({ defaultValue: 'medium', workspaceValue: 'low' }, false, 'medium');
    assert.deepStrictEqual(r, { value: 'low', ignored: [] });
    assert.strictEqual(resolveMinConfidence({ defaultValue: 'medium', globalValue: 'high', workspaceFolderValue: 'medium' }, false, 'medium').value, 'medium');
  });

  it('ignores an untrusted workspace value that would hide more, and says so', () => {
    const r = resolveMinConfidence({ defaultValue: 'medium', workspaceValue: 'high' }, false, 'medium');
    assert.strictEqual(r.value, 'medium');
    assert.strictEqual(r.ignored.length, 1);
    assert.match(r.ignored[0], /"high".*would hide.*"medium"/);
    const user = resolveMinConfidence({ defaultValue: 'medium', globalValue: 'low', workspaceValue: 'medium', workspaceFolderValue: 'high' }, false, 'medium');
    assert.strictEqual(user.value, 'low');
    assert.strictEqual(user.ignored.length, 2);
  });

  it('takes the lowest of several untrusted values, and skips invalid ones', () => {
    const r = resolveMinConfidence({ defaultValue: 'medium', globalValue: 'high', workspaceValue: 'medium', workspaceFolderValue: 'low' }, false, 'medium');
    assert.strictEqual(r.value, 'low');
    const bad = resolveMinConfidence({ defaultValue: 'medium', workspaceValue: 'none' }, false, 'medium');
    assert.strictEqual(bad.value, 'medium');
    assert.match(bad.ignored[0], /not valid/);
  });

  it('passes an invalid user value through so settings validation reports it', () => {
    const r = resolveMinConfidence({ defaultValue: 'medium', globalValue: 'loud', workspaceValue: 'high' }, false, 'medium');
    assert.strictEqual(r.value, 'loud');
    // ... while a valid lower workspace value still applies
    assert.strictEqual(resolveMinConfidence({ defaultValue: 'medium', globalValue: 'loud', workspaceValue: 'low' }, false, 'medium').value, 'low');
  });
});
