// Runs the compiled integration suites with mocha inside a VS Code extension host.
// Shared by extension.js (code-server mode) and electron-index.js (@vscode/test-electron mode).
// Plain JS on purpose: it is loaded as-is, without a build step, by code-server's Node 24.
//
// The run config (JSON, written by scripts/run-vscode-tests.mjs):
//   mochaPath     absolute path of the mocha package to require (the repo's node_modules/mocha)
//   files         absolute paths of the compiled *.test.js suites, in run order
//   resultsFile   mocha's JSON reporter output (stats, tests, passes, failures, pending)
//   progressFile  one JSON line per finished test, appended live, so the runner can stream them
//   doneFile      written last, always (also after a crash): {passed, failed, pending, total, error?}
//   timeoutMs     per-test timeout (default 20000)
//   grep          optional mocha grep
'use strict';
const fs = require('fs');
const path = require('path');

/**
 * @param {{mochaPath: string, files: string[], resultsFile: string, progressFile: string,
 *          doneFile: string, timeoutMs?: number, grep?: string}} config
 * @returns {Promise<{passed: number, failed: number, pending: number, total: number, error?: string}>}
 */
async function runSuites(config) {
  const started = Date.now();
  let summary;
  try {
    summary = await runMocha(config);
  } catch (err) {
    // Loading or running mocha itself failed (bad config, syntax error in a suite, ...).
    summary = { passed: 0, failed: 0, pending: 0, total: 0, error: String((err && err.stack) || err) };
  }
  summary.durationMs = Date.now() - started;
  writeDone(config.doneFile, summary);
  return summary;
}

function runMocha(config) {
  const Mocha = require(config.mochaPath);
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: config.timeoutMs || 20000,
    reporter: 'json',
    reporterOption: { output: config.resultsFile },
    grep: config.grep || undefined,
  });
  for (const f of config.files) mocha.addFile(f);
  fs.mkdirSync(path.dirname(config.progressFile), { recursive: true });
  fs.writeFileSync(config.progressFile, '');
  const progress = (record) => fs.appendFileSync(config.progressFile, JSON.stringify(record) + '\n');

  return new Promise((resolve, reject) => {
    let runner;
    try {
      runner = mocha.run(() => {
        const s = runner.stats || {};
        resolve({ passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0, total: s.tests || 0 });
      });
    } catch (err) {
      reject(err);
      return;
    }
    const suitePath = (test) => test.titlePath().slice(0, -1);
    // 'started' lines are not printed; they tell the runner which test was running on a timeout.
    runner.on('test', (test) => progress({ state: 'started', suite: suitePath(test), title: test.title }));
    runner.on('pass', (test) => progress({ state: 'passed', suite: suitePath(test), title: test.title, durationMs: test.duration }));
    runner.on('pending', (test) => progress({ state: 'pending', suite: suitePath(test), title: test.title }));
    // 'fail' also fires for hooks (e.g. a failing suiteSetup), whose titles start with '"before all" hook'.
    runner.on('fail', (test, err) => progress({
      state: 'failed', suite: suitePath(test), title: test.title, durationMs: test.duration,
      error: { message: String((err && err.message) || err), stack: err && err.stack,
        actual: err && err.actual !== undefined ? safeString(err.actual) : undefined,
        expected: err && err.expected !== undefined ? safeString(err.expected) : undefined },
    }));
  });
}

function safeString(v) {
  try {
    return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

function writeDone(doneFile, summary) {
  try {
    fs.mkdirSync(path.dirname(doneFile), { recursive: true });
    // Write then rename, so the runner never reads a half-written marker.
    fs.writeFileSync(doneFile + '.tmp', JSON.stringify(summary, null, 2));
    fs.renameSync(doneFile + '.tmp', doneFile);
  } catch (err) {
    console.error('[vetted-test-host] could not write done marker', doneFile, err);
  }
}

module.exports = { runSuites, writeDone };
