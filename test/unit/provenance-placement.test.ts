import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import type { Tree } from 'web-tree-sitter';
import { Parsers } from '../../src/core/parser';
import { nodeWasmSource } from '../../src/cli/wasm';
import { languageFromVscodeId } from '../../src/core/languages';
import { beginLineEdit, formatTimestamp, newRegionId, removeMarkerEdits, scanMarkers } from '../../src/core/provenance/format';
import { scanStylesFor } from '../../src/core/provenance/comments';
import { planMarkers, type MarkerPlan, type PlanOptions } from '../../src/core/provenance/placement';
import type { RegionMeta } from '../../src/core/provenance/types';
import { applyEdits, FIXTURES, seededRandom as prng } from './helpers';

const META: RegionMeta = {
  id: '01JB2K7QX9',
  src: 'paste',
  tool: 'unknown',
  conf: 'high',
  ts: '2026-10-02T14:03:11Z',
  h: '0000000000000000',
  status: 'unreviewed',
};

const parsers = new Parsers(nodeWasmSource(__dirname));

async function treeFor(languageId: string, text: string): Promise<Tree | undefined> {
  const lang = languageFromVscodeId(languageId);
  return lang ? parsers.parse(lang, text) : undefined;
}

interface Tagged {
  readonly out: string;
  readonly plan: MarkerPlan;
  readonly beginLine: string;
  readonly endLine: string;
}

/** Tags lines [sl, el] (or a character range), checks the round trip, returns the new text. */
async function tag(languageId: string, text: string, sl: number, el: number, opts: { sc?: number; ec?: number; meta?: RegionMeta; options?: PlanOptions } = {}): Promise<Tagged> {
  const tree = await treeFor(languageId, text);
  const meta = opts.meta ?? META;
  const range = { start: { line: sl, character: opts.sc ?? 0 }, end: { line: el, character: opts.ec ?? text.split('\n')[el].length } };
  const r = planMarkers(text, languageId, range, meta, { tree, ...opts.options });
  if ('reason' in r) assert.fail(`${languageId}: ${r.reason}`);
  const out = applyEdits(text, r.edits);
  // scanning finds exactly this region, unmodified
  const scan = scanMarkers(out, scanStylesFor(languageId));
  assert.deepStrictEqual(scan.problems, [], `${languageId}:\n${out}`);
  assert.strictEqual(scan.regions.length, 1, `${languageId}:\n${out}`);
  const g = scan.regions[0];
  assert.deepStrictEqual(g.meta, r.meta);
  assert.strictEqual(g.actualHash, r.meta.h, `${languageId}: hash`);
  assert.deepStrictEqual([g.beginLine, g.endLine], [r.startLine, r.endLine + 2]);
  // removing the two marker lines gives the original text back
  const lines = out.split('\n');
  const restored = lines.filter((_, i) => i !== g.beginLine && i !== g.endLine).join('\n');
  assert.strictEqual(restored, text, `${languageId}: only two lines were added`);
  assert.strictEqual(applyEdits(out, removeMarkerEdits(out, g)), text, `${languageId}: removing the tag restores the text`);
  // mark reviewed in place: still one region, same hash, reviewer kept
  const edit = beginLineEdit(out, g.beginLine, scanStylesFor(languageId), { status: 'reviewed', reviewer: 'Ada L.' });
  assert.ok(edit, `${languageId}: begin line edit`);
  const reviewed = scanMarkers(applyEdits(out, [edit]), scanStylesFor(languageId));
  assert.deepStrictEqual(reviewed.regions.map((x) => [x.meta.status, x.meta.reviewer, x.actualHash === x.meta.h]), [['reviewed', 'Ada L.', true]]);
  // the file still parses as before
  if (tree) {
    const again = await treeFor(languageId, out);
    assert.strictEqual(again!.rootNode.hasError, tree.rootNode.hasError, `${languageId}: the markers broke the syntax:\n${out}`);
    again!.delete();
    tree.delete();
  }
  return { out, plan: r, beginLine: lines[g.beginLine], endLine: lines[g.endLine] };
}

describe('provenance placement: round trip per language', () => {
  // [languageId, text, first line, last line, expected begin-line prefix (with indentation)]
  const cases: Array<[string, string, number, number, string]> = [
    ['javascript', 'function f() {\n  const a = 1;\n  return a;\n}\n', 1, 2, '  // ai-provenance:begin'],
    ['typescript', 'class A {\n  x = 1;\n  m(): number {\n    return this.x;\n  }\n}\n', 2, 4, '  // ai-provenance:begin'],
    ['shellscript', '#!/bin/bash\nset -e\necho "$1"\n', 0, 2, '# ai-provenance:begin'],
    ['go', 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n', 4, 6, '// ai-provenance:begin'],
    ['rust', 'fn main() {\n    let x = 1;\n    println!("{}", x);\n}\n', 1, 2, '    // ai-provenance:begin'],
    ['java', 'class A {\n  void f() {\n    g();\n  }\n}\n', 1, 3, '  // ai-provenance:begin'],
    ['csharp', 'class A {\n    void F() {\n        G();\n    }\n}\n', 2, 2, '        // ai-provenance:begin'],
    ['c', '#include <stdio.h>\nint main(void) {\n  puts("x");\n}\n', 1, 3, '// ai-provenance:begin'],
    ['cpp', 'int main() {\n  return 0;\n}\n', 1, 1, '  // ai-provenance:begin'],
    ['php', '<?php\n$a = $_GET["a"];\necho $a;\n', 0, 2, '// ai-provenance:begin'],
    ['ruby', 'def f\n  puts 1\nend\n', 0, 2, '# ai-provenance:begin'],
    ['sql', 'SELECT 1;\nSELECT *\n  FROM t;\n', 1, 2, '-- ai-provenance:begin'],
    ['html', '<body>\n  <p>a</p>\n  <p>b</p>\n</body>\n', 1, 2, '  <!-- ai-provenance:begin'],
    ['xml', '<?xml version="1.0"?>\n<a>\n  <b/>\n</a>\n', 0, 3, '<!-- ai-provenance:begin'],
    ['yaml', 'a: 1\nb:\n  c: 2\n', 1, 2, '# ai-provenance:begin'],
    ['dockercompose', 'services:\n  web:\n    image: nginx\n', 1, 2, '  # ai-provenance:begin'],
    ['toml', '[a]\nb = 1\n', 0, 1, '# ai-provenance:begin'],
    ['ini', '[a]\nb = 1\n', 1, 1, '; ai-provenance:begin'],
    ['dockerfile', 'FROM node:20\nRUN npm ci\n', 0, 1, '# ai-provenance:begin'],
    ['makefile', 'all:\n\techo hi\n', 0, 1, '# ai-provenance:begin'],
    ['lua', 'local a = 1\nprint(a)\n', 0, 1, '-- ai-provenance:begin'],
    ['perl', 'my $a = 1;\nprint $a;\n', 0, 1, '# ai-provenance:begin'],
    ['r', 'x <- 1\nprint(x)\n', 0, 1, '# ai-provenance:begin'],
    ['swift', 'let a = 1\nprint(a)\n', 0, 1, '// ai-provenance:begin'],
    ['kotlin', 'fun main() {\n    println(1)\n}\n', 1, 1, '    // ai-provenance:begin'],
    ['scala', 'object A {\n  val a = 1\n}\n', 1, 1, '  // ai-provenance:begin'],
    ['css', 'a {\n  color: red;\n}\n', 0, 2, '/* ai-provenance:begin'],
    ['scss', 'a {\n  color: red;\n}\n', 1, 1, '  // ai-provenance:begin'],
    ['less', 'a { color: red; }\n', 0, 0, '// ai-provenance:begin'],
    ['powershell', 'Write-Host "a"\nWrite-Host "b"\n', 0, 1, '# ai-provenance:begin'],
    ['bat', '@echo off\necho %1\n', 1, 1, '@REM ai-provenance:begin'],
    ['haskell', 'main :: IO ()\nmain = print 1\n', 0, 1, '-- ai-provenance:begin'],
    ['elixir', 'defmodule A do\n  def f, do: 1\nend\n', 1, 1, '  # ai-provenance:begin'],
    ['clojure', '(defn f [] 1)\n', 0, 0, '; ai-provenance:begin'],
    ['terraform', 'resource "a" "b" {\n  c = 1\n}\n', 0, 2, '# ai-provenance:begin'],
    ['markdown', '# Title\n\nSome text.\n', 2, 2, '<!-- ai-provenance:begin'],
  ];
  for (const [languageId, text, sl, el, prefix] of cases) {
    it(`${languageId}: whole lines, ${prefix.trim().split(' ')[0]} markers with the block's indentation`, async () => {
      const t = await tag(languageId, text, sl, el);
      assert.ok(t.beginLine.startsWith(prefix), t.out);
      assert.ok(t.endLine.startsWith(prefix.replace('begin', 'end')), t.out);
    });
  }
  it('covers at least 25 languages', () => assert.ok(new Set(cases.map((c) => c[0])).size >= 25));
});

describe('provenance placement: statement and node boundaries', () => {
  it('JSX children get {/* */} markers; a partial-line range is widened to whole elements', async () => {
    const text = 'export const A = () => (\n  <div>\n    <h1>Hi</h1>\n    <p>{text}</p>\n  </div>\n);\n';
    for (const lang of ['typescriptreact', 'javascriptreact']) {
      const t = await tag(lang, text, 2, 3, { sc: 8, ec: 5 });
      assert.strictEqual(t.beginLine, `    {/* ai-provenance:begin v=1 id=01JB2K7QX9 src=paste tool=unknown conf=high ts=2026-10-02T14:03:11Z h=${t.plan.meta.h} status=unreviewed */}`);
      assert.strictEqual(t.endLine, '    {/* ai-provenance:end id=01JB2K7QX9 */}');
      assert.strictEqual(t.plan.jsxChild, true);
    }
  });

  it('a range covering the JSX element itself uses // around the statement', async () => {
    const text = 'function A() {\n  return (\n    <div>\n      <p/>\n    </div>\n  );\n}\n';
    const t = await tag('javascriptreact', text, 2, 4);
    assert.deepStrictEqual([t.plan.startLine, t.plan.endLine, t.plan.jsxChild], [1, 5, false]);
    assert.ok(t.beginLine.startsWith('  // ai-provenance:begin'));
  });

  it('never inside a template literal, string or comment: widened to the whole statement', async () => {
    const js = 'function f(id) {\n  const q = `SELECT *\n    FROM t\n    WHERE id = ${id}`;\n  return q;\n}\n';
    const t = await tag('javascript', js, 2, 2);
    assert.deepStrictEqual([t.plan.startLine, t.plan.endLine], [1, 3]);
    const uni = 'const s = "日本🙂🙂 é";\nfunction f() {\n  const t = `🙂\n🙂`;\n  g();\n}\n';
    const w = await tag('javascript', uni, 3, 3, { ec: 2 });
    assert.deepStrictEqual([w.plan.startLine, w.plan.endLine], [2, 3], 'offsets are UTF-16 code units, as in tree-sitter');
    const c = 'a();\n/* one\n   two\n   three */\nb();\n';
    const u = await tag('typescript', c, 2, 4);
    assert.deepStrictEqual([u.plan.startLine, u.plan.endLine], [1, 4]);
    const py = 'def f():\n    s = """\n    text\n    """\n    return s\n';
    const v = await tag('python', py, 2, 2);
    assert.deepStrictEqual([v.plan.startLine, v.plan.endLine], [1, 3]);
    assert.ok(v.beginLine.startsWith('    # ai-provenance:begin'));
  });

  it('a range ending inside a statement takes the whole statement; one starting mid-line takes the line', async () => {
    const js = 'const a = 1; const b = {\n  x: 1,\n  y: 2,\n};\nc();\n';
    const t = await tag('javascript', js, 1, 1);
    assert.deepStrictEqual([t.plan.startLine, t.plan.endLine], [1, 1], 'an object member is a boundary');
    const u = await tag('javascript', js, 0, 1, { sc: 14 });
    assert.deepStrictEqual([u.plan.startLine, u.plan.endLine], [0, 3]);
    const py = 'if x: y()\nz = [\n  1,\n  2]\n';
    const v = await tag('python', py, 2, 2);
    assert.deepStrictEqual([v.plan.startLine, v.plan.endLine], [1, 3]);
    const w = await tag('python', py, 0, 0, { sc: 6 });
    assert.deepStrictEqual([w.plan.startLine, w.plan.endLine], [0, 0]);
  });

  it('nested blocks: a Python method body, indentation kept', async () => {
    const py = 'class A:\n    def f(self):\n        a = 1\n        return a\n';
    const t = await tag('python', py, 2, 3);
    assert.ok(t.beginLine.startsWith('        # ai-provenance:begin'), t.out);
  });

  it('Python: never above a shebang or encoding line', async () => {
    const py = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nimport os\nprint(os.name)\n';
    const t = await tag('python', py, 0, 3);
    assert.strictEqual(t.plan.startLine, 2);
    assert.ok(t.out.startsWith('#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# ai-provenance:begin'));
    const enc = '# vim: set fileencoding=latin-1 :\nx = 1\n';
    assert.strictEqual((await tag('python', enc, 0, 1)).plan.startLine, 1);
    const only = planMarkers(py, 'python', { start: { line: 0, character: 0 }, end: { line: 1, character: 3 } }, META, { tree: await treeFor('python', py) });
    assert.ok('reason' in only);
  });

  it('YAML: never inside a | or > block scalar (a # there is data)', async () => {
    const y = 'run: |\n  echo a\n  echo b\nnext: >-\n  folded\n  text\nlast: 1\n';
    const t = await tag('yaml', y, 1, 1);
    assert.deepStrictEqual([t.plan.startLine, t.plan.endLine], [0, 2]);
    const u = await tag('yaml', y, 3, 3);
    assert.deepStrictEqual([u.plan.startLine, u.plan.endLine], [3, 5]);
    const v = await tag('yaml', y, 6, 6);
    assert.deepStrictEqual([v.plan.startLine, v.plan.endLine], [6, 6]);
  });

  it('Markdown: fenced code stays untouched (markers go around the whole fence)', async () => {
    const md = 'Intro\n\n```js\nconst a = 1;\nconst b = 2;\n```\n\nAfter\n';
    const t = await tag('markdown', md, 3, 4);
    assert.deepStrictEqual([t.plan.startLine, t.plan.endLine], [2, 5]);
    assert.ok(t.out.includes('```js\nconst a = 1;\nconst b = 2;\n```'), t.out);
    assert.ok(t.out.includes('-->\n```js') && t.out.includes('```\n<!-- ai-provenance:end'), t.out);
    const fm = '---\ntitle: x\n---\nBody\n';
    assert.strictEqual((await tag('markdown', fm, 0, 3)).plan.startLine, 3);
  });

  it('HTML, Vue and Svelte: <script> and <style> sections get their own comment form', async () => {
    const html = '<html>\n<script>\n  const a = 1;\n  go(a);\n</script>\n<style>\n  p { color: red; }\n</style>\n</html>\n';
    const s = await tag('html', html, 2, 3);
    assert.ok(s.beginLine.startsWith('  // ai-provenance:begin'), s.out);
    const c = await tag('html', html, 6, 6);
    assert.ok(c.beginLine.startsWith('  /* ai-provenance:begin') && c.beginLine.endsWith(' */'), c.out);
    const x = await tag('html', html, 0, 2);
    assert.deepStrictEqual([x.plan.startLine, x.plan.endLine], [0, 4], 'a range crossing into the script takes the whole element');
    assert.ok(x.beginLine.startsWith('<!-- ai-provenance:begin'));
    const vue = '<template>\n  <div>{{ a }}</div>\n</template>\n<script setup>\nconst a = 1\n</script>\n';
    assert.ok((await tag('vue', vue, 1, 1)).beginLine.startsWith('  <!-- ai-provenance:begin'));
    assert.ok((await tag('vue', vue, 4, 4)).beginLine.startsWith('// ai-provenance:begin'));
    assert.ok((await tag('svelte', '<script>\n  let a = 1;\n</script>\n<p>{a}</p>\n', 3, 3)).beginLine.startsWith('<!-- ai-provenance:begin'));
  });

  it('shell, Ruby and PHP here-documents are data: markers go around the whole here-document', async () => {
    const sh = '#!/bin/sh\ncat <<EOF > a.conf\n# not a comment\nkey=1\nEOF\necho done\n';
    const t = await tag('shellscript', sh, 2, 3);
    assert.deepStrictEqual([t.plan.startLine, t.plan.endLine], [1, 4]);
    const u = await tag('shellscript', sh, 4, 5);
    assert.deepStrictEqual([u.plan.startLine, u.plan.endLine], [1, 5]);
    const rb = 'sql = <<~SQL\n  SELECT 1\nSQL\nputs sql\nx << y\n';
    assert.deepStrictEqual((await tag('ruby', rb, 1, 1)).plan.startLine, 0);
    assert.deepStrictEqual((await tag('ruby', rb, 4, 4)).plan.startLine, 4, '<< with a space is an operator in Ruby');
    const php = '<?php\n$s = <<<EOT\n  # text\n  EOT;\necho $s;\n';
    const p = await tag('php', php, 2, 2);
    assert.deepStrictEqual([p.plan.startLine, p.plan.endLine], [1, 3]);
  });

  it('Dockerfile directives, XML declarations and doctypes stay first', async () => {
    const df = '# syntax=docker/dockerfile:1\n# escape=`\nFROM node:20\n';
    assert.strictEqual((await tag('dockerfile', df, 0, 2)).plan.startLine, 2);
    const html = '<!DOCTYPE html>\n<p>a</p>\n';
    assert.strictEqual((await tag('html', html, 0, 1)).plan.startLine, 1);
  });

  it('existing tagged blocks: a new tag nests around or inside them, never across; the same lines are refused', async () => {
    const base = 'a = 1\nb = 2\nc = 3\nd = 4\n';
    const first = await tag('ruby', base, 1, 2);
    const second: RegionMeta = { ...META, id: '01JB2K7QXA' };
    // lines 0..2 of the tagged text cut through the first block (its begin is line 1, its end line 4)
    const r = planMarkers(first.out, 'ruby', { start: { line: 0, character: 0 }, end: { line: 2, character: 5 } }, second);
    assert.ok(!('reason' in r));
    assert.deepStrictEqual([r.startLine, r.endLine], [0, 4]);
    const out = applyEdits(first.out, r.edits);
    const scan = scanMarkers(out, { line: '#' });
    assert.deepStrictEqual(scan.problems, []);
    assert.deepStrictEqual(scan.regions.map((g) => [g.meta.id, g.actualHash === g.meta.h]), [[second.id, true], [META.id, true]]);
    const inner = planMarkers(first.out, 'ruby', { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }, second);
    assert.ok(!('reason' in inner) && inner.startLine === 2);
    const same = planMarkers(first.out, 'ruby', { start: { line: 2, character: 0 }, end: { line: 3, character: 5 } }, second);
    assert.match('reason' in same ? same.reason : '', /already tagged/);
  });

  it('CRLF documents get CRLF marker lines', async () => {
    const text = 'a = 1\r\nb = 2\r\n';
    const r = planMarkers(text, 'ruby', { start: { line: 0, character: 0 }, end: { line: 1, character: 5 } }, META);
    assert.ok(!('reason' in r));
    const out = applyEdits(text, r.edits);
    assert.match(out, /^# ai-provenance:begin [^\r\n]*\r\na = 1\r\nb = 2\r\n# ai-provenance:end id=01JB2K7QX9\r\n$/);
    assert.strictEqual(scanMarkers(out, { line: '#' }).regions[0].actualHash, r.meta.h);
  });
});

describe('provenance placement: refusals', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
  it('gives a reason instead of an edit where the file cannot hold a marker', async () => {
    const reason = (text: string, lang: string, r = range, options: PlanOptions = {}) => {
      const p = planMarkers(text, lang, r, META, options);
      return 'reason' in p ? p.reason : undefined;
    };
    assert.match(reason('{"a": 1}\n', 'json') ?? '', /ledger only/);
    assert.match(reason('{"a": 1}\n', 'jsonc', range, { configuration: { lineComment: '//' } }) ?? '', /ledger only/);
    assert.match(reason('plain\n', 'plaintext') ?? '', /cannot hold comments/);
    assert.match(reason('a();\n', 'javascript') ?? '', /parse tree/);
    assert.match(reason('\n\n', 'ruby', { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }) ?? '', /no code/);
    assert.match(reason('<p>hi</p>\n<?php echo 1; ?>\n', 'php') ?? '', /outside <\?php/);
    assert.match(reason('a\n', 'ruby', range, {}) ?? 'none', /none/);
    assert.match(planMarkers('a\n', 'ruby', range, { ...META, id: 'bad id' }) && (planMarkers('a\n', 'ruby', range, { ...META, id: 'bad id' }) as { reason: string }).reason, /invalid provenance data/);
    assert.match(reason('#!/bin/sh\n', 'shellscript') ?? '', /header/);
  });

  it('an unknown language uses the editor configuration', async () => {
    const p = planMarkers('x\n', 'my-lang', range, META, { configuration: { lineComment: '!' } });
    assert.ok(!('reason' in p));
    assert.ok(p.edits[0].newText.startsWith('! ai-provenance:begin'));
  });
});

describe('provenance placement: no generated-file markers', () => {
  it('never writes @generated, "Generated by" or "Code generated", also at line 0', async () => {
    const meta: RegionMeta = { ...META, tool: 'Code generated by @generated tool', model: 'Generated by AI', reviewer: 'DO NOT EDIT', status: 'reviewed' };
    const files: Array<[string, string]> = [
      ['go', 'package main\n\nfunc main() {}\n'],
      ['rust', 'fn main() {}\n'],
      ['javascript', 'a();\n'],
      ['python', 'a()\n'],
      ['markdown', 'text\n'],
      ['css', 'a {}\n'],
    ];
    for (const [lang, text] of files) {
      const t = await tag(lang, text, 0, 0, { meta });
      assert.strictEqual(t.plan.startLine, 0);
      assert.doesNotMatch(t.out, /@generated|generated by|code generated|do not edit/i, t.out);
      assert.deepStrictEqual({ ...t.plan.meta, h: META.h }, meta);
    }
  });
});

describe('provenance placement: fuzz (seeded)', () => {
  const FRAGS = ['a', 'b = 1', '  ', '\t', '|', '>', '#', '//', '--', '<!--', '-->', '*/', '/*', '```', '~~~', '---', 'key: |', '  x', '<script>', '</script>', '<style>', '</style>', '<?php', '?>', '"', '`', '{', '}', '(', ')', '🙂', 'é', '\r', ':', ';', '@generated', 'ai-provenance', ' ', 'x'];
  const LANGS = ['shellscript', 'sql', 'html', 'markdown', 'yaml', 'css', 'ruby', 'go', 'lua', 'ini', 'dockerfile', 'php', 'vue', 'bat', 'haskell', 'xml', 'javascript', 'typescriptreact', 'python'];
  const TOOLS = [' ', '=', '--', '*/', '-->', '%', '🙂', 'Generated by', '@generated', 'x', '\n', 'é'];

  it('inserting markers into random text never throws and scanning returns the region with actualHash === h', async () => {
    const rnd = prng(42);
    let tagged = 0;
    for (let i = 0; i < 400; i++) {
      const lang = LANGS[i % LANGS.length];
      const nLines = 1 + Math.floor(rnd() * 12);
      const lines: string[] = [];
      for (let l = 0; l < nLines; l++) {
        let s = '';
        const n = Math.floor(rnd() * 5);
        for (let k = 0; k < n; k++) s += FRAGS[Math.floor(rnd() * FRAGS.length)];
        lines.push(s);
      }
      const text = lines.join(rnd() < 0.2 ? '\r\n' : '\n') + (rnd() < 0.5 ? '\n' : '');
      const total = text.split('\n').length;
      const sl = Math.floor(rnd() * total);
      const el = Math.min(total - 1, sl + Math.floor(rnd() * 4));
      let tool = '';
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) tool += TOOLS[Math.floor(rnd() * TOOLS.length)];
      const meta: RegionMeta = { ...META, id: newRegionId(1_790_000_000_000 + i * 1000, rnd), tool, ts: formatTimestamp(1_790_000_000_000 + i * 1000) };
      const tree = await treeFor(lang, text);
      const range = { start: { line: sl, character: Math.floor(rnd() * 3) }, end: { line: el, character: Math.floor(rnd() * 5) } };
      const p = planMarkers(text, lang, range, meta, { tree });
      tree?.delete();
      if ('reason' in p) continue;
      tagged++;
      const out = applyEdits(text, p.edits);
      assert.doesNotMatch(p.edits.map((e) => e.newText).join(''), /@generated|generated by|code generated/i);
      const scan = scanMarkers(out, scanStylesFor(lang));
      const g = scan.regions.find((x) => x.meta.id === meta.id);
      assert.ok(g, `${lang}: region not found in\n${JSON.stringify(out)}\n${JSON.stringify(scan.problems)}`);
      assert.deepStrictEqual(g.meta, p.meta);
      assert.strictEqual(g.actualHash, p.meta.h, `${lang}: ${JSON.stringify(out)}`);
      assert.strictEqual(applyEdits(out, removeMarkerEdits(out, g)), text, `${lang}: removal`);
    }
    assert.ok(tagged > 200, `only ${tagged} of 400 random documents could be tagged`);
  });

  it('random ranges in real code (the rule fixtures): the markers never break the syntax, the region reads back', async () => {
    const rnd = prng(99);
    const ids: Record<string, string> = { js: 'javascript', ts: 'typescript', tsx: 'typescriptreact', py: 'python' };
    const dir = path.join(FIXTURES, 'rules');
    let tagged = 0;
    let trials = 0;
    for (const file of readdirSync(dir).sort()) {
      const languageId = ids[file.split('.').pop()!];
      if (!languageId) continue;
      const text = readFileSync(path.join(dir, file), 'utf8');
      const tree = (await treeFor(languageId, text))!;
      const total = text.split('\n').length;
      for (let k = 0; k < 4; k++) {
        trials++;
        const sl = Math.floor(rnd() * total);
        const el = Math.min(total - 1, sl + Math.floor(rnd() * 8));
        const range = { start: { line: sl, character: Math.floor(rnd() * 10) }, end: { line: el, character: Math.floor(rnd() * 20) } };
        const meta = { ...META, id: newRegionId(1_790_000_000_000 + trials * 1000, rnd) };
        const p = planMarkers(text, languageId, range, meta, { tree });
        if ('reason' in p) continue;
        tagged++;
        const out = applyEdits(text, p.edits);
        const again = (await treeFor(languageId, out))!;
        assert.strictEqual(again.rootNode.hasError, tree.rootNode.hasError, `${file} lines ${sl}-${el}:\n${out}`);
        again.delete();
        const g = scanMarkers(out, scanStylesFor(languageId)).regions.find((x) => x.meta.id === meta.id);
        assert.ok(g && g.actualHash === p.meta.h, `${file} lines ${sl}-${el}`);
        const lines = text.split('\n');
        const eff = range.end.character === 0 && el > sl ? el - 1 : el;
        const nonBlank = lines.map((l, i) => i).filter((i) => i >= sl && i <= eff && lines[i].trim() !== '');
        if (nonBlank.length) assert.ok(p.startLine <= nonBlank[0] && p.endLine >= nonBlank[nonBlank.length - 1], `${file}: lines ${p.startLine}-${p.endLine} do not cover ${sl}-${el}`);
      }
      tree.delete();
    }
    assert.ok(tagged > trials * 0.8, `${tagged} of ${trials} ranges tagged`);
  });
});
