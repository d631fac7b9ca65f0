import * as assert from 'assert';
import { locatePath, parseJsonLocated, positionAt } from '../../src/core/policy/locate';
import { resolvePolicy } from '../../src/core/policy/resolve';

const TEXT = [
  '{',
  '  "tiers": {',
  '    "critical": { "reviewers": "two", "globs": ["a/**", 7] },',
  '    "standard": {',
  '      "allowAi": "no"',
  '    }',
  '  },',
  '  "defaultTier": "critical"',
  '}',
].join('\n');

describe('policy locate: JSON paths to positions', () => {
  it('parses like JSON.parse', () => {
    for (const t of [TEXT, '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', '"x"', ' 0 ']) {
      assert.deepStrictEqual(parseJsonLocated(t).value, JSON.parse(t), t);
    }
  });

  it('puts a key problem on the key itself', () => {
    const r = locatePath(TEXT, ['tiers', 'critical', 'reviewers']);
    assert.deepStrictEqual(r, { start: { line: 2, character: 18 }, end: { line: 2, character: 29 } });
    assert.strictEqual(TEXT.split('\n')[2].slice(18, 29), '"reviewers"');
    assert.deepStrictEqual(locatePath(TEXT, ['tiers', 'standard', 'allowAi']).start, { line: 4, character: 6 });
    assert.deepStrictEqual(locatePath(TEXT, ['defaultTier']).start, { line: 7, character: 2 });
  });

  it('puts an array element problem on the element, and a missing key on its deepest existing ancestor', () => {
    const el = locatePath(TEXT, ['tiers', 'critical', 'globs', 1]);
    assert.strictEqual(TEXT.split('\n')[2].slice(el.start.character, el.end.character), '7');
    const missing = locatePath(TEXT, ['tiers', 'critical', 'nope', 'deeper']);
    assert.deepStrictEqual(missing.start, { line: 2, character: 4 });
    assert.deepStrictEqual(locatePath(TEXT, []).start, { line: 0, character: 0 });
  });

  it('reports syntax errors with their line and column (CRLF and BOM aware)', () => {
    const bad = '\uFEFF{\r\n  "a": 1,\r\n  "b": tru\r\n}';
    const p = parseJsonLocated(bad);
    assert.ok(p.error);
    assert.deepStrictEqual(p.error.position, { line: 2, character: 7 });
    assert.match(parseJsonLocated('{"a": 1,}').error!.message, /trailing comma/);
    assert.match(parseJsonLocated('{"a": 1 // hi\n}').error!.message, /comments are not allowed/);
    assert.match(parseJsonLocated('{"a": "x\ny"}').error!.message, /unterminated string/);
    assert.match(parseJsonLocated('[' .repeat(1000)).error!.message, /nested more than/);
    assert.deepStrictEqual(positionAt('a\rb\nc', 4), { line: 2, character: 0 });
  });

  it('the resolver attaches the located range to each policy-file problem', () => {
    const r = resolvePolicy([{ source: 'policyFile', file: '.vetted/policy.json', text: TEXT }], { trusted: true });
    const at = (path: string) => r.problems.find((p) => p.path.join('.') === path)?.range?.start;
    assert.deepStrictEqual(at('tiers.critical.reviewers'), { line: 2, character: 18 });
    assert.deepStrictEqual(at('tiers.standard.allowAi'), { line: 4, character: 6 });
    assert.deepStrictEqual(at('tiers.critical.globs'), { line: 2, character: 38 });
  });

  it('notes duplicate keys (the last one counts)', () => {
    const p = parseJsonLocated('{"a": 1, "a": 2}');
    assert.deepStrictEqual(p.value, { a: 2 });
    assert.deepStrictEqual(p.duplicates.map((d) => d.path), [['a']]);
    const r = resolvePolicy([{ source: 'policyFile', text: '{"trailers": true, "trailers": false}' }], { trusted: true });
    assert.strictEqual(r.policy.trailers, false);
    assert.match(r.problems[0].message, /duplicate key "trailers"/);
  });
});
