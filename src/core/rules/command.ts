import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from './api';
import { clip, dottedName, keywordArg, keywordArgNode, positionalArgs, pythonImportEdit, replaceNode } from './api';

const SUBPROCESS_FUNCS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen', 'getoutput', 'getstatusoutput']);

export const commandInjection: Rule = {
  id: 'command-injection',
  title: 'Shell command built from non-constant input',
  cwe: ['CWE-78'],
  severity: 'high',
  confidence: 'high',
  languages: ['python'],
  summary: '`subprocess` runs a non-constant command through the shell (`shell=True`).',
  help: `With \`shell=True\` the command string is interpreted by \`/bin/sh\`: a value containing \`; rm -rf ~\`,
\`$(...)\` or a backtick runs extra commands (OS command injection, CWE-78).

**Fix:** pass the program and its arguments as a list and leave \`shell\` off
(\`subprocess.run(["convert", path, out])\`); when starting from a string, split it with \`shlex.split\`.
Validate values that become arguments (a leading \`-\` can still be read as an option).

Vulnerable:
\`\`\`python
subprocess.run(f"ping -c 1 {host}", shell=True)
\`\`\`
Safe:
\`\`\`python
subprocess.run(["ping", "-c", "1", host])
\`\`\``,
  visitors: { python: { call: checkCall } },
};

function checkCall(call: Node, ctx: RuleContext): void {
  const name = dottedName(call.childForFieldName('function'));
  if (!name) return;
  const parts = name.split('.');
  const last = parts[parts.length - 1];
  const viaModule = parts.length === 2 && parts[0] === 'subprocess';
  const imported = parts.length === 1 && new RegExp(`^\\s*from\\s+subprocess\\s+import\\s+[^\\n]*\\b${last}\\b`, 'm').test(ctx.text);
  if (!SUBPROCESS_FUNCS.has(last) || !(viaModule || imported)) return;
  const alwaysShell = last === 'getoutput' || last === 'getstatusoutput';
  if (!alwaysShell && keywordArg(call, 'shell')?.text !== 'True') return;
  const command = positionalArgs(call)[0] ?? keywordArg(call, 'args');
  if (!command || ctx.flow.isConstant(command)) return;
  const fixes = [];
  const shellNode = keywordArgNode(call, 'shell');
  if (shellNode && !alwaysShell && command.type !== 'list') {
    fixes.push({
      title: 'Run without a shell: split the command with shlex.split and set shell=False',
      edits: [...pythonImportEdit(ctx, 'shlex'), replaceNode(command, `shlex.split(${command.text})`), replaceNode(shellNode, 'shell=False')],
      isPreferred: true,
    });
  }
  ctx.report(call, {
    message: `\`${name}\` runs \`${clip(command.text)}\` through the shell${alwaysShell ? '' : ' (shell=True)'}: shell metacharacters in the value run extra commands (OS command injection, CWE-78). Pass an argument list without a shell.`,
    fixes,
  });
}
