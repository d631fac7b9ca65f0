import * as assert from 'assert';
import * as path from 'path';
import { languageFromPath } from '../../src/core/languages';
import { CORPUS_RULES, corpusFiles, expandFakes, loadCorpus, parseLabels, FAKE_KINDS } from '../../scripts/corpus';
import { ROOT, engine } from './helpers';

/** The evaluation corpus (test/corpus/, see its README.md) is well-formed. Detection figures are not asserted here. */
describe('evaluation corpus', () => {
  const dir = path.join(ROOT, 'test', 'corpus');
  const files = loadCorpus(dir);

  it('has files in every folder and labels for every rule it knows, vulnerable and safe', () => {
    assert.ok(files.length >= 40, `only ${files.length} corpus files`);
    for (const rule of CORPUS_RULES) {
      const labels = files.flatMap((f) => f.labels).filter((l) => l.rule === rule);
      assert.ok(labels.some((l) => l.kind === 'vuln'), `no vulnerable label for ${rule}`);
      assert.ok(labels.some((l) => l.kind === 'safe'), `no safe label for ${rule}`);
    }
  });

  it('every label is well-formed and points at a line of code', () => {
    const problems = files.flatMap((f) => f.problems.map((p) => `${f.rel}: ${p}`));
    assert.deepStrictEqual(problems, []);
  });

  it('every code file parses without errors', async () => {
    const bad: string[] = [];
    for (const f of files) {
      const language = languageFromPath(f.rel);
      if (!language) continue;
      const result = await engine().analyze({ text: f.text, language });
      if (result.skipped) bad.push(`${f.rel}: skipped (${result.skipped.kind})`);
      else if (result.parseErrors) bad.push(`${f.rel}: ${result.parseErrors} parse error(s)`);
      else if (result.findings.some((x) => x.ruleId === 'internal-error')) bad.push(`${f.rel}: a rule failed`);
    }
    assert.deepStrictEqual(bad, []);
  });

  it('lists README.md and sidecars as documentation, not corpus files', () => {
    const names = corpusFiles(dir).map((f) => path.relative(dir, f));
    assert.ok(!names.includes('README.md'));
    assert.ok(!names.some((n) => n.endsWith('.labels')));
  });

  describe('label parser', () => {
    it('applies stacked labels to the next non-label line', () => {
      const { labels, problems } = parseLabels(['// vetted-eval: vuln sql-injection', '// vetted-eval: safe sensitive-logging', 'db.query(q);', ''].join('\n'));
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(labels.map((l) => [l.kind, l.rule, l.line]), [['vuln', 'sql-injection', 2], ['safe', 'sensitive-logging', 2]]);
    });

    it('accepts JSX and HTML comment syntax', () => {
      const { labels, problems } = parseLabels(['{/* vetted-eval: vuln xss-html-sink */}', '<div dangerouslySetInnerHTML={{ __html: x }} />', '<!-- vetted-eval: safe hardcoded-secret -->', 'text'].join('\n'), undefined, false);
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(labels.map((l) => [l.rule, l.line]), [['xss-html-sink', 1], ['hardcoded-secret', 3]]);
    });

    it('reports unknown kinds and rules, dangling labels, comment targets and contradictions', () => {
      const text = [
        '// vetted-eval: maybe sql-injection',
        'a();',
        '// vetted-eval: vuln sql-injecton',
        'b();',
        '// vetted-eval: vuln sql-injection',
        '// a comment, not code',
        '// vetted-eval: vuln weak-hash',
        '// vetted-eval: safe weak-hash',
        'c();',
        'd(); // vetted-eval: vuln weak-hash',
        '// vetted-eval: vuln weak-cipher',
      ].join('\n');
      const { problems } = parseLabels(text);
      assert.strictEqual(problems.length, 6, problems.join('\n'));
      assert.ok(problems.some((p) => p.includes('unknown label kind "maybe"')));
      assert.ok(problems.some((p) => p.includes('unknown rule id "sql-injecton"')));
      assert.ok(problems.some((p) => p.includes('comment line, not code')));
      assert.ok(problems.some((p) => p.includes('both vuln and safe')));
      assert.ok(problems.some((p) => p.includes('line of its own')));
      assert.ok(problems.some((p) => p.includes('end of file')));
    });

    it('reads sidecar labels by line number', () => {
      const { labels, problems } = parseLabels('{\n  "password": "x"\n}\n', '# comment\n2 vuln hardcoded-secret\n9 safe hardcoded-secret\n', false);
      assert.deepStrictEqual(labels.map((l) => l.line), [1]);
      assert.strictEqual(problems.length, 1);
    });
  });

  it('expands fake provider keys on one line, deterministically, for every kind', () => {
    for (const kind of Object.keys(FAKE_KINDS)) {
      const src = `a\nkey = "__VETTED_FAKE_${kind}__"\nb`;
      const out = expandFakes(src);
      assert.strictEqual(out.split('\n').length, 3, kind);
      assert.ok(!out.includes('__VETTED_FAKE_'), kind);
      assert.strictEqual(expandFakes(src), out, kind);
    }
  });
});
