import type { Node, Tree } from 'web-tree-sitter';
import type { Confidence, Fix, ParsedLanguage, Range, Severity, TextEdit } from '../types';
import type { Flow } from './flow';

/**
 * A file-level fact: a scan over the whole document text. Incremental sessions (session.ts) re-run only the
 * statements an edit touched and reuse the other statements' findings, so every fact a visitor reads from `ctx.text`
 * must come through `perText` or `perTextKey`: the session then compares the fact over the edited text before and
 * after the edit, and re-analyses the whole file when it changed.
 * @internal
 */
export interface FileFact {
  readonly scan: (text: string, key: string) => unknown;
  /** Keys asked so far (`''` for unkeyed facts). */
  readonly keys: Set<string>;
  /** Keeps the value(s) cached for `from` as the value(s) for `to` (a session found them unchanged). */
  readonly advance: (from: string, to: string) => void;
}

/** @internal */
export const FILE_FACTS: FileFact[] = [];

/** @internal */
export function advanceFacts(from: string, to: string): void {
  for (const fact of FILE_FACTS) fact.advance(from, to);
}

/** Keys a keyed fact remembers; beyond this, sessions stop carrying its values over (see `advance`). */
const MAX_FACT_KEYS = 10000;

/** What a rule is, independent of how it matches. Rendered into docs, SARIF and diagnostics. */
export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly cwe: readonly string[];
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly languages: readonly ParsedLanguage[];
  /** One sentence: what is wrong. */
  readonly summary: string;
  /** Markdown: why it matters, how to fix it, a vulnerable and a safe example. */
  readonly help: string;
}

export type Visitor = (node: Node, ctx: RuleContext) => void;

export interface Rule extends RuleMeta {
  /** Per language, the tree-sitter node types this rule wants to see, and what to do with each. */
  readonly visitors: Partial<Record<ParsedLanguage, Readonly<Record<string, Visitor>>>>;
}

export interface ReportOptions {
  readonly message: string;
  readonly confidence?: Confidence;
  readonly severity?: Severity;
  readonly fixes?: readonly Fix[];
  /**
   * Text that identifies the finding for its fingerprint (default: the reported node's text). Rules whose node
   * text is sensitive (a secret) pass something else, e.g. the variable name, so reports never carry its hash.
   */
  readonly fingerprintText?: string;
}

export interface RuleContext {
  readonly language: ParsedLanguage;
  readonly text: string;
  readonly tree: Tree;
  readonly flow: Flow;
  report(node: Node | Range, options: ReportOptions): void;
}

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export function replaceNode(node: Node, newText: string): TextEdit {
  return { range: nodeRange(node), newText };
}

export function insertAt(line: number, character: number, newText: string): TextEdit {
  return { range: { start: { line, character }, end: { line, character } }, newText };
}

/** The same visitors for JavaScript, TypeScript and TSX (one grammar family), and Python's when it has any. */
export function jsAndPython(js: Readonly<Record<string, Visitor>>, python?: Readonly<Record<string, Visitor>>): Rule['visitors'] {
  return python ? { javascript: js, typescript: js, tsx: js, python } : { javascript: js, typescript: js, tsx: js };
}

/** Node types of functions (JS/TS and Python): the scope of a route handler, a merge helper, a view. */
export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function',
  'function_definition', 'lambda',
]);

/** The nearest enclosing function (JS or Python) of a node, or undefined at module level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

/** Node types unwrap looks through. */
const UNWRAPPED = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);

/** Strips TS-only wrappers and parentheses: `(x as string)!` → `x`. */
export function unwrap(node: Node): Node {
  let n = node;
  while (UNWRAPPED.has(n.type)) {
    const inner = n.namedChildren.find((c) => {
      const t = c?.type;
      return t !== undefined && !t.includes('type') && t !== 'comment';
    });
    if (!inner) return n;
    n = inner;
  }
  return n;
}

/**
 * Per tree, per node id: facts about a node that many rules ask for (every call visitor reads the callee's name).
 * Node ids are unique within a tree and a node's subtree never changes, so a fact computed once holds for the tree's
 * life; each read of a node's type, text or fields crosses into tree-sitter's WASM and allocates.
 */
function nodeMemo<T>(): (node: Node, compute: (node: Node) => T) => T {
  const byTree = new WeakMap<Tree, Map<number, T>>();
  return (node, compute) => {
    let memo = byTree.get(node.tree);
    if (!memo) byTree.set(node.tree, (memo = new Map()));
    let value = memo.get(node.id);
    if (value === undefined && !memo.has(node.id)) {
      value = compute(node);
      memo.set(node.id, value);
    }
    return value as T;
  };
}

const dottedMemo = nodeMemo<string | undefined>();

/** `a.b.c` → "a.b.c"; `foo` → "foo"; anything else → undefined. Works for JS member_expression and Python attribute. */
export function dottedName(node: Node | null): string | undefined {
  return node ? dottedMemo(node, computeDottedName) : undefined;
}

function computeDottedName(node: Node): string | undefined {
  switch (node.type) {
    case 'identifier':
    case 'property_identifier':
    case 'this':
      return node.text;
    case 'member_expression': {
      const obj = dottedName(node.childForFieldName('object'));
      const prop = node.childForFieldName('property');
      return obj && prop ? `${obj}.${prop.text}` : undefined;
    }
    case 'attribute': {
      const obj = dottedName(node.childForFieldName('object'));
      const attr = node.childForFieldName('attribute');
      return obj && attr ? `${obj}.${attr.text}` : undefined;
    }
    default:
      return undefined;
  }
}

const calleeMemo = nodeMemo<string | undefined>();

/** The last segment of the callee of a call: `db.pool.query(...)` → "query". */
export function calleeName(call: Node): string | undefined {
  return calleeMemo(call, computeCalleeName);
}

function computeCalleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  if (!fn) return undefined;
  const type = fn.type;
  if (type === 'identifier') return fn.text;
  if (type === 'member_expression') return fn.childForFieldName('property')?.text;
  if (type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

const argsMemo = nodeMemo<readonly Node[]>();

/** Positional arguments of a JS or Python call (comments and keyword arguments excluded). */
export function positionalArgs(call: Node): Node[] {
  return argsMemo(call, computePositionalArgs).slice();
}

function computePositionalArgs(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args || (args.type !== 'arguments' && args.type !== 'argument_list')) return [];
  return args.namedChildren.filter((c): c is Node => {
    const type = c?.type;
    return type !== undefined && type !== 'comment' && type !== 'keyword_argument';
  });
}

/** Python keyword argument value by name. */
export function keywordArg(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  for (const c of args.namedChildren) {
    if (c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name) {
      return c.childForFieldName('value') ?? undefined;
    }
  }
  return undefined;
}

export function keywordArgNode(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  return args?.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name) ?? undefined;
}

/**
 * Module specifiers the program text imports or requires (`pg`, `mysql2/promise`, `os`, `mysql.connector`), found with
 * one pass over the text and cached for it: rules ask this for every sink call, on every keystroke.
 */
export function importedModules(text: string, language: ParsedLanguage): ReadonlySet<string> {
  return language === 'python' ? pyModules(text) : jsModules(text);
}

const pyModules = perText((text) => scanModules(text, true));
const jsModules = perText((text) => scanModules(text, false));

function scanModules(text: string, python: boolean): Set<string> {
  const modules = new Set<string>();
  if (python) {
    for (const m of text.matchAll(/^[ \t]*import[ \t]+([^\n#;]+)/gm)) {
      for (const part of m[1].split(',')) {
        const name = part.trim().split(/\s+/)[0];
        if (name) modules.add(name);
      }
    }
    for (const m of text.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import\b/gm)) modules.add(m[1]);
  } else {
    for (const m of text.matchAll(/(?:require\(\s*|from\s+|import\s*\(?\s*)['"]([^'"\n]+)['"]/g)) modules.add(m[1]);
  }
  return modules;
}

/** True when the program imports or requires the module (or a submodule: `mysql2/promise`, `mysql.connector`). */
export function importsModule(text: string, language: ParsedLanguage, module: string): boolean {
  const modules = importedModules(text, language);
  if (modules.has(module)) return true;
  const sep = language === 'python' ? '.' : '/';
  for (const m of modules) if (m.startsWith(module + sep)) return true;
  return false;
}

/**
 * Edit that adds `import <module>` to a Python file unless it is already imported:
 * after a shebang, encoding line, module docstring and `from __future__` imports.
 */
export function pythonImportEdit(ctx: RuleContext, module: string): TextEdit[] {
  if (pyImportsPlain(ctx.text, module)) return [];
  let line = importLines.get(ctx.tree);
  if (line === undefined) {
    line = 0;
    for (let child = ctx.tree.rootNode.firstNamedChild; child; child = child.nextNamedSibling) {
      const isDocstring = child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string';
      const isFuture = child.type === 'future_import_statement';
      if (child.type === 'comment' || isDocstring || isFuture) {
        line = child.endPosition.row + 1;
        continue;
      }
      break;
    }
    importLines.set(ctx.tree, line);
  }
  return [insertAt(line, 0, `import ${module}\n`)];
}

/** Per tree: the line where pythonImportEdit inserts (after docstring, comments and `__future__` imports). */
const importLines = new WeakMap<Tree, number>();

const pyImportsPlain = perTextKey((text, module) => new RegExp(`^\\s*import\\s+([\\w.]+\\s*,\\s*)*${module}\\b`, 'm').test(text));

/** Code shown inside a message: one line, at most 40 characters. */
export function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

export interface PythonImports {
  /** Local name → module: `import sqlalchemy as sa` → sa → sqlalchemy; `import os.path` → os → os. */
  readonly modules: ReadonlyMap<string, string>;
  /** Local name → qualified name of what `from m import x [as y]` bound: y → m.x. */
  readonly names: ReadonlyMap<string, string>;
  /** Every module named in an import statement, with its parents (`a.b.c` → a, a.b, a.b.c). */
  readonly all: ReadonlySet<string>;
}

/** What a Python file imports, from one pass over its text, cached for that text (rules ask per call). */
export const pythonImports: (text: string) => PythonImports = perText(scanPythonImports);

function scanPythonImports(text: string): PythonImports {
  const modules = new Map<string, string>();
  const names = new Map<string, string>();
  const all = new Set<string>();
  const addAll = (m: string) => {
    const parts = m.split('.');
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join('.'));
  };
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([^\n#;]+)/gm)) {
    for (const part of m[1].split(',')) {
      const [mod, alias] = part.trim().split(/\s+as\s+/).map((x) => x?.trim());
      if (!mod || !/^[\w.]+$/.test(mod)) continue;
      addAll(mod);
      if (alias) modules.set(alias, mod);
      else modules.set(mod.split('.')[0], mod.split('.')[0]);
    }
  }
  for (const m of text.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)/gm)) {
    addAll(m[1]);
    for (const part of m[2].replace(/[()\\]/g, ' ').split(',')) {
      const [fn, alias] = part.trim().split(/\s+as\s+/).map((x) => x?.trim());
      if (fn) names.set(alias ?? fn, `${m[1]}.${fn}`);
    }
  }
  return { modules, names, all };
}

/**
 * A one-entry cache of a scan over the document text: visitors ask for such facts on every matching node, on every
 * keystroke, and the text only changes between runs.
 */
export function perText<T>(scan: (text: string) => T): (text: string) => T {
  let last: { text: string; value: T } | undefined;
  const fact: FileFact = {
    scan: (text) => scan(text),
    keys: new Set(),
    advance: (from, to) => {
      if (last?.text === from) last = { text: to, value: last.value };
    },
  };
  FILE_FACTS.push(fact);
  return (text) => {
    if (last === undefined || last.text !== text) {
      last = { text, value: scan(text) };
      fact.keys.add('');
    }
    return last.value;
  };
}

/**
 * `perText` for a scan that also depends on a key (usually a name from the code: `callSites(name)`). The scan must
 * only ever match text that contains the key (or, for a key `a\nb`, its first line `a`): sessions skip comparing it
 * over edited text that does not.
 */
export function perTextKey<T>(scan: (text: string, key: string) => T): (text: string, key: string) => T {
  let last: { text: string; values: Map<string, T> } | undefined;
  const fact: FileFact = {
    scan,
    keys: new Set(),
    advance: (from, to) => {
      if (last?.text === from && fact.keys.size < MAX_FACT_KEYS) last = { text: to, values: last.values };
    },
  };
  FILE_FACTS.push(fact);
  return (text, key) => {
    if (last === undefined || last.text !== text) last = { text, values: new Map() };
    if (last.values.has(key)) return last.values.get(key) as T;
    const value = scan(text, key);
    last.values.set(key, value);
    if (fact.keys.size < MAX_FACT_KEYS) fact.keys.add(key);
    return value;
  };
}

/**
 * A cached per-document test of the text: visitors return at once in the (usual) file that cannot contain what they
 * look for. Registered like every `perText` fact, so incremental sessions can carry it over.
 */
export function mentions(pattern: RegExp): (ctx: RuleContext) => boolean {
  const test = perText((text) => pattern.test(text));
  return (ctx) => test(ctx.text);
}
