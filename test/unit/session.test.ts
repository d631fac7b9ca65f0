import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { IncrementalSession } from '../../src/core/session';
import type { ContentChange, ParsedLanguage, Position } from '../../src/core/types';
import { engine, FIXTURES, seededRandom as rng } from './helpers';


function positionAt(text: string, offset: number): Position {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

function change(text: string, offset: number, length: number, insert: string): ContentChange {
  return { range: { start: positionAt(text, offset), end: positionAt(text, offset + length) }, rangeOffset: offset, rangeLength: length, text: insert };
}

const SNIPPETS: Record<'js' | 'py', string[]> = {
  js: ['x', 'a', '_', '1', ' ', '\n', '"', "'", '`', '${', '}', '{', '(', ')', ';', '.', '//', '/*', '*/', 'req.query.id', 'const q = ', 'let ', ' + ', '\n\n', "require('child_process')", "import fs from 'fs';\n", "const { exec } = require('child_process');\n", 'eval(req.body.code);\n', '// vetted-ignore code-injection -- reviewed\n', '// vetted-ignore sql-injection\n', 'function helper(s) { return s; }\n', '  ', 'db.query(`SELECT * FROM t WHERE id = ${id}`);\n', 'ALLOWED.includes(sort)', 'export ', 'await ', 'Math.random()', '\t', "const CMD = 'ls';\n", 'const CMD = req.query.c;\n', 'CMD = process.argv[2];\n', 'exec(CMD);\n', 'const run = (req) => { db.query(sql + req.query.id); };\n', 'let sql = "SELECT 1";\n'],
  py: ['x', 'a', '_', '1', ' ', '\n', '"', "'", '"""', "f'", '{', '}', '(', ')', ':', '.', '#', 'request.args["q"]', 'q = ', ' + ', '\n\n', '    ', 'import os\n', 'import subprocess\n', 'from flask import request\n', 'eval(request.args["c"])\n', '# vetted-ignore code-injection -- reviewed\n', '# vetted-ignore sql-injection\n', 'def helper(s):\n    return s\n', 'cur.execute(f"SELECT * FROM t WHERE id = {uid}")\n', 'if sort not in ALLOWED:\n    abort(400)\n', 'global ', 'yaml = YAML()\n', 'random.random()', "CMD = 'ls'\n", 'CMD = request.args["c"]\n', 'os.system(CMD)\n', 'def run():\n    global SQL\n    SQL = request.args["q"]\n', 'cur.execute(SQL)\n'],
};

/** One random edit of `text`: an insertion, a deletion, a replacement, or a moved slice of the file itself. */
function randomChange(text: string, rand: () => number, kind: 'js' | 'py'): ContentChange {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  // edits cluster in places, as typing does: near a random line start
  const offset = Math.floor(rand() * (text.length + 1));
  const r = rand();
  if (r < 0.45) return change(text, offset, 0, pick(SNIPPETS[kind]));
  const length = Math.min(text.length - offset, Math.floor(rand() * (rand() < 0.7 ? 6 : 120)));
  if (r < 0.75) return change(text, offset, length, '');
  if (r < 0.9) return change(text, offset, length, pick(SNIPPETS[kind]));
  const from = Math.floor(rand() * text.length);
  return change(text, offset, length, text.slice(from, from + Math.floor(rand() * 200)));
}

function apply(text: string, c: ContentChange): string {
  return text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
}

function languageOf(file: string): ParsedLanguage {
  return file.endsWith('.py') ? 'python' : file.endsWith('.tsx') ? 'tsx' : file.endsWith('.ts') ? 'typescript' : 'javascript';
}

const RULE_FIXTURES = path.join(FIXTURES, 'rules');
const files = fs.readdirSync(RULE_FIXTURES).filter((f) => /\.(js|ts|tsx|py)$/.test(f)).sort();

describe('incremental sessions', function () {
  this.timeout(600000);

  it('equal a fresh analysis after every one of hundreds of random edits to the rule fixtures', async () => {
    const rand = rng(20261201);
    let edits = 0;
    let incremental = 0;
    let readers = 0;
    // every fixture gets a few edits; a rotating subset gets a long run of them
    for (const [i, file] of files.entries()) {
      const language = languageOf(file);
      const kind = language === 'python' ? 'py' : 'js';
      let text = fs.readFileSync(path.join(RULE_FIXTURES, file), 'utf8');
      const session = (await engine().openSession({ text, language })) as IncrementalSession;
      try {
        assert.deepStrictEqual(session.result, await engine().analyze({ text, language }), `${file}: on open`);
        const steps = i % 4 === 0 ? 16 : 4;
        for (let step = 0; step < steps; step++) {
          // sometimes several changes in one event (multi-cursor edits, applied in order)
          const changes: ContentChange[] = [];
          let next = text;
          for (let k = rand() < 0.15 ? 3 : 1; k > 0; k--) {
            const c = randomChange(next, rand, kind);
            changes.push(c);
            next = apply(next, c);
          }
          const got = session.update(next, changes);
          const want = await engine().analyze({ text: next, language });
          edits++;
          if (session.stats.mode === 'incremental') incremental++;
          if (session.stats.mode === 'incremental' && session.stats.reason?.startsWith('module-level bindings changed')) readers++;
          assert.deepStrictEqual(got, want, `${file}: edit ${step} (${JSON.stringify(changes)}) [${session.stats.mode} ${session.stats.reason ?? ''}]`);
          text = next;
        }
      } finally {
        session.dispose();
      }
    }
    assert.ok(edits >= 300, `only ${edits} edits`);
    // the point of sessions: most edits re-run only part of the file
    assert.ok(incremental > edits / 3, `only ${incremental} of ${edits} edits were incremental`);
    // some edits changed module-level bindings and re-ran just the statements reading them
    assert.ok(readers >= 5, `only ${readers} edits re-ran the readers of changed module-level names`);
  });

  it('re-analyses only the touched statement when typing inside a function', async () => {
    const lines: string[] = ["const express = require('express');", 'const app = express();'];
    for (let i = 0; i < 50; i++) lines.push(`app.get('/a${i}', (req, res) => {`, `  res.send(eval(req.query.x${i}));`, '});', '');
    let text = lines.join('\n');
    const session = (await engine().openSession({ text, language: 'javascript' })) as IncrementalSession;
    try {
      const at = text.indexOf('x25');
      const c = change(text, at + 3, 0, 'y');
      text = apply(text, c);
      const got = session.update(text, [c]);
      assert.strictEqual(session.stats.mode, 'incremental');
      assert.strictEqual(session.stats.rerun, 1);
      assert.deepStrictEqual(got, await engine().analyze({ text, language: 'javascript' }));
      assert.strictEqual(got.findings.filter((f) => f.ruleId === 'code-injection').length, 50);
    } finally {
      session.dispose();
    }
  });

  it('re-runs only the statements that read a module-level name whose value changed', async () => {
    const lines: string[] = ["const { exec } = require('child_process');", "const CMD = 'ls -l';"];
    for (let i = 0; i < 30; i++) lines.push(`function f${i}(a) {`, `  return a + ${i};`, '}');
    lines.push('function run() {', '  exec(CMD);', '}', 'function other() {', '  exec(CMD2);', '}');
    let text = lines.join('\n') + '\n';
    const session = (await engine().openSession({ text, language: 'javascript' })) as IncrementalSession;
    try {
      assert.strictEqual(session.result.findings.filter((f) => f.ruleId === 'command-injection').length, 1);
      const at = text.indexOf("'ls -l'");
      const c = change(text, at, 7, "'ls ' + suffix");
      text = apply(text, c);
      const got = session.update(text, [c]);
      assert.strictEqual(session.stats.mode, 'incremental', session.stats.reason);
      // the edited statement and run(), which reads CMD; not other() (CMD2) nor the f functions
      assert.strictEqual(session.stats.rerun, 2);
      assert.deepStrictEqual(got, await engine().analyze({ text, language: 'javascript' }));
      assert.strictEqual(got.findings.filter((f) => f.ruleId === 'command-injection').length, 2);
      // and back: the finding in run() goes away again
      const back = change(text, at, "'ls ' + suffix".length, "'ls -l'");
      text = apply(text, back);
      const again = session.update(text, [back]);
      assert.strictEqual(session.stats.mode, 'incremental');
      assert.deepStrictEqual(again, await engine().analyze({ text, language: 'javascript' }));
      assert.strictEqual(again.findings.filter((f) => f.ruleId === 'command-injection').length, 1);
    } finally {
      session.dispose();
    }
  });

  it('follows names bound from changed names (transitively) when re-running readers', async () => {
    const lines: string[] = ['import os', 'from flask import request', 'BASE = "ls"', 'CMD = BASE + " -l"'];
    for (let i = 0; i < 20; i++) lines.push(`def f${i}(a):`, `    return a + ${i}`);
    lines.push('def run():', '    os.system(CMD)', '');
    let text = lines.join('\n');
    const session = (await engine().openSession({ text, language: 'python' })) as IncrementalSession;
    try {
      const at = text.indexOf('"ls"');
      const c = change(text, at, 4, 'suffix');
      text = apply(text, c);
      const got = session.update(text, [c]);
      assert.strictEqual(session.stats.mode, 'incremental', session.stats.reason);
      assert.deepStrictEqual(got, await engine().analyze({ text, language: 'python' }));
      assert.ok(session.stats.rerun >= 3, `re-ran ${session.stats.rerun}`);
    } finally {
      session.dispose();
    }
  });

  it('stays equal to a fresh analysis when an opened string swallows the rest of the file, and when it is closed', async () => {
    const cases: Array<[ParsedLanguage, string, string]> = [
      ['python', 'import os\nfrom flask import request\nBASE = "ls"\n', '"""'],
      ['typescript', "import { exec } from 'child_process';\nconst BASE = 'ls';\n", '`'],
    ];
    let incremental = 0;
    for (const [language, head, quote] of cases) {
      const py = language === 'python';
      const lines = [head];
      for (let i = 0; i < 40; i++) {
        lines.push(py ? `H${i} = BASE + "${i}"\ndef f${i}(a):\n    os.system(H${i} + a)\n    return f${(i + 7) % 40}\n` : `const H${i} = BASE + '${i}';\nexport function f${i}(a: string) {\n  exec(H${i} + a);\n  return f${(i + 7) % 40};\n}\n`);
      }
      let text = lines.join('');
      const session = (await engine().openSession({ text, language })) as IncrementalSession;
      try {
        const at = text.indexOf(py ? 'H20 = ' : 'const H20 = ');
        const open = change(text, at, 0, quote);
        for (const c of [open, change(apply(text, open), at, quote.length, '')]) {
          text = apply(text, c);
          const got = session.update(text, [c]);
          if (session.stats.mode === 'incremental') incremental++;
          assert.deepStrictEqual(got, await engine().analyze({ text, language }), `${language} [${session.stats.mode} ${session.stats.reason ?? ''}]`);
        }
      } finally {
        session.dispose();
      }
    }
    assert.ok(incremental > 0, 'every one of these edits re-ran the whole file');
  });

  it('notices a suppression comment completed or joined by a one-character edit, and a line that makes the file look minified', async () => {
    const language = 'javascript';
    let text = "const http = require('http');\nfunction run(req) {\n  // vetted-ignre code-injection -- reviewed\n  eval(req.query.x);\n  // vetted-XXignore code-injection -- reviewed\n  eval(req.query.y);\n}\n";
    const session = (await engine().openSession({ text, language })) as IncrementalSession;
    try {
      const steps: Array<(t: string) => ContentChange> = [
        (t) => change(t, t.indexOf('ignre') + 3, 0, 'o'), // completes the first marker
        (t) => change(t, t.indexOf('XXignore'), 2, ''), // joins the second
        (t) => change(t, t.indexOf('vetted-ignore'), 1, ''), // breaks one again
        (t) => change(t, t.indexOf('function'), 0, `const blob = '${'x'.repeat(5000)}';\n`), // one huge line: minified
        (t) => change(t, t.indexOf('x'.repeat(10)), 1, ''), // still minified
        (t) => change(t, t.indexOf('const blob'), t.indexOf('function') - t.indexOf('const blob'), ''), // gone again
        (t) => change(t, t.indexOf('eval'), 0, 'x'),
      ];
      for (const step of steps) {
        const c = step(text);
        text = apply(text, c);
        const got = session.update(text, [c]);
        assert.deepStrictEqual(got, await engine().analyze({ text, language }), `${JSON.stringify(c).slice(0, 200)} [${session.stats.mode} ${session.stats.reason ?? ''}]`);
      }
      assert.ok(session.result.suppressed?.length, 'a suppression applies at the end');
    } finally {
      session.dispose();
    }
  });

  it('re-analyses the whole file when an import changes', async () => {
    let text = "const cp = require('child_proces');\nfunction run(req) {\n  cp.exec(req.query.cmd);\n}\n";
    const session = (await engine().openSession({ text, language: 'javascript' })) as IncrementalSession;
    try {
      const before = session.result.findings.filter((f) => f.ruleId === 'command-injection').length;
      const c = change(text, text.indexOf("proces'") + 6, 0, 's');
      text = apply(text, c);
      const got = session.update(text, [c]);
      assert.strictEqual(session.stats.mode, 'full');
      assert.deepStrictEqual(got, await engine().analyze({ text, language: 'javascript' }));
      assert.ok(got.findings.filter((f) => f.ruleId === 'command-injection').length > before);
    } finally {
      session.dispose();
    }
  });

  it('rejects updates after dispose', async () => {
    const session = await engine().openSession({ text: 'x = 1\n', language: 'python' });
    session.dispose();
    assert.throws(() => session.update('x = 2\n', [change('x = 1\n', 4, 1, '2')]));
  });
});
