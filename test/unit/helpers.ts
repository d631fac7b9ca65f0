import * as path from 'path';
import { Engine, DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../../src/core/engine';
import { Parsers } from '../../src/core/parser';
import type { Finding, ParsedLanguage, TextEdit } from '../../src/core/types';
import { nodeWasmSource } from '../../src/cli/wasm';

/** Repository root (tests run from out/test/unit). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

let shared: Engine | undefined;
export function engine(): Engine {
  return (shared ??= new Engine(new Parsers(nodeWasmSource(__dirname))));
}

export async function findings(language: ParsedLanguage, text: string, options: EngineOptions = DEFAULT_ENGINE_OPTIONS): Promise<readonly Finding[]> {
  const result = await engine().analyze({ text, language }, options);
  return result.findings;
}

/** Applies non-overlapping edits (as VS Code would) and returns the new text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

export function preferredFix(f: Finding) {
  return f.fixes.find((x) => x.isPreferred);
}

/** Small deterministic PRNG (mulberry32) for fuzz and random-edit tests: the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
