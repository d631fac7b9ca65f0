// Bundles the extension and the CLI with esbuild and copies the tree-sitter WASM files next to them.
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** The grammars Vetted ships; each must load in the pinned web-tree-sitter (test/unit/grammars.test.ts checks). */
export const GRAMMARS = ['javascript', 'typescript', 'tsx', 'python'];

rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'grammars'), { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dist, 'web-tree-sitter.wasm'));
const grammarDir = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
for (const g of GRAMMARS) copyFileSync(path.join(grammarDir, `tree-sitter-${g}.wasm`), path.join(dist, 'grammars', `tree-sitter-${g}.wasm`));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify,
  logLevel: 'warning',
  external: ['vscode'],
  // Use web-tree-sitter's CommonJS build: its ESM build derives paths from import.meta.url, which a CJS bundle lacks.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

/**
 * esbuild leaves non-ASCII characters in comments and regular expressions (`…`, `→`); one of them makes V8 hold the
 * whole bundle's source as a two-byte string (3.1 MB instead of 1.6 MB, for the life of the process). Escaping them
 * as \uXXXX keeps the meaning (valid in comments, strings, templates and regular expressions alike).
 */
const asciiOutput = {
  name: 'ascii-output',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length) return;
      const file = build.initialOptions.outfile;
      const code = readFileSync(file, 'utf8');
      const ascii = code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      if (ascii !== code) writeFileSync(file, ascii);
    });
  },
};

const targets = [
  { ...common, entryPoints: [path.join(root, 'src/extension/extension.ts')], outfile: path.join(dist, 'extension.js') },
  { ...common, entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: path.join(dist, 'cli.js'), plugins: [asciiOutput] },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: [path.join(root, 'src/webview/metrics/main.ts')], outfile: path.join(dist, 'webview', 'metrics.js') },
  // The review panel's webview script (browser context; loaded by nonce under a strict CSP, no eval).
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    sourcemap: !minify,
    minify,
    logLevel: 'warning',
    entryPoints: [path.join(root, 'src/webview/review/main.ts')],
    outfile: path.join(dist, 'webview', 'review.js'),
  },
];

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log('build: watching');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  console.log(`build: dist/extension.js, dist/cli.js, dist/webview/review.js, ${GRAMMARS.length} grammars`);
}
