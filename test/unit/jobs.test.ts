import * as assert from 'assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT_ERROR, main } from '../../src/cli/main';
import { FIXTURES } from './helpers';

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('cli --jobs', function () {
  this.timeout(300000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'vetted-jobs-'));
    cpSync(path.join(FIXTURES, 'rules'), path.join(tmp, 'rules'), { recursive: true });
    cpSync(path.join(FIXTURES, 'workspace'), path.join(tmp, 'workspace'), { recursive: true });
    writeFileSync(path.join(tmp, 'rules', 'minified.js'), `var a=${'1+'.repeat(5000)}1;\n`);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const format of ['json', 'sarif', 'text']) {
    it(`gives the same ${format} report on worker threads as in-process`, async () => {
      const one = await run(tmp, 'scan', '.', '--format', format, '--jobs', '1');
      const two = await run(tmp, 'scan', '.', '--format', format, '--jobs', '2');
      const three = await run(tmp, 'scan', '.', '--format', format, '--jobs=3');
      assert.ok(one.out.length > 1000, one.err);
      assert.strictEqual(two.out, one.out);
      assert.strictEqual(three.out, one.out);
      assert.strictEqual(two.code, one.code);
      assert.strictEqual(two.err, one.err);
    });
  }

  it('lists files sorted by path, with the skipped minified file', async () => {
    const r = await run(tmp, 'scan', '.', '--format', 'json', '--jobs', '2', '--fail-on', 'none');
    const report = JSON.parse(r.out);
    const paths: string[] = report.files.map((f: { path: string }) => f.path);
    assert.ok(paths.length > 60);
    assert.deepStrictEqual(paths, [...paths].sort());
    assert.ok(JSON.stringify(report.skipped ?? []).includes('minified.js'));
  });

  it('rejects a --jobs value that is not a positive whole number', async () => {
    for (const bad of ['0', '-1', 'two', '1.5']) {
      const r = await run(tmp, 'scan', '.', `--jobs=${bad}`);
      assert.strictEqual(r.code, EXIT_ERROR);
      assert.match(r.err, /--jobs/);
    }
  });
});
