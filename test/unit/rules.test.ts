import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { languageFromPath } from '../../src/core/languages';
import { ALL_RULES } from '../../src/core/rules/index';
import { FIXTURES, engine } from './helpers';

/**
 * Annotated fixtures: a comment `expect: rule-id[, rule-id]` marks the next line as one that must be flagged by
 * exactly those rules; every other line must produce no finding. Vulnerable cases and their safe look-alikes
 * sit in the same file.
 */
const EXPECT = /(?:\/\/|#|\/\*)\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

function expectations(text: string): Map<number, string[]> {
  const lines = text.split('\n');
  const map = new Map<number, string[]>();
  lines.forEach((line, i) => {
    const m = EXPECT.exec(line);
    if (m) map.set(i + 1, m[1].split(/\s*,\s*/));
  });
  return map;
}

describe('rules on annotated fixtures', () => {
  const dir = path.join(FIXTURES, 'rules');
  const files = readdirSync(dir).filter((f) => languageFromPath(f));

  it('has fixtures for every rule, vulnerable and safe', () => {
    for (const rule of ALL_RULES) {
      const covering = files.filter((f) => readFileSync(path.join(dir, f), 'utf8').includes(`expect: ${rule.id}`));
      assert.ok(covering.length > 0, `no fixture exercises ${rule.id}`);
      for (const lang of rule.languages.filter((l) => l !== 'tsx' && l !== 'typescript')) {
        assert.ok(covering.some((f) => languageFromPath(f) === lang), `no ${lang} fixture for ${rule.id}`);
      }
    }
  });

  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const lines = text.split('\n');
      const expected = expectations(text);
      const result = await engine().analyze({ text, language: languageFromPath(file) });
      assert.strictEqual(result.skipped, undefined);
      assert.strictEqual(result.parseErrors, 0, 'fixture should parse cleanly');
      const problems: string[] = [];
      const got = new Map<number, string[]>();
      for (const f of result.findings) {
        const line = f.range.start.line;
        got.set(line, [...(got.get(line) ?? []), f.ruleId]);
      }
      for (const [line, ids] of got) {
        const want = expected.get(line) ?? [];
        if ([...want].sort().join() !== [...ids].sort().join()) {
          problems.push(`line ${line + 1}: got [${ids.join(', ')}], expected [${want.join(', ')}]: ${lines[line].trim()}`);
        }
      }
      for (const [line, ids] of expected) {
        if (!got.has(line)) problems.push(`line ${line + 1}: missed [${ids.join(', ')}]: ${lines[line]?.trim()}`);
      }
      assert.deepStrictEqual(problems, []);
    });
  }
});
