import type { Node } from 'web-tree-sitter';
import type { Fix } from '../types';
import type { Rule, RuleContext, Visitor } from './api';
import { FUNCTION_TYPES, jsAndPython, calleeName, clip, dottedName, enclosingFunction, importedModules, importsModule, keywordArg, positionalArgs, perText, perTextKey, pythonImportEdit, pythonImports, replaceNode, unwrap } from './api';

/*
 * Data-handling and crypto rules:
 *   unsafe-deserialization  pickle/marshal/yaml.load/jsonpickle, node-serialize, js-yaml with the full schema
 *   xml-external-entities   lxml parsers that resolve entities, SAX external-entity features, libxmljs noent
 *   weak-hash               MD5/SHA-1 for security, any fast hash of a password, a low bcrypt cost
 *   insecure-random         Math.random / Python random for tokens, passwords, OTPs, salts, session ids
 *   weak-cipher             createCipher, ECB, DES/3DES/RC4/Blowfish, constant IVs
 *   error-details-leak      stack traces and exception messages sent to the client
 * Every visitor checks the callee (or node) name first and returns at once for anything else.
 */

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers


/**
 * Whether the file text matches `re` at all, computed once per text and pattern: visitors run for every call on
 * every keystroke, and most files never mention pickle, createCipher or Math.random.
 */
function mentions(ctx: RuleContext, re: RegExp): boolean {
  // keyed by the pattern's text, not the RegExp object: a literal inside a function is a new object on every call,
  // and each new key would register one more file fact for sessions to compare on every keystroke
  let test = mentionsByObject.get(re);
  if (!test) {
    const key = `${re.source}/${re.flags}`;
    test = mentionTests.get(key);
    if (!test) mentionTests.set(key, (test = perText((text) => re.test(text))));
    mentionsByObject.set(re, test);
  }
  return test(ctx.text);
}
const definesHelper = perTextKey((text, name) => new RegExp(`(?:function\\s+${name}\\s*\\(|(?:const|let|var)\\s+${name}\\s*=)`).test(text));
const RANDOM_FILL = /getRandomValues|randomFill/;
const PASSWORD_HASHERS_TEXT = /PASSWORD_HASHERS/;
const filledLater = perTextKey((text, name) => new RegExp(`(?:getRandomValues|randomFillSync|randomFill)\\(\\s*${name.replace(/\$/g, '\\$')}\\b`).test(text));

/** Keyed by the module-level pattern constants above (a fixed, small set). */
const mentionTests = new Map<string, (text: string) => boolean>();
const mentionsByObject = new WeakMap<RegExp, (text: string) => boolean>();

/** Lower-case words of a name, plus the whole token: `resetToken` → reset-token, reset, token; `api_key` → api, key. */
function words(name: string): string[] {
  const out: string[] = [];
  for (const token of name.split(/[^A-Za-z0-9]+/)) {
    if (!token) continue;
    out.push(token.toLowerCase());
    const parts = token.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(' ');
    if (parts.length > 1) for (const p of parts) out.push(p.toLowerCase());
  }
  return out;
}

/** Text of a JS string / Python string without interpolation; undefined for anything else. */
function stringContent(node: Node): string | undefined {
  if (node.type === 'string') {
    if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
    return node.namedChildren.filter((c) => c?.type === 'string_fragment' || c?.type === 'string_content' || c?.type === 'escape_sequence').map((c) => c!.text).join('');
  }
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution')) {
    return node.namedChildren.filter((c) => c?.type === 'string_fragment').map((c) => c!.text).join('');
  }
  return undefined;
}

/** The last name segment of a target: `x` → x, `this.token` → token, `session['otp']` → otp, `'key'` → key. */
function lastSegment(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
    case 'property_identifier':
    case 'private_property_identifier':
    case 'shorthand_property_identifier':
    case 'type_identifier':
      return node.text;
    case 'member_expression':
      return node.childForFieldName('property')?.text;
    case 'attribute':
      return node.childForFieldName('attribute')?.text;
    case 'subscript_expression': {
      const index = node.childForFieldName('index');
      return index ? stringContent(unwrap(index)) : undefined;
    }
    case 'subscript': {
      const index = node.childForFieldName('subscript');
      return index ? stringContent(index) : undefined;
    }
    case 'string':
      return stringContent(node);
    default:
      return undefined;
  }
}

/** The name a function is known by: its own, or that of the variable / property / key it is assigned to. */
function functionName(fn: Node): string | undefined {
  const own = fn.childForFieldName('name');
  if (own) return own.text;
  const p = fn.parent;
  if (!p) return undefined;
  switch (p.type) {
    case 'variable_declarator':
      return p.childForFieldName('name')?.text;
    case 'pair':
      return lastSegment(p.childForFieldName('key'));
    case 'assignment_expression':
    case 'assignment':
      return lastSegment(p.childForFieldName('left'));
    case 'public_field_definition':
    case 'field_definition':
      return lastSegment(p.childForFieldName('name') ?? p.childForFieldName('property'));
    default:
      return undefined;
  }
}

/** A string the expression always evaluates to (literal, or a name bound only to one), else undefined. */
function constString(node: Node | undefined, ctx: RuleContext, depth = 0): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  const s = stringContent(n);
  if (s !== undefined) return s;
  if (n.type === 'identifier' && depth < 3) {
    const values = ctx.flow.valuesOf(n.text, n);
    if (values.length === 1) return constString(values[0], ctx, depth + 1);
  }
  return undefined;
}

function constNumber(node: Node | undefined, ctx: RuleContext, depth = 0): number | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'number' || n.type === 'integer') {
    const v = Number(n.text.replace(/_/g, ''));
    return Number.isFinite(v) ? v : undefined;
  }
  if (n.type === 'identifier' && depth < 3) {
    const values = ctx.flow.valuesOf(n.text, n);
    if (values.length === 1) return constNumber(values[0], ctx, depth + 1);
  }
  return undefined;
}

/**
 * Nodes of `types` under `root` in document order, not descending into nested functions (their names mean something
 * else). Iterative, and capped at `limit` results: deeply nested or huge expressions must not blow the stack or the
 * keystroke budget.
 */
function descendants(root: Node, types: ReadonlySet<string>, limit = 2000): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length && out.length < limit) {
    const n = stack.pop()!;
    if (n.id !== root.id && FUNCTION_TYPES.has(n.type)) continue;
    if (types.has(n.type)) out.push(n);
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) stack.push(c);
    }
  }
  return out;
}


/** Fully qualified name of a Python callee (`yml.load` → `yaml.load`, `loads` from pickle → `pickle.loads`); unimported names stay as written. */
function pyQualified(fn: Node | null, ctx: RuleContext): string | undefined {
  const name = dottedName(fn);
  if (!name) return undefined;
  const { modules, names } = pythonImports(ctx.text);
  const dot = name.indexOf('.');
  if (dot < 0) return names.get(name) ?? name;
  const head = name.slice(0, dot);
  const module = modules.get(head) ?? names.get(head);
  return module ? module + name.slice(dot) : name;
}

/** Last segment of a callee, cheap: used to bail out before anything else. */
function lastName(call: Node): string | undefined {
  return calleeName(call);
}

/** The statement that holds `node` (for context words), capped in length. */
function statementText(node: Node): string {
  for (let p: Node | null = node; p; p = p.parent) {
    if (/statement|declaration$|^assignment$|^expression_statement$/.test(p.type) && p.type !== 'statement_block') return p.text.slice(0, 400);
  }
  return node.text.slice(0, 400);
}

/** The name a value is stored under: `const x = <value>`, `obj.x = …`, `x: …`, `x=…` (Python keyword). */
function targetName(node: Node): string | undefined {
  let n = node;
  for (let i = 0; i < 12; i++) {
    const p = n.parent;
    if (!p) return undefined;
    switch (p.type) {
      case 'variable_declarator':
        return p.childForFieldName('name')?.text;
      case 'assignment_expression':
      case 'augmented_assignment_expression':
      case 'assignment':
      case 'augmented_assignment':
        return p.childForFieldName('right')?.id === n.id ? lastSegment(p.childForFieldName('left')) : undefined;
      case 'pair':
        return p.childForFieldName('value')?.id === n.id ? lastSegment(p.childForFieldName('key')) : undefined;
      case 'keyword_argument':
        return p.childForFieldName('name')?.text;
      case 'member_expression':
      case 'attribute':
      case 'call_expression':
      case 'call':
      case 'await_expression':
      case 'await':
      case 'parenthesized_expression':
      case 'binary_expression':
      case 'binary_operator':
        n = p;
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// unsafe-deserialization

const PICKLE_MODULES = new Set(['pickle', 'cPickle', '_pickle', 'dill', 'cloudpickle', 'marshal']);
const PY_DESER_NAMES = new Set(['loads', 'load', 'Unpickler', 'decode', 'load_all', 'unsafe_load', 'unsafe_load_all', 'full_load', 'full_load_all']);
const UNSAFE_YAML_LOADERS = new Set(['Loader', 'FullLoader', 'UnsafeLoader', 'CLoader', 'CFullLoader', 'CUnsafeLoader']);
const OPENERS = new Set(['open', 'io.open', 'gzip.open', 'bz2.open', 'lzma.open', 'codecs.open']);
const PATH_BUILDERS = new Set(['os.path.join', 'os.path.dirname', 'os.path.abspath', 'os.path.realpath', 'os.path.expanduser', 'Path', 'pathlib.Path', 'PurePath', 'Path.home', 'Path.cwd', 'os.getcwd']);

/** A path fixed by the program: constants, `__file__`, os.path / pathlib built from such. */
function isLocalPath(node: Node | null | undefined, ctx: RuleContext, depth = 0): boolean {
  if (!node || depth > 6) return false;
  const n = unwrap(node);
  if (ctx.flow.isConstant(n)) return true;
  switch (n.type) {
    case 'identifier': {
      if (n.text === '__file__') return true;
      const values = ctx.flow.valuesOf(n.text, n);
      return values.length > 0 && values.every((v) => isLocalPath(v, ctx, depth + 1));
    }
    case 'call': {
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text && /^(resolve|absolute|expanduser|joinpath|with_suffix|with_name)$/.test(fn.childForFieldName('attribute')!.text)
        ? 'method'
        : pyQualified(fn, ctx);
      if (name === 'method') return isLocalPath(fn!.childForFieldName('object'), ctx, depth + 1);
      if (!name || !PATH_BUILDERS.has(name)) return false;
      return positionalArgs(n).every((a) => isLocalPath(a, ctx, depth + 1));
    }
    case 'binary_operator':
      return isLocalPath(n.childForFieldName('left'), ctx, depth + 1) && isLocalPath(n.childForFieldName('right'), ctx, depth + 1);
    case 'attribute':
      return n.childForFieldName('attribute')?.text === 'parent' && isLocalPath(n.childForFieldName('object'), ctx, depth + 1);
    case 'string':
      // f"{BASE_DIR}/model.pkl": every interpolated value must itself be local
      return n.namedChildren.every((c) => c?.type !== 'interpolation' || isLocalPath(c.childForFieldName('expression'), ctx, depth + 1));
    default:
      return false;
  }
}

/** `with open(<local path>) as f` / `f = open(<local path>)`: a file the program itself chose. */
function isLocalFile(node: Node | null | undefined, ctx: RuleContext, depth = 0): boolean {
  if (!node || depth > 3) return false;
  const n = unwrap(node);
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    const attr = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if (attr === 'read' || attr === 'read_bytes' || attr === 'read_text') return isLocalFile(fn!.childForFieldName('object'), ctx, depth + 1) || isLocalPath(fn!.childForFieldName('object'), ctx);
    if (attr === 'open' && fn) return isLocalPath(fn.childForFieldName('object'), ctx);
    const name = pyQualified(fn, ctx);
    return !!name && OPENERS.has(name) && isLocalPath(positionalArgs(n)[0], ctx);
  }
  if (n.type !== 'identifier') return false;
  // with-statement aliases are not tracked by Flow: find the with item that binds the name
  for (let p = n.parent; p && !FUNCTION_TYPES.has(p.type); p = p.parent) {
    if (p.type !== 'with_statement') continue;
    for (const item of p.descendantsOfType('with_item')) {
      const pattern = item?.childForFieldName('value');
      if (pattern?.type !== 'as_pattern') continue;
      const alias = pattern.childForFieldName('alias');
      if (alias?.text === n.text) return isLocalFile(pattern.namedChildren[0], ctx, depth + 1);
    }
  }
  const values = ctx.flow.valuesOf(n.text, n);
  return values.length > 0 && values.every((v) => isLocalFile(v, ctx, depth + 1));
}

/** Dotted callee of a call expression (`pickle.dumps`), or '' for anything else. */
function calleeOf(node: Node): string {
  const n = unwrap(node);
  return n.type === 'call' || n.type === 'call_expression' ? dottedName(n.childForFieldName('function')) ?? '' : '';
}

/** The enclosing function checks a signature before loading (`hmac.compare_digest(...)`): the bytes are the program's own. */
function verifiedFirst(call: Node): boolean {
  const fn = enclosingFunction(call);
  const text = fn ? fn.text.slice(0, call.startIndex - fn.startIndex) : '';
  return /compare_digest|\.verify\(|verify_signature|check_signature|itsdangerous|\.unsign\(|\.loads\(\s*\w+\s*,\s*max_age/.test(text);
}

/** `yaml = YAML()` (ruamel, safe by default) rather than PyYAML. */
const yamlShadowed = perText((text) => /^[ \t]*yaml[ \t]*=[ \t]*(?:ruamel\.yaml\.)?YAML[ \t]*\(/m.test(text));

const DESER_WHY = 'an attacker who controls these bytes can make the loader run arbitrary code (CWE-502)';

const PY_DESER_TEXT = /pickle|Pickle|marshal|yaml|dill/;

/** A literal made only of constants: `{"type": "ping", "n": [1, 2]}`. */
function isConstantData(node: Node | null | undefined, ctx: RuleContext, depth = 0): boolean {
  if (!node || depth > 6) return false;
  const n = unwrap(node);
  if (n.type === 'dictionary') return n.namedChildren.every((c) => !c || c.type === 'comment' || (c.type === 'pair' && isConstantData(c.childForFieldName('key'), ctx, depth + 1) && isConstantData(c.childForFieldName('value'), ctx, depth + 1)));
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set') return n.namedChildren.every((c) => !c || c.type === 'comment' || isConstantData(c, ctx, depth + 1));
  if (/^(?:true|false|none|integer|float)$/.test(n.type)) return true;
  return ctx.flow.isConstant(n);
}

/**
 * Bytes this code has just produced itself: `jsonpickle.decode(jsonpickle.encode(obj))` (a round trip) or
 * `jsonpickle.decode(json.dumps({"type": "ping"}))` (a constant). `json.dumps(request.json)` is still the client's.
 */
function serialisedHere(data: Node, ctx: RuleContext): boolean {
  const n = unwrap(data);
  if (n.type !== 'call') return false;
  const callee = dottedName(n.childForFieldName('function')) ?? '';
  if (/^(?:jsonpickle\.)?encode$/.test(callee)) return true;
  if (!/^(?:json\.|simplejson\.|orjson\.|ujson\.)?dumps$/.test(callee)) return false;
  const arg = positionalArgs(n)[0];
  return !!arg && isConstantData(arg, ctx);
}

function checkPyDeserialization(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, PY_DESER_TEXT)) return;
  const last = lastName(call);
  if (!last || !PY_DESER_NAMES.has(last)) return;
  const fn = call.childForFieldName('function');
  const qualified = pyQualified(fn, ctx);
  if (!qualified) return;
  const dot = qualified.lastIndexOf('.');
  if (dot < 0) return;
  const module = qualified.slice(0, dot);
  const func = qualified.slice(dot + 1);
  const args = positionalArgs(call);

  if (PICKLE_MODULES.has(module) && (func === 'loads' || func === 'load' || func === 'Unpickler')) {
    const data = args[0] ?? keywordArg(call, 'data') ?? keywordArg(call, 'file');
    if (!data || ctx.flow.isConstant(data) || isLocalFile(data, ctx) || verifiedFirst(call) || /^(?:\w+\.)?dumps?$/.test(calleeOf(data))) return;
    const format = module === 'marshal' ? 'marshal data' : 'a pickle';
    ctx.report(call, {
      message: `\`${module}.${func}\` deserialises \`${clip(data.text)}\`: loading ${format} can run arbitrary code, so ${DESER_WHY}. Use a data-only format (json.loads), or sign the bytes with hmac and verify before loading.`,
    });
    return;
  }
  if (module === 'jsonpickle' && func === 'decode') {
    const data = args[0];
    if (!data || ctx.flow.isConstant(data) || serialisedHere(data, ctx)) return;
    ctx.report(call, {
      message: `\`jsonpickle.decode\` rebuilds arbitrary Python objects from \`${clip(data.text)}\`: ${DESER_WHY}. Parse it with json.loads and build your objects explicitly.`,
    });
    return;
  }
  if (module !== 'yaml' || yamlShadowed(ctx.text)) return;
  const data = args[0] ?? keywordArg(call, 'stream');
  if (!data || ctx.flow.isConstant(data) || isLocalFile(data, ctx)) return;
  const all = func.endsWith('_all');
  let why: string;
  if (func === 'unsafe_load' || func === 'unsafe_load_all') why = `\`yaml.${func}\` builds any Python object a YAML tag names`;
  else if (func === 'full_load' || func === 'full_load_all') why = `\`yaml.${func}\` uses FullLoader, which can still construct Python objects`;
  else if (func === 'load' || func === 'load_all') {
    const loader = keywordArg(call, 'Loader') ?? args[1];
    if (loader) {
      const name = loader.text.split('.').pop() ?? '';
      if (!UNSAFE_YAML_LOADERS.has(name)) return;
      why = `\`yaml.${func}\` with \`${name}\` builds Python objects named by YAML tags (\`!!python/object/apply:os.system\`)`;
    } else {
      why = `\`yaml.${func}\` without \`Loader=yaml.SafeLoader\` builds Python objects named by YAML tags (\`!!python/object/apply:os.system\`)`;
    }
  } else return;
  const fixes: Fix[] =
    fn?.type === 'attribute'
      ? [{ title: `Use yaml.safe_load${all ? '_all' : ''} (plain data only)`, edits: [replaceNode(call, `${fn.childForFieldName('object')!.text}.safe_load${all ? '_all' : ''}(${data.text})`)], isPreferred: true }]
      : [];
  ctx.report(call, {
    message: `${why} from \`${clip(data.text)}\`: ${DESER_WHY}. Use yaml.safe_load${all ? '_all' : ''}.`,
    fixes,
  });
}

const JS_DESER_TEXT = /unserialize|js-yaml/;

function checkJsDeserialization(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, JS_DESER_TEXT)) return;
  const name = lastName(call);
  if (name === 'unserialize') {
    if (!importsModule(ctx.text, ctx.language, 'node-serialize')) return;
    const data = positionalArgs(call)[0];
    if (!data || ctx.flow.isConstant(data)) return;
    ctx.report(call, {
      message: `\`unserialize\` (node-serialize) revives functions from \`${clip(data.text)}\`, and an \`_$$ND_FUNC$$_\` value runs as soon as it is loaded: ${DESER_WHY}. Use JSON.parse and validate the result.`,
    });
  } else if (name === 'load' || name === 'loadAll') {
    if (!importsModule(ctx.text, ctx.language, 'js-yaml')) return;
    const args = positionalArgs(call);
    const options = args.slice(1).map(unwrap).find((a) => a.type === 'object');
    const schema = options?.namedChildren.find((p) => p?.type === 'pair' && lastSegment(p.childForFieldName('key')) === 'schema')?.childForFieldName('value');
    if (!schema || !/FULL_SCHEMA|js-types|jsTypes/.test(schema.text)) return;
    if (!args[0] || ctx.flow.isConstant(args[0])) return;
    ctx.report(call, {
      message: `js-yaml \`${name}\` with \`${clip(schema.text)}\` turns \`!!js/function\` tags in \`${clip(args[0].text)}\` into code: ${DESER_WHY}. Drop the schema option (js-yaml 4 \`load\` is safe by default).`,
    });
  }
}

export const unsafeDeserialization: Rule = {
  id: 'unsafe-deserialization',
  title: 'Deserialisation of untrusted data into objects',
  cwe: ['CWE-502'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'Non-constant data is loaded with a format that can build arbitrary objects: `pickle`/`marshal`/`dill`, `yaml.load` without `SafeLoader`, `jsonpickle.decode`, `node-serialize`, or js-yaml with the full schema.',
  help: `Formats such as pickle, marshal and YAML with Python tags describe objects *and how to build them*: loading
them calls constructors chosen by the data. A crafted pickle runs \`os.system\` while it is being loaded; a YAML
document with \`!!python/object/apply\` does the same through \`yaml.load\`; a node-serialize payload carries a
function that is called on load (CWE-502). Assistants use them for sessions, caches, cookies and uploads.

**Fix:** exchange plain data: \`json.loads\` / \`JSON.parse\`, \`yaml.safe_load\`, then validate the result. If a
binary object format is unavoidable, sign it (HMAC) when you write it and verify the signature before loading.

Vulnerable:
\`\`\`python
@app.post("/import")
def import_settings():
    settings = yaml.load(request.data)
    session = pickle.loads(base64.b64decode(request.cookies["session"]))
\`\`\`
Safe:
\`\`\`python
@app.post("/import")
def import_settings():
    settings = yaml.safe_load(request.data)
    session = json.loads(base64.b64decode(request.cookies["session"]))
\`\`\``,
  visitors: jsAndPython({ call_expression: checkJsDeserialization }, { call: checkPyDeserialization }),
};

// ---------------------------------------------------------------------------------------------------------------
// xml-external-entities

const PY_XML_TEXT = /lxml|setFeature/;
const LXML_PARSER_OPTIONS_FUNCS = new Set(['XMLParser', 'XMLPullParser', 'XMLTreeBuilder', 'ETCompatXMLParser', 'iterparse', 'makeparser']);

function checkPyXml(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, PY_XML_TEXT)) return;
  const name = lastName(call);
  // iterparse and objectify.makeparser take the same parser options as XMLParser
  if (name && LXML_PARSER_OPTIONS_FUNCS.has(name)) {
    if (!importsModule(ctx.text, 'python', 'lxml') && !/^lxml\b/.test(pyQualified(call.childForFieldName('function'), ctx) ?? '')) return;
    const resolve = keywordArg(call, 'resolve_entities')?.text;
    const network = keywordArg(call, 'no_network')?.text;
    const dtd = keywordArg(call, 'load_dtd')?.text;
    const unsafe = resolve === 'True' || ((network === 'False' || dtd === 'True') && resolve !== 'False');
    if (!unsafe) return;
    const what = resolve === 'True' ? 'resolve_entities=True' : network === 'False' ? 'no_network=False' : 'load_dtd=True';
    ctx.report(call, {
      message: `lxml \`${name}(${what})\` expands external entities: an XML document with \`<!ENTITY x SYSTEM "file:///etc/passwd">\` makes the parser read local files or fetch URLs (XXE, CWE-611). Use \`resolve_entities=False, no_network=True\`, or defusedxml.`,
    });
  } else if (name === 'setFeature') {
    const [feature, value] = positionalArgs(call);
    if (!feature || !value || !/feature_external_(ges|pes)|external-(general|parameter)-entities/.test(feature.text)) return;
    if (value.text !== 'True' && value.text !== '1') return;
    ctx.report(call, {
      message: `Turning on \`${clip(feature.text)}\` makes the SAX parser load external entities: a document can pull in local files or URLs (XXE, CWE-611). Leave the feature off, or parse with defusedxml.`,
    });
  }
}

const JS_XML_TEXT = /libxmljs/;

function checkJsXml(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, JS_XML_TEXT)) return;
  const name = lastName(call);
  if (name !== 'parseXml' && name !== 'parseXmlString' && name !== 'parseXmlAsync') return;
  if (!importsModule(ctx.text, ctx.language, 'libxmljs') && !importsModule(ctx.text, ctx.language, 'libxmljs2')) return;
  const [data, options] = positionalArgs(call);
  if (!data || !options || ctx.flow.isConstant(data)) return;
  const o = unwrap(options);
  const noent = o.type === 'object' && o.namedChildren.some((p) => p?.type === 'pair' && lastSegment(p.childForFieldName('key')) === 'noent' && p.childForFieldName('value')?.text === 'true');
  if (!noent) return;
  ctx.report(call, {
    message: `libxmljs \`${name}\` with \`noent: true\` substitutes external entities in \`${clip(data.text)}\`: a document can read local files or fetch URLs (XXE, CWE-611). Remove \`noent\` (entities are then left unexpanded).`,
  });
}

export const xmlExternalEntities: Rule = {
  id: 'xml-external-entities',
  title: 'XML parser resolves external entities',
  cwe: ['CWE-611'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'An XML parser is configured to expand external entities: lxml `XMLParser(resolve_entities=True)`, SAX `feature_external_ges`, or libxmljs `noent: true`.',
  help: `An XML document can declare entities that point at files or URLs
(\`<!ENTITY x SYSTEM "file:///etc/passwd">\`). A parser that expands them reads those files into the document or
makes requests on the attacker's behalf (XML external entity injection, CWE-611): file disclosure, SSRF, denial
of service.

**Fix:** keep entity expansion off: lxml \`XMLParser(resolve_entities=False, no_network=True)\` or
\`defusedxml.lxml\`, never enable \`feature_external_ges\`, and drop \`noent: true\` in libxmljs.

Vulnerable:
\`\`\`python
parser = etree.XMLParser(resolve_entities=True)
doc = etree.fromstring(request.data, parser)
\`\`\`
Safe:
\`\`\`python
parser = etree.XMLParser(resolve_entities=False, no_network=True)
doc = etree.fromstring(request.data, parser)
\`\`\``,
  visitors: jsAndPython({ call_expression: checkJsXml }, { call: checkPyXml }),
};

// ---------------------------------------------------------------------------------------------------------------
// weak-hash

const WEAK_HASHES = new Set(['md5', 'md4', 'md2', 'sha1', 'sha']);
/** Words that make a hash security-relevant; they win over the non-security words below. */
const HASH_SECURITY_WORDS = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'token', 'tokens', 'secret', 'secrets', 'signature', 'sign', 'signed', 'signing', 'session', 'auth',
  'authentication', 'authenticate', 'nonce', 'otp', 'apikey', 'salt', 'credential', 'credentials', 'cookie', 'csrf', 'hmac', 'jwt',
]);
/** Words that show a hash is an identifier, not a security control: ETags, cache keys, file checksums. */
const HASH_NON_SECURITY_WORDS = new Set([
  'etag', 'etags', 'checksum', 'checksums', 'cache', 'cached', 'cachekey', 'caching', 'fingerprint', 'file', 'files', 'filename', 'filepath', 'content',
  'contents', 'chunk', 'chunks', 'dedup', 'dedupe', 'duplicate', 'duplicates', 'gravatar', 'avatar', 'md5sum', 'sha1sum', 'shard', 'bucket', 'partition',
  'path', 'url', 'uri', 'color', 'colour', 'image', 'img', 'asset', 'assets', 'blob', 'upload', 'download', 'websocket', 'accept', 'id', 'ids', 'uuid',
  'guid', 'identifier', 'slug', 'version', 'revision', 'commit', 'bundle', 'read', 'readfile', 'memo', 'memoize', 'dedupkey', 'lookup',
]);
/** Password-looking names (`password`, `newPwd`, `user_passwd`) that are not reset tokens, policies or UI fields. */
function isPasswordName(name: string): boolean {
  const lower = name.toLowerCase();
  if (!/passw(?:or)?d|passwd|passphrase|pwd/.test(lower) && !words(name).some((w) => w === 'pw' || w === 'pass')) return false;
  return !/reset|token|otp|hint|polic|strength|length|expir|attempt|count|field|label|url|link|forgot|regex|pattern|rule|visible|show|error|message|placeholder/.test(lower);
}

function passwordIn(text: string): string | undefined {
  for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) if (isPasswordName(m[0])) return m[0];
  return undefined;
}

/** `h = createHash(...)`: the arguments of every later `h.update(x)` in the same function. */
function updateArguments(call: Node, ctx: RuleContext): Node[] {
  const out: Node[] = [];
  // chained: createHash('sha1').update(x)
  const parent = call.parent;
  if (parent?.type === 'member_expression' && parent.childForFieldName('property')?.text === 'update' && parent.parent?.type === 'call_expression') {
    const arg = positionalArgs(parent.parent)[0];
    if (arg) out.push(arg);
    return out;
  }
  const name = targetName(call);
  if (!name || !/^[A-Za-z_$][\w$]*$/.test(name)) return out;
  const scope = enclosingFunction(call) ?? ctx.tree.rootNode;
  for (const c of descendants(scope, new Set(['call_expression', 'call']))) {
    const fn = c.childForFieldName('function');
    const obj = fn?.childForFieldName('object');
    const prop = fn?.type === 'member_expression' ? fn.childForFieldName('property') : fn?.type === 'attribute' ? fn.childForFieldName('attribute') : null;
    if (prop?.text === 'update' && obj?.text === name) {
      const arg = positionalArgs(c)[0];
      if (arg) out.push(arg);
    }
  }
  return out;
}

function contextWords(node: Node, data: readonly Node[]): Set<string> {
  const fn = enclosingFunction(node);
  const texts = [targetName(node) ?? '', fn ? functionName(fn) ?? '' : '', statementText(node), ...data.map((d) => d.text.slice(0, 200))];
  return new Set(texts.flatMap(words));
}

/** Parameter names of a JS or Python function. */
function parameterNames(fn: Node): Set<string> {
  const single = fn.childForFieldName('parameter');
  const params = single ? [single] : (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((c): c is Node => !!c);
  const names = new Set<string>();
  for (const p of params) {
    const id = p.type === 'identifier' ? p : p.descendantsOfType('identifier')[0];
    if (id) names.add(id.text);
  }
  return names;
}

/** True when the expression reads one of the function's parameters directly (`p`, `p.encode()`, `salt + p`). */
function usesParameter(expr: Node, fn: Node): boolean {
  const params = parameterNames(fn);
  return descendants(expr, new Set(['identifier'])).some((id) => params.has(id.text) && !(id.parent?.type === 'attribute' && id.parent.childForFieldName('attribute')?.id === id.id));
}

/** A hash call with a known algorithm: fast hash of a password (high), or MD5/SHA-1 in a security role (medium). */
function judgeHash(node: Node, algorithm: string, data: readonly Node[], ctx: RuleContext, passwordsOnly = false): void {
  const alg = algorithm.toLowerCase().replace(/^rsa-/, '').replace(/-/g, '');
  if (!/^(md[245]|sha\d*|sha3\w*|sha512\w*|blake2\w*|ripemd\d*|shake\w*)$/.test(alg)) return;
  const weak = WEAK_HASHES.has(alg);
  const display = weak ? alg.toUpperCase().replace(/^SHA1?$/, 'SHA-1') : alg.toUpperCase();
  const fn = enclosingFunction(node);
  const dataPassword = data.map((d) => passwordIn(d.text)).find(Boolean);
  const target = targetName(node);
  const fnName = fn ? functionName(fn) : undefined;
  const password =
    dataPassword ??
    (target && isPasswordName(target) && data.some((d) => !ctx.flow.isConstant(d)) ? target : undefined) ??
    (fn && fnName && isPasswordName(fnName) && /hash|encrypt|digest|encode|store|save|set|verify|check|compare|create|register|sign/i.test(fnName) && data.some((d) => usesParameter(d, fn)) ? fnName : undefined);
  // Have I Been Pwned's range API (SHA-1) and HTTP Digest auth (MD5 of user:realm:password) fix the hash: protocol, not storage
  if (password && ((fn && /pwned/i.test(fn.text)) || data.some((d) => /realm/i.test(d.text)))) return;
  if (password) {
    ctx.report(node, {
      severity: 'high',
      confidence: dataPassword ? 'high' : 'medium',
      message: `${display} is used to hash a password (\`${clip(password)}\`): fast hashes let an attacker who gets the hashes try billions of guesses per second, and ${weak ? 'this one is also broken' : 'a salt does not change that'} (CWE-916). Use bcrypt, scrypt or Argon2 (argon2id) with a per-user salt.`,
    });
    return;
  }
  if (!weak || passwordsOnly) return;
  const ctxWords = contextWords(node, data);
  let security = false;
  for (const w of ctxWords) if (HASH_SECURITY_WORDS.has(w)) security = true;
  if (!security) {
    for (const w of ctxWords) if (HASH_NON_SECURITY_WORDS.has(w)) return;
    if (fn && fn.text.length < 4000 && /gravatar|etag|If-None-Match|checksum|cache/i.test(fn.text)) return;
  }
  ctx.report(node, {
    message: `${display} is broken: collisions can be computed cheaply, so it cannot protect signatures, tokens or integrity checks (CWE-328). Use SHA-256 or better (HMAC-SHA-256 for keyed checks); if this is only a cache key or checksum, pass \`usedforsecurity=False\` (Python) or name it so.`,
  });
}

const JS_HASH_NAMES = new Set(['createHash', 'digest', 'MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'SHA3', 'md5', 'sha1', 'sha256', 'sha512', 'hash', 'hashSync', 'genSalt', 'genSaltSync']);

const JS_HASH_TEXT = /createHash|subtle|CryptoJS|md5|sha|bcrypt/i;

function checkJsHash(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, JS_HASH_TEXT)) return;
  const name = lastName(call);
  if (!name || !JS_HASH_NAMES.has(name)) return;
  const fn = call.childForFieldName('function')!;
  const object = fn.type === 'member_expression' ? fn.childForFieldName('object')?.text ?? '' : '';
  const args = positionalArgs(call);
  switch (name) {
    case 'createHash': {
      if (fn.type === 'member_expression' ? !/crypto/i.test(object) : !importsModule(ctx.text, ctx.language, 'crypto') && !importsModule(ctx.text, ctx.language, 'node:crypto')) return;
      const alg = constString(args[0], ctx);
      if (alg) judgeHash(call, alg, updateArguments(call, ctx), ctx);
      return;
    }
    case 'digest': {
      if (!/subtle$/.test(object)) return;
      const alg = constString(args[0], ctx);
      if (alg) judgeHash(call, alg, args.slice(1, 2), ctx);
      return;
    }
    case 'hash':
    case 'hashSync':
    case 'genSalt':
    case 'genSaltSync': {
      if (!/^bcrypt(js)?$/i.test(object)) return;
      const rounds = name.startsWith('hash') ? args[1] : args[0];
      reportBcryptCost(call, rounds, ctx);
      return;
    }
    default: {
      if (fn.type === 'member_expression') {
        if (object !== 'CryptoJS' || name !== name.toUpperCase()) return;
      } else {
        const modules = importedModules(ctx.text, ctx.language);
        let hashModule = false;
        for (const m of modules) if (/md5|sha/i.test(m)) hashModule = true;
        if (!hashModule) {
          // a helper of the file's own (`function md5(str) { return createHash('md5')… }`): its body is judged
          // where it is defined; a call site matters only when it hashes a password
          if (!definesHelper(ctx.text, name)) return;
          judgeHash(call, name, args.slice(0, 1), ctx, true);
          return;
        }
      }
      judgeHash(call, name, args.slice(0, 1), ctx);
    }
  }
}

function reportBcryptCost(call: Node, rounds: Node | undefined, ctx: RuleContext): void {
  const n = constNumber(rounds, ctx);
  if (n === undefined || n >= 10 || n < 1) return;
  ctx.report(call, {
    message: `bcrypt cost ${n} is too low: each step below 10 halves the work an attacker needs to crack the stored hashes (CWE-916). Use a cost of at least 10 (12 is a common default).`,
  });
}

const PY_HASH_NAMES = new Set(['md5', 'sha1', 'new', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_384', 'sha3_512', 'blake2b', 'blake2s', 'gensalt', 'using']);

const PY_HASH_TEXT = /hashlib|Crypto|bcrypt|passlib/;

function checkPyHash(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, PY_HASH_TEXT)) return;
  const name = lastName(call);
  if (!name || !PY_HASH_NAMES.has(name)) return;
  const qualified = pyQualified(call.childForFieldName('function'), ctx);
  if (!qualified) return;
  const args = positionalArgs(call);
  if (qualified.startsWith('hashlib.')) {
    if (keywordArg(call, 'usedforsecurity')?.text === 'False') return;
    const func = qualified.slice('hashlib.'.length);
    const alg = func === 'new' ? constString(args[0] ?? keywordArg(call, 'name'), ctx) : func;
    const first = func === 'new' ? args[1] : args[0];
    const explicit = first ?? keywordArg(call, 'data') ?? keywordArg(call, 'string');
    if (alg) judgeHash(call, alg, explicit ? [explicit] : updateArguments(call, ctx), ctx);
    return;
  }
  const m = /^(?:Crypto|Cryptodome)\.Hash\.(MD5|SHA1|SHA256|SHA512)\.new$/.exec(qualified);
  if (m) {
    const data = args[0] ?? keywordArg(call, 'data');
    judgeHash(call, m[1], data ? [data] : updateArguments(call, ctx), ctx);
    return;
  }
  if (qualified === 'bcrypt.gensalt') reportBcryptCost(call, keywordArg(call, 'rounds') ?? args[0], ctx);
  else if (/^passlib\.hash\.bcrypt(_sha256)?\.using$/.test(qualified)) reportBcryptCost(call, keywordArg(call, 'rounds'), ctx);
}

export const weakHash: Rule = {
  id: 'weak-hash',
  title: 'Weak hash for a security purpose, or a fast hash for passwords',
  cwe: ['CWE-328', 'CWE-916'],
  severity: 'medium',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'MD5 or SHA-1 protects something (tokens, signatures, integrity), a password is hashed with a fast hash (MD5, SHA-1, SHA-256, SHA-512), or bcrypt runs with a cost below 10.',
  help: `MD5 and SHA-1 are broken: collisions can be produced cheaply, so they cannot back signatures, tokens or
integrity checks (CWE-328). Passwords need more than a sound hash: SHA-256 and SHA-512 are *fast*, and GPUs try
billions of guesses per second against a leaked table of them, salted or not (CWE-916). A bcrypt cost below 10
throws away most of bcrypt's protection. Assistants produce \`createHash('md5').update(password)\` and
\`hashlib.sha256(password.encode())\` constantly.

MD5/SHA-1 used only as an identifier (ETag, cache key, file checksum) is not reported; in Python, say so with
\`hashlib.md5(data, usedforsecurity=False)\`.

**Fix:** hash passwords with bcrypt (cost ≥ 10), scrypt or Argon2id (\`bcrypt\`, \`argon2\`/\`argon2-cffi\`,
\`crypto.scrypt\`, \`hashlib.scrypt\`); use SHA-256 or HMAC-SHA-256 for other security purposes.

Vulnerable:
\`\`\`js
const hash = crypto.createHash('sha256').update(password).digest('hex');
\`\`\`
Safe:
\`\`\`js
const hash = await bcrypt.hash(password, 12);
\`\`\``,
  visitors: jsAndPython({ call_expression: checkJsHash }, { call: checkPyHash, assignment: checkDjangoHashers }),
};

/** Django hashers that store passwords with one fast hash (or DES crypt): new passwords use the first one listed. */
const WEAK_DJANGO_HASHER = /(?:^|\.)(?:MD5PasswordHasher|SHA1PasswordHasher|UnsaltedMD5PasswordHasher|UnsaltedSHA1PasswordHasher|CryptPasswordHasher)$/;
/** Test settings pick a fast hasher on purpose (Django's docs recommend it to speed up test runs). */
const TEST_SETTINGS = /\bTEST_RUNNER\b|(?:speed|faster|quicker)\s+(?:up\s+)?(?:the\s+)?tests?\b|\btests?\s+(?:only|settings)\b/i;

/** `PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", ...]` at module level in a settings file. */
function checkDjangoHashers(node: Node, ctx: RuleContext): void {
  if (!mentions(ctx, PASSWORD_HASHERS_TEXT)) return;
  const left = node.childForFieldName('left');
  if (left?.type !== 'identifier' || left.text !== 'PASSWORD_HASHERS' || node.parent?.parent?.type !== 'module') return;
  const list = node.childForFieldName('right');
  if (!list || (list.type !== 'list' && list.type !== 'tuple')) return;
  const first = list.namedChildren.find((c) => c && c.type !== 'comment');
  const hasher = first?.type === 'string' ? first.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('') : undefined;
  if (!hasher || !WEAK_DJANGO_HASHER.test(hasher) || mentions(ctx, TEST_SETTINGS)) return;
  const short = hasher.split('.').pop()!;
  ctx.report(first!, {
    message: `Django hashes every new password with the first entry of PASSWORD_HASHERS, here \`${short}\`: one fast ${/Crypt/.test(short) ? 'DES crypt' : short.includes('SHA1') ? 'SHA-1' : 'MD5'} round${/Unsalted/.test(short) ? ' without a salt' : ''}, so a leaked user table is cracked at billions of guesses per second (CWE-916). Put \`PBKDF2PasswordHasher\`, \`Argon2PasswordHasher\` or \`ScryptPasswordHasher\` first (keep the old hasher after it only to upgrade existing hashes at login).`,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// insecure-random

/** Words that make a value a secret when it is named by them. */
const RANDOM_SECRET_WORDS = new Set([
  'token', 'tokens', 'secret', 'secrets', 'password', 'passwd', 'pwd', 'passphrase', 'otp', 'totp', 'hotp', 'nonce', 'salt', 'session', 'sessionid',
  'sid', 'csrf', 'xsrf', 'apikey', 'auth', 'credential', 'credentials', 'captcha', 'pin', 'pincode', 'signature', 'jti', 'secretkey', 'privatekey', 'mfa',
  '2fa', 'passcode', 'verification', 'invite', 'invitation', 'magic',
]);
const KEY_WORDS = new Set(['api', 'secret', 'private', 'access', 'encryption', 'signing', 'session', 'license', 'activation', 'hmac', 'aes', 'crypto']);
const CODE_WORDS = new Set(['verification', 'verify', 'reset', 'otp', 'auth', 'access', 'confirm', 'confirmation', 'login', 'invite', 'activation', 'recovery', 'security', 'sms', 'mfa', 'backup', 'pairing', 'unlock', 'coupon', 'voucher', 'promo', 'referral']);
/** Names of test data, demos and timing: never a secret even when another word looks like one. */
const RANDOM_BENIGN_WORDS = new Set(['test', 'tests', 'mock', 'mocks', 'fake', 'dummy', 'demo', 'sample', 'seed', 'fixture', 'stub', 'example', 'placeholder', 'jitter', 'delay', 'backoff', 'retry', 'color', 'colour', 'shuffle', 'animation', 'simulate', 'simulated', 'latency', 'sleep']);
/** Names too generic to tell: look at the function the value is returned from instead. */
const GENERIC_NAMES = new Set(['result', 'out', 'output', 'str', 's', 'text', 'value', 'val', 'code', 'random', 'rand', 'r', 'ret', 'retval', 'id', 'string', 'digits', 'num', 'number', 'chars', 'res', 'buf', 'hex', 'key', 'suffix', 'part', 'parts']);

/** Last words that make a secret-looking name describe something else: `passwordLength`, `tokenExpiry`, `otp_attempts`. */
const RANDOM_NON_SECRET_LAST = new Set([
  'length', 'len', 'count', 'size', 'index', 'idx', 'pos', 'position', 'field', 'label', 'hint', 'strength', 'policy', 'min', 'max', 'expiry', 'expires',
  'expiration', 'ttl', 'timeout', 'delay', 'attempts', 'attempt', 'retries', 'retry', 'type', 'url', 'uri', 'path', 'name', 'color', 'width', 'height',
  'duration', 'interval', 'at', 'time', 'ms', 'seconds', 'age',
]);

function isSecretUse(name: string): boolean {
  const w = words(name);
  if (w.some((x) => RANDOM_BENIGN_WORDS.has(x))) return false;
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (parts.length > 1 && RANDOM_NON_SECRET_LAST.has(parts[parts.length - 1].toLowerCase())) return false;
  if (w.some((x) => RANDOM_SECRET_WORDS.has(x))) return true;
  for (let i = 1; i < w.length; i++) {
    if (w[i] === 'key' && KEY_WORDS.has(w[i - 1])) return true;
    if ((w[i] === 'code' || w[i] === 'link' || w[i] === 'url' || w[i] === 'id') && CODE_WORDS.has(w[i - 1])) return true;
  }
  // camel/snake parts of compound parts (`resetCode`, `otp_code`) are checked above; `verificationcode` as one word:
  return /^(?:reset|verify|verification|otp|auth|access|confirm|login|invite|activation|recovery)(?:code|link)$/.test(w[0] ?? '');
}

function isBenignName(name: string): boolean {
  return words(name).some((x) => RANDOM_BENIGN_WORDS.has(x));
}

/** JS calls whose result still carries the randomness of their argument. */
const JS_TRANSFORMS = new Set([
  'floor', 'ceil', 'round', 'trunc', 'abs', 'min', 'max', 'String', 'Number', 'parseInt', 'parseFloat', 'toString', 'toFixed', 'slice', 'substring', 'substr',
  'padStart', 'padEnd', 'join', 'charAt', 'at', 'from', 'map', 'fill', 'repeat', 'concat', 'toUpperCase', 'toLowerCase', 'replace', 'btoa', 'encodeURIComponent', 'fromCharCode',
  'update', 'digest', 'createHash', 'md5', 'sha1', 'sha256',
]);
const PY_TRANSFORMS = new Set([
  'str', 'int', 'hex', 'join', 'format', 'zfill', 'upper', 'lower', 'encode', 'list', 'tuple', 'bytes', 'rjust', 'ljust', 'sum', 'hexdigest', 'digest', 'map', 'sorted',
  'md5', 'sha1', 'sha256', 'sha512', 'b64encode', 'urlsafe_b64encode',
]);

interface RandomUse {
  /** Names that describe what the random value becomes. */
  readonly label: string;
  /** The whole expression that is stored / returned (for the quick fix). */
  readonly top: Node;
}

/** A random value passed to a call: through a transform (`Math.floor`, `"".join`) it continues; a named destination decides. */
function throughCall(call: Node, arg: Node, ctx: RuleContext): Node | RandomUse | undefined {
  const name = calleeName(call);
  if (name && (ctx.language === 'python' ? PY_TRANSFORMS : JS_TRANSFORMS).has(name)) return call;
  // res.cookie('session', v), localStorage.setItem('authToken', v)
  const named = positionalArgs(call).map((a) => constString(a, ctx)).find((s) => s !== undefined && isSecretUse(s));
  return named ? { label: `\`${named}\``, top: arg } : undefined;
}

/** Follows the random value outwards to where it is stored or returned, and decides whether that is a secret. */
function randomUse(start: Node, ctx: RuleContext): RandomUse | undefined {
  let n = start;
  for (let i = 0; i < 40; i++) {
    const p = n.parent;
    if (!p) return undefined;
    switch (p.type) {
      case 'member_expression':
      case 'attribute':
        if (p.childForFieldName('object')?.id !== n.id) return undefined;
        n = p;
        continue;
      case 'call_expression':
      case 'call': {
        if (p.childForFieldName('function')?.id === n.id) {
          n = p;
          continue;
        }
        // `"".join(x for x in …)`: the generator is the whole argument list
        if (p.childForFieldName('arguments')?.id !== n.id) return undefined;
        const next = throughCall(p, n, ctx);
        if (!next || !('type' in next)) return next;
        n = next;
        continue;
      }
      case 'arguments':
      case 'argument_list': {
        if (!p.parent) return undefined;
        const next = throughCall(p.parent, n, ctx);
        if (!next || !('type' in next)) return next;
        n = next;
        continue;
      }
      case 'generator_expression':
      case 'list_comprehension':
        if (p.childForFieldName('body')?.id !== n.id) return undefined;
        n = p;
        continue;
      case 'ternary_expression':
      case 'conditional_expression':
        if (p.childForFieldName('condition')?.id === n.id || (p.type === 'conditional_expression' && p.namedChildren[1]?.id === n.id)) return undefined;
        n = p;
        continue;
      case 'binary_expression':
      case 'binary_operator':
      case 'template_substitution':
      case 'template_string':
      case 'interpolation':
      case 'string':
      case 'concatenated_string':
      case 'parenthesized_expression':
      case 'unary_expression':
      case 'unary_operator':
      case 'array':
      case 'list':
      case 'tuple':
      case 'expression_list':
      case 'spread_element':
      case 'as_expression':
      case 'non_null_expression':
      case 'await_expression':
      case 'subscript_expression':
      case 'subscript':
      case 'format_expression':
        n = p;
        continue;
      case 'arrow_function':
      case 'lambda':
        if (p.childForFieldName('body')?.id !== n.id) return undefined;
        return fromFunction(p, n, ctx);
      case 'return_statement': {
        const fn = enclosingFunction(p);
        return fn ? fromFunction(fn, n, ctx) : undefined;
      }
      case 'variable_declarator':
      case 'assignment_expression':
      case 'augmented_assignment_expression':
      case 'assignment':
      case 'augmented_assignment': {
        const valueField = p.type === 'variable_declarator' ? 'value' : 'right';
        if (p.childForFieldName(valueField)?.id !== n.id) return undefined;
        const left = p.childForFieldName(p.type === 'variable_declarator' ? 'name' : 'left');
        return fromName(lastSegment(left), left, n, ctx);
      }
      case 'pair':
        if (p.childForFieldName('value')?.id !== n.id) return undefined;
        return fromName(lastSegment(p.childForFieldName('key')), null, n, ctx);
      case 'keyword_argument':
        return fromName(p.childForFieldName('name')?.text, null, n, ctx);
      case 'public_field_definition':
      case 'field_definition':
        return fromName(lastSegment(p.childForFieldName('name') ?? p.childForFieldName('property')), null, n, ctx);
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The value is stored under `name`: a secret name decides; a generic one defers to the function that returns it. */
function fromName(name: string | undefined, left: Node | null, top: Node, ctx: RuleContext): RandomUse | undefined {
  if (!name) return undefined;
  if (isSecretUse(name)) return { label: `\`${name}\``, top };
  if (isBenignName(name)) return undefined;
  const fn = enclosingFunction(top);
  if (!fn || left?.type !== 'identifier') return undefined;
  // `result += chars[...]` … `return result`: the function's purpose names the value
  const returned = descendants(fn, new Set(['return_statement'])).some((r) => new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(r.text.replace(/^return\b/, '')));
  if (!returned && !GENERIC_NAMES.has(name)) return undefined;
  return fromFunction(fn, top, ctx, returned);
}

interface CallSites {
  /** A caller that stores the result under a secret name (`resetToken = randomString(32)`). */
  readonly secret?: string;
  /** Whether any caller stores the result under a name at all. */
  readonly named: boolean;
}
/** How the callers of a helper like `randomString()` use its result; one text scan per helper, cached. */
function callSites(fnName: string, text: string): CallSites {
  return callSitesOf(text, fnName);
}

const callSitesOf = perTextKey((text, fnName): CallSites => {
  let secret: string | undefined;
  let named = false;
  const escaped = fnName.replace(/\$/g, '\\$');
  const re = new RegExp(`(?<![\\w$])([A-Za-z_$][\\w$]*)['"]?\\s*(?::|=|\\]\\s*=)\\s*(?:await\\s+)?(?:this\\.|self\\.)?${escaped}\\s*\\(`, 'g');
  for (const m of text.matchAll(re)) {
    named = true;
    if (isSecretUse(m[1])) {
      secret = m[1];
      break;
    }
  }
  return { secret, named };
});

/** Helpers that build random strings (`generateRandomString`, `random_str`, `makeid`): their output is a token unless callers show otherwise. */
const RANDOM_STRING_HELPER = /^(?:make_?id|(?:generate|gen|make|create|get)?_?random_?(?:alpha_?numeric_?)?(?:string|str|chars|characters|hex|code|key|alphanumeric)s?|(?:generate|gen|make|create)_?(?:random_?)?(?:string|str|alphanumeric))$/i;

function fromFunction(fn: Node, top: Node, ctx: RuleContext, viaReturn = true): RandomUse | undefined {
  // an anonymous callback (Array.from({ length }, () => …), .map(() => …)) passes its value on to the outer call
  if (viaReturn && (fn.type === 'arrow_function' || fn.type === 'function_expression' || fn.type === 'function' || fn.type === 'lambda') && !functionName(fn)) {
    if (fn.parent?.type === 'arguments' || fn.parent?.type === 'argument_list') return randomUse(fn, ctx);
    return undefined;
  }
  const name = functionName(fn);
  if (!name) return undefined;
  if (isSecretUse(name)) return { label: `function \`${name}\``, top };
  if (isBenignName(name) || !viaReturn) return undefined;
  const sites = callSites(name, ctx.text);
  if (sites.secret) return { label: `\`${sites.secret}\` (through \`${name}\`)`, top };
  if (!sites.named && RANDOM_STRING_HELPER.test(name)) return { label: `the random-string helper \`${name}\` (such strings end up as tokens and codes)`, top };
  return undefined;
}

const MATH_RANDOM_TOKEN = /^Math\.random\(\)\.toString\(36\)\.(?:slice|substring|substr)\(\s*(?:2|-\d+)\s*(?:,\s*\d+\s*)?\)$/;

/** Inside a function for tests, demos or seeding (`seed_demo_users`, `makeFakeUser`): random data is the point. */
function inBenignFunction(node: Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name && isBenignName(name)) return true;
  }
  return false;
}

const JS_RANDOM_TEXT = /Math\.random/;

function checkJsRandom(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, JS_RANDOM_TEXT)) return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'random' || fn.childForFieldName('object')?.text !== 'Math') return;
  const direct = randomUse(call, ctx);
  const use = direct ?? handMadeUuid(call);
  if (!use || inBenignFunction(call)) return;
  const fixes: Fix[] = MATH_RANDOM_TOKEN.test(use.top.text)
    ? [{ title: 'Use crypto.randomUUID() (122 random bits from the OS generator)', edits: [replaceNode(use.top, 'crypto.randomUUID()')], isPreferred: true }]
    : [];
  ctx.report(direct ? call : use.top, {
    message: `\`Math.random()\` makes ${use.label}: it is not a cryptographic generator, and its output can be predicted from a few earlier values, so the secret can be guessed (CWE-338). Use crypto.randomUUID(), crypto.randomBytes() or crypto.getRandomValues().`,
    fixes,
  });
}

/** The RFC 4122 version-4 template that hand-rolled UUID snippets fill in: `'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'`. */
const UUID_TEMPLATE = /^(['"`])x{8}-x{4}-4x{3}-[xy]x{3}-x{12}\1$/;

/**
 * `'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => … Math.random() …)`: a UUID, which whoever receives it
 * treats as unguessable (visitor, session and record ids, links), built from a predictable generator.
 */
function handMadeUuid(call: Node): RandomUse | undefined {
  let fn: Node | null = call.parent;
  for (let i = 0; fn && i < 12 && fn.type !== 'arrow_function' && fn.type !== 'function_expression' && fn.type !== 'function'; i++) fn = fn.parent;
  const replace = fn?.parent?.type === 'arguments' ? fn.parent.parent : undefined;
  const callee = replace?.type === 'call_expression' ? replace.childForFieldName('function') : undefined;
  if (callee?.type !== 'member_expression' || !/^replace(?:All)?$/.test(callee.childForFieldName('property')?.text ?? '')) return undefined;
  if (!UUID_TEMPLATE.test(callee.childForFieldName('object')?.text ?? '')) return undefined;
  return { label: 'a version-4 UUID by hand (such ids are trusted to be unguessable: visitor, session and record ids, links)', top: replace! };
}

/**
 * `random.choice(["Hi", "Hello", "Welcome"])` picked once: a choice among a few written-out words or values is a
 * variation, not a secret (it has a couple of bits at most, whatever the function is called). Single characters are
 * an alphabet, and picks repeated in a comprehension or loop build a string, so both stay reported.
 */
function isConstantPick(call: Node, name: string, ctx: RuleContext): boolean {
  if (name !== 'choice' && name !== 'sample' && name !== 'choices') return false;
  const first = positionalArgs(call)[0];
  if (!first) return false;
  let list = unwrap(first);
  if (list.type === 'identifier') {
    const values = ctx.flow.valuesOf(list.text, list);
    if (values.length !== 1) return false;
    list = unwrap(values[0]);
  }
  if (list.type !== 'list' && list.type !== 'tuple') return false;
  const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (!items.length || items.length > 32) return false;
  if (!items.every((c) => (c.type === 'string' || c.type === 'integer' || c.type === 'float') && ctx.flow.isConstant(c))) return false;
  if (items.some((c) => c.type === 'string' && c.text.replace(/^[a-zA-Z]*['"]|['"]$/g, '').length <= 1)) return false;
  for (let p = call.parent; p && p.type !== 'function_definition'; p = p.parent) {
    if (/comprehension|generator_expression|for_statement|while_statement/.test(p.type)) return false;
  }
  return true;
}

const PY_RANDOM_FUNCS = new Set(['random', 'randint', 'choice', 'choices', 'randrange', 'getrandbits', 'sample', 'uniform', 'randbytes']);

/** `string.ascii_letters + string.digits`, `"0123456789"`, or a name bound to such. */
function isAlphabet(node: Node | undefined, ctx: RuleContext, depth = 0): boolean {
  if (!node || depth > 3) return false;
  const n = unwrap(node);
  if (n.type === 'string') return ctx.flow.isConstant(n);
  if (n.type === 'attribute') return n.childForFieldName('object')?.text === 'string' && /^(ascii_\w+|digits|hexdigits|octdigits|punctuation|printable)$/.test(n.childForFieldName('attribute')?.text ?? '');
  if (n.type === 'binary_operator') return isAlphabet(n.childForFieldName('left') ?? undefined, ctx, depth + 1) && isAlphabet(n.childForFieldName('right') ?? undefined, ctx, depth + 1);
  if (n.type === 'identifier') {
    const values = ctx.flow.valuesOf(n.text, n);
    return values.length > 0 && values.every((v) => isAlphabet(v, ctx, depth + 1));
  }
  return false;
}

const PY_RANDOM_TEXT = /random/;

function checkPyRandom(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, PY_RANDOM_TEXT)) return;
  const name = lastName(call);
  if (!name || !PY_RANDOM_FUNCS.has(name)) return;
  const fn = call.childForFieldName('function');
  const qualified = pyQualified(fn, ctx);
  if (!qualified?.startsWith('random.') || !PY_RANDOM_FUNCS.has(qualified.slice('random.'.length))) return;
  if (isConstantPick(call, name, ctx)) return;
  const use = randomUse(call, ctx);
  if (!use || inBenignFunction(call)) return;
  const func = qualified.slice('random.'.length);
  const fixes: Fix[] =
    func === 'choice' && fn?.type === 'attribute' && fn.childForFieldName('object')?.text === 'random' && isAlphabet(positionalArgs(call)[0], ctx)
      ? [{ title: 'Use secrets.choice (OS random generator)', edits: [...pythonImportEdit(ctx, 'secrets'), replaceNode(fn, 'secrets.choice')], isPreferred: true }]
      : [];
  ctx.report(call, {
    message: `\`random.${func}\` makes ${use.label}: Python's random module is a Mersenne Twister whose output can be predicted after observing some of it, so the secret can be guessed (CWE-338). Use the secrets module (secrets.token_urlsafe, secrets.choice, secrets.randbelow).`,
    fixes,
  });
}

export const insecureRandom: Rule = {
  id: 'insecure-random',
  title: 'Predictable random numbers used for a secret',
  cwe: ['CWE-338', 'CWE-330'],
  severity: 'medium',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: '`Math.random()` or Python `random` generates a token, password, OTP, salt, nonce, session id or reset code.',
  help: `\`Math.random()\` and Python's \`random\` module are fast statistical generators, not cryptographic ones: their
internal state can be recovered from a handful of outputs, after which every later "random" token is known
(CWE-338). Values used for UI effects, retries, shuffling demo data or colours are fine and are not reported;
tokens, passwords, one-time codes, salts, nonces and session or reset identifiers are.

**Fix:** use the operating system's generator: \`crypto.randomUUID()\`, \`crypto.randomBytes(32).toString('hex')\`,
\`crypto.randomInt(0, 1000000)\` or \`crypto.getRandomValues()\` in JavaScript; \`secrets.token_urlsafe()\`,
\`secrets.choice()\` and \`secrets.randbelow()\` in Python.

Vulnerable:
\`\`\`python
def create_reset_code():
    return "".join(random.choice(string.digits) for _ in range(6))
\`\`\`
Safe:
\`\`\`python
def create_reset_code():
    return "".join(secrets.choice(string.digits) for _ in range(6))
\`\`\``,
  visitors: jsAndPython({ call_expression: checkJsRandom }, { call: checkPyRandom }),
};

// ---------------------------------------------------------------------------------------------------------------
// weak-cipher

const WEAK_CIPHER_ALG = /(?:^|-)ecb$|^des(?:$|-|3|x|_)|^des-ede|^3des|^tripledes|^rc[24](?:$|-)|^bf(?:$|-)|^blowfish|^cast5?(?:$|-)|^idea(?:$|-)|^seed(?:$|-)/;

/** An IV fixed in the source: `Buffer.alloc(16, 0)`, `Buffer.from('1234567890abcdef')`, a constant string, or a name bound to one. */
function isStaticIvJs(node: Node | undefined, ctx: RuleContext, depth = 0): boolean {
  if (!node || depth > 3) return false;
  const n = unwrap(node);
  if (n.type === 'string' || n.type === 'template_string') return ctx.flow.isConstant(n);
  if (n.type === 'call_expression' || n.type === 'new_expression') {
    const callee = dottedName(n.childForFieldName('function') ?? n.childForFieldName('constructor'));
    const args = positionalArgs(n);
    if (callee === 'Buffer.alloc') return args.every((a) => ctx.flow.isConstant(a));
    if (callee === 'Buffer.from' || /^CryptoJS\.enc\.\w+\.parse$/.test(callee ?? '')) return !!args[0] && ctx.flow.isConstant(args[0]);
    return false;
  }
  if (n.type === 'identifier') {
    // filled in place later: crypto.getRandomValues(iv), randomFillSync(iv)
    if (mentions(ctx, RANDOM_FILL) && filledLater(ctx.text, n.text)) return false;
    const values = ctx.flow.valuesOf(n.text, n);
    return values.length > 0 && values.every((v) => isStaticIvJs(v, ctx, depth + 1));
  }
  return false;
}

const CIPHER_WHY = 'an attacker can recover or tamper with the plaintext';

const JS_CIPHER_TEXT = /createCipher|createDecipher|CryptoJS/;

function checkJsCipher(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, JS_CIPHER_TEXT)) return;
  const name = lastName(call);
  if (!name) return;
  const fn = call.childForFieldName('function')!;
  const args = positionalArgs(call);
  if (name === 'createCipher' || name === 'createDecipher') {
    if (fn.type === 'member_expression' ? !/crypto/i.test(fn.childForFieldName('object')?.text ?? '') : !importsModule(ctx.text, ctx.language, 'crypto') && !importsModule(ctx.text, ctx.language, 'node:crypto')) return;
    ctx.report(call, {
      message: `\`crypto.${name}\` derives the key from a password with a single unsalted MD5 and uses no IV, so equal messages encrypt identically and ${CIPHER_WHY} (CWE-327); it is deprecated and removed in Node 22. Use ${name}iv with aes-256-gcm, a random 12-byte IV per message and a key from crypto.scrypt.`,
    });
    return;
  }
  if (name === 'createCipheriv' || name === 'createDecipheriv') {
    const alg = constString(args[0], ctx)?.toLowerCase();
    if (!alg) return;
    if (WEAK_CIPHER_ALG.test(alg)) {
      ctx.report(call, {
        message: `\`${alg}\` is ${alg.endsWith('ecb') ? 'ECB mode, which encrypts equal blocks to equal ciphertext and leaks the structure of the data' : 'a broken or obsolete cipher (small key or block size)'}: ${CIPHER_WHY} (CWE-327). Use aes-256-gcm with a random IV.`,
      });
      return;
    }
    if (name === 'createCipheriv' && isStaticIvJs(args[2], ctx)) {
      ctx.report(call, {
        message: `The IV \`${clip(args[2].text)}\` is the same for every message: equal plaintexts give equal ciphertexts${alg.includes('gcm') || alg.includes('ctr') ? ', and with GCM/CTR a reused IV reveals the XOR of the plaintexts and lets the key stream be forged' : ''}, so ${CIPHER_WHY} (CWE-329, CWE-327). Generate a fresh crypto.randomBytes IV per message and store it with the ciphertext.`,
      });
    }
    return;
  }
  if ((name === 'encrypt' || name === 'decrypt') && fn.type === 'member_expression') {
    const callee = dottedName(fn) ?? '';
    const m = /^CryptoJS\.(\w+)\.(?:encrypt|decrypt)$/.exec(callee);
    if (!m) return;
    if (/^(DES|TripleDES|RC4|RC4Drop|Rabbit)$/.test(m[1]) && m[1] !== 'Rabbit') {
      ctx.report(call, { message: `CryptoJS.${m[1]} is a broken or obsolete cipher: ${CIPHER_WHY} (CWE-327). Use AES-GCM (Web Crypto crypto.subtle or Node crypto).` });
      return;
    }
    const options = args[2] ? unwrap(args[2]) : undefined;
    if (options?.type !== 'object') return;
    for (const p of options.namedChildren) {
      if (p?.type !== 'pair') continue;
      const key = lastSegment(p.childForFieldName('key'));
      const value = p.childForFieldName('value');
      if (key === 'mode' && /mode\.ECB$/.test(value?.text ?? '')) {
        ctx.report(call, { message: `ECB mode encrypts equal blocks to equal ciphertext and leaks the structure of the data: ${CIPHER_WHY} (CWE-327). Use AES-GCM, or CBC with a random IV and a MAC.` });
        return;
      }
      if (key === 'iv' && value && isStaticIvJs(value, ctx)) {
        ctx.report(call, { message: `The IV \`${clip(value.text)}\` is the same for every message, so equal plaintexts give equal ciphertexts and ${CIPHER_WHY} (CWE-329, CWE-327). Use CryptoJS.lib.WordArray.random(16) per message and store it with the ciphertext.` });
        return;
      }
    }
  }
}

const PY_CIPHER_NAMES = new Set(['new', 'ECB', 'CBC', 'GCM', 'CTR', 'CFB', 'OFB', 'TripleDES', 'ARC4', 'Blowfish', 'CAST5', 'IDEA', 'SEED', 'des', 'triple_des']);
const PYCRYPTO_WEAK = new Set(['DES', 'DES3', 'ARC2', 'ARC4', 'Blowfish', 'CAST', 'XOR']);
const PYCRYPTO_CIPHERS = new Set(['AES', 'DES', 'DES3', 'ARC2', 'ARC4', 'Blowfish', 'CAST', 'XOR', 'ChaCha20', 'Salsa20']);

/** Bytes fixed in the source: `b"\x00" * 16`, `"abc".encode()`, `bytes.fromhex("00…")`, or a name bound to such. */
function isConstantBytesPy(node: Node | null | undefined, ctx: RuleContext, depth = 0): boolean {
  if (!node || depth > 3) return false;
  const n = unwrap(node);
  if (ctx.flow.isConstant(n)) return true;
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    const args = positionalArgs(n);
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'encode') return isConstantBytesPy(fn.childForFieldName('object'), ctx, depth + 1);
    const name = dottedName(fn);
    if (name === 'bytes.fromhex' || name === 'bytes' || name === 'bytearray' || name === 'binascii.unhexlify') return args.length > 0 && args.every((a) => ctx.flow.isConstant(a));
    return false;
  }
  if (n.type === 'identifier') {
    const values = ctx.flow.valuesOf(n.text, n);
    return values.length > 0 && values.every((v) => isConstantBytesPy(v, ctx, depth + 1));
  }
  return false;
}

const PY_CIPHER_TEXT = /Crypto|cryptography|pyDes|AES|DES|ARC4|Blowfish|modes\.|algorithms\./;

function checkPyCipher(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, PY_CIPHER_TEXT)) return;
  const name = lastName(call);
  if (!name || !PY_CIPHER_NAMES.has(name)) return;
  const qualified = pyQualified(call.childForFieldName('function'), ctx);
  if (!qualified) return;
  const args = positionalArgs(call);
  const m = /^(?:(?:Crypto|Cryptodome)\.Cipher\.)?(\w+)\.new$/.exec(qualified);
  if (m && PYCRYPTO_CIPHERS.has(m[1])) {
    if (PYCRYPTO_WEAK.has(m[1])) {
      ctx.report(call, { message: `${m[1]} is a broken or obsolete cipher (small key or block size): ${CIPHER_WHY} (CWE-327). Use AES in GCM mode (AES.new(key, AES.MODE_GCM)).` });
      return;
    }
    const mode = keywordArg(call, 'mode') ?? args[1];
    if (mode && /MODE_ECB$/.test(mode.text)) {
      ctx.report(call, { message: `${m[1]} in ECB mode encrypts equal blocks to equal ciphertext and leaks the structure of the data: ${CIPHER_WHY} (CWE-327). Use AES.MODE_GCM (authenticated) with a random nonce.` });
      return;
    }
    const iv = keywordArg(call, 'iv') ?? keywordArg(call, 'nonce') ?? args[2];
    if (iv && isConstantBytesPy(iv, ctx)) {
      ctx.report(call, { message: `The IV/nonce \`${clip(iv.text)}\` is the same for every message, so equal plaintexts give equal ciphertexts (and a reused GCM/CTR nonce leaks plaintext): ${CIPHER_WHY} (CWE-329, CWE-327). Let the library pick a random one (omit it) or use get_random_bytes per message.` });
    }
    return;
  }
  if (/^(?:cryptography\.hazmat\.primitives\.ciphers\.)?modes\.ECB$/.test(qualified)) {
    ctx.report(call, { message: `ECB mode encrypts equal blocks to equal ciphertext and leaks the structure of the data: ${CIPHER_WHY} (CWE-327). Use AESGCM (cryptography.hazmat.primitives.ciphers.aead) with a random nonce.` });
    return;
  }
  const alg = /^(?:cryptography\.hazmat\.primitives\.ciphers\.)?algorithms\.(TripleDES|ARC4|Blowfish|CAST5|IDEA|SEED)$/.exec(qualified);
  if (alg) {
    ctx.report(call, { message: `${alg[1]} is a broken or obsolete cipher: ${CIPHER_WHY} (CWE-327). Use AESGCM or ChaCha20Poly1305 from cryptography.hazmat.primitives.ciphers.aead.` });
    return;
  }
  if (/^(?:cryptography\.hazmat\.primitives\.ciphers\.)?modes\.(CBC|GCM|CTR|CFB|OFB)$/.test(qualified)) {
    const iv = args[0] ?? keywordArg(call, 'initialization_vector') ?? keywordArg(call, 'nonce');
    if (iv && isConstantBytesPy(iv, ctx)) {
      ctx.report(call, { message: `The IV/nonce \`${clip(iv.text)}\` is the same for every message, so equal plaintexts give equal ciphertexts (and a reused GCM/CTR nonce leaks plaintext): ${CIPHER_WHY} (CWE-329, CWE-327). Use os.urandom(16) per message and store it with the ciphertext.` });
    }
    return;
  }
  if (/^pyDes\.(des|triple_des)$/.test(qualified)) {
    ctx.report(call, { message: `pyDes implements DES/3DES, broken or obsolete ciphers: ${CIPHER_WHY} (CWE-327). Use AES-GCM from the cryptography package.` });
  }
}

export const weakCipher: Rule = {
  id: 'weak-cipher',
  title: 'Broken cipher, ECB mode or constant IV',
  cwe: ['CWE-327', 'CWE-329'],
  severity: 'high',
  confidence: 'high',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'Encryption uses `crypto.createCipher`, ECB mode, DES/3DES/RC4/Blowfish, or an IV that is the same for every message.',
  help: `Encryption that "works" can still hide nothing. \`crypto.createCipher\` turns a password into a key with one
round of MD5 and uses no IV; ECB mode encrypts equal blocks to equal ciphertext (the outline of an image stays
visible); DES, 3DES, RC4 and Blowfish are broken or too small; and a constant IV makes equal messages encrypt
identically — with GCM or CTR a reused nonce gives away the plaintext and the authentication key (CWE-327,
CWE-329). Assistants write all of these when asked to "encrypt this field".

**Fix:** use an authenticated mode — AES-256-GCM (\`createCipheriv('aes-256-gcm', key, iv)\` with
\`iv = crypto.randomBytes(12)\`; Python \`AESGCM\` or \`AES.new(key, AES.MODE_GCM)\`) — with a fresh random IV per
message stored next to the ciphertext, and a key from a KDF (scrypt) or a key store.

Vulnerable:
\`\`\`js
const cipher = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16, 0));
\`\`\`
Safe:
\`\`\`js
const iv = crypto.randomBytes(12);
const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
\`\`\``,
  visitors: jsAndPython({ call_expression: checkJsCipher }, { call: checkPyCipher }),
};

// ---------------------------------------------------------------------------------------------------------------
// error-details-leak

type LeakKind = 'stack' | 'message' | 'raw';
interface Leak {
  readonly kind: LeakKind;
  readonly node: Node;
}

const DEBUG_GUARD = /NODE_ENV|production|development|\bisDev|\bisProd|__DEV__|\bdebug\b|\bDEBUG\b|\.debug\b|\bdev\b|showStack|exposeErrors|\bENV\b|ENVIRONMENT/i;
const PROD_WHEN_TRUE = /!==?\s*['"](?:development|dev)['"]|(?<![!=])===?\s*['"](?:production|prod)['"]|\bisProd|!\s*\(?\s*(?:isDev|__DEV__|\w*\.?debug\b|DEBUG)|\bnot\s+[\w.]*(?:debug|DEBUG)/;
const LEAK_RANK: Record<LeakKind, number> = { stack: 3, message: 2, raw: 1 };

function worst(a: Leak | undefined, b: Leak | undefined): Leak | undefined {
  if (!a) return b;
  if (!b) return a;
  return LEAK_RANK[b.kind] > LEAK_RANK[a.kind] ? b : a;
}

/** What a condition tests: development/debug mode when true ('dev'), production when true ('prod'), or neither. */
function modeTest(cond: Node | null | undefined): 'dev' | 'prod' | undefined {
  const text = cond?.text ?? '';
  if (!DEBUG_GUARD.test(text)) return undefined;
  return PROD_WHEN_TRUE.test(text) ? 'prod' : 'dev';
}

/** True when `child` of a branching node only runs in development: `isDev ? err.stack : undefined`, `isDev && {…}`. */
function devOnlyBranch(p: Node, child: Node): boolean {
  switch (p.type) {
    case 'ternary_expression': {
      const cond = p.childForFieldName('condition');
      if (cond?.id === child.id) return false;
      const mode = modeTest(cond);
      return p.childForFieldName('consequence')?.id === child.id ? mode === 'dev' : mode === 'prod';
    }
    case 'conditional_expression': {
      // Python: <consequence> if <condition> else <alternative>
      const [consequence, cond] = p.namedChildren;
      if (cond?.id === child.id) return false;
      const mode = modeTest(cond);
      return consequence?.id === child.id ? mode === 'dev' : mode === 'prod';
    }
    case 'binary_expression':
    case 'boolean_operator': {
      const left = p.childForFieldName('left');
      return left?.id !== child.id && /&&|and/.test(p.child(1)?.type ?? '') && modeTest(left) === 'dev';
    }
    case 'if_statement': {
      const mode = modeTest(p.childForFieldName('condition'));
      if (p.childForFieldName('consequence')?.id === child.id) return mode === 'dev';
      return child.type === 'else_clause' && mode === 'prod';
    }
    default:
      return false;
  }
}

/** True when a node between `from` and `to` only runs in development. */
function guardedBetween(from: Node, to: Node): boolean {
  for (let n: Node = from; n.id !== to.id; ) {
    const p = n.parent;
    if (!p) return false;
    if (devOnlyBranch(p, n)) return true;
    n = p;
  }
  return false;
}

/** True when the sink sits in a branch that only runs in development/debug mode. */
function guardedByIf(sink: Node): boolean {
  for (let n: Node = sink, p = sink.parent; p && !FUNCTION_TYPES.has(p.type); n = p, p = p.parent) {
    if (p.type === 'if_statement' && devOnlyBranch(p, n)) return true;
  }
  return false;
}

// ---- JavaScript

const JS_SINK_METHODS = new Set(['send', 'json', 'end', 'write', 'jsonp', 'text', 'html']);
const JS_RESPONSE_ROOTS = /^(res|response|resp|reply|ctx|c)$/;
const STACK_PROPS = new Set(['stack', 'sql', 'sqlMessage', 'query', 'stackTrace']);
const MESSAGE_PROPS = new Set(['message', 'detail', 'details', 'hint', 'errmsg', 'reason', 'cause', 'description']);

/** Parameter names of a JS function, in order (destructured and defaulted ones by their pattern text). */
function jsParams(fn: Node): string[] {
  const single = fn.childForFieldName('parameter');
  const params = single ? [single] : (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
  return params.map((c) => (c.type === 'identifier' ? c.text : c.childForFieldName('pattern')?.text ?? c.childForFieldName('left')?.text ?? ''));
}

/**
 * Names that hold a caught error where `sink` runs: catch parameters, the first parameter of `(err, req, res, next)`
 * middleware, of `.catch(err => …)` handlers and of node-style `(err, rows) =>` callbacks. Found by walking up
 * from the sink, so code outside any of these costs one ancestor walk.
 */
function jsErrorNames(sink: Node): Set<string> {
  const names = new Set<string>();
  const shadowed = new Set<string>();
  for (let p = sink.parent; p; p = p.parent) {
    const type = p.type; // read once: each read crosses into tree-sitter
    if (type === 'catch_clause') {
      const param = p.childForFieldName('parameter');
      if (param?.type === 'identifier' && !shadowed.has(param.text)) names.add(param.text);
      continue;
    }
    if (!FUNCTION_TYPES.has(type)) continue;
    const params = jsParams(p);
    const first = params[0];
    let isError = false;
    if (first && /^[A-Za-z_$][\w$]*$/.test(first)) {
      if (params.length === 4) isError = true; // Express error middleware
      else if (p.parent?.type === 'arguments') {
        // promise.catch(err => …), and node-style callbacks (err, rows) => …
        const call = p.parent.parent;
        const method = call ? calleeName(call) : undefined;
        if (method === 'catch') isError = true;
        else if (method === 'on' || method === 'once' || method === 'addListener') isError = stringContent(positionalArgs(call!)[0] ?? p) === 'error';
        else isError = /^(err|error)$/.test(first) && method !== 'then' && method !== 'map' && method !== 'forEach';
      }
    }
    params.forEach((name, i) => {
      if (i === 0 && isError && !shadowed.has(name)) names.add(name);
      else if (!names.has(name)) shadowed.add(name);
    });
  }
  return names;
}

const JS_WRAPPERS = new Set(['as_expression', 'parenthesized_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion']);

/** The error reference with its TS wrappers: `(error as Error)` for `error`. */
function wrapped(id: Node): Node {
  let n = id;
  while (n.parent && JS_WRAPPERS.has(n.parent.type)) n = n.parent;
  return n;
}

function classifyJsRef(ref: Node): LeakKind | undefined {
  if (ref.type === 'shorthand_property_identifier') return 'raw';
  const id = wrapped(ref);
  const p = id.parent;
  if (!p) return undefined;
  switch (p.type) {
    case 'member_expression': {
      if (p.childForFieldName('object')?.id !== id.id) return undefined;
      const prop = p.childForFieldName('property')?.text ?? '';
      if (STACK_PROPS.has(prop)) return 'stack';
      if (MESSAGE_PROPS.has(prop)) return 'message';
      if (prop === 'toString' && p.parent?.type === 'call_expression') return 'message';
      return undefined;
    }
    case 'arguments': {
      const callee = dottedName(p.parent?.childForFieldName('function') ?? null);
      if (callee === 'util.inspect' || callee === 'inspect') return 'stack';
      if (callee === 'String' || callee === 'JSON.stringify') return 'message';
      return JS_SINK_METHODS.has(calleeName(p.parent!) ?? '') ? 'raw' : undefined;
    }
    case 'template_substitution':
      return 'message';
    case 'binary_expression':
      return p.child(1)?.type === '+' ? 'message' : undefined;
    case 'pair':
      return p.childForFieldName('value')?.id === id.id ? 'raw' : undefined;
    case 'array':
      return 'raw';
    default:
      return undefined;
  }
}

const JS_REF_TYPES = new Set(['identifier', 'shorthand_property_identifier']);

function findJsLeak(expr: Node, errors: ReadonlySet<string>, ctx: RuleContext, depth = 0): Leak | undefined {
  let found: Leak | undefined;
  for (const id of descendants(expr, JS_REF_TYPES, 300)) {
    if (found?.kind === 'stack') break;
    if (errors.has(id.text)) {
      const kind = classifyJsRef(id);
      const w = wrapped(id);
      if (kind && !guardedBetween(id, expr)) found = worst(found, { kind, node: w.parent?.type === 'member_expression' ? w.parent : w });
    } else if (depth === 0 && !found) {
      // one step of indirection: const details = err.stack; res.json({ details })
      for (const v of ctx.flow.valuesOf(id.text, id)) {
        if (v.type === 'identifier') continue;
        const inner = findJsLeak(v, errors, ctx, depth + 1);
        if (inner && !guardedBetween(id, expr)) found = worst(found, inner);
      }
    }
  }
  return found;
}

/** The worst leak of a caught error in `body`, sent by `sink`; nothing when no caught error is in scope. */
function jsLeakAt(sink: Node, body: Node, ctx: RuleContext): Leak | undefined {
  const errors = jsErrorNames(sink);
  if (!errors.size) return undefined;
  // cheap text test before walking the body and asking Flow for values
  const text = body.text;
  let mentioned = false;
  for (const e of errors) if (text.includes(e)) mentioned = true;
  if (!mentioned && !/^[A-Za-z_$][\w$]*$/.test(text) && body.type !== 'object') return undefined;
  return findJsLeak(body, errors, ctx);
}

/** Status code set on the response chain: `res.status(500)`, `reply.code(400)`, `{ status: 500 }`, `c.json(body, 500)`. */
function jsStatus(sink: Node, ctx: RuleContext): number | undefined {
  const fn = sink.childForFieldName('function') ?? sink.childForFieldName('constructor');
  for (let n: Node | null = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null; n; ) {
    if (n.type === 'call_expression') {
      const name = calleeName(n);
      if (name === 'status' || name === 'code' || name === 'sendStatus') return constNumber(positionalArgs(n)[0], ctx);
      const f = n.childForFieldName('function');
      n = f?.type === 'member_expression' ? f.childForFieldName('object') : null;
    } else if (n.type === 'member_expression') n = n.childForFieldName('object');
    else break;
  }
  const second = positionalArgs(sink)[1];
  if (!second) return undefined;
  const s = unwrap(second);
  if (s.type === 'number') return constNumber(s, ctx);
  if (s.type === 'object') {
    const status = s.namedChildren.find((p) => p?.type === 'pair' && lastSegment(p.childForFieldName('key')) === 'status');
    return constNumber(status?.childForFieldName('value') ?? undefined, ctx);
  }
  return undefined;
}

function reportLeak(node: Node, leak: Leak, status: number | undefined, ctx: RuleContext): void {
  if (leak.kind !== 'stack' && status !== undefined && status >= 400 && status < 500) return; // a deliberate client-error message
  const what = clip(leak.node.text);
  const why = 'internal details (file paths, SQL, library versions, hostnames) help an attacker map and attack the application (CWE-209)';
  const fix = 'Log the error on the server and send a generic message (with a request id to correlate).';
  const message =
    leak.kind === 'stack'
      ? `\`${what}\` sends the error's stack trace or internals to the client: ${why}. ${fix}`
      : leak.kind === 'message'
        ? `\`${what}\` sends the exception's message to the client: for unexpected errors it carries ${why.replace(' help an attacker', ', which help an attacker')}. ${fix}`
        : `\`${what}\` sends the raw error object to the client, with whatever internals it carries: ${why}. ${fix}`;
  ctx.report(node, { message, confidence: leak.kind === 'stack' ? 'high' : 'medium' });
}

const JS_ERROR_TEXT = /catch|err|\(\s*ex?\s*,/;

/** `if (err instanceof ValidationError)`, `if (err.name === 'CastError')`: an error raised on purpose for the user. */
const EXPECTED_ERROR_TEST = /instanceof\s+\w*(?:Validation|Invalid|NotFound|Auth|BadRequest|Zod|Yup|Joi|HttpError|HTTPException|ClientError)\w*|\.name\s*===?\s*['"]\w*(?:Validation|Cast|Invalid|NotFound)\w*['"]|\.(?:isJoi|isAxiosError)\b/;

function expectedErrorBranch(sink: Node): boolean {
  for (let n: Node = sink, p = sink.parent; p && !FUNCTION_TYPES.has(p.type); n = p, p = p.parent) {
    if (p.type === 'if_statement' && p.childForFieldName('consequence')?.id === n.id && EXPECTED_ERROR_TEST.test(p.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

function checkJsErrorCall(call: Node, ctx: RuleContext): void {
  if (!mentions(ctx, JS_ERROR_TEXT)) return;
  const callee = calleeName(call); // shared and cached per node: most calls stop here
  if (!callee || !JS_SINK_METHODS.has(callee)) return;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression') return;
  const method = fn.childForFieldName('property')?.text;
  if (!method || !JS_SINK_METHODS.has(method)) return;
  const object = fn.childForFieldName('object');
  if (!object) return;
  const objectText = object.text;
  if (objectText === 'NextResponse' || objectText === 'Response') {
    if (method !== 'json') return;
  } else {
    let root: Node | null = object;
    for (let type = root.type; type === 'call_expression' || type === 'member_expression'; type = root.type) {
      root = type === 'call_expression' ? root.childForFieldName('function') : root.childForFieldName('object');
      if (!root) break;
    }
    if (root?.type !== 'identifier' || !JS_RESPONSE_ROOTS.test(root.text)) return;
    if (root.text === 'c' ? !/^(json|text|html)$/.test(method) : !/^(send|json|end|write|jsonp)$/.test(method)) return;
  }
  const body = positionalArgs(call)[0];
  if (!body) return;
  const leak = jsLeakAt(call, body, ctx);
  if (!leak || guardedByIf(call) || (leak.kind !== 'stack' && expectedErrorBranch(call))) return;
  reportLeak(call, leak, jsStatus(call, ctx), ctx);
}

function checkJsErrorNew(node: Node, ctx: RuleContext): void {
  if (!mentions(ctx, JS_ERROR_TEXT)) return;
  const ctor = node.childForFieldName('constructor')?.text;
  if (ctor !== 'Response' && ctor !== 'NextResponse') return;
  const body = positionalArgs(node)[0];
  if (!body) return;
  const leak = jsLeakAt(node, body, ctx);
  if (!leak || guardedByIf(node)) return;
  reportLeak(node, leak, jsStatus(node, ctx), ctx);
}

function checkJsErrorAssign(node: Node, ctx: RuleContext): void {
  if (!mentions(ctx, JS_ERROR_TEXT)) return;
  const left = node.childForFieldName('left');
  if (left?.type !== 'member_expression' || left.childForFieldName('property')?.text !== 'body' || !/^(ctx|this)$/.test(left.childForFieldName('object')?.text ?? '')) return;
  const right = node.childForFieldName('right');
  if (!right) return;
  const leak = jsLeakAt(node, right, ctx);
  if (!leak || guardedByIf(node)) return;
  reportLeak(node, leak, undefined, ctx);
}

// ---- Python

const PY_SINK_CALLS = new Set([
  'jsonify', 'make_response', 'Response', 'JSONResponse', 'PlainTextResponse', 'HTMLResponse', 'ORJSONResponse', 'UJSONResponse', 'HttpResponse', 'JsonResponse',
  'HttpResponseServerError', 'HttpResponseBadRequest', 'abort', 'HTTPException', 'json_response', 'HTTPInternalServerError',
]);
const PY_WRAPPED_ERROR_ATTRS = /^(?:original_exception|original_error|__cause__|__context__|inner_exception|exc|exception|error|cause)$/;
const PY_MESSAGE_ATTRS = new Set(['args', 'message', 'msg', 'strerror', 'orig', 'detail', 'pgerror', 'diag']);
const HANDLER_DECORATOR = /\.(route|get|post|put|patch|delete|api_route|websocket|head|options)\s*\(|@(api_view|action|view_config|require_http_methods|require_(GET|POST)|csrf_exempt|login_required)\b/;
const PY_REF_TYPES = new Set(['identifier', 'call']);

function isPyHandler(fn: Node | undefined): boolean {
  if (fn?.type !== 'function_definition') return false;
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (decorated && decorated.namedChildren.some((d) => d?.type === 'decorator' && HANDLER_DECORATOR.test(d.text))) return true;
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p?.type === 'identifier' ? p.text : p?.namedChildren[0]?.text ?? ''));
  // Flask-RESTful / MethodView / class-based views: def get(self, …) inside a class
  if (params[0] === 'self' && /^(get|post|put|patch|delete)$/.test(fn.childForFieldName('name')?.text ?? '')) {
    let cls: Node | null = fn.parent;
    while (cls && cls.type !== 'class_definition') cls = cls.parent;
    if (/Resource|View|ViewSet|Endpoint|Handler|Controller/.test(cls?.childForFieldName('superclasses')?.text ?? '')) return true;
  }
  const first = params[0] === 'self' || params[0] === 'cls' ? params[1] : params[0];
  return first === 'request' || first === 'req';
}

function classifyPyRef(id: Node): LeakKind | undefined {
  const p = id.parent;
  if (!p) return undefined;
  switch (p.type) {
    case 'argument_list': {
      const call = p.parent!;
      const callee = dottedName(call.childForFieldName('function'));
      if (callee === 'str' || callee === 'repr' || callee === 'format') return 'message';
      if (callee && /(^|\.)format_exception$/.test(callee)) return 'stack';
      return PY_SINK_CALLS.has(calleeName(call) ?? '') ? 'message' : undefined;
    }
    case 'interpolation':
      return 'message';
    case 'attribute': {
      if (p.childForFieldName('object')?.id !== id.id) return undefined;
      const attr = p.childForFieldName('attribute')?.text ?? '';
      if (attr === '__traceback__') return 'stack';
      if (PY_MESSAGE_ATTRS.has(attr)) return 'message';
      // the wrapped exception (`e.original_exception`, `e.__cause__`) turned into text: as telling as the error itself
      if (!PY_WRAPPED_ERROR_ATTRS.test(attr)) return undefined;
      const kind = classifyPyRef(p);
      return kind === 'message' && (p.parent?.type === 'interpolation' || (p.parent?.type === 'argument_list' && /^(?:str|repr|format)$/.test(dottedName(p.parent.parent?.childForFieldName('function') ?? null) ?? ''))) ? kind : kind === 'stack' ? kind : undefined;
    }
    case 'binary_operator':
      return p.childForFieldName('right')?.id === id.id && p.child(1)?.type === '%' ? 'message' : undefined;
    case 'tuple':
      return p.parent?.type === 'binary_operator' && p.parent.child(1)?.type === '%' ? 'message' : undefined;
    default:
      return undefined;
  }
}

function findPyLeak(expr: Node, errors: ReadonlySet<string>, ctx: RuleContext, depth = 0): Leak | undefined {
  let found: Leak | undefined;
  for (const n of descendants(expr, PY_REF_TYPES, 300)) {
    if (found?.kind === 'stack') break;
    if (n.type === 'call') {
      const callee = dottedName(n.childForFieldName('function'));
      if (callee && /^(traceback\.)?format_(exc|exception|tb|stack)$/.test(callee) && (callee.startsWith('traceback.') || pythonImports(ctx.text).names.get(callee)?.startsWith('traceback.'))) {
        if (!guardedBetween(n, expr)) found = worst(found, { kind: 'stack', node: n });
      }
      continue;
    }
    if (n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.id === n.id) continue;
    if (n.parent?.type === 'keyword_argument' && n.parent.childForFieldName('name')?.id === n.id) continue;
    if (errors.has(n.text)) {
      const kind = classifyPyRef(n);
      if (kind && !guardedBetween(n, expr)) found = worst(found, { kind, node: n.parent?.type === 'attribute' || n.parent?.type === 'argument_list' ? (n.parent.type === 'argument_list' ? n.parent.parent! : n.parent) : n });
    } else if (depth === 0 && !found) {
      // one step of indirection: message = str(e) … return {"error": message}
      for (const v of ctx.flow.valuesOf(n.text, n)) {
        if (v.type === 'identifier') continue;
        const inner = findPyLeak(v, errors, ctx, depth + 1);
        if (inner && !guardedBetween(n, expr)) found = worst(found, inner);
      }
    }
  }
  return found;
}

function intValue(node: Node | null | undefined): number | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'integer') return Number(n.text);
  // status.HTTP_500_INTERNAL_SERVER_ERROR, HTTPStatus.BAD_REQUEST
  const m = /HTTP_(\d{3})/.exec(n.text);
  if (m) return Number(m[1]);
  if (/BAD_REQUEST|NOT_FOUND|UNAUTHORIZED|FORBIDDEN|CONFLICT|UNPROCESSABLE/.test(n.text)) return 400;
  if (/INTERNAL_SERVER_ERROR|SERVICE_UNAVAILABLE|BAD_GATEWAY/.test(n.text)) return 500;
  return undefined;
}

function pyCallStatus(call: Node): number | undefined {
  const name = calleeName(call);
  if (name === 'HttpResponseBadRequest') return 400;
  if (name === 'HttpResponseServerError' || name === 'HTTPInternalServerError') return 500;
  const kw = keywordArg(call, 'status_code') ?? keywordArg(call, 'status') ?? keywordArg(call, 'code');
  if (kw) return intValue(kw);
  const args = positionalArgs(call);
  if (name === 'abort' || name === 'HTTPException') return intValue(args[0]);
  if (name === 'make_response') return intValue(args[1]);
  return undefined;
}

/** Status of a Python response: `return body, 500`, `JSONResponse(status_code=500)`, `abort(400, …)`. */
function pyStatus(root: Node): number | undefined {
  let n = root.type === 'return_statement' ? root.namedChildren[0] : root;
  if (!n) return undefined;
  // `return jsonify(...), 400` seen from the inner call
  if (root.type === 'call' && root.parent?.type === 'expression_list') n = root.parent;
  if (n.type === 'expression_list' || n.type === 'tuple') {
    const items = n.namedChildren.filter((c): c is Node => !!c);
    const code = items.length > 1 ? intValue(items[1]) : undefined;
    if (code !== undefined) return code;
    n = items[0];
  }
  if (n?.type === 'call') return pyCallStatus(n);
  return undefined;
}

/** Exceptions raised on purpose with a message meant for the user: validation, lookup and HTTP errors. */
const EXPECTED_ERRORS = /^(?:\w+\.)*(?:ValueError|KeyError|\w*ValidationError|\w*Invalid\w*|\w*NotFound\w*|DoesNotExist|ObjectDoesNotExist|HTTPException|BadRequest\w*|PermissionDenied|PermissionError|\w*Auth\w*Error|Unauthorized\w*|Forbidden\w*)$/;

function scanPyBody(body: Node, errors: ReadonlySet<string>, handler: boolean, forcedStatus: number | undefined, ctx: RuleContext, expected = false): void {
  const roots: Node[] = [];
  const inReturn = new Set<number>();
  for (const n of descendants(body, new Set(['return_statement', 'call']))) {
    if (n.type === 'return_statement') {
      if (handler) {
        roots.push(n);
        for (const c of descendants(n, new Set(['call']))) inReturn.add(c.id);
      }
    } else if (!inReturn.has(n.id) && PY_SINK_CALLS.has(calleeName(n) ?? '')) {
      // only the outermost sink call: make_response(jsonify(...), 500)
      let outer = false;
      for (let p = n.parent; p && p.id !== body.id; p = p.parent) if (p.type === 'call' && PY_SINK_CALLS.has(calleeName(p) ?? '')) outer = true;
      if (!outer) roots.push(n);
    }
  }
  for (const root of roots) {
    const expr = root.type === 'return_statement' ? root.namedChildren[0] : root;
    if (!expr) continue;
    const leak = findPyLeak(expr, errors, ctx);
    if (!leak || guardedByIf(root) || (expected && leak.kind !== 'stack')) continue;
    reportLeak(root, leak, forcedStatus ?? pyStatus(root), ctx);
  }
}

function checkPyExcept(clause: Node, ctx: RuleContext): void {
  const block = clause.namedChildren.find((c) => c?.type === 'block');
  if (!block) return;
  let name: string | undefined;
  let types: Node | undefined;
  for (const c of clause.namedChildren) {
    if (!c || c.type === 'block' || c.type === 'comment') continue;
    if (c.type !== 'as_pattern') {
      types ??= c;
      continue;
    }
    types = c.namedChildren[0] ?? undefined;
    const alias = c.childForFieldName('alias');
    name = (alias?.type === 'identifier' ? alias : alias?.namedChildren.find((x) => x?.type === 'identifier'))?.text;
  }
  // `except ValueError as e: return {"error": str(e)}`: a message raised on purpose for the user
  const typeNames = types ? (types.type === 'tuple' || types.type === 'parenthesized_expression' ? types.namedChildren.filter((t): t is Node => !!t).map((t) => t.text) : [types.text]) : [];
  const expected = typeNames.length > 0 && typeNames.every((t) => EXPECTED_ERRORS.test(t));
  const text = block.text;
  if (!(name && text.includes(name)) && !text.includes('format_ex') && !text.includes('format_tb')) return;
  const handler = isPyHandler(enclosingFunction(clause));
  if (!handler && !/jsonify|Response|abort|HTTPException|json_response|make_response/.test(text)) return;
  scanPyBody(block, new Set(name ? [name] : []), handler, undefined, ctx, expected);
}

/** `@app.errorhandler(Exception)` / `@app.exception_handler(Exception)`: the parameters are the error. */
/** A Flask/FastAPI error handler's decorator names one of these (decorator text is file text). */
const PY_HANDLER_TEXT = /errorhandler|exception_handler/;

function checkPyErrorHandler(decorated: Node, ctx: RuleContext): void {
  if (!mentions(ctx, PY_HANDLER_TEXT)) return;
  const decorator = decorated.namedChildren.find((d) => d?.type === 'decorator' && PY_HANDLER_TEXT.test(d.text));
  if (!decorator) return;
  const def = decorated.childForFieldName('definition');
  if (def?.type !== 'function_definition') return;
  const body = def.childForFieldName('body');
  if (!body) return;
  const params = (def.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p?.type === 'identifier' ? p.text : p?.namedChildren[0]?.text ?? '')).filter((p) => p && !/^(self|cls|request|req|_request)$/.test(p));
  // handlers for client errors (404, NotFound, RequestValidationError) describe the request, not the server
  const arg = /\(\s*([^)]*)\)/.exec(decorator.text)?.[1] ?? '';
  const client = /^\s*4\d\d\b/.test(arg) || /NotFound|BadRequest|Unauthorized|Forbidden|MethodNotAllowed|ValidationError|HTTPException/.test(arg) ? 400 : undefined;
  scanPyBody(body, new Set(params), true, client, ctx);
}

export const errorDetailsLeak: Rule = {
  id: 'error-details-leak',
  title: 'Error details sent to the client',
  cwe: ['CWE-209'],
  severity: 'medium',
  confidence: 'medium',
  languages: ['javascript', 'typescript', 'tsx', 'python'],
  summary: 'A response carries an exception\'s stack trace, message or raw object (`res.json({ error: err.message, stack: err.stack })`, `return {"error": str(e)}, 500`, `traceback.format_exc()`).',
  help: `Stack traces and exception messages are written for developers: they contain file paths, SQL statements,
table and column names, library versions and internal hostnames. Sent to the client they show an attacker how the
application is built and where it breaks (CWE-209). Assistants add \`error: err.message\` and \`stack: err.stack\` to
every catch block "to help debugging".

Messages sent with a 4xx status (deliberate validation errors) and anything guarded by a development-mode check
are not reported; stack traces always are.

**Fix:** log the full error on the server (\`console.error(err)\`, \`logger.exception(...)\`) and return a generic
message, optionally with a request id that lets you find the log entry. In Express, \`next(err)\` hands the error to
the error handler, which in production sends no details.

Vulnerable:
\`\`\`js
} catch (err) {
  res.status(500).json({ error: err.message, stack: err.stack });
}
\`\`\`
Safe:
\`\`\`js
} catch (err) {
  logger.error({ err, requestId: req.id }, 'order creation failed');
  res.status(500).json({ error: 'Internal server error', requestId: req.id });
}
\`\`\``,
  visitors: jsAndPython(
    { call_expression: checkJsErrorCall, new_expression: checkJsErrorNew, assignment_expression: checkJsErrorAssign },
    { except_clause: checkPyExcept, decorated_definition: checkPyErrorHandler },
  ),
};

/** Data-handling and crypto rules (deserialisation, weak hashing/randomness, error leakage). */
export const DATA_RULES: readonly Rule[] = [unsafeDeserialization, xmlExternalEntities, weakHash, insecureRandom, weakCipher, errorDetailsLeak];
