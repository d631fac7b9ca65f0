import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import { CaptureSet, type Captured, type Handlers } from '../../src/core/captures';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/core/engine';
import { Parsers } from '../../src/core/parser';
import { ALL_RULES } from '../../src/core/rules/index';
import { FLOW_TYPES } from '../../src/core/rules/flow';
import type { ParsedLanguage } from '../../src/core/types';
import { nodeWasmSource } from '../../src/cli/wasm';
import { engine, FIXTURES } from './helpers';

/**
 * The engine and Flow find the nodes they look at with a tree-sitter Query (captures.ts); the cursor walk that
 * visited every node before stays as the fallback. Both must yield the same nodes, in the same order, for the same
 * purposes, over whole files and statement by statement, in clean trees and in trees broken by edits.
 */
const LANGUAGES: Readonly<Record<string, ParsedLanguage>> = { '.js': 'javascript', '.ts': 'typescript', '.tsx': 'tsx', '.py': 'python' };

const parsers = new Parsers(nodeWasmSource(__dirname));
const sets = new Map<ParsedLanguage, CaptureSet>();

async function captureSet(language: ParsedLanguage): Promise<CaptureSet> {
  let set = sets.get(language);
  if (!set) {
    const grammar = await parsers.language(language);
    const table = new Map<string, Array<Handlers[number]>>();
    for (const rule of ALL_RULES) {
      for (const [type, visit] of Object.entries(rule.visitors[language] ?? {})) table.set(type, [...(table.get(type) ?? []), [rule, visit] as const]);
    }
    sets.set(language, (set = new CaptureSet(grammar, table, FLOW_TYPES)));
  }
  return set;
}

function describeCaptured(c: Captured): string[] {
  return c.nodes.map((n, i) => `${n.id}@${n.startIndex} ${c.kinds[i].type}${c.kinds[i].error ? ' error' : ''}${c.kinds[i].flow ? ' flow' : ''}${c.kinds[i].handlers ? ` ${c.kinds[i].handlers!.length} visitors` : ''}`);
}

/** Checks query captures against the cursor walk for every top-level statement of `text`; returns how many it saw. */
async function check(language: ParsedLanguage, text: string, label: string): Promise<number> {
  const set = await captureSet(language);
  const tree: Tree = (await parsers.parse(language, text));
  try {
    const root = tree.rootNode;
    const children = root.children.filter((c): c is Node => c !== null);
    const whole = set.captureChildren(root, children, children.map((c) => c.startIndex), children.map((c) => c.endIndex));
    let seen = 0;
    children.forEach((child, i) => {
      const walked = describeCaptured(set.walk(child));
      seen += walked.length;
      assert.deepStrictEqual(describeCaptured(whole[i]), walked, `${label}: statement ${i} (whole-tree captures)`);
      assert.deepStrictEqual(describeCaptured(set.capture(child)), walked, `${label}: statement ${i} (statement captures)`);
    });
    assert.strictEqual(set.fellBack, false, 'no query exceeded its match limit');
    return seen;
  } finally {
    tree.delete();
  }
}

/** Deterministic edits that break the syntax: deletions, inserted openers and quotes, joined lines. */
function mutate(text: string, seed: number, edits: number): string {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const junk = ['(', '{', '"', "'", '`', '}', ')', ';', '\n', 'def ', 'function(', '${', '=', ':', '[', ']', '<div>', '</', 'let ', 'f('];
  let out = text;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * out.length);
    const r = next();
    if (r < 0.4) out = out.slice(0, at) + out.slice(at + Math.floor(next() * 30));
    else if (r < 0.6) out = out.slice(0, at) + out.slice(at).replace(/^\s+/, '');
    else out = out.slice(0, at) + junk[Math.floor(next() * junk.length)] + out.slice(at);
  }
  return out;
}

function countErrors(tree: Tree): number {
  let errors = 0;
  const cursor = tree.walk();
  let depth = 0;
  for (let descend = true; ; ) {
    if (descend && (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing)) errors++;
    if (descend && cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    if (depth === 0) break;
    descend = cursor.gotoNextSibling();
    if (!descend) {
      cursor.gotoParent();
      depth--;
    }
  }
  cursor.delete();
  return errors;
}

describe('node captures', function () {
  this.timeout(120_000);
  const files = fs.readdirSync(path.join(FIXTURES, 'rules')).filter((f) => LANGUAGES[path.extname(f)]);

  it('find the same nodes as a cursor walk in every rule fixture', async () => {
    let seen = 0;
    for (const file of files) seen += await check(LANGUAGES[path.extname(file)], fs.readFileSync(path.join(FIXTURES, 'rules', file), 'utf8'), file);
    assert.ok(seen > 1000, `captured ${seen} nodes`);
  });

  it('find the same nodes as a cursor walk in fixtures broken by edits', async () => {
    for (const file of files) {
      const text = fs.readFileSync(path.join(FIXTURES, 'rules', file), 'utf8');
      for (let k = 1; k <= 3; k++) await check(LANGUAGES[path.extname(file)], mutate(text, k * 7919 + file.length, k * 4), `${file} edit ${k}`);
    }
  });

  it('tell apart statements that touch (no space between them) and zero-width nodes at their boundaries', async () => {
    const cases: Array<[ParsedLanguage, string]> = [
      ['javascript', 'a();b();c();function f(){x=1;y.push(2)}g(h(i()))'],
      ['javascript', 'let x = f(;let y = g(`${z}`);'],
      ['javascript', 'eval(a)eval(b)eval(c'],
      ['typescript', 'let s: string="a";const t: string=s;type U={k:string}'],
      ['tsx', 'const e=<a href={u}>x</a>;f(<b/>)'],
      ['python', 'x = f(1); y = g(x); z = [h(i) for i in y]'],
      ['python', 'def f(:\n  return eval(x\nclass C(:\n  y = ('],
    ];
    for (const [language, text] of cases) assert.ok((await check(language, text, text)) > 0, text);
  });

  it('count parse errors as every ERROR and MISSING node of the tree', async () => {
    for (const file of files.slice(0, 40)) {
      const language = LANGUAGES[path.extname(file)];
      const original = fs.readFileSync(path.join(FIXTURES, 'rules', file), 'utf8');
      for (let k = 0; k <= 2; k++) {
        const text = k === 0 ? original : mutate(original, k * 104729 + file.length, k * 3);
        const tree = await parsers.parse(language, text);
        const expected = countErrors(tree);
        tree.delete();
        const result = await engine().analyze({ text, language }, DEFAULT_ENGINE_OPTIONS);
        assert.strictEqual(result.parseErrors, expected, `${file} edit ${k}`);
      }
    }
  });
});
