import * as assert from 'assert';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/core/engine';
import { suppressionEdit } from '../../src/core/suppress';
import type { ParsedLanguage } from '../../src/core/types';
import { Parsers } from '../../src/core/parser';
import { nodeWasmSource } from '../../src/cli/wasm';
import { applyEdits, engine } from './helpers';

async function analyse(language: ParsedLanguage, text: string, options = DEFAULT_ENGINE_OPTIONS) {
  return engine().analyze({ text, language }, options);
}

describe('suppressions', () => {
  it('a comment above with a reason hides the finding and records why', async () => {
    const r = await analyse('javascript', 'function f(x) {\n  // vetted-ignore code-injection -- x comes from our own build step\n  return eval(x);\n}\n');
    assert.deepStrictEqual(r.findings, []);
    assert.strictEqual(r.suppressed?.length, 1);
    assert.strictEqual(r.suppressed![0].finding.ruleId, 'code-injection');
    assert.strictEqual(r.suppressed![0].reason, 'x comes from our own build step');
  });

  it('a trailing comment works too, in Python', async () => {
    const r = await analyse('python', 'def f(x):\n    return eval(x)  # vetted-ignore code-injection -- admin-only REPL\n');
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), []);
    assert.strictEqual(r.suppressed?.length, 1);
  });

  it('without a reason it does not suppress and is reported', async () => {
    const r = await analyse('javascript', '// vetted-ignore code-injection\neval(x);\n');
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId).sort(), ['code-injection', 'invalid-suppression']);
  });

  it('reports unused suppressions and unknown rule ids', async () => {
    const r = await analyse('javascript', '// vetted-ignore code-injection -- legacy\nconst a = 1;\n// vetted-ignore no-such-rule -- because\neval(x);\n');
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId).sort(), ['code-injection', 'invalid-suppression', 'unused-suppression']);
  });

  it('does not report a suppression of a rule that is switched off as unused', async () => {
    const r = await analyse('javascript', '// vetted-ignore code-injection -- legacy\neval(x);\n', { ...DEFAULT_ENGINE_OPTIONS, rules: { 'code-injection': 'off' } });
    assert.deepStrictEqual(r.findings, []);
  });

  it('ignores the marker inside a string', async () => {
    const r = await analyse('javascript', "const s = '// vetted-ignore code-injection -- nope';\neval(x);\n");
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['code-injection']);
  });

  it('builds the suppression comment in the right syntax: //, # and JSX children', async () => {
    const parsers = new Parsers(nodeWasmSource(__dirname));
    const cases: Array<[ParsedLanguage, string, number, string]> = [
      ['javascript', 'function f(x) {\n  return eval(x);\n}\n', 1, '  // vetted-ignore code-injection -- trusted input\n  return eval(x);'],
      ['python', 'def f(x):\n    return eval(x)\n', 1, '    # vetted-ignore code-injection -- trusted input\n    return eval(x)'],
      ['tsx', 'const A = ({ b }: { b: string }) => (\n  <div>\n    <p dangerouslySetInnerHTML={{ __html: b }} />\n  </div>\n);\n', 2, '    {/* vetted-ignore code-injection -- trusted input */}\n    <p dangerouslySetInnerHTML'],
    ];
    for (const [language, text, line, expected] of cases) {
      const tree = await parsers.parse(language, text);
      const out = applyEdits(text, [suppressionEdit(text, language, tree, line, 'code-injection', 'trusted input')]);
      tree.delete();
      assert.ok(out.includes(expected), out);
      const again = await parsers.parse(language, out);
      assert.ok(!again.rootNode.hasError, `still parses:\n${out}`);
      again.delete();
    }
  });
});
