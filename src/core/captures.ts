import { Query } from 'web-tree-sitter';
import type { Language, Node, TreeCursor } from 'web-tree-sitter';
import type { Rule, Visitor } from './rules/api';

/**
 * Finding the nodes the engine and Flow look at without walking every node from JavaScript.
 *
 * Moving a TreeCursor or reading a node's type crosses into WASM once per node (over a million crossings for a
 * 100k-line workspace) although only a few node types are dispatched. One tree-sitter Query per language, made of
 * single-node patterns (`(call_expression) @k3`), walks the tree inside WASM and hands back only those nodes, in the
 * same pre-order a cursor walk visits them (a single-node pattern completes as its node is entered, so captures come
 * out in the order nodes are entered: start ascending, an outer node before an inner node that starts at the same
 * offset). The cursor walk stays for subtrees with syntax errors and as a fallback (a query that cannot be built, a
 * match limit exceeded), and produces exactly the same lists.
 * @internal
 */

/** Visitors of enabled rules for one node type, in rule order. */
export type Handlers = ReadonlyArray<readonly [Rule, Visitor]>;

/** What one capture is for. */
export interface Kind {
  /** The node type, as `Node.type` spells it. */
  readonly type: string;
  /** Dispatched visitors (undefined: the node is captured only for Flow or for counting errors). */
  readonly handlers: Handlers | undefined;
  /** A named node of a type Flow reads (see FLOW_TYPES in flow.ts). */
  readonly flow: boolean;
  /** An ERROR or MISSING node: a parse error. */
  readonly error: boolean;
}

/** The captured nodes of one subtree (a top-level statement), in pre-order, with what each was captured for. */
export interface Captured {
  readonly nodes: Node[];
  readonly kinds: Kind[];
}

interface TypeKinds {
  named?: Kind;
  anonymous?: Kind;
  /** The grammar has a named and an anonymous node of this type name (TypeScript's `string` keyword). */
  both: boolean;
}

/**
 * The captures of one language for one set of wanted node types: dispatched types (named and anonymous nodes of
 * that type name, as a cursor walk's `nodeType` does not tell them apart), Flow's types (named only), and, in
 * subtrees with syntax errors, ERROR and MISSING nodes.
 */
export class CaptureSet {
  private readonly query: Query | undefined;
  private readonly byName = new Map<string, Kind>();
  private readonly byType = new Map<string, TypeKinds>();
  private readonly missing: Kind = { type: 'MISSING', handlers: undefined, flow: false, error: true };
  /** Set by a run whose query exceeded its match limit (tests read it). */
  fellBack = false;

  constructor(language: Language, table: ReadonlyMap<string, Handlers>, flowTypes: ReadonlySet<string>) {
    // The query runs only on subtrees without syntax errors (see `capture`): it needs no ERROR or MISSING pattern.
    const patterns: string[] = [];
    this.kindOf(language, 'ERROR', true, { type: 'ERROR', handlers: table.get('ERROR'), flow: false, error: true });
    const types = new Set([...table.keys(), ...flowTypes]);
    types.delete('ERROR');
    for (const type of types) {
      const handlers = table.get(type);
      if (language.idForNodeType(type, true) !== null) {
        const name = `k${patterns.length}`;
        patterns.push(`(${type}) @${name}`);
        this.byName.set(name, this.kindOf(language, type, true, { type, handlers, flow: flowTypes.has(type), error: false }));
      }
      if (handlers && language.idForNodeType(type, false) !== null) {
        const name = `k${patterns.length}`;
        patterns.push(`${JSON.stringify(type)} @${name}`);
        this.byName.set(name, this.kindOf(language, type, false, { type, handlers, flow: false, error: false }));
      }
    }
    let query: Query | undefined;
    try {
      query = new Query(language, patterns.join('\n'));
    } catch {
      query = undefined; // a grammar the patterns do not fit: walk with a cursor instead
    }
    this.query = query;
  }

  private kindOf(language: Language, type: string, named: boolean, kind: Kind): Kind {
    const entry = this.byType.get(type) ?? { both: language.idForNodeType(type, true) !== null && language.idForNodeType(type, false) !== null };
    if (named) entry.named = kind;
    else entry.anonymous = kind;
    this.byType.set(type, entry);
    return kind;
  }

  /**
   * The captures of `node`'s subtree (the node included). A subtree with syntax errors is walked with a cursor: its
   * ERROR and MISSING nodes must be counted, and tree-sitter's query cursor takes quadratic time over a node with a
   * long run of anonymous children (an ERROR node holding thousands of `(` tokens), which only error recovery makes.
   */
  capture(node: Node): Captured {
    if (this.query && !node.hasError) {
      const captures = this.query.captures(node);
      if (!this.query.didExceedMatchLimit()) {
        const out: Captured = { nodes: [], kinds: [] };
        for (const c of captures) {
          out.nodes.push(c.node);
          out.kinds.push(this.byName.get(c.name)!);
        }
        return out;
      }
      this.fellBack = true;
    }
    return this.walk(node);
  }

  /**
   * The captures of every child of `root` (the root itself left out), one query over the whole tree assigned to the
   * children by position. `starts`/`ends` are the children's offsets.
   */
  captureChildren(root: Node, children: readonly Node[], starts: readonly number[], ends: readonly number[]): Captured[] {
    const out: Captured[] = children.map(() => ({ nodes: [], kinds: [] }));
    if (children.length === 0) return out;
    if (!this.query || root.hasError) {
      // a tree with errors is walked with a cursor, as `capture` does for a statement with errors (one cursor for all
      // statements: an ERROR root can have a hundred thousand children)
      const walked = this.walkChildren(root);
      return walked.length === children.length ? walked : this.walkAll(children, out);
    }
    const captures = this.query.captures(root);
    if (this.query.didExceedMatchLimit()) {
      this.fellBack = true;
      return this.walkAll(children, out);
    }
    const rootId = root.id;
    const last = children.length - 1;
    /** Children whose captures position alone could not tell apart: they are captured again one by one. */
    let again: Set<number> | undefined;
    let i = 0;
    for (const c of captures) {
      const node = c.node;
      if (node.id === rootId) continue;
      const at = node.startIndex;
      // Captures come in pre-order, so the child index only grows. A node starting before child i's end is in it; one
      // starting after it is in a later child. One starting right at its end is a zero-width node in it, unless the
      // next child starts there too: then a node that is not zero-width is in a later child, and a zero-width one
      // could be in either: those children are captured again.
      while (i < last && at >= ends[i]) {
        if (at === ends[i]) {
          if (starts[i + 1] > at) break;
          if (node.endIndex === at) {
            again ??= new Set();
            for (let k = i; k >= 0 && (k === i || ends[k] === at); k--) again.add(k);
            for (let k = i + 1; k <= last && starts[k] === at; k++) again.add(k);
            break;
          }
        }
        i++;
      }
      out[i].nodes.push(node);
      out[i].kinds.push(this.byName.get(c.name)!);
    }
    if (again) for (const k of again) out[k] = this.capture(children[k]);
    return out;
  }

  private walkAll(children: readonly Node[], out: Captured[]): Captured[] {
    children.forEach((child, i) => {
      out[i] = this.walk(child);
    });
    return out;
  }

  /** The same captures as the query, found with a cursor walk of `node`'s subtree. */
  walk(node: Node): Captured {
    const cursor: TreeCursor = node.walk();
    try {
      // a subtree without syntax errors has no MISSING node: skip asking every node
      return this.walkFrom(cursor, node.hasError);
    } finally {
      cursor.delete();
    }
  }

  /** `walk` for every child of `root`, with one cursor. */
  private walkChildren(root: Node): Captured[] {
    const out: Captured[] = [];
    const cursor = root.walk();
    try {
      for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) out.push(this.walkFrom(cursor, cursor.currentNode.hasError));
    } finally {
      cursor.delete();
    }
    return out;
  }

  /** Walks the subtree of the cursor's node; the cursor ends on that node again. */
  private walkFrom(cursor: TreeCursor, errors: boolean): Captured {
    const out: Captured = { nodes: [], kinds: [] };
    let depth = 0;
    let descend = true;
    for (;;) {
      if (descend) {
        const entry = this.byType.get(cursor.nodeType);
        if (errors && cursor.nodeIsMissing) {
          out.nodes.push(cursor.currentNode);
          out.kinds.push(this.missing);
        }
        const kind = entry && (entry.both ? (cursor.nodeIsNamed ? entry.named : entry.anonymous) : (entry.named ?? entry.anonymous));
        if (kind) {
          out.nodes.push(cursor.currentNode);
          out.kinds.push(kind);
        }
      }
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      if (depth === 0) break;
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      cursor.gotoParent();
      depth--;
      descend = false;
    }
    return out;
  }
}
