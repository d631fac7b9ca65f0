import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import type { WasmSource } from '../core/parser';

/**
 * WASM bytes from disk for Node hosts (CLI, unit tests). In the bundle they sit next to `cli.js`
 * (`dist/web-tree-sitter.wasm`, `dist/grammars/`); from sources they come from node_modules.
 */
export function nodeWasmSource(baseDir: string = __dirname): WasmSource {
  const bundled = existsSync(path.join(baseDir, 'web-tree-sitter.wasm'));
  const modules = bundled ? '' : findNodeModules(baseDir);
  const runtimePath = bundled ? path.join(baseDir, 'web-tree-sitter.wasm') : path.join(modules, 'web-tree-sitter', 'web-tree-sitter.wasm');
  const grammarDir = bundled ? path.join(baseDir, 'grammars') : path.join(modules, '@vscode', 'tree-sitter-wasm', 'wasm');
  return {
    runtime: () => fs.readFile(runtimePath),
    grammar: (file) => fs.readFile(path.join(grammarDir, file)),
  };
}

/** Running from compiled sources (out/…): the nearest node_modules holding web-tree-sitter. */
function findNodeModules(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules');
    if (existsSync(path.join(candidate, 'web-tree-sitter', 'web-tree-sitter.wasm'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`tree-sitter WASM files not found next to ${from} or in a node_modules above it`);
  }
}
