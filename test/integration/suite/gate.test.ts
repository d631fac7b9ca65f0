// The commit gate in a real VS Code (issue 5): stagedVerdict through the Git extension's index blobs, the hook
// installer command, commit trailers in the Source Control message box, and "Dismiss in .vetted/ignore.json".
// The test runs git itself to build a repository in a temp dir; the extension reads it through the Git extension.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, boundedCleanup, closeAllEditors, openFixture, waitForDiagnostics, workspaceRoot } from './helpers';

interface Verdict {
  status: string;
  items: Array<{ kind: string; file: string; line: number; blocking: boolean }>;
}
interface VettedApi {
  gate: { stagedVerdict(folder: { uri: vscode.Uri }): Promise<Verdict> };
  checker: { findingsFor(uri: vscode.Uri): ReadonlyArray<{ ruleId: string; fingerprint: string }> };
}
interface GitRepo {
  readonly inputBox: { value: string };
  readonly state: { readonly indexChanges: readonly unknown[]; readonly onDidChange: vscode.Event<void> };
  status(): Promise<void>;
}
interface GitApi {
  openRepository?(root: vscode.Uri): Promise<GitRepo | null>;
  getRepository(uri: vscode.Uri): GitRepo | null;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Vetted Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

const CODE = ['export function add(a: number, b: number): number {', '  return a + b;', '}'];
// normalisedHash(CODE.join('\n')) is computed by the extension; a wrong h only turns "unreviewed" into "unreviewed".
const BLOCK = ['// ai-provenance:begin v=1 id=0G2K7QX9AB src=inline tool=claude-code model=claude-sonnet-4 conf=high ts=2026-12-01T10:00:00Z h=0000000000000000 status=unreviewed', ...CODE, '// ai-provenance:end id=0G2K7QX9AB', ''];

suite('Vetted commit gate', () => {
  let api: VettedApi;
  let dir: string;
  let repo: GitRepo;

  suiteSetup(async function () {
    this.timeout(40_000);
    api = (await activateExtension<VettedApi>('vetted.vetted')).exports;
    dir = mkdtempSync(path.join(os.tmpdir(), 'vetted-gate-'));
    git(dir, 'init', '-q');
    writeFileSync(path.join(dir, 'README.md'), 'x\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'app.ts'), BLOCK.join('\n'));
    git(dir, 'add', '-A');
    const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(ext, 'the built-in Git extension is present');
    const exports = ext.isActive ? ext.exports : await ext.activate();
    const gitApi = exports.getAPI(1);
    const root = vscode.Uri.file(dir);
    const opened = gitApi.openRepository ? await gitApi.openRepository(root) : (await vscode.commands.executeCommand('git.openRepository', dir), gitApi.getRepository(root));
    assert.ok(opened, `Git opened the repository at ${dir}`);
    repo = opened;
    await repo.status();
  });

  suiteTeardown(async () => {
    await boundedCleanup(closeAllEditors);
    rmSync(dir, { recursive: true, force: true });
    const ignore = path.join(workspaceRoot().fsPath, '.vetted', 'ignore.json');
    if (existsSync(ignore)) rmSync(ignore);
  });

  test('stagedVerdict reads the index through the Git extension and blocks the unreviewed AI block', async () => {
    const v = await api.gate.stagedVerdict({ uri: vscode.Uri.file(dir) });
    assert.strictEqual(v.status, 'block', JSON.stringify(v));
    assert.deepStrictEqual(v.items.filter((i) => i.blocking).map((i) => `${i.file}:${i.line}:${i.kind}`), ['src/app.ts:1:unreviewed']);
  });

  test('Install Pre-commit Hook chains into the repository and Uninstall removes it', async () => {
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    assert.strictEqual(await vscode.commands.executeCommand('vetted.installHooks', vscode.Uri.file(dir)), true);
    const text = readFileSync(hook, 'utf8');
    assert.match(text, /# >>> vetted >>>/);
    assert.match(text, /bin\/vetted\.js/);
    await vscode.commands.executeCommand('vetted.uninstallHooks', vscode.Uri.file(dir));
    assert.strictEqual(existsSync(hook), false);
  });

  test('Add Commit Trailers fills the Source Control message box with Assisted-by', async () => {
    repo.inputBox.value = 'Add app';
    assert.strictEqual(await vscode.commands.executeCommand('vetted.addCommitTrailers', vscode.Uri.file(dir)), true);
    assert.strictEqual(repo.inputBox.value, 'Add app\n\nAssisted-by: claude-code:claude-sonnet-4');
  });

  test('Dismiss in .vetted/ignore.json removes the finding from the Problems panel and records who and why', async () => {
    const { uri } = await openFixture('src/server.js');
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => x.source === 'Vetted'));
    const before = ds.filter((x) => x.source === 'Vetted').length;
    const f = api.checker.findingsFor(uri)[0];
    assert.ok(f, 'the fixture has a finding');
    const ok = await vscode.commands.executeCommand('vetted.dismissFinding', uri.toString(), f.ruleId, f.fingerprint, 'test: value is a constant', 'tester@example.invalid');
    assert.strictEqual(ok, true);
    await waitForDiagnostics(uri, (d) => d.filter((x) => x.source === 'Vetted').length === before - 1);
    const file = JSON.parse(readFileSync(path.join(workspaceRoot().fsPath, '.vetted', 'ignore.json'), 'utf8')) as { ignores: Array<{ reason: string; by: string; path: string }> };
    assert.strictEqual(file.ignores[0].reason, 'test: value is a constant');
    assert.strictEqual(file.ignores[0].path, 'src/server.js');
    assert.strictEqual(file.ignores[0].by, 'tester@example.invalid');
  });
});
