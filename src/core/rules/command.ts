import type { Node } from 'web-tree-sitter';
import type { Fix } from '../types';
import type { Rule, RuleContext } from './api';
import { calleeName, clip, dottedName, perText, keywordArg, keywordArgNode, positionalArgs, pythonImportEdit, pythonImports, replaceNode, unwrap } from './api';

/** subprocess functions that take `shell=`; the last two always use a shell. */
const SUBPROCESS_FUNCS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen', 'getoutput', 'getstatusoutput']);
const ALWAYS_SHELL = new Set(['getoutput', 'getstatusoutput']);
/** Python functions that always hand their string to a shell. */
const PY_SHELL_FUNCS = new Set(['os.system', 'os.popen', 'asyncio.create_subprocess_shell', 'commands.getoutput']);
/** child_process functions that run their command string through a shell. */
const JS_SHELL_FUNCS = new Set(['exec', 'execSync']);
const JS_SPAWN_FUNCS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);

/** Shells that run the argument after `-c` (`/c` for cmd, `-Command` for PowerShell) as a command line. */
const SHELL_PROGRAM = /^(?:(?:\/usr)?(?:\/local)?\/bin\/)?(?:sh|bash|zsh|dash|ksh|ash|fish)$|^(?:[A-Za-z]:\\(?:[^"'\\]{1,80}\\){0,8})?(?:cmd|cmd\.exe|powershell|powershell\.exe|pwsh|pwsh\.exe)$/i;
/** `-c`, `-lc`, `-ec`, `-xc` (sh family), `/c`, `/k` (cmd), `-Command` (PowerShell). */
const SCRIPT_FLAG = /^(?:-[a-z]{0,3}c|\/[ck]|-command)$/i;

/** A constant string's value, for the program and flag elements of an argv list. */
function constText(node: Node, ctx: RuleContext): string | undefined {
  const n = unwrap(node);
  if (!ctx.flow.isConstant(n)) return undefined;
  if (n.type === 'string') return n.namedChildren.filter((c) => c?.type === 'string_fragment' || c?.type === 'string_content').map((c) => c!.text).join('');
  if (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution')) return n.text.slice(1, -1);
  if (n.type === 'identifier') {
    const values = ctx.flow.valuesOf(n.text, n);
    return values.length === 1 && values[0].type !== 'identifier' ? constText(values[0], ctx) : undefined;
  }
  return undefined;
}

/**
 * `spawn('sh', ['-c', cmd])`, `subprocess.run(["bash", "-c", cmd])`: the program is a shell and the argument after
 * its script flag is not constant, which is `exec(cmd)` by another name. Returns that argument.
 */
function shellScriptArgument(program: Node | undefined, rest: readonly Node[], ctx: RuleContext): Node | undefined {
  const prog = program && constText(program, ctx);
  if (!prog || !SHELL_PROGRAM.test(prog.trim())) return undefined;
  const flag = rest.findIndex((a) => SCRIPT_FLAG.test(constText(a, ctx) ?? ''));
  if (flag === -1) return undefined;
  const script = rest[flag + 1];
  if (!script || script.type === 'spread_element' || script.type === 'list_splat') return undefined;
  return ctx.flow.isConstant(script) ? undefined : script;
}

export const commandInjection: Rule = {
  id: 'command-injection',
  title: 'Shell command built from non-constant input',
  cwe: ['CWE-78'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A non-constant command string runs through a shell: `child_process.exec`, `spawn(..., { shell: true })`, `os.system`, `os.popen`, or `subprocess` with `shell=True`.',
  help: `A command string handed to a shell is interpreted by \`/bin/sh\`: a value containing \`; rm -rf ~\`,
\`$(...)\` or a backtick runs extra commands (OS command injection, CWE-78).

**Fix:** run the program directly with an argument list and no shell: \`execFile('convert', [path, out])\` /
\`spawn('convert', [path, out])\` in Node, \`subprocess.run(["convert", path, out])\` in Python (when starting from a
string, \`shlex.split\` it). Validate values that become arguments (a leading \`-\` can still be read as an option).

Vulnerable:
\`\`\`python
subprocess.run(f"ping -c 1 {host}", shell=True)
\`\`\`
Safe:
\`\`\`python
subprocess.run(["ping", "-c", "1", host])
\`\`\``,
  visitors: {
    python: { call: checkPython },
    javascript: { call_expression: checkJs },
    typescript: { call_expression: checkJs },
    tsx: { call_expression: checkJs },
  },
};

/** The fully qualified name of a Python callee (`sp.run` → `subprocess.run`), resolving import aliases. */
function qualifiedPythonName(call: Node, ctx: RuleContext): string | undefined {
  const name = dottedName(call.childForFieldName('function'));
  if (!name) return undefined;
  const { modules, names: functions } = pythonImports(ctx.text);
  const [head, ...rest] = name.split('.');
  if (rest.length === 0) return functions.get(head) ?? name;
  const module = modules.get(head) ?? functions.get(head) ?? head;
  return [module, ...rest].join('.');
}

function checkPython(call: Node, ctx: RuleContext): void {
  // cheap pre-filter before resolving imports: the callee's last name (shared, cached per node), or what it imports as
  const last = calleeName(call);
  if (!last) return;
  const isCandidate = (n: string) => SUBPROCESS_FUNCS.has(n) || /^(system|popen|create_subprocess_shell|create_subprocess_exec|getoutput)$/.test(n);
  if (!isCandidate(last)) {
    const imported = pythonImports(ctx.text).names.get(last);
    if (!imported || !isCandidate(imported.split('.').pop() ?? '') || call.childForFieldName('function')?.type !== 'identifier') return;
  }
  const qualified = qualifiedPythonName(call, ctx);
  if (!qualified) return;
  let viaShell: 'always' | 'flag' | undefined;
  if (PY_SHELL_FUNCS.has(qualified)) viaShell = 'always';
  else if (qualified.startsWith('subprocess.') && SUBPROCESS_FUNCS.has(qualified.slice('subprocess.'.length))) {
    if (ALWAYS_SHELL.has(qualified.slice('subprocess.'.length))) viaShell = 'always';
    else if (keywordArg(call, 'shell')?.text === 'True') viaShell = 'flag';
  }
  if (!viaShell) {
    checkPythonShellArgv(call, qualified, ctx);
    return;
  }
  const command = positionalArgs(call)[0] ?? keywordArg(call, 'args') ?? keywordArg(call, 'cmd');
  if (!command || ctx.flow.isConstant(command)) return;
  ctx.report(call, {
    message: `\`${qualified}\` runs \`${clip(command.text)}\` through the shell${viaShell === 'flag' ? ' (shell=True)' : ''}: shell metacharacters in the value run extra commands (OS command injection, CWE-78). Pass an argument list without a shell.`,
    fixes: viaShell === 'flag' ? shlexFix(call, command, ctx) : [],
  });
}

/** `subprocess.run(["sh", "-c", cmd])`, `asyncio.create_subprocess_exec("bash", "-c", cmd)`. */
function checkPythonShellArgv(call: Node, qualified: string, ctx: RuleContext): void {
  let argv: Node[] | undefined;
  if (qualified === 'asyncio.create_subprocess_exec') argv = positionalArgs(call);
  else if (qualified.startsWith('subprocess.') && SUBPROCESS_FUNCS.has(qualified.slice('subprocess.'.length))) {
    const first = positionalArgs(call)[0] ?? keywordArg(call, 'args');
    const list = first && unwrap(first);
    if (list?.type === 'list' || list?.type === 'tuple') argv = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  }
  if (!argv?.length) return;
  const script = shellScriptArgument(argv[0], argv.slice(1), ctx);
  if (!script) return;
  ctx.report(call, {
    message: `\`${qualified}\` starts a shell with \`-c\` and the command line \`${clip(script.text)}\`: shell metacharacters in it run extra commands (OS command injection, CWE-78). Run the program itself with an argument list instead of a shell.`,
  });
}

/**
 * `shell=True` → `shlex.split(cmd)` + `shell=False`, only when the command uses no shell syntax (pipes, redirects,
 * `;`, `&&`, `$`, globs): otherwise the fix would silently change what the command does.
 */
function shlexFix(call: Node, command: Node, ctx: RuleContext): Fix[] {
  const shellNode = keywordArgNode(call, 'shell');
  const c = unwrap(command);
  if (!shellNode || c.type === 'list') return [];
  const literal = c.type === 'string' ? c.namedChildren.filter((x) => x?.type === 'string_content').map((x) => x!.text).join('') : c.descendantsOfType('string_content').map((x) => x?.text ?? '').join('');
  if (c.type === 'identifier' || /[|&;<>$`*?~(){}\n]/.test(literal)) return [];
  return [
    {
      title: 'Run without a shell: split the command with shlex.split and set shell=False',
      edits: [...pythonImportEdit(ctx, 'shlex'), replaceNode(command, `shlex.split(${command.text})`), replaceNode(shellNode, 'shell=False')],
      isPreferred: true,
    },
  ];
}

/** Whether the file loads child_process (require or import, with or without the node: prefix). */
const usesChildProcess = perText((text) => /(?:require\(\s*|from\s+|import\s*\(\s*)['"](?:node:)?child_process['"]/.test(text));

function checkJs(call: Node, ctx: RuleContext): void {
  const name = calleeName(call); // the identifier or the member's property (shared, cached per node)
  if (!name || !(JS_SHELL_FUNCS.has(name) || JS_SPAWN_FUNCS.has(name))) return;
  // `exec` is a common name (regex.exec, db.exec): require child_process in the file, and a receiver that is not a regex
  if (!usesChildProcess(ctx.text)) return;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'member_expression' && !/^(child_process|cp|childProcess|proc|require\(['"](node:)?child_process['"]\))$/.test(fn.childForFieldName('object')?.text ?? '')) return;
  const args = positionalArgs(call);
  const command = args[0];
  if (!command) return;
  if (JS_SHELL_FUNCS.has(name)) {
    if (ctx.flow.isConstant(command)) return;
    ctx.report(call, {
      message: `\`${name}\` runs \`${clip(command.text)}\` through a shell: shell metacharacters in the value run extra commands (OS command injection, CWE-78). Use execFile/spawn with an argument array instead.`,
    });
    return;
  }
  // spawn('sh', ['-c', cmd]) is a shell by another name
  const argv = args.find((a) => a.type === 'array');
  const script = argv ? shellScriptArgument(command, argv.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment'), ctx) : undefined;
  if (script) {
    ctx.report(call, {
      message: `\`${name}\` starts a shell with \`-c\` and the command line \`${clip(script.text)}\`: shell metacharacters in it run extra commands (OS command injection, CWE-78). Run the program itself with an argument array instead of a shell.`,
    });
    return;
  }
  // spawn/execFile are safe unless `shell: true` is passed in their options
  const options = args.find((a) => a.type === 'object');
  const shell = options?.namedChildren.find((p) => p?.type === 'pair' && p.childForFieldName('key')?.text === 'shell');
  if (shell?.childForFieldName('value')?.text !== 'true') return;
  const dynamic = [command, ...args.filter((a) => a.type === 'array').flatMap((a) => a.namedChildren.filter((c): c is Node => !!c))].filter((a) => !ctx.flow.isConstant(a));
  if (!dynamic.length) return;
  ctx.report(call, {
    message: `\`${name}\` with \`shell: true\` joins its command and arguments into a shell command, so \`${clip(dynamic[0].text)}\` can inject extra commands (CWE-78). Drop \`shell: true\` and pass arguments as an array.`,
  });
}
