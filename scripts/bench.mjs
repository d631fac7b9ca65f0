// Analysis speed. Usage: npm run bench [-- DIR]   (DIR: also time `vetted scan DIR` end to end)
// Figures are wall-clock on this machine; compare runs on the same machine only.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const { Engine } = require(path.join(root, 'out/src/core/engine.js'));
const { Parsers } = require(path.join(root, 'out/src/core/parser.js'));
const { nodeWasmSource } = require(path.join(root, 'out/src/cli/wasm.js'));

/** A 2,000-line file shaped like real application code, with a finding every ~25 lines. */
function jsFile(lines) {
  const out = ["const express = require('express');", "const { Pool } = require('pg');", 'const pool = new Pool();', 'const app = express();'];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `app.get('/items/${i}/:id', async (req, res, next) => {`,
      '  try {',
      `    const limit = Math.min(Number(req.query.limit) || 20, 100);`,
      `    const { rows } = await pool.query('SELECT * FROM items_${i} WHERE id = $1 LIMIT $2', [req.params.id, limit]);`,
      i % 3 === 0 ? `    const extra = await pool.query(\`SELECT * FROM tags WHERE item = '\${req.params.id}'\`);` : '    const extra = { rows: [] };',
      '    const result = rows.map((r) => ({ ...r, tags: extra.rows.filter((t) => t.item === r.id) }));',
      `    if (!result.length) return res.status(404).json({ error: 'not found' });`,
      '    res.json(result);',
      '  } catch (err) {',
      '    next(err);',
      '  }',
      '});',
      '',
      `function format${i}(item, el) {`,
      '  const price = (item.cents / 100).toFixed(2);',
      i % 4 === 0 ? '  el.innerHTML = `<b>${item.name}</b> ${price}`;' : '  el.textContent = `${item.name} ${price}`;',
      '  return price;',
      '}',
      '',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function pyFile(lines) {
  const out = ['import sqlite3', 'import subprocess', 'conn = sqlite3.connect("app.db")', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `def handler_${i}(request, user_id):`,
      '    cur = conn.cursor()',
      '    cur.execute("SELECT * FROM users WHERE id = ?", (user_id,))',
      i % 3 === 0 ? `    cur.execute(f"SELECT * FROM orders WHERE user = '{user_id}'")` : '    rows = cur.fetchall()',
      `    name = request.args.get("name", "")`,
      i % 5 === 0 ? '    subprocess.run(f"echo {name}", shell=True)' : '    subprocess.run(["echo", name])',
      '    return {"ok": True, "count": len(name)}',
      '',
      '',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, min ${s[0].toFixed(1)} ms`;
}

const engine = new Engine(new Parsers(nodeWasmSource(path.join(root, 'dist'))));
const cases = [
  ['javascript', jsFile(2000)],
  ['typescript', jsFile(2000)],
  ['python', pyFile(2000)],
];
console.log(`node ${process.version}, ${(await import('node:os')).cpus()[0].model}`);
for (const [language, text] of cases) {
  const t0 = performance.now();
  const first = await engine.analyze({ text, language });
  const cold = performance.now() - t0;
  const samples = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await engine.analyze({ text, language });
    samples.push(performance.now() - t);
  }
  console.log(`${language.padEnd(10)} 2,000 lines (${(text.length / 1024).toFixed(0)} KB), ${first.findings.length} findings: first run ${cold.toFixed(1)} ms (includes WASM/grammar load), warm ${stats(samples)}`);
}

const dir = process.argv[2];
if (dir) {
  const t = performance.now();
  let out = '';
  try {
    out = execFileSync(process.execPath, [path.join(root, 'bin/vetted.js'), 'scan', dir, '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    out = e.stdout ?? '';
  }
  const summary = out.trim().split('\n').pop();
  console.log(`vetted scan ${dir}: ${((performance.now() - t) / 1000).toFixed(2)} s wall (process start included): ${summary}`);
}
