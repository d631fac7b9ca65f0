import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from './api';
import { clip, positionalArgs, pythonImportEdit, replaceNode } from './api';

export const codeInjection: Rule = {
  id: 'code-injection',
  title: 'Dynamic code evaluation of non-constant input',
  cwe: ['CWE-95'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: '`eval`, `new Function` or Python `eval`/`exec` runs a string that is not a constant.',
  help: `Evaluating a string as code runs whatever that string contains with the full rights of your process
(code injection, CWE-95). Assistants reach for \`eval\` to parse JSON, compute an expression or build a function
from a template; every one of these has a safe alternative.

**Fix:** parse data with \`JSON.parse\` (JavaScript) or \`ast.literal_eval\`/\`json.loads\` (Python); map names to
functions with an object or dict; never build code from input.

Vulnerable:
\`\`\`js
const settings = eval('(' + req.body.settings + ')');
\`\`\`
Safe:
\`\`\`js
const settings = JSON.parse(req.body.settings);
\`\`\``,
  visitors: {
    javascript: { call_expression: checkJsCall, new_expression: checkJsNew },
    typescript: { call_expression: checkJsCall, new_expression: checkJsNew },
    tsx: { call_expression: checkJsCall, new_expression: checkJsNew },
    python: { call: checkPyCall },
  },
};

function checkJsCall(call: Node, ctx: RuleContext): void {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' && !(fn?.type === 'member_expression' && /^(window|globalThis|self|global)$/.test(fn.childForFieldName('object')?.text ?? ''))) return;
  const name = fn.type === 'identifier' ? fn.text : fn.childForFieldName('property')?.text;
  const args = positionalArgs(call);
  if (name === 'eval') {
    const arg = args[0];
    if (!arg || ctx.flow.isConstant(arg)) return;
    ctx.report(call, {
      message: `\`eval\` runs \`${clip(arg.text)}\` as code: if any part of it comes from outside, an attacker can run arbitrary code (CWE-95). Parse data with JSON.parse, or map names to functions explicitly.`,
      fixes: [{ title: 'Parse as JSON instead of evaluating (when the string is data)', edits: [replaceNode(call, `JSON.parse(${arg.text})`)] }],
    });
  } else if (name === 'Function') {
    reportFunction(call, args, ctx);
  }
}

function checkJsNew(node: Node, ctx: RuleContext): void {
  if (node.childForFieldName('constructor')?.text !== 'Function') return;
  reportFunction(node, positionalArgs(node), ctx);
}

function reportFunction(node: Node, args: Node[], ctx: RuleContext): void {
  const dynamic = args.filter((a) => !ctx.flow.isConstant(a));
  if (!dynamic.length) return;
  ctx.report(node, {
    message: `\`Function\` compiles \`${clip(dynamic[0].text)}\` into code at run time: if any part of it comes from outside, an attacker can run arbitrary code (CWE-95). Write the function in source instead, or look it up in a fixed table.`,
  });
}

function checkPyCall(call: Node, ctx: RuleContext): void {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' || (fn.text !== 'eval' && fn.text !== 'exec')) return;
  const arg = positionalArgs(call)[0];
  if (!arg || ctx.flow.isConstant(arg)) return;
  const fixes =
    fn.text === 'eval'
      ? [{ title: 'Use ast.literal_eval (evaluates literals only)', edits: [...pythonImportEdit(ctx, 'ast'), replaceNode(fn, 'ast.literal_eval')], isPreferred: true }]
      : [];
  ctx.report(call, {
    message: `\`${fn.text}\` runs \`${clip(arg.text)}\` as Python code: if any part of it comes from outside, an attacker can run arbitrary code (CWE-95). Use ast.literal_eval or json.loads for data.`,
    fixes,
  });
}
