import * as assert from 'assert';
import { csvCell, toCsv } from '../../src/core/report/csv';
import { computeMetrics, isoWeek, median, metricsCsv, percentile } from '../../src/core/report/metrics';
import { fixtureBom } from './reportFixture';

/** Parses RFC 4180 CSV (for the round-trip test). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('report: metrics', () => {
  const m = computeMetrics(fixtureBom());

  it('share of AI-tagged lines by folder (hand-computed from the fixture)', () => {
    assert.deepStrictEqual(
      m.folders.map((f) => [f.folder, f.files, f.lines, f.aiLines, f.share]),
      [
        ['.', 1, 2, 0, 0],
        ['config', 1, 4, 2, 0.5],
        ['db', 1, 3, 1, 0.3333],
        ['scripts', 1, 5, 2, 0.4],
        ['src/api', 1, 11, 3, 0.2727],
        ['src/auth', 1, 6, 3, 0.5],
      ],
    );
    assert.strictEqual(m.aiShare, 0.3548); // 11 / 31
    assert.deepStrictEqual(computeMetrics(fixtureBom(), { folderDepth: 1 }).folders.find((f) => f.folder === 'src'), { folder: 'src', files: 2, lines: 17, aiLines: 6, share: 0.3529 });
  });

  it('open findings per 1,000 lines: AI blocks vs other code', () => {
    assert.deepStrictEqual(m.density.ai, { findings: 2, lines: 11, perKloc: 181.82 });
    assert.deepStrictEqual(m.density.other, { findings: 1, lines: 20, perKloc: 50 });
  });

  it('review latency from tag to first sign-off: median and p90 (removed regions count, pending ones do not)', () => {
    // B: 24 h, C: 6 h, F: 480 h (then removed); A, D, E pending.
    assert.deepStrictEqual(m.latency, { signedOff: 3, pending: 3, medianHours: 24, p90Hours: 480 });
  });

  it('suppressions, overrides and status counts', () => {
    assert.deepStrictEqual(m.suppressions, { inline: 1, inlineInAi: 0, overrides: 2 });
    assert.deepStrictEqual(m.status, { unreviewed: 3, reviewed: 1, modified: 1 });
  });

  it('trend per ISO week over the ledger history, gaps filled', () => {
    assert.deepStrictEqual(m.trend, [
      { week: '2026-W45', tagged: 3, reviewed: 1 },
      { week: '2026-W46', tagged: 1, reviewed: 1 },
      { week: '2026-W47', tagged: 2, reviewed: 0 },
      { week: '2026-W48', tagged: 0, reviewed: 1 },
    ]);
  });

  it('ISO weeks at year boundaries, percentiles and medians', () => {
    assert.strictEqual(isoWeek('2026-11-02T00:00:00Z'), '2026-W45');
    assert.strictEqual(isoWeek('2027-01-01T12:00:00Z'), '2026-W53');
    assert.strictEqual(isoWeek('2024-12-30T00:00:00Z'), '2025-W01');
    assert.strictEqual(isoWeek('2021-01-03T23:59:59Z'), '2020-W53');
    assert.strictEqual(isoWeek('garbage'), undefined);
    assert.strictEqual(median([1, 2, 3, 4]), 2.5);
    assert.strictEqual(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
    assert.strictEqual(percentile([], 90), undefined);
  });

  it('CSV: tidy rows, RFC 4180 round trip, CRLF line ends', () => {
    const csv = metricsCsv(m);
    const rows = parseCsv(csv);
    assert.deepStrictEqual(rows[0], ['section', 'key', 'name', 'value']);
    assert.ok(csv.endsWith('\r\n'));
    const get = (section: string, key: string, name: string) => rows.find((r) => r[0] === section && r[1] === key && r[2] === name)?.[3];
    assert.strictEqual(get('folder', 'src/auth', 'ai_line_share'), '0.5');
    assert.strictEqual(get('findings', 'ai', 'per_1000_lines'), '181.82');
    assert.strictEqual(get('review_latency', 'all', 'p90_hours'), '480');
    assert.strictEqual(get('trend', '2026-W48', 'reviewed'), '1');
    assert.strictEqual(get('suppressions', 'overrides', 'count'), '2');
  });

  it('CSV quoting and the formula-injection guard', () => {
    assert.strictEqual(csvCell('plain'), 'plain');
    assert.strictEqual(csvCell('a,b'), '"a,b"');
    assert.strictEqual(csvCell('say "hi"'), '"say ""hi"""');
    assert.strictEqual(csvCell('two\nlines'), '"two\nlines"');
    assert.strictEqual(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.strictEqual(csvCell('+1'), "'+1");
    assert.strictEqual(csvCell('-cmd'), "'-cmd");
    assert.strictEqual(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.strictEqual(csvCell('\t=1'), "'\t=1");
    assert.strictEqual(csvCell(-3), '-3', 'numbers are numbers, not text');
    assert.strictEqual(csvCell(undefined), '');
    assert.strictEqual(csvCell(Number.NaN), '');
    const text = toCsv(['path'], [['=cmd|calc'], ['src/a,b.ts']]);
    assert.deepStrictEqual(parseCsv(text), [['path'], ["'=cmd|calc"], ['src/a,b.ts']]);
  });

  it('a folder name starting with = is guarded in the metrics CSV', () => {
    const bom = fixtureBom();
    const evil = { ...bom, files: [...bom.files, { path: '=cmd/x.js', lines: 1, aiLines: 0, findings: 0, findingsInAi: 0, suppressed: 0, suppressedInAi: 0, hash: '0' }] };
    const rows = parseCsv(metricsCsv(computeMetrics(evil)));
    assert.ok(rows.some((r) => r[1] === "'=cmd"));
    assert.ok(!rows.some((r) => r.some((c) => c.startsWith('='))));
  });
});
