import * as assert from 'assert';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { formatBegin, formatEnd } from '../../src/core/provenance/format';
import { ROOT } from './helpers';

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, { name: string }>;
}

describe('provenance TextMate injection grammar', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const contribution = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === 'vetted.markers.injection');
  const grammar = JSON.parse(readFileSync(path.join(ROOT, contribution.path), 'utf8'));

  it('is contributed, injected into comments of many languages', () => {
    assert.ok(existsSync(path.join(ROOT, contribution.path)));
    assert.strictEqual(grammar.injectionSelector, 'L:comment');
    assert.strictEqual(grammar.scopeName, contribution.scopeName);
    for (const scope of ['source.js', 'source.tsx', 'source.python', 'source.go', 'source.rust', 'source.sql', 'text.html.basic', 'text.html.markdown', 'source.yaml', 'source.shell', 'source.css']) {
      assert.ok(contribution.injectTo.includes(scope), scope);
    }
    assert.ok(contribution.injectTo.length >= 30);
  });

  it('highlights the tag, keys and values of written markers (patterns read as JS regexes)', () => {
    const rule: Rule = grammar.repository.provenance;
    const meta = { id: '01JB2K7QX9', src: 'paste' as const, tool: 'my tool', conf: 'high' as const, ts: '2026-10-02T14:03:11Z', h: '9992998ccf645ffb', status: 'modified' as const };
    for (const line of [formatBegin(meta, { line: '//' }), formatBegin(meta, { block: ['<!--', '-->'] }), formatEnd(meta.id, { block: ['/*', '*/'] })]) {
      const begin = new RegExp(rule.begin!).exec(line);
      assert.ok(begin && begin[1] === 'ai-provenance', line);
      const rest = line.slice(begin.index + begin[0].length);
      const stop = new RegExp(rule.end!, 'm').exec(rest);
      const inner = stop ? rest.slice(0, stop.index) : rest;
      assert.ok(!inner.includes('*/') && !inner.includes('-->'), 'the rule ends before the comment closer');
      const keys: string[] = [];
      for (const p of rule.patterns!) {
        const re = new RegExp(p.match!, 'g');
        for (let m = re.exec(inner); m; m = re.exec(inner)) keys.push(m[1]);
      }
      assert.ok(keys.includes('id'), line);
      if (line.includes('begin')) for (const k of ['v', 'src', 'tool', 'status', 'h']) assert.ok(keys.includes(k), `${k} in ${line}`);
    }
  });
});
