// Child process of `npm run bench`: time to first diagnostics in a fresh Node process.
// Usage: node first-result.cjs BUNDLE DIST FILE LANGUAGE
// Prints JSON: bootMs (Node start → this script), loadMs (loading the engine bundle), firstMs (engine creation, i.e.
// WASM runtime + grammar load as extension activation does, → the first AnalysisResult of FILE).
'use strict';
const { readFileSync } = require('fs');
const { performance } = require('perf_hooks');

const [bundle, dist, file, language] = process.argv.slice(2);
const bootMs = performance.now();
const text = readFileSync(file, 'utf8');
const t0 = performance.now();
const { Engine, Parsers, nodeWasmSource } = require(bundle);
const t1 = performance.now();

async function main() {
  const engine = new Engine(new Parsers(nodeWasmSource(dist)));
  let result;
  if (typeof engine.openSession === 'function') {
    // The incremental path, as the editor uses it when the API exists: open a session, take its first result.
    const session = await engine.openSession({ text, language });
    result = session.result;
    session.dispose();
  } else {
    result = await engine.analyze({ text, language });
  }
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ bootMs, loadMs: t1 - t0, firstMs: t2 - t1, findings: result?.findings?.length ?? null, session: typeof engine.openSession === 'function' }) + '\n');
}
main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
