/**
 * `vetted hooks install|uninstall|status`, shared by the CLI and the editor's "Vetted: Install Pre-commit Hook".
 * Supports plain hooks (`git rev-parse --git-path hooks`, so linked worktrees too), `core.hooksPath`, husky
 * (`.husky/<hook>`) and the pre-commit framework (whose YAML Vetted does not edit: it prints the entry to add).
 * Never overwrites a hook: Vetted's lines go between `# >>> vetted >>>` marks (hookScript.ts) and uninstall removes
 * exactly those, deleting only files Vetted created.
 */
import { promises as fs, constants as fsConstants } from 'fs';
import * as path from 'path';
import { createdHook, hasBlock, hookBlock, insertBlock, isOnlyOurs, isShellScript, removeBlock, BEGIN_MARK, type CliLocation, type HookName } from '../core/gate/hookScript';
import { repoRoot, runGit } from './staged';

export type HookSystem = 'git-hooks' | 'core.hooksPath' | 'husky' | 'pre-commit-framework';

export interface HookTarget {
  readonly root: string;
  readonly system: HookSystem;
  /** Directory holding the hook files Vetted edits (undefined for the pre-commit framework). */
  readonly dir?: string;
}

export interface HookAction {
  readonly hook: HookName;
  readonly file?: string;
  readonly action: 'created' | 'chained' | 'updated' | 'removed-block' | 'deleted' | 'unchanged' | 'refused' | 'manual' | 'installed' | 'not-installed' | 'foreign';
  readonly detail: string;
}

export interface HookReport {
  readonly target: HookTarget;
  readonly actions: HookAction[];
  /** Lines for the user. */
  readonly messages: string[];
}

export const PRE_COMMIT_FRAMEWORK_ENTRY = `  - repo: local
    hooks:
      - id: vetted-precommit
        name: Vetted commit gate
        entry: npx --no-install vetted precommit
        language: system
        pass_filenames: false
        always_run: true`;

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function readOr(p: string): Promise<string | undefined> {
  try {
    return await fs.readFile(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Where hooks live for the repository around `cwd`. */
export async function detectHooks(cwd: string): Promise<HookTarget> {
  const root = await repoRoot(cwd);
  const cfg = await runGit(root, ['config', '--get', 'core.hooksPath']);
  const hooksPath = cfg.code === 0 ? cfg.stdout.toString('utf8').trim() : '';
  if (hooksPath) {
    const abs = path.resolve(root, hooksPath.replace(/^~(?=\/|$)/, process.env.HOME ?? '~'));
    const rel = path.relative(root, abs).split(path.sep);
    if (rel[0] === '.husky') return { root, system: 'husky', dir: path.join(root, '.husky') };
    return { root, system: 'core.hooksPath', dir: abs };
  }
  if (await exists(path.join(root, '.pre-commit-config.yaml'))) return { root, system: 'pre-commit-framework' };
  const gp = await runGit(root, ['rev-parse', '--git-path', 'hooks']);
  if (gp.code !== 0) throw new Error(`git rev-parse --git-path hooks failed: ${gp.stderr}`);
  return { root, system: 'git-hooks', dir: path.resolve(root, gp.stdout.toString('utf8').trim()) };
}

function hooksFor(trailers: boolean): HookName[] {
  return trailers ? ['pre-commit', 'prepare-commit-msg'] : ['pre-commit'];
}

export interface InstallOptions {
  readonly cwd: string;
  readonly cli: CliLocation;
  /** Also install the opt-in prepare-commit-msg hook adding Assisted-by / Reviewed-by trailers. */
  readonly trailers?: boolean;
}

export async function installHooks(options: InstallOptions): Promise<HookReport> {
  const target = await detectHooks(options.cwd);
  const actions: HookAction[] = [];
  const messages: string[] = [];
  if (target.system === 'pre-commit-framework') {
    const cfg = (await readOr(path.join(target.root, '.pre-commit-config.yaml'))) ?? '';
    if (cfg.includes('vetted-precommit')) {
      actions.push({ hook: 'pre-commit', action: 'unchanged', detail: '.pre-commit-config.yaml already lists vetted-precommit' });
      messages.push('vetted: .pre-commit-config.yaml already runs vetted-precommit; nothing to do.');
    } else {
      actions.push({ hook: 'pre-commit', action: 'manual', detail: 'add the vetted-precommit entry to .pre-commit-config.yaml' });
      messages.push(
        'vetted: this repository uses the pre-commit framework (.pre-commit-config.yaml), which owns .git/hooks/pre-commit.',
        'Vetted does not edit your YAML. Add this under `repos:` and run `pre-commit install`:',
        '',
        PRE_COMMIT_FRAMEWORK_ENTRY,
        '',
      );
    }
    if (options.trailers) messages.push('vetted: for commit trailers with the pre-commit framework, add a prepare-commit-msg hook entry running `npx --no-install vetted trailers` (stages: [prepare-commit-msg]) and run `pre-commit install --hook-type prepare-commit-msg`.');
    return { target, actions, messages };
  }
  const dir = target.dir!;
  await fs.mkdir(dir, { recursive: true });
  for (const hook of hooksFor(options.trailers === true)) {
    const file = path.join(dir, hook);
    const text = await readOr(file);
    if (text === undefined) {
      await fs.writeFile(file, createdHook(hook, options.cli), { mode: 0o755 });
      await fs.chmod(file, 0o755);
      actions.push({ hook, file, action: 'created', detail: `created ${file}` });
      continue;
    }
    const husky = target.system === 'husky';
    if (hasBlock(text)) {
      const created = isOnlyOurs(text);
      const base = removeBlock(text);
      const next = created ? createdHook(hook, options.cli) : insertBlock(base, hookBlock(hook, options.cli, husky ? 'appended' : 'chained-top'), husky ? 'end' : 'top');
      if (next !== text) await fs.writeFile(file, next);
      actions.push({ hook, file, action: next === text ? 'unchanged' : 'updated', detail: `${next === text ? 'already installed in' : 'updated Vetted\'s lines in'} ${file}` });
      continue;
    }
    if (!husky && !isShellScript(text)) {
      actions.push({ hook, file, action: 'refused', detail: `${file} is not a shell script (${text.split('\n', 1)[0].slice(0, 60)}); Vetted does not edit it. Call \`${options.cli.node} ${options.cli.cli} ${hook === 'pre-commit' ? 'precommit' : 'trailers "$1" "$2" "$3"'}\` from it yourself.` });
      continue;
    }
    await fs.writeFile(file, insertBlock(text, hookBlock(hook, options.cli, husky ? 'appended' : 'chained-top'), husky ? 'end' : 'top'));
    actions.push({ hook, file, action: 'chained', detail: `added Vetted's lines to your existing ${file} (${husky ? 'at the end' : 'your hook runs first; its exit code still decides'})` });
  }
  for (const a of actions) messages.push(`vetted: ${a.detail}`);
  if (!actions.some((a) => a.action === 'refused')) messages.push(`vetted: hooks installed (${target.system}). Commits now run \`vetted precommit\`${options.trailers ? ' and add Assisted-by/Reviewed-by trailers' : ''}; \`vetted hooks uninstall\` removes them.`);
  return { target, actions, messages };
}

export async function uninstallHooks(options: { readonly cwd: string }): Promise<HookReport> {
  const target = await detectHooks(options.cwd);
  const actions: HookAction[] = [];
  const messages: string[] = [];
  if (target.system === 'pre-commit-framework') {
    messages.push('vetted: this repository uses the pre-commit framework; remove the vetted-precommit entry from .pre-commit-config.yaml yourself (Vetted does not edit it).');
    return { target, actions: [{ hook: 'pre-commit', action: 'manual', detail: 'remove the vetted-precommit entry from .pre-commit-config.yaml' }], messages };
  }
  for (const hook of hooksFor(true)) {
    const file = path.join(target.dir!, hook);
    const text = await readOr(file);
    if (text === undefined || !hasBlock(text)) {
      actions.push({ hook, file, action: 'unchanged', detail: `${file}: no Vetted lines` });
      continue;
    }
    if (isOnlyOurs(text)) {
      await fs.unlink(file);
      actions.push({ hook, file, action: 'deleted', detail: `deleted ${file} (Vetted had created it)` });
    } else {
      await fs.writeFile(file, removeBlock(text));
      actions.push({ hook, file, action: 'removed-block', detail: `removed Vetted's lines from ${file}; the rest is as it was` });
    }
  }
  for (const a of actions) if (a.action !== 'unchanged') messages.push(`vetted: ${a.detail}`);
  if (!actions.some((a) => a.action === 'deleted' || a.action === 'removed-block')) messages.push('vetted: no Vetted hooks were installed here.');
  return { target, actions, messages };
}

export async function hooksStatus(options: { readonly cwd: string }): Promise<HookReport> {
  const target = await detectHooks(options.cwd);
  const actions: HookAction[] = [];
  const messages: string[] = [`vetted: hooks system: ${target.system}${target.dir ? ` (${target.dir})` : ''}`];
  if (target.system === 'pre-commit-framework') {
    const cfg = (await readOr(path.join(target.root, '.pre-commit-config.yaml'))) ?? '';
    const listed = cfg.includes('vetted-precommit');
    actions.push({ hook: 'pre-commit', action: listed ? 'installed' : 'not-installed', detail: listed ? '.pre-commit-config.yaml lists vetted-precommit' : '.pre-commit-config.yaml does not list vetted-precommit (run `vetted hooks install` for the entry)' });
  } else {
    for (const hook of hooksFor(true)) {
      const file = path.join(target.dir!, hook);
      const text = await readOr(file);
      if (text === undefined) actions.push({ hook, file, action: 'not-installed', detail: `${hook}: not installed` });
      else if (!hasBlock(text)) actions.push({ hook, file, action: 'foreign', detail: `${hook}: a hook exists without Vetted's lines (install chains it)` });
      else {
        const cli = /^\s*vetted_cli='((?:[^']|'\\'')*)'/m.exec(text)?.[1]?.replace(/'\\''/g, "'");
        const stale = cli && !(await exists(cli));
        actions.push({ hook, file, action: 'installed', detail: `${hook}: installed${isOnlyOurs(text) ? '' : ' (chained with your hook)'}${stale ? `; the recorded CLI ${cli} is gone, so it falls back to npx --no-install vetted (reinstall to fix)` : ''}` });
      }
    }
  }
  for (const a of actions) messages.push(`vetted: ${a.detail}`);
  return { target, actions, messages };
}

/** The node binary on PATH (absolute), for the editor, whose own process.execPath is not a plain node. */
export async function findNodeOnPath(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['node.exe', 'node.cmd'] : ['node'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const n of names) {
      const p = path.join(dir, n);
      try {
        await fs.access(p, fsConstants.X_OK);
        return p;
      } catch {
        // next
      }
    }
  }
  return undefined;
}

export { BEGIN_MARK };
