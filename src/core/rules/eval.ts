import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from './api';
import { calleeName, clip, jsAndPython, perText, positionalArgs, pythonImportEdit, replaceNode, unwrap } from './api';

/** Node built-ins and server frameworks, required or imported, and Node-only globals. */
const NODE_SIGNALS = /require\(\s*['"](?:node:[\w/]+|fs|path|http|https|http2|net|os|child_process|crypto|vm|zlib|stream|worker_threads|cluster|express|koa|fastify|@hapi\/hapi|restify)['"]\s*\)|\bfrom\s+['"](?:node:[\w/]+|fs|fs\/promises|path|http|https|http2|net|os|child_process|crypto|vm|zlib|stream|worker_threads|cluster|express|koa|fastify|@nestjs\/[\w-]+|@hapi\/hapi)['"]|\bmodule\.exports\b|\bprocess\.(?:argv|exit|cwd|on)\b|\b__dirname\b/;
/** The DOM, browser storage and client-component markers: the file (also) runs in a browser. */
const BROWSER_SIGNALS = /\b(?:document|window|localStorage|sessionStorage|navigator|location)\.|^\s*['"]use client['"]/m;
/** A file that clearly runs in Node and never in a browser. */
const nodeOnly = perText((text) => NODE_SIGNALS.test(text) && !BROWSER_SIGNALS.test(text));

const importsVm = perText((text) => /require\(\s*['"](node:)?vm['"]\s*\)|from\s+['"](node:)?vm['"]/.test(text));

export const codeInjection: Rule = {
  id: 'code-injection',
  title: 'Dynamic code evaluation of non-constant input',
  cwe: ['CWE-95'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: '`eval`, `new Function`, string `setTimeout`/`setInterval`, Node `vm`, or Python `eval`/`exec` runs a string that is not a constant.',
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
  visitors: jsAndPython({ call_expression: checkJs, new_expression: checkJsNew }, { call: checkPyCall }),
};

function checkJs(call: Node, ctx: RuleContext): void {
  checkJsCall(call, ctx);
  checkVmCall(call, ctx);
}

function checkJsCall(call: Node, ctx: RuleContext): void {
  const last = calleeName(call); // shared and cached per node: most calls stop here
  if (last !== 'eval' && last !== 'Function' && last !== 'setTimeout' && last !== 'setInterval') return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' && !(fn?.type === 'member_expression' && /^(window|globalThis|self|global)$/.test(fn.childForFieldName('object')?.text ?? ''))) return;
  const name = fn.type === 'identifier' ? fn.text : fn.childForFieldName('property')?.text;
  if (name !== 'eval' && name !== 'Function' && name !== 'setTimeout' && name !== 'setInterval') return;
  const args = positionalArgs(call);
  if (name === 'setTimeout' || name === 'setInterval') {
    // Node's timers throw on a string (ERR_INVALID_ARG_TYPE) and run nothing: only browser code compiles it
    if (fn.type === 'identifier' && nodeOnly(ctx.text)) return;
    // a string first argument is compiled like eval; functions are the normal (safe) form
    const first = args[0] ? unwrap(args[0]) : undefined;
    if (first && (first.type === 'template_string' || first.type === 'binary_expression' || first.type === 'string') && !ctx.flow.isConstant(first)) {
      ctx.report(call, { message: `\`${name}\` with a string compiles \`${clip(first.text)}\` as code (like eval, CWE-95). Pass a function instead.` });
    }
    return;
  }
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
  const last = calleeName(node); // `Function`, `Script`, `vm.Script`'s last name (shared, cached per node)
  if (last !== 'Function' && last !== 'Script') return;
  const ctor = node.childForFieldName('constructor')?.text;
  if (ctor === 'Function') reportFunction(node, positionalArgs(node), ctx);
  else if (ctor === 'vm.Script' || ctor === 'Script') reportVm(node, 'new vm.Script', positionalArgs(node)[0], ctx);
}

/** `vm.runInNewContext(code)`, `vm.runInThisContext(code)`, `vm.compileFunction(code)`: not a security boundary. */
function checkVmCall(call: Node, ctx: RuleContext): void {
  if (!/^(runInNewContext|runInThisContext|runInContext|compileFunction)$/.test(calleeName(call) ?? '')) return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression') return;
  const method = fn.childForFieldName('property')?.text;
  if (!method || !/^(runInNewContext|runInThisContext|runInContext|compileFunction)$/.test(method)) return;
  if (!/^(vm|node:vm)$/.test(fn.childForFieldName('object')?.text ?? '') && !importsVm(ctx.text)) return;
  reportVm(call, `vm.${method}`, positionalArgs(call)[0], ctx);
}

function reportVm(node: Node, what: string, code: Node | undefined, ctx: RuleContext): void {
  if (!code || ctx.flow.isConstant(code)) return;
  ctx.report(node, {
    message: `\`${what}\` runs \`${clip(code.text)}\` as code; Node's vm module is not a sandbox, so input that reaches it can run anything (CWE-95). Do not evaluate untrusted code; use a real isolate or a data format.`,
  });
}

function reportFunction(node: Node, args: Node[], ctx: RuleContext): void {
  const dynamic = args.filter((a) => !ctx.flow.isConstant(a));
  if (!dynamic.length) return;
  ctx.report(node, {
    message: `\`Function\` compiles \`${clip(dynamic[0].text)}\` into code at run time: if any part of it comes from outside, an attacker can run arbitrary code (CWE-95). Write the function in source instead, or look it up in a fixed table.`,
  });
}

function checkPyCall(call: Node, ctx: RuleContext): void {
  const last = calleeName(call); // shared and cached per node: most calls stop here
  if (last !== 'eval' && last !== 'exec') return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' || (fn.text !== 'eval' && fn.text !== 'exec')) return;
  const arg = positionalArgs(call)[0];
  if (!arg || ctx.flow.isConstant(arg)) return;
  const args = positionalArgs(call);
  const plainSingle = args.length === 1 && !call.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'keyword_argument') && !/^compile\s*\(/.test(arg.text);
  const fixes =
    fn.text === 'eval' && plainSingle
      ? [{ title: 'Use ast.literal_eval (evaluates literals only)', edits: [...pythonImportEdit(ctx, 'ast'), replaceNode(fn, 'ast.literal_eval')], isPreferred: true }]
      : [];
  ctx.report(call, {
    message: `\`${fn.text}\` runs \`${clip(arg.text)}\` as Python code: if any part of it comes from outside, an attacker can run arbitrary code (CWE-95). Use ast.literal_eval or json.loads for data.`,
    fixes,
  });
}
