import type { Node, Tree } from 'web-tree-sitter';
import type { ParsedLanguage } from '../types';
import { unwrap } from './api';

/** Node types that open a new scope for `var`/parameters/Python locals. Block scoping is approximated by function scoping. */
const SCOPES = new Set([
  'program', 'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function',
  'module', 'function_definition', 'lambda', 'class_definition',
]);

/** Methods that put new values into a list, set or dict. */
const MUTATORS = new Set(['push', 'unshift', 'splice', 'append', 'extend', 'insert', 'update', 'add', 'set', 'setdefault']);

/** `null` marks a binding whose value is unknown (parameter, import, loop variable, destructuring). */
type Binding = Node | null;

/**
 * A deliberately small, intra-file value model: which names are bound to what, per function scope.
 * A name used in a function resolves to the bindings of the nearest enclosing scope that binds it.
 * Within a scope it is flow-insensitive: a name is constant only when every binding of it there is constant.
 */
export class Flow {
  /** scope id (tree-sitter node id of the scope node) → name → bindings */
  private readonly scopes = new Map<number, Map<string, Binding[]>>();
  private readonly constCache = new Map<string, boolean>();

  constructor(tree: Tree, readonly language: ParsedLanguage) {
    this.collect(tree.rootNode);
  }

  private bind(scope: number, name: string, value: Binding): void {
    let names = this.scopes.get(scope);
    if (!names) this.scopes.set(scope, (names = new Map()));
    const list = names.get(name);
    if (list) list.push(value);
    else names.set(name, [value]);
  }

  private collect(root: Node): void {
    const py = this.language === 'python';
    const cursor = root.walk();
    const scopeStack: Array<{ depth: number; id: number }> = [{ depth: 0, id: root.id }];
    let depth = 0;
    let descend = true;
    for (;;) {
      if (descend) {
        const t = cursor.nodeType;
        const scope = scopeStack[scopeStack.length - 1].id;
        if (SCOPES.has(t) && depth > 0) {
          const n = cursor.currentNode;
          const params = n.childForFieldName('parameters') ?? n.childForFieldName('parameter');
          scopeStack.push({ depth, id: n.id });
          if (params) for (const id of params.descendantsOfType('identifier')) if (id) this.bind(n.id, id.text, null);
          if (params?.type === 'identifier') this.bind(n.id, params.text, null); // x => ...
          // a named function declaration binds its name in the outer scope (as a non-constant)
          const fname = n.childForFieldName('name');
          if (fname?.type === 'identifier') this.bind(scope, fname.text, null);
        } else if (!py && t === 'variable_declarator') {
          const n = cursor.currentNode;
          const name = n.childForFieldName('name');
          if (name?.type === 'identifier') this.bind(scope, name.text, n.childForFieldName('value'));
          else if (name) for (const id of name.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) this.bind(scope, id.text, null);
        } else if (!py && (t === 'assignment_expression' || t === 'augmented_assignment_expression')) {
          const n = cursor.currentNode;
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier') this.bind(this.ownerScope(left.text, scopeStack), left.text, t === 'assignment_expression' ? n.childForFieldName('right') : n);
          else if (left && left.type !== 'member_expression' && left.type !== 'subscript_expression') {
            // `[a, b] = …`, `({ id } = req.body)`: every name bound here holds an unknown value
            for (const id of left.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) this.bind(this.ownerScope(id.text, scopeStack), id.text, null);
          }
        } else if (py && t === 'named_expression') {
          // walrus: `(name := request.args.get("n"))`
          const n = cursor.currentNode;
          const name = n.childForFieldName('name');
          if (name?.type === 'identifier') this.bind(scope, name.text, n.childForFieldName('value'));
        } else if (py && (t === 'assignment' || t === 'augmented_assignment')) {
          const n = cursor.currentNode;
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier') this.bind(scope, left.text, t === 'assignment' ? n.childForFieldName('right') : n);
          else if (left) for (const id of left.descendantsOfType('identifier')) if (id) this.bind(scope, id.text, null);
        } else if (t === 'call_expression' || t === 'call') {
          // `xs.push(v)`, `items.append(v)`: the container no longer holds only its initial (constant) value
          const fn = cursor.currentNode.childForFieldName('function');
          const prop = fn?.childForFieldName(py ? 'attribute' : 'property')?.text;
          const obj = fn?.childForFieldName('object');
          // recorded as a binding to the call itself: not constant, but rules can still see what was added
          if (prop && obj?.type === 'identifier' && MUTATORS.has(prop)) this.bind(py ? scope : this.ownerScope(obj.text, scopeStack), obj.text, cursor.currentNode);
        } else if (t === 'for_in_statement' || t === 'for_statement' || t === 'catch_clause' || t === 'with_item' || t === 'import_statement' || t === 'import_from_statement' || t === 'import_clause') {
          const n = cursor.currentNode;
          const target = n.childForFieldName('left') ?? n.childForFieldName('parameter') ?? n.childForFieldName('alias') ?? (t.startsWith('import') ? n : null);
          if (target) for (const id of target.descendantsOfType('identifier')) if (id) this.bind(scope, id.text, null);
        }
      }
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      if (cursor.gotoNextSibling()) {
        // the node at this depth is finished: so is any scope it opened
        while (scopeStack.length > 1 && scopeStack[scopeStack.length - 1].depth >= depth) scopeStack.pop();
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      depth--;
      while (scopeStack.length > 1 && scopeStack[scopeStack.length - 1].depth > depth) scopeStack.pop();
      descend = false;
    }
    cursor.delete(); // see Engine.run: a cursor left to the garbage collector frees whatever cursor is marshalled then
  }

  /** JS assignment `x = …` updates the nearest scope that declared x (module scope if none did yet). */
  private ownerScope(name: string, stack: ReadonlyArray<{ id: number }>): number {
    for (let i = stack.length - 1; i >= 0; i--) if (this.scopes.get(stack[i].id)?.has(name)) return stack[i].id;
    return stack[0].id;
  }

  /** Scope ids enclosing `at`, innermost first. */
  private chain(at: Node): number[] {
    const ids: number[] = [];
    for (let n: Node | null = at.parent; n; n = n.parent) if (SCOPES.has(n.type)) ids.push(n.id);
    return ids;
  }

  private bindingsAt(name: string, at: Node): { scope: number; list: readonly Binding[] } | undefined {
    for (const id of this.chain(at)) {
      const list = this.scopes.get(id)?.get(name);
      if (list) return { scope: id, list };
    }
    return undefined;
  }

  /** Values `name` (as used at `at`) may hold; empty when any of them is unknown (parameter, import, global). */
  valuesOf(name: string, at: Node): readonly Node[] {
    const found = this.bindingsAt(name, at);
    if (!found || found.list.some((b) => b === null)) return [];
    return found.list as Node[];
  }

  /** True when the expression can only ever evaluate to a value fixed in the source. */
  isConstant(node: Node | null | undefined, seen: Set<string> = new Set()): boolean {
    if (!node) return false;
    const n = unwrap(node);
    switch (n.type) {
      // literals (JS and Python)
      case 'string':
        return !n.namedChildren.some((c) => c?.type === 'interpolation');
      case 'number':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'null':
      case 'none':
      case 'undefined':
      case 'regex':
        return true;
      case 'template_string':
        return n.namedChildren.every((c) => c?.type !== 'template_substitution' || this.isConstant(c.namedChildren[0], seen));
      case 'concatenated_string':
        return n.namedChildren.every((c) => this.isConstant(c, seen));
      case 'binary_expression':
      case 'binary_operator':
        return this.isConstant(n.childForFieldName('left'), seen) && this.isConstant(n.childForFieldName('right'), seen);
      case 'unary_expression':
      case 'unary_operator':
        return this.isConstant(n.childForFieldName('argument') ?? n.childForFieldName('operand'), seen);
      case 'ternary_expression':
        return this.isConstant(n.childForFieldName('consequence'), seen) && this.isConstant(n.childForFieldName('alternative'), seen);
      case 'conditional_expression': // Python `a if c else b`
        return this.isConstant(n.namedChildren[0], seen) && this.isConstant(n.namedChildren[2], seen);
      case 'array':
      case 'list':
      case 'tuple':
        return n.namedChildren.every((c) => c?.type === 'comment' || this.isConstant(c, seen));
      case 'identifier':
        return this.isConstantName(n, seen);
      case 'augmented_assignment_expression':
      case 'augmented_assignment':
        // the name's other bindings are checked on their own; this one adds only its right-hand side
        return this.isConstant(n.childForFieldName('right'), seen);
      case 'call': {
        // Python "...".format(constants)
        const fn = n.childForFieldName('function');
        if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') {
          const args = n.childForFieldName('arguments');
          return this.isConstant(fn.childForFieldName('object'), seen) && !!args && args.namedChildren.every((c) => c !== null && (c.type === 'keyword_argument' ? this.isConstant(c.childForFieldName('value'), seen) : this.isConstant(c, seen)));
        }
        return false;
      }
      default:
        return false;
    }
  }

  private isConstantName(id: Node, seen: Set<string>): boolean {
    const name = id.text;
    if (name === 'undefined' || name === 'None' || name === 'True' || name === 'False') return true;
    const found = this.bindingsAt(name, id);
    if (!found || found.list.some((b) => b === null)) return false;
    const key = `${found.scope}:${name}`;
    const cached = this.constCache.get(key);
    if (cached !== undefined) return cached;
    if (seen.has(key)) return false; // cyclic: x = x + y
    seen.add(key);
    const result = found.list.every((v) => this.isConstant(v, seen));
    seen.delete(key);
    this.constCache.set(key, result);
    return result;
  }
}
