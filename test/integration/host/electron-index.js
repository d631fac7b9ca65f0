// extensionTestsPath entry for @vscode/test-electron (`run-vscode-tests.mjs --electron`).
// VS Code calls run() inside the extension development host; it must reject when tests fail.
'use strict';
const fs = require('fs');
const { runSuites } = require('./run-mocha');

async function run() {
  const configFile = process.env.VETTED_TEST_CONFIG;
  if (!configFile) throw new Error('VETTED_TEST_CONFIG is not set (start through scripts/run-vscode-tests.mjs)');
  const summary = await runSuites(JSON.parse(fs.readFileSync(configFile, 'utf8')));
  if (summary.error) throw new Error(summary.error);
  if (summary.failed > 0) throw new Error(`${summary.failed} integration test(s) failed`);
}

module.exports = { run };
