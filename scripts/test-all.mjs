#!/usr/bin/env node
// Runs every test suite in order and ends with one line "N passed, N failed" (all suites added up).
//   1. unit (mocha, core + CLI + manifest)      2. package (builds the VSIX, checks its contents)
//   3. integration (real VS Code: code-server)  4. e2e (Chromium drives code-server with the VSIX installed)
// The tally is also written to test-output/summary.txt. Exit code 0 only when everything passed.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const npx = (...args) => ['npx', ['--no-install', ...args]];

/** Runs a command, streaming its output, and returns {code, output}. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
    child.on('error', (e) => resolve({ code: 1, output: String(e) }));
  });
}

/** Mocha's spec reporter summary: "N passing", "N failing". */
function mochaCounts(output) {
  const passed = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
  const failed = Number(/(\d+) failing/.exec(output)?.[1] ?? 0);
  return { passed, failed };
}

/** The harness's own line: "integration: N passed, N failed". */
function harnessCounts(output, label) {
  const m = new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'm').exec(output);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 0 };
}

const steps = [
  { name: 'compile', cmd: npx('tsc', '-p', '.') },
  { name: 'unit', cmd: npx('mocha', '--config', 'test/unit/.mocharc.json'), count: mochaCounts },
  { name: 'build+package', cmd: ['npm', ['run', 'package']] },
  { name: 'package', cmd: npx('mocha', '--config', 'test/package/.mocharc.json'), count: mochaCounts },
  { name: 'integration', cmd: ['node', ['scripts/run-vscode-tests.mjs']], count: (o) => harnessCounts(o, 'integration') },
  { name: 'e2e', cmd: ['node', ['scripts/run-vscode-tests.mjs', '--e2e', '--file', 'src/server.js', '--expect', 'sql-injection']], count: (o) => harnessCounts(o, 'e2e') },
];

const lines = [];
let passed = 0;
let failed = 0;
for (const step of steps) {
  console.log(`\n===== ${step.name} =====`);
  const started = Date.now();
  const { code, output } = await run(...step.cmd);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (step.count) {
    const c = step.count(output);
    // A suite that crashed or ran nothing counts as one failure, never as a silent pass.
    if (code !== 0 && c.failed === 0) c.failed = 1;
    if (c.passed + c.failed === 0) c.failed = 1;
    passed += c.passed;
    failed += c.failed;
    lines.push(`${step.name}: ${c.passed} passed, ${c.failed} failed (${secs} s)`);
  } else if (code !== 0) {
    failed += 1;
    lines.push(`${step.name}: FAILED with exit code ${code} (${secs} s)`);
  }
}

const total = `${passed} passed, ${failed} failed`;
console.log('\n===== summary =====');
for (const l of lines) console.log(l);
mkdirSync(path.join(root, 'test-output'), { recursive: true });
writeFileSync(path.join(root, 'test-output', 'summary.txt'), total + '\n');
console.log(total);
process.exitCode = failed === 0 ? 0 : 1;
