import * as assert from 'assert';
import { promises as fsp } from 'fs';
import { spawn } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import {
  LEDGER_PATH,
  MAX_LINE_BYTES,
  appendRecords,
  compactLedger,
  entriesForFile,
  historyOf,
  latestEntries,
  parseLedger,
  posixPath,
  readLedger,
  rewriteLedger,
  serialiseRecord,
  toRecord,
  workspaceRelative,
  type LedgerEntry,
  type LedgerFs,
} from '../../src/core/provenance/ledger';
import type { RegionMeta } from '../../src/core/provenance/types';

const META: RegionMeta = {
  id: '01JB2K7QX9',
  src: 'inline',
  tool: 'github.copilot',
  model: 'gpt-4.1',
  conf: 'high',
  ts: '2026-10-02T14:03:11Z',
  h: '9992998ccf645ffb',
  status: 'unreviewed',
};

function entry(over: Partial<LedgerEntry> = {}, meta: Partial<RegionMeta> = {}): LedgerEntry {
  return { meta: { ...META, ...meta }, path: 'src/app.ts', startLine: 9, endLine: 20, reviews: [], timestamp: '2026-10-02T14:03:12Z', ...over };
}

/** A small node adapter, as the CLI would write it. */
const nodeFs: LedgerFs = {
  readFile: (p) => fsp.readFile(p, 'utf8'),
  writeFile: (p, d) => fsp.writeFile(p, d, 'utf8'),
  appendFile: (p, d) => fsp.appendFile(p, d, 'utf8'),
  rename: (a, b) => fsp.rename(a, b),
  mkdir: (p, o) => fsp.mkdir(p, o),
};

describe('provenance ledger: records', () => {
  it('writes the Agent Trace shape with Vetted fields under metadata, 1-based lines', () => {
    const r = toRecord(entry(), { recordId: '7f0c1c9e-0000-4000-8000-000000000001' });
    assert.strictEqual(r.version, '0.1.0');
    assert.strictEqual(r.id, '7f0c1c9e-0000-4000-8000-000000000001');
    assert.deepStrictEqual(r.tool, { name: 'vetted' });
    assert.deepStrictEqual(r.files, [
      {
        path: 'src/app.ts',
        conversations: [{ contributor: { type: 'ai', model_id: 'gpt-4.1' }, ranges: [{ start_line: 10, end_line: 21, content_hash: 'fnv1a64-ws:9992998ccf645ffb' }] }],
      },
    ]);
    assert.strictEqual(r.metadata.vetted.id, '01JB2K7QX9');
    assert.strictEqual(r.metadata.vetted.src, 'inline');
    assert.strictEqual(r.metadata.vetted.op, 'set');
    // Pastes are not claimed as AI; modified blocks are mixed.
    assert.strictEqual(toRecord(entry({}, { src: 'paste' })).files[0].conversations[0].contributor.type, 'unknown');
    assert.strictEqual(toRecord(entry({}, { status: 'modified' })).files[0].conversations[0].contributor.type, 'mixed');
  });

  it('round-trips through a line', () => {
    const e = entry({ reviews: [{ status: 'reviewed', by: 'ana@example.com', at: '2026-10-03T09:00:00Z' }] }, { status: 'reviewed', reviewer: 'ana@example.com' });
    const line = serialiseRecord(toRecord(e))!;
    assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
    const parsed = parseLedger(line);
    assert.deepStrictEqual(parsed.problems, []);
    assert.deepStrictEqual(latestEntries(parsed.records).get('01JB2K7QX9'), e);
  });

  it('keeps the reviewed content hash of a review entry, and rejects one that is not 16 hex digits', () => {
    const reviews = [{ status: 'reviewed' as const, by: 'ana@example.com', at: '2026-10-03T09:00:00Z', h: '0123456789abcdef' }, { status: 'unreviewed' as const, at: '2026-10-04T09:00:00Z', h: 'fedcba9876543210' }];
    const parsed = parseLedger(serialiseRecord(toRecord(entry({ reviews })))!);
    assert.deepStrictEqual(parsed.records[0].metadata.vetted.reviews, reviews);
    assert.strictEqual(serialiseRecord(toRecord(entry({ reviews: [{ status: 'reviewed', at: '2026-10-03T09:00:00Z', h: 'not-a-hash' }] }))), undefined);
  });

  it('later records supersede earlier ones; history keeps every snapshot; a tombstone removes', () => {
    const lines = [
      toRecord(entry()),
      toRecord(entry({ startLine: 12, endLine: 23, timestamp: '2026-10-02T15:00:00Z' })),
      toRecord(entry({ reviews: [{ status: 'reviewed', by: 'ana@example.com', at: '2026-10-03T09:00:00Z' }] }, { status: 'reviewed', reviewer: 'ana@example.com' })),
      toRecord(entry({ path: 'src/other.ts' }, { id: '01JB2K7QXA' })),
    ].map((r) => serialiseRecord(r)!);
    let parsed = parseLedger(lines.join(''));
    const latest = latestEntries(parsed.records);
    assert.strictEqual(latest.size, 2);
    assert.strictEqual(latest.get('01JB2K7QX9')!.meta.status, 'reviewed');
    assert.strictEqual(latest.get('01JB2K7QX9')!.startLine, 9);
    assert.deepStrictEqual(historyOf(parsed.records, '01JB2K7QX9').map((e) => e.meta.status), ['unreviewed', 'unreviewed', 'reviewed']);
    assert.deepStrictEqual(entriesForFile(parsed.records, './src//app.ts').map((e) => e.meta.id), ['01JB2K7QX9']);

    const tomb = serialiseRecord(toRecord(entry({ removed: { reason: 'untagged', at: '2026-10-04T00:00:00Z' }, timestamp: '2026-10-04T00:00:00Z' })))!;
    parsed = parseLedger(lines.join('') + tomb);
    assert.deepStrictEqual([...latestEntries(parsed.records).keys()], ['01JB2K7QXA']);
    const all = latestEntries(parsed.records, { includeRemoved: true });
    assert.deepStrictEqual(all.get('01JB2K7QX9')!.removed, { reason: 'untagged', at: '2026-10-04T00:00:00Z' });
    assert.deepStrictEqual(parsed.records[parsed.records.length - 1].files[0].conversations[0].ranges, []);
  });

  it('reports a corrupt or invalid line with its number and keeps the others', () => {
    const good = serialiseRecord(toRecord(entry()))!;
    const other = serialiseRecord(toRecord(entry({}, { id: '01JB2K7QXB' })))!;
    const badHash = JSON.stringify({ ...toRecord(entry()), metadata: { vetted: { ...toRecord(entry()).metadata.vetted, h: 'XYZ' } } });
    const text = good + '{"version": "0.1.0", "id": \n' + '\n' + badHash + '\n' + '[1,2]\r\n' + other + '{"torn":';
    const parsed = parseLedger(text);
    assert.deepStrictEqual(parsed.records.map((r) => r.metadata.vetted.id), ['01JB2K7QX9', '01JB2K7QXB']);
    assert.deepStrictEqual(parsed.problems.map((p) => p.line), [2, 4, 5, 7]);
    assert.match(parsed.problems[1].message, /metadata\.vetted\.h/);
    assert.doesNotThrow(() => parseLedger(undefined as unknown as string));
  });

  it('keeps every line under the size limit by dropping the oldest carried reviews', () => {
    const reviews = Array.from({ length: 8 }, (_, i) => ({ status: 'reviewed' as const, by: 'x'.repeat(190) + i, at: '2026-10-03T09:00:00Z', note: 'n'.repeat(290) }));
    const line = serialiseRecord(toRecord(entry({ reviews, path: 'p/'.repeat(400) })))!;
    assert.ok(Buffer.byteLength(line) <= MAX_LINE_BYTES, String(Buffer.byteLength(line)));
    const kept = parseLedger(line).records[0].metadata.vetted.reviews!;
    assert.ok(kept.length < 8 && kept.length > 0);
    assert.strictEqual(kept[kept.length - 1].by, 'x'.repeat(190) + '7');
  });
});

describe('provenance ledger: paths', () => {
  it('POSIX-normalises paths relative to the workspace folder', () => {
    assert.strictEqual(posixPath('src\\core\\..\\app.ts'), 'src/app.ts');
    assert.strictEqual(workspaceRelative('/home/u/proj', '/home/u/proj/src/./a.ts'), 'src/a.ts');
    assert.strictEqual(workspaceRelative('C:\\Users\\u\\proj', 'c:\\Users\\u\\proj\\src\\a.ts'), 'src/a.ts');
    assert.strictEqual(workspaceRelative('/home/u/proj', '/home/u/project2/a.ts'), undefined);
    assert.strictEqual(workspaceRelative('/home/u/proj', '/home/u/proj/../other/a.ts'), undefined);
  });
});

describe('provenance ledger: files (real temp dir through a node adapter)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vetted-ledger-'));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('a missing ledger reads as empty; appends create .vetted/', async () => {
    const file = path.join(dir, LEDGER_PATH);
    assert.deepStrictEqual(await readLedger(nodeFs, file), { records: [], problems: [] });
    const res = await appendRecords(nodeFs, file, [toRecord(entry()), toRecord(entry({}, { id: '01JB2K7QXA' }))]);
    assert.strictEqual(res.written, 2);
    assert.strictEqual((await readLedger(nodeFs, file)).records.length, 2);
  });

  it('an append after a torn last line starts on a new line, so only the torn line is lost', async () => {
    const file = path.join(dir, LEDGER_PATH);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(file, serialiseRecord(toRecord(entry()))! + '{"version":"0.1', 'utf8');
    await appendRecords(nodeFs, file, [toRecord(entry({}, { id: '01JB2K7QXA' }))]);
    const parsed = await readLedger(nodeFs, file);
    assert.deepStrictEqual(parsed.records.map((r) => r.metadata.vetted.id), ['01JB2K7QX9', '01JB2K7QXA']);
    assert.deepStrictEqual(parsed.problems.map((p) => p.line), [2]);
  });

  it('invalid records are rejected, not written', async () => {
    const file = path.join(dir, LEDGER_PATH);
    const bad = { ...toRecord(entry()), files: [] };
    const res = await appendRecords(nodeFs, file, [bad as never, toRecord(entry())]);
    assert.deepStrictEqual([res.written, res.rejected.map((r) => r.index)], [1, [0]]);
  });

  it('rewrite is atomic: temp file then rename over the ledger, nothing left behind', async () => {
    const file = path.join(dir, LEDGER_PATH);
    await appendRecords(nodeFs, file, [toRecord(entry()), toRecord(entry({}, { status: 'reviewed' }))]);
    const calls: string[] = [];
    const spy: LedgerFs = {
      ...nodeFs,
      writeFile: async (p, d) => {
        calls.push(`write ${path.basename(p)}`);
        // While the temp file is written, the ledger is still whole.
        assert.strictEqual((await readLedger(nodeFs, file)).records.length, 2);
        return nodeFs.writeFile(p, d);
      },
      rename: async (a, b) => {
        calls.push(`rename ${path.basename(a)} -> ${path.basename(b)}`);
        return nodeFs.rename(a, b);
      },
    };
    await rewriteLedger(spy, file, [toRecord(entry({}, { status: 'reviewed' }))], 'abc');
    assert.deepStrictEqual(calls, ['write provenance.jsonl.abc.tmp', 'rename provenance.jsonl.abc.tmp -> provenance.jsonl']);
    assert.deepStrictEqual(await fsp.readdir(path.dirname(file)), ['provenance.jsonl']);
    const parsed = await readLedger(nodeFs, file);
    assert.deepStrictEqual(parsed.records.map((r) => r.metadata.vetted.status), ['reviewed']);
  });

  it('a failed rewrite leaves the old ledger intact', async () => {
    const file = path.join(dir, LEDGER_PATH);
    await appendRecords(nodeFs, file, [toRecord(entry())]);
    const failing: LedgerFs = { ...nodeFs, rename: async () => Promise.reject(new Error('EXDEV')) };
    await assert.rejects(rewriteLedger(failing, file, []));
    assert.strictEqual((await readLedger(nodeFs, file)).records.length, 1);
  });

  it('compaction keeps the last snapshot per id, tombstones included', async () => {
    const file = path.join(dir, LEDGER_PATH);
    await appendRecords(nodeFs, file, [
      toRecord(entry()),
      toRecord(entry({}, { status: 'reviewed' })),
      toRecord(entry({}, { id: '01JB2K7QXA' })),
      toRecord(entry({ removed: { reason: 'deleted', at: 'x' } }, { id: '01JB2K7QXA' })),
    ]);
    const res = await compactLedger(nodeFs, file);
    assert.deepStrictEqual([res.before, res.after], [4, 2]);
    const parsed = await readLedger(nodeFs, file);
    assert.deepStrictEqual(parsed.records.map((r) => [r.metadata.vetted.id, r.metadata.vetted.op]), [['01JB2K7QX9', 'set'], ['01JB2K7QXA', 'remove']]);
  });

  it('two windows appending concurrently lose and tear no line', async () => {
    const file = path.join(dir, LEDGER_PATH);
    const big = 'x'.repeat(150);
    const make = (w: string, i: number) =>
      toRecord(entry({ reviews: [{ status: 'reviewed', by: `${w}-${i}-${big}`, at: '2026-10-03T09:00:00Z', note: big }] }, { id: `01JB2K${w}${String(i).padStart(3, '0')}`.slice(0, 10) }));
    const ids = (w: string) => Array.from({ length: 60 }, (_, i) => make(w, i));
    // Each "window" fires all its appends at once (batches of 3 records), so the two windows' writes run
    // concurrently in the thread pool: their order is up to the OS, their integrity must not be.
    const writer = (w: string) => {
      const records = ids(w);
      const batches = [];
      for (let i = 0; i < records.length; i += 3) batches.push(appendRecords(nodeFs, file, records.slice(i, i + 3)));
      return Promise.all(batches);
    };
    await Promise.all([writer('A'), writer('B')]);
    const parsed = await readLedger(nodeFs, file);
    assert.deepStrictEqual(parsed.problems, []);
    assert.strictEqual(parsed.records.length, 120);
    const seen = new Set(parsed.records.map((r) => r.metadata.vetted.reviews![0].by));
    assert.strictEqual(seen.size, 120);
  });

  it('two node processes appending at once lose and tear no line', async () => {
    const file = path.join(dir, LEDGER_PATH);
    const ledger = path.join(__dirname, '..', '..', 'src', 'core', 'provenance', 'ledger.js');
    const script = `
      const fsp = require('fs').promises;
      const L = require(${JSON.stringify(ledger)});
      const fs = { readFile: (p) => fsp.readFile(p, 'utf8'), writeFile: (p, d) => fsp.writeFile(p, d), appendFile: (p, d) => fsp.appendFile(p, d),
        rename: (a, b) => fsp.rename(a, b), mkdir: (p, o) => fsp.mkdir(p, o) };
      const w = process.argv[1];
      const base = { path: 'src/a.ts', startLine: 0, endLine: 3, reviews: [], timestamp: '2026-10-02T14:03:12Z' };
      const meta = { src: 'paste', tool: 'unknown', conf: 'high', ts: '2026-10-02T14:03:11Z', h: '9992998ccf645ffb', status: 'unreviewed' };
      (async () => {
        const jobs = [];
        for (let i = 0; i < 100; i++) jobs.push(L.appendRecords(fs, ${JSON.stringify(file)}, [L.toRecord({ ...base, meta: { ...meta, id: '01JB2' + w + String(i).padStart(4, '0') }, reviews: [{ status: 'unreviewed', at: 'x', note: w.repeat(250) }] })]));
        await Promise.all(jobs);
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const run = (w: string) =>
      new Promise<number>((resolve) => spawn(process.execPath, ['-e', script, w], { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? -1)));
    assert.deepStrictEqual(await Promise.all([run('A'), run('B')]), [0, 0]);
    const parsed = await readLedger(nodeFs, file);
    assert.deepStrictEqual(parsed.problems, []);
    assert.strictEqual(new Set(parsed.records.map((r) => r.metadata.vetted.id)).size, 200);
  });
});
