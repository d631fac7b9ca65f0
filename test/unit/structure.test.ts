import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';
import { GRAMMAR_FILES } from '../../src/core/languages';
import { ALL_RULES } from '../../src/core/rules/index';
import { ROOT } from './helpers';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('structure', () => {
  it('src/core never imports vscode (nor reads the file system)', () => {
    const offenders = walk(path.join(ROOT, 'src', 'core'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from\s+['"](vscode|fs|node:fs|fs\/promises)['"]|require\(\s*['"](vscode|fs)['"]\s*\)/.test(readFileSync(f, 'utf8')));
    assert.deepStrictEqual(offenders, []);
  });

  it('loads every shipped grammar in the pinned web-tree-sitter and parses with it', async () => {
    const modules = path.join(ROOT, 'node_modules');
    await Parser.init({ wasmBinary: readFileSync(path.join(modules, 'web-tree-sitter', 'web-tree-sitter.wasm')) });
    for (const file of Object.values(GRAMMAR_FILES)) {
      const lang = await Language.load(readFileSync(path.join(modules, '@vscode', 'tree-sitter-wasm', 'wasm', file)));
      const parser = new Parser();
      parser.setLanguage(lang);
      const tree = parser.parse('x = 1\n');
      assert.ok(tree && tree.rootNode.childCount > 0, file);
      parser.delete();
    }
  });

  it('every rule has a doc page with its CWE, and complete metadata', () => {
    const ids = new Set<string>();
    for (const r of ALL_RULES) {
      assert.ok(!ids.has(r.id), `duplicate rule id ${r.id}`);
      ids.add(r.id);
      assert.match(r.id, /^[a-z0-9-]+$/);
      assert.ok(r.cwe.length && r.cwe.every((c) => /^CWE-\d+$/.test(c)), r.id);
      assert.ok(r.summary && r.help.includes('**Fix:**'), `${r.id} help explains the fix`);
      const doc = readFileSync(path.join(ROOT, 'docs', 'rules', `${r.id}.md`), 'utf8');
      for (const c of r.cwe) assert.ok(doc.includes(c), `${r.id}.md mentions ${c}`);
    }
  });
});

describe('rule docs', () => {
  it('are up to date with the rule metadata (run `npm run docs` after changing a rule)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ruleDoc } = require('../../scripts/gen-docs') as typeof import('../../scripts/gen-docs');
    for (const r of ALL_RULES) {
      assert.strictEqual(readFileSync(path.join(ROOT, 'docs', 'rules', `${r.id}.md`), 'utf8'), ruleDoc(r), `${r.id}.md is stale`);
    }
  });
});
