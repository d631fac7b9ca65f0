import type { Language, Node, Tree } from 'web-tree-sitter';
import { CaptureSet, type Captured } from '../captures';
import type { ParsedLanguage } from '../types';
import { unwrap } from './api';

/** Node types that open a new scope for `var`/parameters/Python locals. Block scoping is approximated by function scoping. */
const SCOPES = new Set([
  'program', 'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function',
  'module', 'function_definition', 'lambda', 'class_definition',
]);

/** Every node type `collect` reads (scopes and binding-making nodes, JS/TS and Python). @internal */
export const FLOW_TYPES: ReadonlySet<string> = new Set([
  ...SCOPES,
  'variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'named_expression', 'assignment', 'augmented_assignment',
  'call_expression', 'call', 'for_in_statement', 'for_statement', 'catch_clause', 'with_item', 'import_statement', 'import_from_statement', 'import_clause',
]);

/** Per grammar: the query finding FLOW_TYPES nodes, for statements whose captures Flow was not handed. */
const flowCaptures = new WeakMap<Language, CaptureSet>();

/**
 * Captures the engine already made (see captures.ts), aligned with the root's children (`children`, full runs) or
 * with the seeds (sessions; undefined for a seeded statement). @internal
 */
export interface FlowInput {
  readonly children?: readonly Node[];
  readonly captured: ReadonlyArray<Captured | undefined>;
}

/** Methods that put new values into a list, set or dict. */
const MUTATORS = new Set(['push', 'unshift', 'splice', 'append', 'extend', 'insert', 'update', 'add', 'set', 'setdefault']);

/** What a top-level statement binds in the module scope; `value` is the bound node's extent, null when unknown. */
export interface ModuleBinding {
  readonly name: string;
  readonly value: { readonly start: number; readonly end: number; readonly type: string } | null;
  /** Made from inside a function of the statement (its value may depend on that function's names). */
  readonly nested: boolean;
}

/** A top-level statement known from an earlier, identical version: where it starts and what it bound. */
export interface SeededStatement {
  readonly start: number;
  readonly bindings: readonly ModuleBinding[];
}

/** True when the node with id `id` is an ancestor of `node`. */
function isAncestor(id: number, node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.id === id) return true;
  return false;
}

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
  private readonly root: Node;
  private collected = false;
  /** Per top-level statement (index among the root's children): what it binds in the module scope. */
  private readonly moduleBindings: ModuleBinding[][] = [];
  /** Top-level statements whose module bindings came from `seeds`: start index → child index, nested scopes not yet read. */
  private readonly pending = new Map<number, number>();
  private readonly lazy = new Map<Binding[], boolean>();

  /**
   * `seeds` (used by incremental sessions) lists the root's children: a node to read, or for a statement unchanged
   * since an earlier version, the module-scope bindings it made; its nested scopes are then read only when a query
   * reaches them.
   */
  constructor(private readonly tree: Tree, readonly language: ParsedLanguage, private readonly seeds?: ReadonlyArray<Node | SeededStatement>, private input?: FlowInput) {
    this.root = tree.rootNode;
  }

  /** Collects every top-level statement (or takes its seed). Runs once, on the first query. */
  private ensure(): void {
    if (this.collected) return;
    this.collected = true;
    const rootId = this.root.id;
    const input = this.input;
    this.input = undefined; // read once: the captures need not stay alive with the Flow
    if (!this.seeds) {
      // `children` in one call: `nextSibling` searches the parent's children each time (quadratic on a root with
      // thousands of statements or error nodes)
      (input?.children ?? this.root.children).forEach((child, i) => {
        this.moduleBindings[i] = child ? this.collect(child, rootId, false, input?.children ? input.captured[i] : undefined) : [];
      });
      return;
    }
    this.seeds.forEach((entry, i) => {
      if ('bindings' in entry) {
        const seed = entry.bindings;
        this.moduleBindings[i] = seed as ModuleBinding[];
        this.pending.set(entry.start, i);
        for (const b of seed) {
          const list = this.bindList(rootId, b.name);
          list.push(b.value ? ({ lazy: b.value } as unknown as Binding) : null);
          if (b.value) this.lazy.set(list, true);
        }
      } else {
        this.moduleBindings[i] = this.collect(entry, rootId, false, input?.captured[i]);
      }
    });
  }

  /** Module-scope bindings of top-level statement `index` (for sessions: the seed of its next version). */
  bindingsOfStatement(index: number): readonly ModuleBinding[] {
    this.ensure();
    return this.moduleBindings[index] ?? [];
  }

  private bindList(scope: number, name: string): Binding[] {
    let names = this.scopes.get(scope);
    if (!names) this.scopes.set(scope, (names = new Map()));
    let list = names.get(name);
    if (!list) names.set(name, (list = []));
    return list;
  }

  private bind(scope: number, name: string, value: Binding): void {
    const list = this.bindList(scope, name);
    list.push(value);
  }

  /**
   * Reads one top-level statement, from its FLOW_TYPES nodes in pre-order (`captured`, or found here). With
   * `nestedOnly`, module-scope bindings (already seeded) are not recorded again.
   */
  private collect(top: Node, rootId: number, nestedOnly: boolean, captured?: Captured): ModuleBinding[] {
    const py = this.language === 'python';
    const out: ModuleBinding[] = [];
    const { nodes, kinds } = captured ?? this.captures().capture(top);
    /** Scopes enclosing the current node, outermost (the module) first, with where each ends. */
    const scopeStack: Array<{ end: number; id: number }> = [{ end: Infinity, id: rootId }];
    const bind = (scope: number, name: string, value: Binding) => {
      if (scope === rootId) {
        if (nestedOnly) return;
        out.push({ name, value: value ? { start: value.startIndex, end: value.endIndex, type: value.type } : null, nested: scopeStack.length > 1 });
      }
      this.bind(scope, name, value);
    };
    for (let k = 0; k < nodes.length; k++) {
      if (!kinds[k].flow) continue;
      const t = kinds[k].type;
      const n = nodes[k];
      // Leave the scopes `n` is not in. Nodes after a scope in pre-order that are outside it start at or after its
      // end; one starting right at its end is inside only if it is a zero-width node there (trees with errors): its
      // ancestors tell.
      const at = n.startIndex;
      while (scopeStack.length > 1) {
        const top = scopeStack[scopeStack.length - 1];
        if (at < top.end || (at === top.end && n.endIndex === at && isAncestor(top.id, n))) break;
        scopeStack.pop();
      }
      const scope = scopeStack[scopeStack.length - 1].id;
      if (SCOPES.has(t)) {
        const params = n.childForFieldName('parameters') ?? n.childForFieldName('parameter');
        // a named function declaration binds its name in the outer scope (as a non-constant)
        const fname = n.childForFieldName('name');
        if (fname?.type === 'identifier') bind(scope, fname.text, null);
        scopeStack.push({ end: n.endIndex, id: n.id });
        if (params) for (const id of params.descendantsOfType('identifier')) if (id) bind(n.id, id.text, null);
        if (params?.type === 'identifier') bind(n.id, params.text, null); // x => ...
      } else if (!py && t === 'variable_declarator') {
        const name = n.childForFieldName('name');
        if (name?.type === 'identifier') bind(scope, name.text, n.childForFieldName('value'));
        else if (name) for (const id of name.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) bind(scope, id.text, null);
      } else if (!py && (t === 'assignment_expression' || t === 'augmented_assignment_expression')) {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') bind(this.ownerScope(left.text, scopeStack), left.text, t === 'assignment_expression' ? n.childForFieldName('right') : n);
        else if (left && left.type !== 'member_expression' && left.type !== 'subscript_expression') {
          // `[a, b] = …`, `({ id } = req.body)`: every name bound here holds an unknown value
          for (const id of left.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) bind(this.ownerScope(id.text, scopeStack), id.text, null);
        }
      } else if (py && t === 'named_expression') {
        // walrus: `(name := request.args.get("n"))`
        const name = n.childForFieldName('name');
        if (name?.type === 'identifier') bind(scope, name.text, n.childForFieldName('value'));
      } else if (py && (t === 'assignment' || t === 'augmented_assignment')) {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') bind(scope, left.text, t === 'assignment' ? n.childForFieldName('right') : n);
        else if (left) for (const id of left.descendantsOfType('identifier')) if (id) bind(scope, id.text, null);
      } else if (t === 'call_expression' || t === 'call') {
        // `xs.push(v)`, `items.append(v)`: the container no longer holds only its initial (constant) value
        const fn = n.childForFieldName('function');
        const prop = fn?.childForFieldName(py ? 'attribute' : 'property')?.text;
        // recorded as a binding to the call itself: not constant, but rules can still see what was added
        if (prop && MUTATORS.has(prop)) {
          const obj = fn!.childForFieldName('object');
          if (obj?.type === 'identifier') bind(py ? scope : this.ownerScope(obj.text, scopeStack), obj.text, n);
        }
      } else if (t === 'for_in_statement' || t === 'for_statement' || t === 'catch_clause' || t === 'with_item' || t === 'import_statement' || t === 'import_from_statement' || t === 'import_clause') {
        const target = n.childForFieldName('left') ?? n.childForFieldName('parameter') ?? n.childForFieldName('alias') ?? (t.startsWith('import') ? n : null);
        if (target) for (const id of target.descendantsOfType('identifier')) if (id) bind(scope, id.text, null);
      }
    }
    return out;
  }

  private captures(): CaptureSet {
    const language = this.tree.language;
    let set = flowCaptures.get(language);
    if (!set) flowCaptures.set(language, (set = new CaptureSet(language, new Map(), FLOW_TYPES)));
    return set;
  }

  /** JS assignment `x = …` updates the nearest scope that declared x (module scope if none did yet). */
  private ownerScope(name: string, stack: ReadonlyArray<{ id: number }>): number {
    for (let i = stack.length - 1; i >= 0; i--) if (this.scopes.get(stack[i].id)?.has(name)) return stack[i].id;
    return stack[0].id;
  }

  /** Scope ids enclosing `at`, innermost first. */
  private chain(at: Node): number[] {
    const ids: number[] = [];
    let top: Node | null = null;
    for (let n: Node | null = at.parent; n; n = n.parent) {
      if (SCOPES.has(n.type)) ids.push(n.id);
      if (n.parent) top = n;
    }
    if (!at.parent) top = null;
    else if (!top) top = at; // `at` is itself a top-level statement
    if (top && this.pending.size) {
      const index = this.pending.get(top.startIndex);
      if (index !== undefined && top.parent?.id === this.root.id) {
        this.pending.delete(top.startIndex);
        this.collect(top, this.root.id, true);
      }
    }
    return ids;
  }

  private bindingsAt(name: string, at: Node): { scope: number; list: readonly Binding[] } | undefined {
    this.ensure();
    for (const id of this.chain(at)) {
      const list = this.scopes.get(id)?.get(name);
      if (list) {
        if (this.lazy.has(list)) this.resolve(list);
        return { scope: id, list };
      }
    }
    return undefined;
  }

  /** Seeded bindings carry offsets: find their nodes in this tree. */
  private resolve(list: Binding[]): void {
    this.lazy.delete(list);
    for (let i = 0; i < list.length; i++) {
      const b = list[i] as unknown as { lazy?: { start: number; end: number; type: string } } | null;
      if (!b || !b.lazy) continue;
      const { start, end, type } = b.lazy;
      let n: Node | null = this.root.descendantForIndex(start, end);
      while (n && !(n.startIndex === start && n.endIndex === end && n.type === type)) n = n.parent;
      if (!n) throw new Error(`flow: no ${type} node at ${start}-${end}`);
      list[i] = n;
    }
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
