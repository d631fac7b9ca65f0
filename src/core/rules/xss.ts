import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from './api';
import { calleeName, clip, dottedName, positionalArgs, replaceNode, unwrap } from './api';

/** Calls whose result is safe to put into HTML. */
const SANITISERS = /(^|\.)(sanitize|sanitizeHtml|sanitizeHTML|escape|escapeHtml|escapeHTML|encode|encodeHTML|htmlEscape|purify|clean|xss|filterXSS)$/i;

export const xssHtmlSink: Rule = {
  id: 'xss-html-sink',
  title: 'Non-constant HTML written into the page',
  cwe: ['CWE-79'],
  severity: 'high',
  confidence: 'medium',
  languages: ['javascript', 'typescript', 'tsx'],
  summary: '`innerHTML`, `outerHTML`, `insertAdjacentHTML`, `document.write` or `dangerouslySetInnerHTML` receives a non-constant value.',
  help: `HTML sinks parse their input as markup, so a value containing \`<img src=x onerror=...>\` runs script in your
users' browsers (cross-site scripting, CWE-79). React's \`dangerouslySetInnerHTML\` is the same sink with a warning label.

**Fix:** to show text, assign \`textContent\` (or render \`{value}\` in JSX); to show HTML you do not fully control,
sanitise it first (e.g. \`DOMPurify.sanitize(html)\`).

Vulnerable:
\`\`\`js
el.innerHTML = \`<b>\${user.name}</b>\`;
\`\`\`
Safe:
\`\`\`js
el.textContent = user.name;
\`\`\``,
  visitors: {
    javascript: { assignment_expression: checkAssign, augmented_assignment_expression: checkAssign, call_expression: checkCall, jsx_attribute: checkJsx },
    typescript: { assignment_expression: checkAssign, augmented_assignment_expression: checkAssign, call_expression: checkCall },
    tsx: { assignment_expression: checkAssign, augmented_assignment_expression: checkAssign, call_expression: checkCall, jsx_attribute: checkJsx },
  },
};

function isSafe(value: Node, ctx: RuleContext): boolean {
  const v = unwrap(value);
  if (ctx.flow.isConstant(v)) return true;
  if (v.type === 'call_expression') {
    const name = dottedName(v.childForFieldName('function'));
    if (name && SANITISERS.test(name)) return true;
  }
  return false;
}

function checkAssign(node: Node, ctx: RuleContext): void {
  const left = node.childForFieldName('left');
  if (left?.type !== 'member_expression') return;
  const prop = left.childForFieldName('property')?.text;
  if (prop !== 'innerHTML' && prop !== 'outerHTML') return;
  const right = node.childForFieldName('right');
  if (!right || isSafe(right, ctx)) return;
  const plain = node.type === 'assignment_expression' && prop === 'innerHTML';
  ctx.report(node, {
    message: `\`${prop}\` is set from \`${clip(right.text)}\`, which is parsed as HTML: markup in it runs as script (XSS, CWE-79). Use textContent for text, or sanitise the HTML first.`,
    fixes: plain
      ? [{ title: 'Assign textContent instead (treats the value as text)', edits: [replaceNode(left.childForFieldName('property')!, 'textContent')], isPreferred: true }]
      : [],
  });
}

function checkCall(call: Node, ctx: RuleContext): void {
  const name = calleeName(call);
  let value: Node | undefined;
  if (name === 'insertAdjacentHTML') value = positionalArgs(call)[1];
  else if ((name === 'write' || name === 'writeln') && /^(window\.)?document$/.test(dottedName(call.childForFieldName('function')?.childForFieldName('object') ?? null) ?? '')) value = positionalArgs(call)[0];
  if (!value || isSafe(value, ctx)) return;
  ctx.report(call, {
    message: `\`${name}\` inserts \`${clip(value.text)}\` as HTML: markup in it runs as script (XSS, CWE-79). Insert text nodes, or sanitise the HTML first.`,
  });
}

function checkJsx(attr: Node, ctx: RuleContext): void {
  if (attr.namedChildren[0]?.text !== 'dangerouslySetInnerHTML') return;
  const expr = attr.namedChildren[1];
  const obj = expr?.type === 'jsx_expression' ? expr.namedChildren[0] : undefined;
  if (!obj) return;
  let value: Node | undefined;
  if (obj.type === 'object') {
    for (const pair of obj.namedChildren) {
      if (pair?.type === 'pair' && pair.childForFieldName('key')?.text.replace(/['"]/g, '') === '__html') value = pair.childForFieldName('value') ?? undefined;
    }
  } else {
    value = obj; // dangerouslySetInnerHTML={markup}
  }
  if (!value || isSafe(value, ctx)) return;
  ctx.report(attr, {
    message: `\`dangerouslySetInnerHTML\` renders \`${clip(value.text)}\` as raw HTML: markup in it runs as script (XSS, CWE-79). Render the value as a JSX child, or sanitise it (DOMPurify.sanitize) first.`,
  });
}
