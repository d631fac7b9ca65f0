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

function isSanitiserCall(v: Node): boolean {
  if (v.type !== 'call_expression') return false;
  const name = dottedName(v.childForFieldName('function'));
  return !!name && SANITISERS.test(name);
}

/**
 * Constant, sanitised, a template whose substitutions are all sanitised, or a name every binding of which is one of
 * these (`const clean = DOMPurify.sanitize(html)`; `useMemo(() => DOMPurify.sanitize(b), [b])`).
 */
function isSafe(value: Node, ctx: RuleContext, depth = 0): boolean {
  const v = unwrap(value);
  if (ctx.flow.isConstant(v) || isSanitiserCall(v)) return true;
  if (v.type === 'template_string') {
    return v.namedChildren.every((c) => c?.type !== 'template_substitution' || (c.namedChildren[0] !== null && isSafe(c.namedChildren[0], ctx, depth)));
  }
  if (v.type === 'binary_expression' && v.childForFieldName('operator')?.text === '+') {
    const l = v.childForFieldName('left');
    const r = v.childForFieldName('right');
    return !!l && !!r && isSafe(l, ctx, depth) && isSafe(r, ctx, depth);
  }
  if (v.type === 'call_expression' && /(^|\.)(useMemo|useCallback)$/.test(v.childForFieldName('function')?.text ?? '')) {
    const fn = positionalArgs(v)[0];
    const body = fn?.type === 'arrow_function' ? fn.childForFieldName('body') : undefined;
    return !!body && body.type !== 'statement_block' && isSafe(body, ctx, depth);
  }
  if (v.type === 'call_expression' && depth < 3) {
    const body = mappedThenJoined(v, ctx);
    if (body) return isSafe(body, ctx, depth + 1);
  }
  if (v.type === 'identifier' && depth < 3) {
    const values = ctx.flow.valuesOf(v.text, v);
    return values.length > 0 && values.every((b) => isSafe(b, ctx, depth + 1));
  }
  return false;
}

/**
 * `items.map((p) => \`<li>${escapeHtml(p.name)}</li>\`).join('')`: the markup each callback returns, when the list is
 * joined with a constant separator. The callback's value decides (every substitution escaped, or not).
 */
function mappedThenJoined(call: Node, ctx: RuleContext): Node | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'join') return undefined;
  const sep = positionalArgs(call)[0];
  if (sep && !ctx.flow.isConstant(sep)) return undefined;
  const mapped = fn.childForFieldName('object');
  const inner = mapped ? unwrap(mapped) : undefined;
  const mapFn = inner?.type === 'call_expression' ? inner.childForFieldName('function') : undefined;
  if (mapFn?.type !== 'member_expression' || mapFn.childForFieldName('property')?.text !== 'map') return undefined;
  const cb = positionalArgs(inner!)[0];
  if (!cb || (cb.type !== 'arrow_function' && cb.type !== 'function_expression')) return undefined;
  const body = cb.childForFieldName('body');
  if (!body) return undefined;
  if (body.type !== 'statement_block') return body;
  const statements = body.namedChildren.filter((c) => c && c.type !== 'comment');
  return statements.length === 1 && statements[0]!.type === 'return_statement' ? statements[0]!.namedChildren[0] ?? undefined : undefined;
}

/** Whether replacing `innerHTML` by `textContent` keeps the meaning: the value has no markup of its own. */
function looksLikeText(value: Node): boolean {
  const v = unwrap(value);
  const literalParts = v.type === 'template_string' ? v.namedChildren.filter((c) => c?.type === 'string_fragment').map((c) => c!.text).join('') : v.type === 'binary_expression' ? v.descendantsOfType('string').map((c) => c?.text ?? '').join('') : '';
  if (/</.test(literalParts)) return false;
  if (v.type === 'call_expression' && /(marked|markdown|render|html|template)/i.test(v.childForFieldName('function')?.text ?? '')) return false;
  return true;
}

function checkAssign(node: Node, ctx: RuleContext): void {
  const left = node.childForFieldName('left');
  // el.innerHTML, el['innerHTML'], iframe.srcdoc
  const propNode = left?.type === 'member_expression' ? left.childForFieldName('property') : left?.type === 'subscript_expression' ? left.childForFieldName('index') : null;
  const prop = propNode?.text.replace(/^['"`]|['"`]$/g, '');
  if (!propNode || (prop !== 'innerHTML' && prop !== 'outerHTML' && prop !== 'srcdoc')) return;
  const right = node.childForFieldName('right');
  if (!right || isSafe(right, ctx)) return;
  const plain = node.type === 'assignment_expression' && prop === 'innerHTML' && looksLikeText(right);
  ctx.report(node, {
    message: `\`${prop}\` is set from \`${clip(right.text)}\`, which is parsed as HTML: markup in it runs as script (XSS, CWE-79). Use textContent for text, or sanitise the HTML first.`,
    fixes: plain
      ? [{ title: 'Assign textContent instead (treats the value as text)', edits: [replaceNode(propNode, propNode.type === 'property_identifier' ? 'textContent' : "'textContent'")], isPreferred: true }]
      : [],
  });
}

function checkCall(call: Node, ctx: RuleContext): void {
  const name = calleeName(call);
  let value: Node | undefined;
  if (name === 'insertAdjacentHTML') value = positionalArgs(call)[1];
  else if (name === 'createContextualFragment') value = positionalArgs(call)[0];
  else if ((name === 'html' || name === 'append' || name === 'prepend' || name === 'after' || name === 'before' || name === 'replaceWith') && isJQuery(call)) value = positionalArgs(call)[0];
  else if ((name === 'write' || name === 'writeln') && /^(window\.)?document$/.test(dottedName(call.childForFieldName('function')?.childForFieldName('object') ?? null) ?? '')) value = positionalArgs(call)[0];
  if (!value || isSafe(value, ctx)) return;
  ctx.report(call, {
    message: `\`${name}\` inserts \`${clip(value.text)}\` as HTML: markup in it runs as script (XSS, CWE-79). Insert text nodes, or sanitise the HTML first.`,
  });
}

/** `$(sel).html(x)`, `jQuery(el).append(x)`, `$el.html(x)`: the receiver is a jQuery object. */
function isJQuery(call: Node): boolean {
  const obj = call.childForFieldName('function')?.childForFieldName('object');
  if (!obj) return false;
  if (obj.type === 'identifier') return obj.text.startsWith('$') && obj.text.length > 1;
  let n: Node | null = obj;
  while (n?.type === 'call_expression' || n?.type === 'member_expression') {
    const fn: Node | null = n.type === 'call_expression' ? n.childForFieldName('function') : n.childForFieldName('object');
    if (fn?.type === 'identifier') return fn.text === '$' || fn.text === 'jQuery' || (fn.text.startsWith('$') && fn.text.length > 1);
    n = fn;
  }
  return false;
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
