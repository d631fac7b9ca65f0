import * as assert from 'assert';
import { normalisedHash } from '../../src/core/hash';
import { applyChanges, applyToText, mapOffset, reanchor, refreshStatus, trackEdit, type LiveRegion } from '../../src/core/provenance/tracker';
import type { ContentChange, MarkedRegion, RegionMeta, RegionStatus } from '../../src/core/provenance/types';
import { seededRandom as mulberry32 } from './helpers';

function meta(id: string, code: string, status: RegionStatus = 'unreviewed'): RegionMeta {
  return { id, src: 'inline', tool: 'github.copilot', conf: 'high', ts: '2026-10-02T14:03:11Z', h: normalisedHash(code), status };
}

function region(id: string, text: string, start: number, end: number, status: RegionStatus = 'unreviewed'): LiveRegion {
  return { meta: meta(id, text.slice(start, end), status), start, end };
}

const ins = (at: number, text: string): ContentChange => ({ rangeOffset: at, rangeLength: 0, text });
const del = (at: number, length: number): ContentChange => ({ rangeOffset: at, rangeLength: length, text: '' });
const rep = (at: number, length: number, text: string): ContentChange => ({ rangeOffset: at, rangeLength: length, text });

/** [start, end) pairs of the surviving regions. */
function spans(regions: readonly LiveRegion[]): [string, number, number][] {
  return regions.map((r) => [r.meta.id, r.start, r.end]);
}

describe('provenance tracker: regions follow edits', () => {
  // 0123456789012345678901
  // "aaaa\nBBBB\nBBBB\ncccc\n": the region is the two B lines, [5, 15).
  const text = 'aaaa\nBBBB\nBBBB\ncccc\n';
  const r = region('01JB2K7QX9', text, 5, 15);

  it('an insertion before shifts the region', () => {
    assert.deepStrictEqual(spans(applyChanges([r], [ins(0, 'xx')])), [['01JB2K7QX9', 7, 17]]);
  });

  it('an insertion exactly at its start or end stays outside it', () => {
    assert.deepStrictEqual(spans(applyChanges([r], [ins(5, 'new\n')])), [['01JB2K7QX9', 9, 19]]);
    assert.deepStrictEqual(spans(applyChanges([r], [ins(15, 'new\n')])), [['01JB2K7QX9', 5, 15]]);
  });

  it('an insertion strictly inside grows it', () => {
    assert.deepStrictEqual(spans(applyChanges([r], [ins(7, 'zzz')])), [['01JB2K7QX9', 5, 18]]);
  });

  it('an insertion after leaves it alone', () => {
    assert.deepStrictEqual(spans(applyChanges([r], [ins(17, 'zzz')])), [['01JB2K7QX9', 5, 15]]);
  });

  it('a deletion across the start edge trims the start', () => {
    // delete "a\nBB" = [3, 7)
    assert.deepStrictEqual(spans(applyChanges([r], [del(3, 4)])), [['01JB2K7QX9', 3, 11]]);
  });

  it('a deletion across the end edge trims the end', () => {
    // delete "B\ncc" = [13, 17)
    assert.deepStrictEqual(spans(applyChanges([r], [del(13, 4)])), [['01JB2K7QX9', 5, 13]]);
  });

  it('a replace across an edge trims, and the replacement text stays outside', () => {
    const after = applyChanges([r], [rep(3, 4, 'XYZ')]);
    assert.deepStrictEqual(spans(after), [['01JB2K7QX9', 6, 14]]);
    const newText = applyToText(text, [rep(3, 4, 'XYZ')]);
    assert.strictEqual(newText.slice(6, 14), 'BB\nBBBB\n');
  });

  it('a replace of the middle keeps one region (no split, no new attribution) and shows modified', () => {
    const res = trackEdit([r], [rep(7, 6, 'human')], text);
    assert.deepStrictEqual(spans(res.regions), [['01JB2K7QX9', 5, 14]]);
    assert.strictEqual(res.text.slice(5, 14), 'BBhumanB\n');
    assert.strictEqual(res.regions[0].meta.status, 'modified');
  });

  it('replacing exactly the whole region drops it', () => {
    const res = trackEdit([r], [rep(5, 10, 'mine\n')], text);
    assert.deepStrictEqual(res.regions, []);
    assert.deepStrictEqual(res.dropped, ['01JB2K7QX9']);
  });

  it('deleting everything drops it; an empty or invalid region is dropped, never thrown on', () => {
    assert.deepStrictEqual(applyChanges([r], [del(0, text.length)]), []);
    const empty = { ...r, start: 4, end: 4 };
    const backwards = { ...r, start: 9, end: 3 };
    const nan = { ...r, start: NaN, end: 3 };
    assert.deepStrictEqual(applyChanges([empty, backwards, nan, null as unknown as LiveRegion], [ins(0, 'x')]), []);
    assert.deepStrictEqual(applyChanges([r], null as unknown as ContentChange[]).length, 1);
    assert.doesNotThrow(() => applyChanges([r], [{ rangeOffset: -5, rangeLength: Infinity, text: null as unknown as string }]));
  });

  it('a whole-document replace (reload) that keeps the block re-finds it by its exact text', () => {
    const reloaded = 'header\n' + text;
    const res = trackEdit([r], [rep(0, text.length, reloaded)], text);
    assert.deepStrictEqual(spans(res.regions), [['01JB2K7QX9', 12, 22]]);
    assert.strictEqual(res.regions[0].meta.status, 'unreviewed');
    // Without the old text it cannot know, so it drops.
    assert.deepStrictEqual(applyChanges([r], [rep(0, text.length, reloaded)]), []);
    // Two copies in the new text: ambiguous, dropped.
    assert.deepStrictEqual(trackEdit([r], [rep(0, text.length, text + text)], text).regions, []);
  });

  it('multi-change events apply against the text before the event, in any order', () => {
    const changes = [ins(0, 'top\n'), ins(7, '++'), del(16, 3), ins(20, 'end')];
    const expectedText = 'top\naaaa\nBB++BB\nBBBB\nc\nend';
    for (const order of [changes, [...changes].reverse(), [changes[2], changes[0], changes[3], changes[1]]]) {
      assert.strictEqual(applyToText(text, order), expectedText);
      const [moved] = applyChanges([r], order);
      assert.deepStrictEqual([moved.start, moved.end], [9, 21]);
      assert.strictEqual(expectedText.slice(moved.start, moved.end), 'BB++BB\nBBBB\n');
    }
  });

  it('several regions move independently', () => {
    const t = 'AAAA\nBBBB\nCCCC\n';
    const a = region('01JB2K7QXA', t, 0, 5);
    const c = region('01JB2K7QXC', t, 10, 15);
    const out = applyChanges([a, c], [rep(2, 10, '-')]); // "AA" + "-" + "CC\n"
    assert.deepStrictEqual(spans(out), [['01JB2K7QXA', 0, 2], ['01JB2K7QXC', 3, 6]]);
  });

  it('mapOffset pushes a caret past text inserted at it', () => {
    assert.strictEqual(mapOffset(5, [ins(5, 'abc')]), 8);
    assert.strictEqual(mapOffset(5, [del(0, 2)]), 3);
    assert.strictEqual(mapOffset(5, [del(3, 4)]), 3);
  });
});

describe('provenance tracker: status follows the content hash', () => {
  const text = 'x\nconst a = 1;\nconst b = 2;\ny\n';
  const start = 2;
  const end = 28;

  it('an edit inside flips it to modified (never to "human"), undo brings the earlier status back', () => {
    const reviewed = region('01JB2K7QX9', text, start, end, 'reviewed');
    const edit = trackEdit([reviewed], [rep(12, 1, '42')], text);
    assert.strictEqual(edit.regions[0].meta.status, 'modified');
    assert.strictEqual(edit.regions[0].earlierStatus, 'reviewed');
    const undo = trackEdit(edit.regions, [rep(12, 2, '1')], edit.text);
    assert.strictEqual(undo.text, text);
    assert.strictEqual(undo.regions[0].meta.status, 'reviewed');
    assert.strictEqual(undo.regions[0].earlierStatus, undefined);
  });

  it('a whitespace-only change (a formatter pass) keeps the status', () => {
    const r = region('01JB2K7QX9', text, start, end);
    const res = trackEdit([r], [ins(2, '    '), ins(15, '    ')], text);
    assert.strictEqual(res.regions[0].meta.status, 'unreviewed');
  });

  it('a region read as modified with a matching hash and no remembered status becomes unreviewed, not reviewed', () => {
    const r = region('01JB2K7QX9', text, start, end, 'modified');
    assert.strictEqual(refreshStatus(r, text).meta.status, 'unreviewed');
  });
});

describe('provenance tracker: property test against a character-attribution model', () => {
  // The reference: every character carries the id of the region it belongs to (or none). Inserted characters belong
  // to a region only when both their old neighbours do (strictly inside); a region is the span of its characters.

  function reference(owner: (string | undefined)[], changes: ContentChange[]): (string | undefined)[] {
    const sorted = [...changes].sort((x, y) => x.rangeOffset - y.rangeOffset);
    const out: (string | undefined)[] = [];
    let pos = 0;
    for (const c of sorted) {
      out.push(...owner.slice(pos, c.rangeOffset));
      const left = c.rangeOffset > 0 ? owner[c.rangeOffset - 1] : undefined;
      const right = owner[c.rangeOffset + c.rangeLength];
      const inside = left !== undefined && left === right ? left : undefined;
      for (let i = 0; i < c.text.length; i++) out.push(inside);
      pos = c.rangeOffset + c.rangeLength;
    }
    out.push(...owner.slice(pos));
    return out;
  }

  function spansOf(owner: (string | undefined)[]): Map<string, [number, number]> {
    const m = new Map<string, [number, number]>();
    owner.forEach((id, i) => {
      if (id === undefined) return;
      const s = m.get(id);
      m.set(id, s ? [s[0], i + 1] : [i, i + 1]);
    });
    return m;
  }

  it('5000 random multi-change events over random regions agree with the model, in shuffled order', () => {
    const rand = mulberry32(0x5eed);
    const int = (n: number) => Math.floor(rand() * n);
    const alphabet = 'ab \n';
    const word = (n: number) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
    for (let round = 0; round < 250; round++) {
      let text = word(20 + int(40));
      // Up to three disjoint regions.
      const cuts = [...new Set(Array.from({ length: 6 }, () => int(text.length + 1)))].sort((x, y) => x - y);
      let regions: LiveRegion[] = [];
      for (let i = 0; i + 1 < cuts.length; i += 2) {
        if (cuts[i] < cuts[i + 1]) regions.push(region(`01JB2K7QX${i / 2}`, text, cuts[i], cuts[i + 1]));
      }
      let owner: (string | undefined)[] = Array.from(text, () => undefined);
      for (const r of regions) for (let i = r.start; i < r.end; i++) owner[i] = r.meta.id;
      for (let step = 0; step < 20; step++) {
        // Non-overlapping changes with distinct start offsets.
        const changes: ContentChange[] = [];
        let at = int(4);
        while (at <= text.length && changes.length < 4) {
          const len = int(3) === 0 ? 0 : Math.min(int(6), text.length - at);
          const ins = int(3) === 0 ? '' : word(int(5));
          if (len > 0 || ins) changes.push({ rangeOffset: at, rangeLength: len, text: ins });
          at += len + 1 + int(8);
        }
        const shuffled = [...changes].sort(() => rand() - 0.5);
        const newText = applyToText(text, shuffled);
        owner = reference(owner, changes);
        assert.strictEqual(owner.length, newText.length);
        regions = applyChanges(regions, shuffled);
        const want = spansOf(owner);
        assert.deepStrictEqual(
          new Map(regions.map((r) => [r.meta.id, [r.start, r.end] as [number, number]])),
          want,
          `round ${round} step ${step}: ${JSON.stringify(changes)}`,
        );
        text = newText;
      }
    }
  });
});

describe('provenance tracker: re-anchoring from ledger hashes', () => {
  const block = 'def handler(req):\n    return eval(req.args["q"])\n';
  const hint = (id: string, startLine: number, code = block) => ({ meta: meta(id, code), startLine, endLine: startLine + code.split('\n').length - 2 });

  it('finds a block whose markers are gone, even re-indented, and reports the missing one as an orphan', () => {
    const text = 'import os\n\nclass A:\n    def handler(req):\n        return eval(req.args["q"])\n';
    const res = reanchor(text, [hint('01JB2K7QX9', 0), hint('01JB2K7QXA', 5, 'print(1)\nprint(2)\n')]);
    assert.strictEqual(res.regions.length, 1);
    assert.strictEqual(text.slice(res.regions[0].start, res.regions[0].end), '    def handler(req):\n        return eval(req.args["q"])\n');
    assert.deepStrictEqual(res.orphans.map((o) => o.id), ['01JB2K7QXA']);
  });

  it('prefers the copy nearest the recorded line, and two hints never claim the same lines', () => {
    const text = block + 'x = 1\n' + block;
    const one = reanchor(text, [hint('01JB2K7QX9', 3)]);
    assert.strictEqual(one.regions[0].start, block.length + 6);
    const two = reanchor(text, [hint('01JB2K7QX9', 3), hint('01JB2K7QXA', 3)]);
    assert.deepStrictEqual(two.regions.map((r) => r.start).sort((a, b) => a - b), [0, block.length + 6]);
  });

  it('skips regions whose markers are present and does not reuse their lines', () => {
    const text = '// ai-provenance:begin id=01JB2K7QX9\n' + block + '// ai-provenance:end id=01JB2K7QX9\n';
    const marked: MarkedRegion = { meta: meta('01JB2K7QX9', block), beginLine: 0, endLine: 3, contentStart: 37, contentEnd: 37 + block.length, actualHash: normalisedHash(block) };
    const res = reanchor(text, [hint('01JB2K7QX9', 1), hint('01JB2K7QXA', 1)], [marked]);
    assert.deepStrictEqual(res.regions, []);
    assert.deepStrictEqual(res.orphans.map((o) => o.id), ['01JB2K7QXA']);
  });

  it('never throws on nonsense', () => {
    assert.doesNotThrow(() => reanchor(null as unknown as string, [null as never, { meta: meta('X', ''), startLine: 5, endLine: 2 }]));
    assert.deepStrictEqual(reanchor('', []).regions, []);
  });
});
