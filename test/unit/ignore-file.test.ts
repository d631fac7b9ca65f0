import * as assert from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { addIgnoreEntry, IgnoreMatcher, parseIgnoreFile } from '../../src/core/ignoreFile';
import type { Finding } from '../../src/core/types';

function finding(ruleId: string, fingerprint: string): Finding {
  return { ruleId, cwe: [], severity: 'high', confidence: 'high', message: 'm', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, fixes: [], fingerprint };
}

const ENTRY = { fingerprint: 'eval-use:abc:0', rule: 'eval-use', reason: 'input is a constant table', by: 'ana@example.com', at: '2026-12-01T12:00:00Z' };

describe('.vetted/ignore.json', () => {
  it('parses valid entries and reports each invalid one with where it is, never throwing', () => {
    const text = JSON.stringify({ version: 1, ignores: [ENTRY, { ...ENTRY, reason: '   ' }, { ...ENTRY, at: 'yesterday' }, { fingerprint: 'x', rule: 'Bad Rule', reason: 'r', by: 'b', at: '2026-01-01' }, { ...ENTRY, extra: 1 }] });
    const r = parseIgnoreFile(text);
    assert.deepStrictEqual(r.file.ignores, [ENTRY]);
    const where = r.problems.map((p) => p.where);
    assert.ok(where.includes('ignores[1].reason'), JSON.stringify(r.problems));
    assert.ok(where.includes('ignores[2].at'));
    assert.ok(where.includes('ignores[3].rule'));
    assert.ok(where.some((w) => w.startsWith('ignores[4]')));
    assert.match(r.problems.find((p) => p.where === 'ignores[1].reason')!.message, /reason is required/);
    for (const bad of ['{', '[]', '{"version":2,"ignores":[]}', '{"version":1}', 'null', '\u0000']) {
      const p = parseIgnoreFile(bad);
      assert.strictEqual(p.file.ignores.length, 0);
      assert.ok(p.problems.length >= 1, bad);
    }
    assert.deepStrictEqual(parseIgnoreFile(undefined), { file: { version: 1, ignores: [] }, problems: [] });
  });

  it('matches by rule and fingerprint, honours path and expiry, and reports unused entries', () => {
    const file = parseIgnoreFile(
      JSON.stringify({ version: 1, ignores: [ENTRY, { ...ENTRY, fingerprint: 'eval-use:def:0', path: 'src/a.js' }, { ...ENTRY, fingerprint: 'eval-use:old:0', expires: '2026-01-01' }, { ...ENTRY, fingerprint: 'never:0' }] }),
    ).file;
    const m = new IgnoreMatcher(file, new Date('2026-12-02T00:00:00Z'));
    const r = m.filter('src/b.js', [finding('eval-use', 'eval-use:abc:0'), finding('eval-use', 'eval-use:def:0'), finding('sql-injection', 'eval-use:abc:0'), finding('eval-use', 'eval-use:old:0')]);
    assert.deepStrictEqual(r.dismissed.map((d) => d.finding.fingerprint), ['eval-use:abc:0']);
    assert.strictEqual(r.kept.length, 3);
    assert.strictEqual(m.filter('./src/a.js', [finding('eval-use', 'eval-use:def:0')]).dismissed.length, 1);
    const unused = m.unused();
    assert.deepStrictEqual(unused.map((u) => [u.index, u.expired]), [[2, true], [3, false]]);
  });

  it('addIgnoreEntry appends to the file (or starts one) and refuses an entry without a reason', () => {
    const first = addIgnoreEntry(undefined, ENTRY);
    assert.deepStrictEqual(first.problems, []);
    assert.deepStrictEqual(parseIgnoreFile(first.text).file.ignores, [ENTRY]);
    const second = addIgnoreEntry(first.text, { ...ENTRY, fingerprint: 'eval-use:zzz:0', path: 'src/x.js' });
    assert.strictEqual(parseIgnoreFile(second.text).file.ignores.length, 2);
    const bad = addIgnoreEntry(first.text, { ...ENTRY, reason: '' });
    assert.ok(bad.problems.length > 0);
    assert.strictEqual(bad.text, first.text);
  });

  describe('in vetted scan', () => {
    let tmp: string;
    beforeEach(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'vetted-ignore-'));
      mkdirSync(path.join(tmp, 'src'));
      writeFileSync(path.join(tmp, 'src', 'calc.js'), "const express = require('express');\nconst app = express();\napp.get('/c', (req, res) => res.send(String(eval(req.query.e))));\n");
    });
    afterEach(() => rmSync(tmp, { recursive: true, force: true }));

    async function scan(...args: string[]) {
      let out = '';
      let err = '';
      const code = await main(['scan', ...args], { cwd: tmp, stdout: (t) => (out += t), stderr: (t) => (err += t) });
      return { code, out, err };
    }

    it('drops dismissed findings from the count, lists them in text, json and sarif, and reports unused entries', async () => {
      const before = JSON.parse((await scan('.', '--format', 'json')).out) as { files: Array<{ findings: Finding[] }> };
      const target = before.files[0].findings.find((f) => f.ruleId === 'eval-use') ?? before.files[0].findings[0];
      assert.ok(target, 'fixture has a finding');
      mkdirSync(path.join(tmp, '.vetted'));
      writeFileSync(
        path.join(tmp, '.vetted', 'ignore.json'),
        JSON.stringify({ version: 1, ignores: [{ fingerprint: target.fingerprint, rule: target.ruleId, path: 'src/calc.js', reason: 'expression comes from an allow-list', by: 'ana@example.com', at: '2026-12-01T12:00:00Z' }, { ...ENTRY, fingerprint: 'gone:0' }] }),
      );
      const text = await scan('.', '--fail-on', 'none');
      assert.match(text.out, /dismissed .*\(\.vetted\/ignore\.json, by ana@example\.com: expression comes from an allow-list\)/);
      assert.match(text.out, /1 dismissed/);
      assert.match(text.err, /ignores\[1\].*unused ignore entry/);
      const json = JSON.parse((await scan('.', '--format', 'json')).out) as { files: Array<{ findings: Finding[]; dismissed: Array<{ reason: string }> }> };
      assert.ok(!json.files[0].findings.some((f) => f.fingerprint === target.fingerprint));
      assert.strictEqual(json.files[0].dismissed[0].reason, 'expression comes from an allow-list');
      const sarif = JSON.parse((await scan('.', '--format', 'sarif')).out) as { runs: Array<{ results: Array<{ partialFingerprints: Record<string, string>; suppressions?: Array<{ kind: string; justification: string }> }> }> };
      const r = sarif.runs[0].results.find((x) => x.partialFingerprints['vettedFingerprint/v1'] === target.fingerprint);
      assert.deepStrictEqual(r?.suppressions?.map((s) => [s.kind, s.justification]), [['external', 'expression comes from an allow-list']]);
    });
  });
});
