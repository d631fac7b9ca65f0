// Child process of `npm run bench`: per-keystroke re-analysis latency for one tool, printed as JSON on stdout.
// Usage: node keystrokes.mjs '<json spec>'
//   spec: { tool: 'vetted' | 'vetted-full' | 'eslint', bundle, dist, cases: [{ language, lines, file }], edits, warmup,
//           budgetMs, minEslintEdits, minFullEdits }   (ESLint and full re-analysis take about budgetMs per file)
// 'vetted' uses the incremental session API (engine.openSession / session.update) when the build has it, and full
// engine.analyze per edit otherwise; 'vetted-full' always uses engine.analyze; 'eslint' uses Linter.verify with
// eslint-plugin-security's recommended rules. Each process measures one tool, so their heaps and JIT do not mix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { keystrokeEdits, median, percentile } from './edits.mjs';
import { eslintConfig } from './eslint-config.mjs';

const require = createRequire(import.meta.url);
const spec = JSON.parse(process.argv[2]);

function summary(samples) {
  return { n: samples.length, median: median(samples), p95: percentile(samples, 0.95), max: Math.max(...samples), min: Math.min(...samples) };
}

async function vetted(full) {
  const { Engine, Parsers, nodeWasmSource } = require(spec.bundle);
  const engine = new Engine(new Parsers(nodeWasmSource(spec.dist)));
  const incremental = !full && typeof engine.openSession === 'function';
  const results = [];
  for (const c of spec.cases) {
    const text = readFileSync(c.file, 'utf8');
    const doc = { text, language: c.language };
    let count = spec.edits;
    if (!incremental) {
      // Full re-analysis per edit is slow on big files: size the sample so one file takes about budgetMs.
      const t = performance.now();
      await engine.analyze(doc);
      await engine.analyze(doc);
      const per = (performance.now() - t) / 2;
      count = Math.min(spec.edits, Math.max(spec.minFullEdits ?? 10, Math.floor(spec.budgetMs / per)));
      count -= count % 2;
    }
    const warmup = incremental ? spec.warmup : Math.min(spec.warmup, 2);
    const edits = keystrokeEdits(text, warmup + count, c.lines);
    const samples = [];
    const modes = {};
    const reasons = {};
    let findings = 0;
    if (incremental) {
      const session = await engine.openSession(doc);
      try {
        for (let i = 0; i < edits.length; i++) {
          const e = edits[i];
          const t = performance.now();
          let r = session.update(e.text, e.changes);
          if (r && typeof r.then === 'function') r = await r;
          const dt = performance.now() - t;
          if (i >= warmup) {
            samples.push(dt);
            // How the session handled the edit (IncrementalSession.stats, internal): incremental or a full re-run.
            const mode = session.stats?.mode;
            if (mode) modes[mode] = (modes[mode] ?? 0) + 1;
            const reason = mode === 'full' ? session.stats?.reason : undefined;
            if (reason) reasons[reason] = (reasons[reason] ?? 0) + 1;
          }
          findings = r?.findings?.length ?? findings;
        }
      } finally {
        session.dispose();
      }
    } else {
      for (let i = 0; i < edits.length; i++) {
        const e = edits[i];
        const t = performance.now();
        const r = await engine.analyze({ text: e.text, language: c.language });
        const dt = performance.now() - t;
        if (i >= warmup) samples.push(dt);
        findings = r.findings.length;
      }
    }
    results.push({ language: c.language, lines: c.lines, mode: incremental ? 'incremental' : 'full', updateModes: modes, fullReasons: reasons, findings, ...summary(samples) });
  }
  return results;
}

function eslint() {
  const { Linter } = require('eslint');
  const linter = new Linter({ configType: 'flat', cwd: '/' });
  const config = eslintConfig();
  const results = [];
  for (const c of spec.cases) {
    if (c.language === 'python') continue;
    const text = readFileSync(c.file, 'utf8');
    const filename = path.join('/', `bench-${c.lines}${c.language === 'typescript' ? '.ts' : c.language === 'tsx' ? '.tsx' : '.js'}`);
    // Warm up and size the sample so one file takes about budgetMs (ESLint is far slower per edit than Vetted).
    const first = linter.verify(text, config, { filename });
    const fatal = first.filter((m) => m.fatal).length;
    let t = performance.now();
    linter.verify(text, config, { filename });
    const per = performance.now() - t;
    let count = Math.min(spec.edits, Math.max(spec.minEslintEdits ?? 20, Math.floor(spec.budgetMs / per)));
    count -= count % 2;
    const warmup = Math.min(spec.warmup, 2); // the two runs above warmed it up already
    const edits = keystrokeEdits(text, warmup + count, c.lines);
    const samples = [];
    let warnings = 0;
    for (let i = 0; i < edits.length; i++) {
      t = performance.now();
      const messages = linter.verify(edits[i].text, config, { filename });
      const dt = performance.now() - t;
      if (i >= warmup) samples.push(dt);
      warnings = messages.length;
    }
    results.push({ language: c.language, lines: c.lines, mode: 'Linter.verify', fatal, warnings, ...summary(samples) });
  }
  return results;
}

const out = spec.tool === 'eslint' ? eslint() : await vetted(spec.tool === 'vetted-full');
process.stdout.write(JSON.stringify(out) + '\n');
