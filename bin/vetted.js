#!/usr/bin/env node
'use strict';
const path = require('path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
let mod;
try {
  mod = require(cli);
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('cli.js')) {
    process.stderr.write('vetted: the CLI is not built yet. Run `npm run build` first.\n');
    process.exit(2);
  }
  throw e;
}
mod.main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
}).then((code) => { process.exitCode = code; });
