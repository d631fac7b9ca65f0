import type { Node, Tree } from 'web-tree-sitter';
import type { ParsedLanguage } from '../types';
import { unwrap } from './api';

/**
 * A deliberately small, intra-file value model: which names are bound to what.
 * Scope-insensitive (all bindings of a name in the file are considered), which errs on the side of
 * "not constant" — a name is constant only when every binding of it in the file is a constant.
 */
export class Flow {
  private readonly bindings = new Map<string, Node[]>();
  /** Names that are ever bound by something other than a plain assignment (parameters, imports, loops, destructuring). */
  private readonly opaque = new Set<string>();
  private readonly constCache = new Map<string, boolean>();

  constructor(tree: Tree, readonly language: ParsedLanguage) {
    this.collect(tree.rootNode);
  }

  private bind(name: string, value: Node | null): void {
    if (!value) {
      this.opaque.add(name);
      return;
    }
    const list = this.bindings.get(name);
    if (list) list.push(value);
    else this.bindings.set(name, [value]);
  }

  private collect(root: Node): void {
    const py = this.language === 'python';
    const cursor = root.walk();
    let descend = true;
    for (;;) {
      if (descend) {
        const t = cursor.nodeType;
        if (!py && t === 'variable_declarator') {
          const n = cursor.currentNode;
          const name = n.childForFieldName('name');
          if (name?.type === 'identifier') this.bind(name.text, n.childForFieldName('value'));
        } else if (!py && (t === 'assignment_expression' || t === 'augmented_assignment_expression')) {
          const n = cursor.currentNode;
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier') {
            if (t === 'assignment_expression') this.bind(left.text, n.childForFieldName('right'));
            else this.bindAugmented(left.text, n);
          }
        } else if (py && (t === 'assignment' || t === 'augmented_assignment')) {
          const n = cursor.currentNode;
          const left = n.childForFieldName('left');
          if (left?.type === 'identifier') {
            if (t === 'assignment') this.bind(left.text, n.childForFieldName('right'));
            else this.bindAugmented(left.text, n);
          } else if (left) {
            for (const id of left.descendantsOfType('identifier')) if (id) this.opaque.add(id.text);
          }
        } else if (t === 'required_parameter' || t === 'optional_parameter' || t === 'formal_parameters' || t === 'parameters' || t === 'lambda_parameters') {
          for (const id of cursor.currentNode.descendantsOfType('identifier')) if (id) this.opaque.add(id.text);
        } else if (t === 'for_in_statement' || t === 'for_statement' || t === 'object_pattern' || t === 'array_pattern') {
          const n = cursor.currentNode;
          const left = n.childForFieldName('left') ?? (t.endsWith('pattern') ? n : null);
          if (left) for (const id of left.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (id) this.opaque.add(id.text);
        }
      }
      if (descend && cursor.gotoFirstChild()) continue;
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      descend = false;
    }
  }

  /** `x += y` binds x to "x + y": constant only when y is. Recorded as the whole statement node. */
  private bindAugmented(name: string, stmt: Node): void {
    this.bind(name, stmt);
  }

  /** Values assigned to `name` anywhere in the file; empty when unknown (parameter, import, global). */
  valuesOf(name: string): readonly Node[] {
    if (this.opaque.has(name)) return [];
    return this.bindings.get(name) ?? [];
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
        return this.isConstantName(n.text, seen);
      case 'augmented_assignment_expression':
      case 'augmented_assignment':
        // the name's other bindings are checked on their own; this one adds only its right-hand side
        return this.isConstant(n.childForFieldName('right'), seen);
      case 'call': {
        // Python "...".format(constants) and "sep".join(constants)
        const fn = n.childForFieldName('function');
        if (fn?.type === 'attribute' && (fn.childForFieldName('attribute')?.text === 'format')) {
          const args = n.childForFieldName('arguments');
          return this.isConstant(fn.childForFieldName('object'), seen) && !!args && args.namedChildren.every((c) => c !== null && (c.type === 'keyword_argument' ? this.isConstant(c.childForFieldName('value'), seen) : this.isConstant(c, seen)));
        }
        return false;
      }
      default:
        return false;
    }
  }

  private isConstantName(name: string, seen: Set<string>): boolean {
    if (name === 'undefined' || name === 'None' || name === 'True' || name === 'False') return true;
    const cached = this.constCache.get(name);
    if (cached !== undefined) return cached;
    if (seen.has(name)) return false; // cyclic: x = x + y
    const values = this.valuesOf(name);
    if (values.length === 0) return false;
    seen.add(name);
    const result = values.every((v) => this.isConstant(v, seen));
    seen.delete(name);
    this.constCache.set(name, result);
    return result;
  }
}
