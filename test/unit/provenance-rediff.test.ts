import * as assert from 'assert';
import { changedLineSpans, intersectSpans } from '../../src/core/provenance/rediff';

const pick = (after: string, spans: { start: number; end: number }[]) => spans.map((s) => after.slice(s.start, s.end));

/** Lines of `after` not covered by the spans, in order. */
function kept(after: string, spans: { start: number; end: number }[]): string[] {
  const lines = after.split(/(?<=\n)/).filter((l) => l !== '');
  let at = 0;
  const out: string[] = [];
  for (const l of lines) {
    const inside = spans.some((s) => at >= s.start && at < s.end);
    if (!inside) out.push(l.replace(/\s+$/, ''));
    at += l.length;
  }
  return out;
}

function lcs(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}

function isSubsequence(sub: string[], of: string[]): boolean {
  let i = 0;
  for (const x of of) if (i < sub.length && sub[i] === x) i++;
  return i === sub.length;
}

describe('provenance re-diff of streamed edits', () => {
  it('keeps only new and changed lines of a rewrite', () => {
    const before = 'import x\n\ndef a():\n    return 1\n\ndef b():\n    return 2\n';
    const after = 'import x\n\ndef a():\n    return 1\n\ndef b():\n    q = db.run(f"select {x}")\n    return q\n';
    assert.deepStrictEqual(pick(after, changedLineSpans(before, after)), ['    q = db.run(f"select {x}")\n    return q\n']);
  });

  it('insertions, deletions, trailing whitespace and missing final newlines', () => {
    const before = 'a\nb\nc\nd\ne\n';
    assert.deepStrictEqual(pick('a\nb\nX\nY\nc\nd\ne\n', changedLineSpans(before, 'a\nb\nX\nY\nc\nd\ne\n')), ['X\nY\n']);
    assert.deepStrictEqual(pick('a\nc\nZ\ne\n', changedLineSpans(before, 'a\nc\nZ\ne\n')), ['Z\n']);
    assert.deepStrictEqual(changedLineSpans(before, 'a\nc\n'), []);
    assert.deepStrictEqual(changedLineSpans(before, 'a  \nb\nc\nd\ne'), []);
    assert.deepStrictEqual(pick('q\na\nb\nc\nd\ne\nr', changedLineSpans(before, 'q\na\nb\nc\nd\ne\nr')), ['q\n', 'r']);
    assert.deepStrictEqual(pick('new\n', changedLineSpans('', 'new\n')), ['new\n']);
  });

  it('is a minimal line diff on random edits (kept lines are a longest common subsequence)', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 400; round++) {
      const pool = ['a', 'b', 'c', 'd', '', 'x = 1', 'return y'];
      const before = Array.from({ length: rnd(12) }, () => pool[rnd(pool.length)]);
      const after = before.filter(() => rnd(4) !== 0);
      for (let i = 0; i < rnd(5); i++) after.splice(rnd(after.length + 1), 0, pool[rnd(pool.length)]);
      const bt = before.map((l) => l + '\n').join('');
      const at = after.map((l) => l + '\n').join('');
      const spans = changedLineSpans(bt, at);
      const k = kept(at, spans);
      assert.ok(isSubsequence(k, before), `kept lines come from before, in order: ${JSON.stringify({ before, after, k })}`);
      assert.strictEqual(k.length, lcs(before, after), JSON.stringify({ before, after, k }));
    }
  });

  it('falls back to the trimmed middle when the edit distance is over the cap', () => {
    const before = 'h\n' + Array.from({ length: 50 }, (_, i) => `old ${i}\n`).join('') + 't\n';
    const after = 'h\n' + Array.from({ length: 50 }, (_, i) => `new ${i}\n`).join('') + 't\n';
    const spans = changedLineSpans(before, after, 10);
    assert.deepStrictEqual(pick(after, spans), [after.slice(2, after.length - 2)]);
  });

  it('intersects ranges with spans', () => {
    assert.deepStrictEqual(intersectSpans([{ start: 0, end: 100 }], [{ start: 10, end: 20 }, { start: 50, end: 60 }]), [{ start: 10, end: 20 }, { start: 50, end: 60 }]);
    assert.deepStrictEqual(intersectSpans([{ start: 0, end: 5 }], [{ start: 10, end: 20 }]), []);
  });
});
