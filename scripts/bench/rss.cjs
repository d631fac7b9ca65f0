// Runs the Vetted CLI in this process and writes its peak resident set size (KiB) to $VETTED_BENCH_RSS_FILE at exit.
// Used by `npm run bench` when /usr/bin/time is not available. Usage: node rss.cjs scan DIR [options]
'use strict';
const fs = require('fs');
const path = require('path');
const out = process.env.VETTED_BENCH_RSS_FILE;
process.on('exit', () => {
  if (out) fs.writeFileSync(out, String(process.resourceUsage().maxRSS));
});
require(path.join(__dirname, '..', '..', 'bin', 'vetted.js'));
