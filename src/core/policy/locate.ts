/**
 * A small JSON reader that remembers where every key and value is, so a problem found at a JSON path
 * (`["tiers", "critical", "reviewers"]`) can be shown on the exact key in `.vetted/policy.json`.
 * Strict JSON (RFC 8259) plus a leading BOM; never throws: a syntax error is returned with its position.
 */
import type { Position, Range } from '../types';

export type JsonPath = readonly (string | number)[];

export interface JsonNode {
  readonly kind: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  /** UTF-16 offsets of the value: `start` inclusive, `end` exclusive. */
  readonly start: number;
  readonly end: number;
  readonly value: unknown;
  /** Members of an object (last one wins for a duplicate key, as in JSON.parse). */
  readonly members?: readonly JsonMember[];
  readonly items?: readonly JsonNode[];
}

export interface JsonMember {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly node: JsonNode;
}

export interface JsonSyntaxError {
  readonly message: string;
  readonly offset: number;
  readonly position: Position;
}

export interface ParsedJson {
  readonly value?: unknown;
  readonly root?: JsonNode;
  readonly error?: JsonSyntaxError;
  /** Keys that appear twice in one object (the later one counts), with where the later one is. */
  readonly duplicates: readonly { readonly path: JsonPath; readonly keyStart: number; readonly keyEnd: number }[];
}

const MAX_DEPTH = 256;

class SyntaxFailure {
  constructor(readonly message: string, readonly offset: number) {}
}

/** Parses `text` as JSON, recording where each key and value is. */
export function parseJsonLocated(text: string): ParsedJson {
  const duplicates: { path: JsonPath; keyStart: number; keyEnd: number }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : `${JSON.stringify(text[at])}`);
  const fail = (message: string, at = i): never => {
    if (text[at] === '/' && (text[at + 1] === '/' || text[at + 1] === '*')) throw new SyntaxFailure('comments are not allowed in JSON', at);
    throw new SyntaxFailure(message, at);
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    let chunk = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape in a string (expected 4 hex digits)', i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else fail(`invalid escape \\${e ?? ''} in a string`, i);
        chunk = i;
        continue;
      }
      if (c < 0x20) fail(c === 0x0a || c === 0x0d ? 'unterminated string (a string cannot span lines)' : 'control character in a string (escape it)', i);
      i++;
    }
    return fail('unterminated string', start);
  };

  const parseValue = (path: (string | number)[], depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: JsonMember[] = [];
      const value: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', start, end: i, value, members };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === '}' ? 'trailing comma before }' : `expected a property name in double quotes, found ${describe(i)}`);
        const keyStart = i;
        const key = parseString();
        const keyEnd = i;
        ws();
        if (text[i] !== ':') fail(`expected : after the property name, found ${describe(i)}`);
        i++;
        const node = parseValue([...path, key], depth + 1);
        if (Object.prototype.hasOwnProperty.call(value, key)) {
          duplicates.push({ path: [...path, key], keyStart, keyEnd });
          const at = members.findIndex((m) => m.key === key);
          members.splice(at, 1);
        }
        Object.defineProperty(value, key, { value: node.value, enumerable: true, writable: true, configurable: true });
        members.push({ key, keyStart, keyEnd, node });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', start, end: i, value, members };
        }
        fail(`expected , or } after a property value, found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', start, end: i, value: [], items };
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail('trailing comma before ]');
        items.push(parseValue([...path, items.length], depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', start, end: i, value: items.map((n) => n.value), items };
        }
        fail(`expected , or ] after an array element, found ${describe(i)}`);
      }
    }
    if (c === '"') {
      const value = parseString();
      return { kind: 'string', start, end: i, value };
    }
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (m && m[0].length && m[0] !== '-') {
      i += m[0].length;
      return { kind: 'number', start, end: i, value: Number(m[0]) };
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { kind: value === null ? 'null' : 'boolean', start, end: i, value };
      }
    }
    return fail(i >= text.length ? 'unexpected end of the file (expected a value)' : `expected a value, found ${describe(i)}`);
  };

  try {
    const root = parseValue([], 0);
    ws();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return { value: root.value, root, duplicates };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { error: { message: e.message, offset: e.offset, position: positionAt(text, e.offset) }, duplicates };
    return { error: { message: String(e), offset: 0, position: { line: 0, character: 0 } }, duplicates };
  }
}

/** 0-based line and UTF-16 character of an offset (\n, \r\n and \r all end a line). */
export function positionAt(text: string, offset: number): Position {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, character: end - lineStart };
}

/**
 * The node at `path` and how much of the path exists: for a missing key, the deepest existing ancestor.
 */
export function nodeAt(root: JsonNode, path: JsonPath): { node: JsonNode; member?: JsonMember; depth: number } {
  let node = root;
  let member: JsonMember | undefined;
  let depth = 0;
  for (const seg of path) {
    if (node.kind === 'object' && typeof seg === 'string') {
      const m = node.members?.find((x) => x.key === seg);
      if (!m) break;
      member = m;
      node = m.node;
    } else if (node.kind === 'array' && typeof seg === 'number' && node.items && seg >= 0 && seg < node.items.length) {
      member = undefined;
      node = node.items[seg];
    } else break;
    depth++;
  }
  return { node, member, depth };
}

/**
 * Where to show a problem at `path` in `text`: the key of an object member (the "exact key"), an array element's
 * value, or, when the path does not exist, the key of its deepest existing ancestor. A syntax error: its position.
 */
export function locatePath(text: string, path: JsonPath, parsed: ParsedJson = parseJsonLocated(text)): Range {
  if (!parsed.root) {
    const at = parsed.error?.offset ?? 0;
    return rangeOf(text, at, Math.min(text.length, at + 1));
  }
  const { node, member } = nodeAt(parsed.root, path);
  if (member && member.node === node) return rangeOf(text, member.keyStart, member.keyEnd);
  if (node === parsed.root) return rangeOf(text, node.start, Math.min(node.end, node.start + 1));
  return rangeOf(text, node.start, node.end);
}

export function rangeOf(text: string, start: number, end: number): Range {
  return { start: positionAt(text, start), end: positionAt(text, end) };
}
