import * as assert from 'assert';
import {
  beginLineEdit,
  contentHash,
  decodeValue,
  encodeValue,
  formatBegin,
  formatEnd,
  formatTimestamp,
  metaProblem,
  newRegionId,
  parseMarkerLine,
  removeMarkerEdits,
  scanMarkers,
  updateBeginLine,
} from '../../src/core/provenance/format';
import { COMMENT_STYLES, commentStyleFor, scanStylesFor, styleFromLanguageConfiguration } from '../../src/core/provenance/comments';
import { normalisedHash } from '../../src/core/hash';
import type { CommentStyle, RegionMeta } from '../../src/core/provenance/types';
import { applyEdits } from './helpers';

const META: RegionMeta = {
  id: '01JB2K7QX9',
  src: 'inline',
  tool: 'github.copilot',
  conf: 'high',
  ts: '2026-10-02T14:03:11Z',
  h: '9992998ccf645ffb',
  status: 'unreviewed',
};
const SLASH: CommentStyle = { line: '//', block: ['/*', '*/'] };
const HASH: CommentStyle = { line: '#' };
const SQL: CommentStyle = { line: '--', block: ['/*', '*/'] };
const HTML: CommentStyle = { block: ['<!--', '-->'] };
const CSS: CommentStyle = { block: ['/*', '*/'] };

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function block(meta: RegionMeta, code: string, style: CommentStyle = SLASH): string {
  return `${formatBegin(meta, style)}\n${code}\n${formatEnd(meta.id, style)}\n`;
}

describe('provenance format: writer and parser', () => {
  it('writes the documented begin and end lines', () => {
    assert.strictEqual(
      formatBegin(META, SLASH),
      '// ai-provenance:begin v=1 id=01JB2K7QX9 src=inline tool=github.copilot conf=high ts=2026-10-02T14:03:11Z h=9992998ccf645ffb status=unreviewed',
    );
    assert.strictEqual(formatEnd(META.id, SLASH), '// ai-provenance:end id=01JB2K7QX9');
    assert.strictEqual(formatEnd(META.id, SQL), '-- ai-provenance:end id=01JB2K7QX9');
    assert.strictEqual(formatEnd(META.id, HTML), '<!-- ai-provenance:end id=01JB2K7QX9 -->');
    assert.strictEqual(formatEnd(META.id, CSS), '/* ai-provenance:end id=01JB2K7QX9 */');
    assert.strictEqual(formatEnd(META.id, SLASH, { jsxChild: true }), '{/* ai-provenance:end id=01JB2K7QX9 */}');
    const full = { ...META, model: 'gpt-4o mini', status: 'reviewed' as const, reviewer: 'Ada Lovelace <ada@example.com>' };
    assert.strictEqual(
      formatBegin(full, HASH),
      '# ai-provenance:begin v=1 id=01JB2K7QX9 src=inline tool=github.copilot model=gpt-4o%20mini conf=high ts=2026-10-02T14:03:11Z h=9992998ccf645ffb status=reviewed reviewer=Ada%20Lovelace%20%3Cada@example.com%3E',
    );
  });

  it('parses what it writes, in every form, with optional fields and unknown keys', () => {
    const metas: RegionMeta[] = [
      META,
      { ...META, model: 'claude sonnet=4 -- */ %', reviewer: 'José <j@x.org>', status: 'reviewed' },
      { ...META, src: 'agent-edit', conf: 'low', status: 'modified', extra: { session: 'abc def', run: '7' } },
    ];
    for (const m of metas) {
      for (const [style, jsx] of [[SLASH, false], [SLASH, true], [HASH, false], [SQL, false], [HTML, false], [CSS, false]] as const) {
        const line = formatBegin(m, style, { jsxChild: jsx });
        const p = parseMarkerLine('    ' + line, style);
        assert.ok(p && p.kind === 'begin', line);
        assert.deepStrictEqual(p.meta, m);
        assert.strictEqual(p.indent, '    ');
        const e = parseMarkerLine(formatEnd(m.id, style, { jsxChild: jsx }), style);
        assert.ok(e && e.kind === 'end' && e.id === m.id);
      }
    }
  });

  it('keeps keys it does not know and ignores lines that are not markers', () => {
    const p = parseMarkerLine('// ai-provenance:begin v=1 id=01JB2K7QX9 src=paste tool=unknown conf=medium ts=2026-10-02T14:03:11Z h=9992998ccf645ffb status=unreviewed future_key=a%20b', SLASH);
    assert.ok(p && p.kind === 'begin');
    assert.deepStrictEqual(p.meta.extra, { future_key: 'a b' });
    assert.strictEqual(parseMarkerLine('const x = "// ai-provenance:begin v=1";', SLASH), undefined);
    assert.strictEqual(parseMarkerLine('// see ai-provenance:begin in the docs', SLASH), undefined);
    assert.strictEqual(parseMarkerLine('# ai-provenance:begin v=1', SLASH), undefined, '# is not a comment in this style');
  });

  it('reports a version other than 1 clearly, and still pairs its end', () => {
    const line = formatBegin(META, SLASH).replace('v=1', 'v=2');
    const p = parseMarkerLine(line, SLASH);
    assert.ok(p && p.kind === 'mangled');
    assert.match(p.reason, /version v=2 is not supported/);
    const r = scanMarkers(`${line}\nx();\n${formatEnd(META.id, SLASH)}\n`, SLASH);
    assert.deepStrictEqual(r.regions, []);
    assert.deepStrictEqual(r.problems.map((x) => [x.kind, x.line, x.id]), [['mangled', 0, META.id]]);
  });

  it('escapes values so no comment closer, `--`, space or generated-file marker can appear', () => {
    for (const v of ['a b', 'a=b', '100%', 'x--y', 'x---y', 'end*/', '-->', '--}}', '#}', '*)', 'a\nb', '@generated', 'Generated by X', 'Code generated DO NOT EDIT', '@Generated']) {
      const enc = encodeValue(v);
      assert.strictEqual(decodeValue(enc), v);
      assert.doesNotMatch(enc, /[\s=*#]|--|@generated|generated by|code generated/i, `${v} -> ${enc}`);
    }
    assert.strictEqual(encodeValue('dev@example.com'), 'dev@example.com');
    assert.strictEqual(encodeValue('anthropic/claude-3.5'), 'anthropic/claude-3.5');
    assert.strictEqual(encodeValue('Jürgen'), 'Jürgen');
    assert.strictEqual(decodeValue('%zz'), undefined);
    assert.strictEqual(decodeValue('%C3'), undefined);
    assert.strictEqual(decodeValue('%80'), undefined);
  });

  it('refuses to write invalid meta (so nothing unreadable is ever written)', () => {
    assert.match(metaProblem({ ...META, id: 'abc' }) ?? '', /Crockford/);
    assert.match(metaProblem({ ...META, ts: '2026-10-02' }) ?? '', /ISO 8601/);
    assert.match(metaProblem({ ...META, h: 'XYZ' }) ?? '', /hex/);
    assert.match(metaProblem({ ...META, tool: '' }) ?? '', /tool/);
    assert.match(metaProblem({ ...META, extra: { id: 'x' } }) ?? '', /extra key/);
    assert.throws(() => formatBegin({ ...META, src: 'ai' as never }, SLASH), RangeError);
    assert.throws(() => formatBegin(META, HASH, { jsxChild: true }), RangeError);
    assert.strictEqual(metaProblem(META), undefined);
  });

  it('makes time-ordered 10-character Crockford ids from an injected clock and random source', () => {
    const rnd = prng(1);
    const ids = [0, 1_000, 1_700_000_000_000, 1_790_000_000_000, 1_790_000_001_000, 4_000_000_000_000].map((t) => newRegionId(t, rnd));
    for (const id of ids) assert.match(id, /^[0-9A-HJKMNP-TV-Z]{10}$/);
    assert.deepStrictEqual([...ids].sort(), ids);
    assert.strictEqual(newRegionId(1_790_000_000_000, () => 0.5), newRegionId(1_790_000_000_999, () => 0.5));
    const taken = new Set([newRegionId(1_790_000_000_000, () => 0.5)]);
    const other = newRegionId(1_790_000_000_000, () => 0.5, taken);
    assert.ok(!taken.has(other) && other.slice(0, 7) === [...taken][0].slice(0, 7));
    assert.match(newRegionId(NaN, () => NaN), /^[0-9A-Z]{10}$/);
    assert.strictEqual(formatTimestamp(Date.UTC(2026, 9, 2, 14, 3, 11, 789)), '2026-10-02T14:03:11Z');
  });
});

describe('provenance format: scanning documents', () => {
  const m2: RegionMeta = { ...META, id: '01JB2K7QXA' };

  it('finds a region with its content offsets and hash', () => {
    const code = 'const a = 1;\n  const b = 2;';
    const text = `x();\n${block({ ...META, h: normalisedHash(code) }, code)}y();\n`;
    const r = scanMarkers(text, SLASH);
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(r.regions.length, 1);
    const g = r.regions[0];
    assert.deepStrictEqual([g.beginLine, g.endLine], [1, 4]);
    assert.strictEqual(text.slice(g.contentStart, g.contentEnd), code + '\n');
    assert.strictEqual(g.actualHash, normalisedHash(code));
    assert.strictEqual(g.actualHash, g.meta.h);
  });

  it('hashes with whitespace normalised, so reformatting keeps the hash and an edit changes it', () => {
    const h = normalisedHash('if (a) { b(); }');
    const reformatted = scanMarkers(block({ ...META, h }, 'if (a) {\n\tb();\n}'), SLASH).regions[0];
    assert.strictEqual(reformatted.actualHash, h);
    const edited = scanMarkers(block({ ...META, h }, 'if (a) { c(); }'), SLASH).regions[0];
    assert.notStrictEqual(edited.actualHash, h);
  });

  it('allows nesting; an inner block does not change the outer hash; CRLF works', () => {
    const outerCode = 'a();\nb();';
    const inner = block({ ...m2, h: normalisedHash('b();') }, 'b();').trimEnd();
    const text = block({ ...META, h: normalisedHash(outerCode) }, `a();\n${inner}`).replace(/\n/g, '\r\n');
    const r = scanMarkers(text, SLASH);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.regions.map((g) => [g.meta.id, g.beginLine, g.endLine, g.actualHash === g.meta.h]), [
      [META.id, 0, 5, true],
      [m2.id, 2, 4, true],
    ]);
  });

  it('reports every kind of problem, with its line, and never throws', () => {
    const b1 = formatBegin(META, SLASH);
    const e1 = formatEnd(META.id, SLASH);
    const b2 = formatBegin(m2, SLASH);
    const e2 = formatEnd(m2.id, SLASH);
    const kinds = (text: string, style: CommentStyle = SLASH) => scanMarkers(text, style).problems.map((p) => [p.kind, p.line]);
    assert.deepStrictEqual(kinds(`${b1}\nx();\n`), [['unterminated', 0]]);
    assert.deepStrictEqual(kinds(`x();\n${e1}\n`), [['orphan-end', 1]]);
    assert.deepStrictEqual(kinds(`${b1}\na\n${e1}\n${b1}\na\n${e1}\n`), [['duplicate-id', 3]]);
    assert.deepStrictEqual(kinds(`${b1}\n${b2}\na\n${e1}\nb\n${e2}\n`), [['nested', 1]]);
    assert.deepStrictEqual(kinds(`${b1}\n${e1}\n`.replace('src=inline', 'src=robot')), [['mangled', 0]]);
    assert.deepStrictEqual(kinds(`${b1.replace(' h=9992998ccf645ffb', '')}\n${e1}\n`), [['mangled', 0]]);
    assert.deepStrictEqual(kinds('// ai-provenance:end\n'), [['mangled', 0]]);
    assert.deepStrictEqual(kinds('// ai-provenance:start id=01JB2K7QX9\n'), [['mangled', 0]]);
    assert.deepStrictEqual(kinds(`${b1.replace('tool=github.copilot', 'tool=%E2%28')}\n`), [['mangled', 0]]);
    assert.deepStrictEqual(kinds(`${b1} tool=x\n${e1}\n`), [['mangled', 0]], 'key twice');
    assert.deepStrictEqual(kinds(`/* ai-provenance:end id=${META.id}\n`, CSS), [['mangled', 0]], 'unclosed block');
    assert.deepStrictEqual(kinds(`/* ai-provenance:end id=${META.id} */ a {}\n`, CSS), [['mangled', 0]], 'code after marker');
    assert.deepStrictEqual(kinds(`--ai-provenance:end id=${META.id}\n`, SQL), [['mangled', 0]], '-- without space');
    const r = scanMarkers(`${b1}\n${e1}\n`.replace('v=1', 'v=9'), SLASH);
    assert.match(r.problems[0].message, /v=9 is not supported/);
    const d = scanMarkers(`${b1}\na\n${e1}\n${b1}\na\n${e1}\n`, SLASH);
    assert.strictEqual(d.regions.length, 1, 'the copy is not a second region with the same id');
    const nested = scanMarkers(`${b1}\n${b2}\na\n${e1}\nb\n${e2}\n`, SLASH);
    assert.strictEqual(nested.regions.length, 2, 'overlapping blocks are both kept');
  });

  it('languages without comments have no markers; mixed files accept several forms', () => {
    assert.deepStrictEqual(scanMarkers(`${formatBegin(META, SLASH)}\n`, undefined), { regions: [], problems: [] });
    const html = `<div>\n${block(META, '<p>x</p>', HTML)}</div>\n<script>\n${block(m2, 'go();', SLASH)}</script>\n`;
    assert.strictEqual(scanMarkers(html, scanStylesFor('html')).regions.length, 2);
  });

  it('rewrites one begin line in place: mark reviewed, unreview, re-hash; unknown keys and order kept', () => {
    const line = '  ' + formatBegin({ ...META, extra: { zeta: 'q' } }, SLASH);
    const reviewed = updateBeginLine(line, SLASH, { status: 'reviewed', reviewer: 'Grace Hopper' })!;
    assert.strictEqual(reviewed, line.replace('status=unreviewed', 'status=reviewed reviewer=Grace%20Hopper'));
    const p = parseMarkerLine(reviewed, SLASH);
    assert.ok(p && p.kind === 'begin');
    assert.deepStrictEqual(p.meta, { ...META, status: 'reviewed', reviewer: 'Grace Hopper', extra: { zeta: 'q' } });
    const back = updateBeginLine(reviewed, SLASH, { status: 'unreviewed', reviewer: null });
    assert.strictEqual(back, line);
    const rehashed = updateBeginLine(line, SLASH, { h: 'abcdefabcdefabcd', status: 'modified' })!;
    assert.match(rehashed, / h=abcdefabcdefabcd status=modified zeta=q$/);
    const jsx = formatBegin(META, SLASH, { jsxChild: true });
    assert.match(updateBeginLine(jsx, SLASH, { status: 'reviewed', reviewer: 'a*/b' })!, /^\{\/\* .* reviewer=a%2A\/b \*\/\}$/);
    assert.strictEqual(updateBeginLine(line, SLASH, { h: 'nope' }), undefined);
    assert.strictEqual(updateBeginLine('const x = 1;', SLASH, { status: 'reviewed' }), undefined);
  });

  it('removes a tag: exactly the two marker lines and the breaks planMarkers added', () => {
    const b = formatBegin(META, HASH);
    const e = formatEnd(META.id, HASH);
    for (const [text, expected] of [
      [`a\n${b}\nx\n${e}\nz\n`, 'a\nx\nz\n'],
      [`${b}\r\nx\r\n${e}`, 'x'],
      [`a\n${b}\n${e}\nz`, 'a\nz'],
      [`a\n${b}\n${e}`, 'a'],
      [`${b}\n${e}`, ''],
    ]) {
      const g = scanMarkers(text, HASH).regions[0];
      assert.strictEqual(applyEdits(text, removeMarkerEdits(text, g)), expected, JSON.stringify(text));
    }
    const edit = beginLineEdit(`a\r\n  ${b}\r\nx\r\n${e}\r\n`, 1, HASH, { status: 'reviewed', reviewer: 'me' })!;
    assert.deepStrictEqual(edit.range, { start: { line: 1, character: 0 }, end: { line: 1, character: b.length + 2 } });
    assert.ok(edit.newText.startsWith('  # ai-provenance:begin') && edit.newText.endsWith('status=reviewed reviewer=me'));
    assert.strictEqual(beginLineEdit('a\n', 0, HASH, { status: 'reviewed' }), undefined);
    assert.strictEqual(beginLineEdit('a\n', 7, HASH, { status: 'reviewed' }), undefined);
  });

  it('contentHash leaves out marker lines', () => {
    assert.strictEqual(contentHash(`a\n${formatEnd(META.id, HASH)}\nb`, HASH), normalisedHash('ab'));
    assert.strictEqual(contentHash('a\n# ai-provenance:end\nb', undefined), normalisedHash('a# ai-provenance:endb'));
  });
});

describe('provenance comment styles', () => {
  it('knows at least 30 VS Code languages, and JSON has none even when the editor says //', () => {
    const ids = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'python', 'shellscript', 'go', 'rust', 'java', 'csharp', 'cpp', 'c', 'php', 'ruby', 'sql', 'html', 'xml', 'markdown', 'yaml', 'dockercompose', 'toml', 'ini', 'dockerfile', 'makefile', 'lua', 'perl', 'r', 'swift', 'kotlin', 'scala', 'css', 'scss', 'less', 'powershell', 'bat', 'vue', 'svelte', 'haskell', 'elixir', 'clojure', 'terraform'];
    for (const id of ids) assert.ok(commentStyleFor(id), id);
    assert.ok(Object.values(COMMENT_STYLES).filter(Boolean).length >= 30);
    for (const id of ['json', 'jsonc', 'plaintext']) assert.strictEqual(commentStyleFor(id, { lineComment: '//', blockComment: ['/*', '*/'] }), undefined, id);
    assert.deepStrictEqual(commentStyleFor('css'), { block: ['/*', '*/'] });
    assert.deepStrictEqual(commentStyleFor('sql')?.line, '--');
    assert.deepStrictEqual(commentStyleFor('markdown'), { block: ['<!--', '-->'] });
  });

  it('reads any language from the editor configuration', () => {
    assert.deepStrictEqual(commentStyleFor('my-lang', { lineComment: ';;' }), { line: ';;' });
    assert.deepStrictEqual(styleFromLanguageConfiguration({ lineComment: { comment: '//' }, blockComment: ['/*', '*/'] }), { line: '//', block: ['/*', '*/'] });
    assert.deepStrictEqual(styleFromLanguageConfiguration({ blockComment: ['(*', '*)'] }), { block: ['(*', '*)'] });
    assert.strictEqual(styleFromLanguageConfiguration({ lineComment: '' }), undefined);
    assert.strictEqual(styleFromLanguageConfiguration({ lineComment: 'a b', blockComment: ['/*'] as never }), undefined);
    assert.strictEqual(styleFromLanguageConfiguration(null), undefined);
    assert.strictEqual(styleFromLanguageConfiguration(42 as never), undefined);
    assert.strictEqual(formatEnd(META.id, commentStyleFor('ocaml')!), '(* ai-provenance:end id=01JB2K7QX9 *)');
  });
});

// ---------------------------------------------------------------------------------------------------------------

const NASTY = [' ', '=', '%', '-', '--', '-->', '*/', '/*', '*', '#', '}', '{', '\t', '\n', '\r\n', '"', "'", '\\', '@generated', 'Generated by ', 'Code generated ', 'é', 'ß', '日本', '🙂', '\u200b', '\u2028', '\u202e', '\ud800', '\udfff', '\u0000', 'x', 'claude', '.', ':', '/', '%41', 'ai-provenance:end'];

function randomString(rnd: () => number, max = 8): string {
  let s = '';
  const n = 1 + Math.floor(rnd() * max);
  for (let i = 0; i < n; i++) s += NASTY[Math.floor(rnd() * NASTY.length)];
  return s;
}

function randomMeta(rnd: () => number): RegionMeta {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const extra: Record<string, string> = {};
  if (rnd() < 0.3) extra['k' + Math.floor(rnd() * 100)] = rnd() < 0.2 ? '' : randomString(rnd);
  return {
    id: newRegionId(1_700_000_000_000 + Math.floor(rnd() * 1e12), rnd),
    src: pick(['inline', 'chat-insert', 'agent-edit', 'paste', 'heuristic', 'manual'] as const),
    tool: randomString(rnd),
    ...(rnd() < 0.5 ? { model: rnd() < 0.1 ? '' : randomString(rnd) } : {}),
    conf: pick(['high', 'medium', 'low'] as const),
    ts: formatTimestamp(Math.floor(rnd() * 4e12)),
    h: normalisedHash(randomString(rnd)),
    status: pick(['unreviewed', 'reviewed', 'modified'] as const),
    ...(rnd() < 0.5 ? { reviewer: randomString(rnd) } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

describe('provenance format: fuzz (seeded)', () => {
  const styles = Object.values(COMMENT_STYLES).filter((s): s is CommentStyle => !!s);

  it('every written marker parses back to the same meta, in every style', () => {
    const rnd = prng(20261002);
    for (let i = 0; i < 1500; i++) {
      const meta = randomMeta(rnd);
      const style = styles[i % styles.length];
      const jsx = !!style.block && style.block[0] === '/*' && rnd() < 0.3;
      const line = formatBegin(meta, style, { jsxChild: jsx });
      assert.doesNotMatch(line, /[\r\n\u2028\u2029]/);
      assert.doesNotMatch(line, /@generated|generated by|code generated/i, line);
      const form = jsx ? ['{/*', '*/}'] : style.line ? [style.line, ''] : style.block!;
      const body = line.slice(form[0].length, line.length - form[1].length);
      if (form[1]) assert.ok(!body.includes(form[1]), `${line} holds its closer`);
      if (form[0] === '<!--') assert.ok(!body.includes('--'), line);
      const p = parseMarkerLine(line, style);
      assert.ok(p && p.kind === 'begin', `${line}: ${p && p.kind === 'mangled' ? p.reason : ''}`);
      assert.deepStrictEqual(p.meta, meta);
      const e = parseMarkerLine(formatEnd(meta.id, style, { jsxChild: jsx }), style);
      assert.ok(e && e.kind === 'end' && e.id === meta.id);
      const reviewer = randomString(rnd);
      const u = updateBeginLine(line, style, { status: 'reviewed', reviewer });
      const q = u === undefined ? undefined : parseMarkerLine(u, style);
      assert.ok(q && q.kind === 'begin');
      assert.deepStrictEqual(q.meta, { ...meta, status: 'reviewed', reviewer });
    }
  });

  it('never throws on random and mutated text, and every problem has a line inside the text', () => {
    const rnd = prng(7);
    const fragments = ['// ', '# ', '-- ', '<!-- ', ' -->', '/* ', ' */', '{/* ', ' */}', 'ai-provenance:begin ', 'ai-provenance:end ', 'v=1 ', 'v=2 ', 'id=01JB2K7QX9 ', 'id= ', 'src=paste ', 'h=%', '\n', '\r\n', '\n', 'x', '=', '%zz', '\ud800', '🙂', ' '];
    const valid = [formatBegin(META, SLASH), formatEnd(META.id, SLASH), formatBegin(META, HTML), formatEnd(META.id, HTML)];
    for (let i = 0; i < 600; i++) {
      let text = '';
      const n = Math.floor(rnd() * 40);
      for (let k = 0; k < n; k++) text += rnd() < 0.15 ? valid[Math.floor(rnd() * valid.length)] + '\n' : fragments[Math.floor(rnd() * fragments.length)];
      // mutate: delete or duplicate a random slice
      if (text && rnd() < 0.5) {
        const a = Math.floor(rnd() * text.length);
        const b = a + Math.floor(rnd() * 10);
        text = rnd() < 0.5 ? text.slice(0, a) + text.slice(b) : text.slice(0, b) + text.slice(a);
      }
      for (const style of [SLASH, HTML, SQL, CSS, HASH]) {
        const r = scanMarkers(text, style);
        const lines = text.split('\n').length;
        for (const p of r.problems) assert.ok(p.line >= 0 && p.line < lines && p.message.length > 0);
        for (const g of r.regions) assert.ok(g.beginLine < g.endLine && g.contentStart <= g.contentEnd && g.contentEnd <= text.length);
        assert.doesNotThrow(() => updateBeginLine(text, style, { status: 'reviewed', reviewer: text }));
      }
    }
  });
});
