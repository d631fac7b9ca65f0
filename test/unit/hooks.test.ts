import * as assert from 'assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { hooksCommand } from '../../src/cli/precommit';
import { hooksStatus, installHooks, uninstallHooks } from '../../src/cli/hooks';
import { BEGIN_MARK, END_MARK, insertBlock, hookBlock, removeBlock, type CliLocation } from '../../src/core/gate/hookScript';
import { appendTrailers, trailersFor } from '../../src/core/gate/trailers';
import { block, hashOf, ID1, ID2, ledgerLine, SAFE_CODE, TempRepo } from './gateHelpers';
import { ROOT } from './helpers';

/** A stand-in for bin/vetted.js that runs the compiled CLI (tests do not depend on `npm run build`). */
function shimCli(dir: string): CliLocation {
  const shim = path.join(dir, '.vetted-test-cli.js');
  const main = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
  writeFileSync(shim, `require(${JSON.stringify(main)}).main(process.argv.slice(2), { cwd: process.cwd(), stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then((c) => { process.exitCode = c; });\n`);
  return { node: process.execPath, cli: shim };
}

const FAKE: CliLocation = { node: '/usr/bin/node', cli: "/opt/it's here/bin/vetted.js" };

describe('hook script blocks', () => {
  const samples = ['#!/bin/sh\necho hi\n', '#!/bin/sh\necho hi', '#!/bin/sh', 'echo no shebang\n', '#!/bin/bash\r\necho crlf\r\n', '', '#!/bin/sh\n\n\nexit 0\n'];
  for (const [i, s] of samples.entries()) {
    it(`insert then remove gives back the same bytes (sample ${i})`, () => {
      for (const where of ['top', 'end'] as const) {
        const withBlock = insertBlock(s, hookBlock('pre-commit', FAKE, where === 'top' ? 'chained-top' : 'appended'), where);
        assert.ok(withBlock.includes(BEGIN_MARK) && withBlock.includes(END_MARK));
        assert.strictEqual(removeBlock(withBlock), s, `${where}: ${JSON.stringify(withBlock)}`);
      }
    });
  }
  it('quotes the recorded paths for sh', () => {
    assert.ok(hookBlock('pre-commit', FAKE, 'created').includes(`vetted_cli='/opt/it'\\''s here/bin/vetted.js'`));
  });
});

describe('hooks install / uninstall (temporary repositories)', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo('vetted-hooks-');
  });
  afterEach(() => repo.dispose());

  const hookFile = (name = 'pre-commit') => path.join(repo.dir, '.git', 'hooks', name);

  it('plain .git/hooks: creates an executable hook, status reports it, uninstall deletes it', async () => {
    const r = await installHooks({ cwd: repo.dir, cli: FAKE });
    assert.strictEqual(r.target.system, 'git-hooks');
    assert.strictEqual(r.actions[0].action, 'created');
    const text = readFileSync(hookFile(), 'utf8');
    assert.ok(text.startsWith('#!/bin/sh\n'));
    assert.ok(text.includes('precommit'));
    assert.ok((statSync(hookFile()).mode & 0o111) !== 0, 'executable');
    assert.strictEqual(existsSync(hookFile('prepare-commit-msg')), false, 'trailers are opt-in');
    const again = await installHooks({ cwd: repo.dir, cli: FAKE });
    assert.strictEqual(again.actions[0].action, 'unchanged');
    const st = await hooksStatus({ cwd: repo.dir });
    assert.strictEqual(st.actions.find((a) => a.hook === 'pre-commit')?.action, 'installed');
    const u = await uninstallHooks({ cwd: repo.dir });
    assert.strictEqual(u.actions[0].action, 'deleted');
    assert.strictEqual(existsSync(hookFile()), false);
  });

  it('an existing hook is chained (it runs first and keeps its exit code) and restored byte-identical', async () => {
    const theirs = '#!/bin/sh\n# team lint\necho "their hook ran" >> "$(git rev-parse --git-dir)/their.log"\n[ -f STOP ] && exit 3\nexit 0\n';
    mkdirSync(path.dirname(hookFile()), { recursive: true });
    writeFileSync(hookFile(), theirs);
    chmodSync(hookFile(), 0o755);
    const cli = shimCli(repo.dir);
    const r = await installHooks({ cwd: repo.dir, cli });
    assert.strictEqual(r.actions[0].action, 'chained');
    repo.write('.gitignore', '.vetted-test-cli.js\nSTOP\n');
    repo.write('src/ok.ts', SAFE_CODE.join('\n') + '\n');
    repo.add('.gitignore', 'src/ok.ts');
    assert.strictEqual(repo.tryGit('commit', '-q', '-m', 'ok').code, 0);
    assert.strictEqual(readFileSync(path.join(repo.dir, '.git', 'their.log'), 'utf8'), 'their hook ran\n');
    // their hook failing still stops the commit, with its own exit code semantics
    repo.write('STOP', '');
    repo.write('src/ok2.ts', SAFE_CODE.join('\n') + '\n');
    repo.add('src/ok2.ts');
    assert.notStrictEqual(repo.tryGit('commit', '-q', '-m', 'stop').code, 0);
    const u = await uninstallHooks({ cwd: repo.dir });
    assert.strictEqual(u.actions[0].action, 'removed-block');
    assert.strictEqual(readFileSync(hookFile(), 'utf8'), theirs);
  });

  it('a real git commit with the installed hook is blocked until the AI block is reviewed', async () => {
    await installHooks({ cwd: repo.dir, cli: shimCli(repo.dir) });
    repo.write('.gitignore', '.vetted-test-cli.js\n');
    repo.write('src/app.ts', [...block(SAFE_CODE), ''].join('\n'));
    repo.add('.gitignore', 'src/app.ts');
    const blocked = repo.tryGit('commit', '-m', 'add app');
    assert.strictEqual(blocked.code, 1, blocked.out);
    assert.match(blocked.out, /commit blocked/);
    assert.match(blocked.out, /src\/app\.ts:1 {2}unreviewed/);
    assert.strictEqual(repo.tryGit('rev-parse', '--verify', '-q', 'HEAD').code, 1, 'nothing committed');
    // review: marker reviewed for the current content, checklist in the ledger, both staged
    const h = hashOf(SAFE_CODE);
    const meta = { id: ID1, src: 'inline' as const, tool: 'github.copilot', conf: 'high' as const, ts: '2026-12-01T10:00:00Z', h, status: 'reviewed' as const, reviewer: 'dev@example.com' };
    repo.write('src/app.ts', [...block(SAFE_CODE, meta), ''].join('\n'));
    repo.write('.vetted/provenance.jsonl', ledgerLine(meta, 'src/app.ts', 1, 3, [{ status: 'reviewed', by: 'dev@example.com', at: '2026-12-01T11:00:00Z', h, answers: { 'untrusted-input': 'yes', 'no-credentials': 'yes', 'errors-no-internals': 'yes' } }]));
    repo.add('src/app.ts', '.vetted/provenance.jsonl');
    const ok = repo.tryGit('commit', '-q', '-m', 'add app');
    assert.strictEqual(ok.code, 0, ok.out);
    assert.strictEqual(repo.tryGit('rev-parse', '--verify', '-q', 'HEAD').code, 0);
  });

  it('when the recorded CLI is gone and npx has no vetted, the hook says so and does not block', async () => {
    await installHooks({ cwd: repo.dir, cli: { node: process.execPath, cli: path.join(repo.dir, 'missing', 'vetted.js') } });
    repo.write('src/app.ts', [...block(SAFE_CODE), ''].join('\n'));
    repo.add('src/app.ts');
    const r = repo.tryGit('commit', '-q', '-m', 'x');
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /Vetted CLI was not found.*did NOT run/);
  });

  it('a linked worktree installs into the shared hooks directory (git rev-parse --git-path hooks)', async () => {
    repo.write('README.md', 'x\n');
    repo.add('README.md');
    repo.commit();
    const wt = `${repo.dir}-wt`;
    repo.git('worktree', 'add', '-q', wt);
    try {
      const r = await installHooks({ cwd: wt, cli: FAKE });
      assert.strictEqual(r.target.system, 'git-hooks');
      assert.ok(existsSync(hookFile()), JSON.stringify(r.actions));
      await uninstallHooks({ cwd: wt });
      assert.strictEqual(existsSync(hookFile()), false);
    } finally {
      repo.git('worktree', 'remove', '--force', wt);
    }
  });

  it('core.hooksPath: installs into that directory', async () => {
    repo.git('config', 'core.hooksPath', 'tools/hooks');
    const r = await installHooks({ cwd: repo.dir, cli: FAKE, trailers: true });
    assert.strictEqual(r.target.system, 'core.hooksPath');
    assert.ok(existsSync(path.join(repo.dir, 'tools', 'hooks', 'pre-commit')));
    assert.ok(readFileSync(path.join(repo.dir, 'tools', 'hooks', 'prepare-commit-msg'), 'utf8').includes('trailers "$1" "$2" "$3"'));
    assert.strictEqual(existsSync(hookFile()), false);
    await uninstallHooks({ cwd: repo.dir });
    assert.strictEqual(existsSync(path.join(repo.dir, 'tools', 'hooks', 'pre-commit')), false);
    assert.strictEqual(existsSync(path.join(repo.dir, 'tools', 'hooks', 'prepare-commit-msg')), false);
  });

  it('husky: appends a marked block to .husky/pre-commit and removes exactly it', async () => {
    const theirs = 'npx lint-staged\n';
    repo.write('.husky/pre-commit', theirs);
    repo.git('config', 'core.hooksPath', '.husky/_');
    const r = await installHooks({ cwd: repo.dir, cli: FAKE });
    assert.strictEqual(r.target.system, 'husky');
    const text = readFileSync(path.join(repo.dir, '.husky', 'pre-commit'), 'utf8');
    assert.ok(text.startsWith(theirs) && text.includes(BEGIN_MARK));
    await uninstallHooks({ cwd: repo.dir });
    assert.strictEqual(readFileSync(path.join(repo.dir, '.husky', 'pre-commit'), 'utf8'), theirs);
  });

  it('the pre-commit framework: prints the entry, edits nothing', async () => {
    const cfg = 'repos:\n  - repo: https://example.com/x\n    rev: v1\n    hooks:\n      - id: y\n';
    repo.write('.pre-commit-config.yaml', cfg);
    let out = '';
    const code = await hooksCommand(['install'], { cwd: repo.dir, stdout: (t) => (out += t), stderr: (t) => (out += t) }, FAKE);
    assert.strictEqual(code, 0);
    assert.match(out, /id: vetted-precommit/);
    assert.strictEqual(readFileSync(path.join(repo.dir, '.pre-commit-config.yaml'), 'utf8'), cfg);
    assert.strictEqual(existsSync(hookFile()), false);
    assert.ok(existsSync(path.join(ROOT, '.pre-commit-hooks.yaml')));
    assert.match(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'), /- id: vetted-precommit/);
  });

  it('a hook in another language is not edited (refused, exit 1)', async () => {
    mkdirSync(path.dirname(hookFile()), { recursive: true });
    const py = '#!/usr/bin/env python3\nprint("hi")\n';
    writeFileSync(hookFile(), py);
    let out = '';
    const code = await hooksCommand(['install'], { cwd: repo.dir, stdout: (t) => (out += t), stderr: (t) => (out += t) }, FAKE);
    assert.strictEqual(code, 1);
    assert.match(out, /not a shell script/);
    assert.strictEqual(readFileSync(hookFile(), 'utf8'), py);
  });

  it('trailers: the prepare-commit-msg hook adds Assisted-by and Reviewed-by once, and skips amends', async () => {
    await installHooks({ cwd: repo.dir, cli: shimCli(repo.dir), trailers: true });
    repo.write('.gitignore', '.vetted-test-cli.js\n');
    const h = hashOf(SAFE_CODE);
    const meta = { id: ID1, src: 'inline' as const, tool: 'claude-code', model: 'claude-sonnet-4', conf: 'high' as const, ts: '2026-12-01T10:00:00Z', h, status: 'reviewed' as const, reviewer: 'dev@example.com' };
    const pasted = { ...meta, id: ID2, src: 'paste' as const, tool: 'unknown', status: 'unreviewed' as const };
    delete (pasted as { reviewer?: string }).reviewer;
    delete (pasted as { model?: string }).model;
    repo.write('src/app.ts', [...block(SAFE_CODE, meta), ''].join('\n'));
    repo.write('sandbox/p.ts', [...block(SAFE_CODE, pasted), ''].join('\n'));
    repo.write('.vetted/provenance.jsonl', ledgerLine(meta, 'src/app.ts', 1, 3, [{ status: 'reviewed', by: 'dev@example.com', at: '2026-12-01T11:00:00Z', h, answers: { 'untrusted-input': 'yes', 'no-credentials': 'yes', 'errors-no-internals': 'yes' } }]));
    repo.add('.gitignore', 'src/app.ts', 'sandbox/p.ts', '.vetted/provenance.jsonl');
    const r = repo.tryGit('commit', '-q', '-m', 'add app\n\nBody text.\n\nAssisted-by: claude-code:claude-sonnet-4');
    assert.strictEqual(r.code, 0, r.out);
    const msg = repo.git('log', '-1', '--format=%B');
    assert.strictEqual(msg.trim(), 'add app\n\nBody text.\n\nAssisted-by: claude-code:claude-sonnet-4\nReviewed-by: dev@example.com');
    repo.tryGit('commit', '-q', '--amend', '-m', 'amended');
    // -m with --amend passes source "message" on some versions, "commit" with -c/-C: either way no duplicate lines
    const amended = repo.git('log', '-1', '--format=%B');
    assert.strictEqual((amended.match(/Assisted-by/g) ?? []).length <= 1, true);
  });
});

describe('trailers (pure)', () => {
  it('appends after a blank line, into an existing trailer block, before comment lines, without duplicates', () => {
    const t = [{ key: 'Assisted-by' as const, value: 'cursor:gpt-5' }, { key: 'Reviewed-by' as const, value: 'ana@example.com' }];
    assert.strictEqual(appendTrailers('Fix login\n', t), 'Fix login\n\nAssisted-by: cursor:gpt-5\nReviewed-by: ana@example.com\n');
    assert.strictEqual(appendTrailers('Fix login\n\nSigned-off-by: A <a@x>\n', t), 'Fix login\n\nSigned-off-by: A <a@x>\nAssisted-by: cursor:gpt-5\nReviewed-by: ana@example.com\n');
    assert.strictEqual(appendTrailers('Fix\n\n# Please enter the commit message\n# Lines starting with # are ignored\n', t), 'Fix\n\nAssisted-by: cursor:gpt-5\nReviewed-by: ana@example.com\n\n# Please enter the commit message\n# Lines starting with # are ignored\n');
    const once = appendTrailers('Fix\n', t);
    assert.strictEqual(appendTrailers(once, t), once);
  });

  it('only blocks the staged change touches, never a paste or an unknown tool', () => {
    const m = { id: ID1, src: 'agent-edit' as const, tool: 'cline', conf: 'high' as const, ts: '2026-12-01T10:00:00Z', h: hashOf(SAFE_CODE), status: 'unreviewed' as const };
    const text = ['// head', ...block(SAFE_CODE, m), '// tail', ''].join('\n');
    assert.deepStrictEqual(trailersFor([{ path: 'a.ts', status: 'A', text }], undefined), [{ key: 'Assisted-by', value: 'cline' }]);
    assert.deepStrictEqual(trailersFor([{ path: 'a.ts', status: 'M', text: text.replace('// tail', '// tail changed'), baseText: text }], undefined), []);
    assert.deepStrictEqual(trailersFor([{ path: 'a.ts', status: 'A', text: ['// head', ...block(SAFE_CODE, { ...m, src: 'paste' }), ''].join('\n') }], undefined), []);
  });
});
