// Convert between nested objects and flat "a.b.c" key maps (used by the translation editor API).
export type Flat = Record<string, string>;
export type Nested = { [key: string]: string | Nested };

/** { 'home.title': 'Hi' } → { home: { title: 'Hi' } }. Input comes from uploaded translation files. */
export function unflatten(flat: Flat): Nested {
  const out: Nested = {};
  for (const [dotted, value] of Object.entries(flat)) {
    const keys = dotted.split('.');
    let node: any = out;
    keys.slice(0, -1).forEach((k) => {
      node = node[k] ??= {};
    });
    // vetted-eval: vuln prototype-pollution
    node[keys[keys.length - 1]] = value;
  }
  return out;
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

export function unflattenSafe(flat: Flat): Nested {
  const out: Nested = Object.create(null);
  for (const [dotted, value] of Object.entries(flat)) {
    const keys = dotted.split('.');
    if (keys.some((k) => UNSAFE.has(k))) continue;
    let node: Nested = out;
    for (const k of keys.slice(0, -1)) {
      if (typeof node[k] !== 'object') node[k] = Object.create(null);
      node = node[k] as Nested;
    }
    // vetted-eval: safe prototype-pollution
    node[keys[keys.length - 1]] = value;
  }
  return out;
}

export function flatten(nested: Nested, prefix = '', out: Flat = {}): Flat {
  for (const [k, v] of Object.entries(nested)) {
    const key = prefix ? `${prefix}.${k}` : k;
    // vetted-eval: safe prototype-pollution
    if (typeof v === 'string') out[key] = v;
    else flatten(v, key, out);
  }
  return out;
}

/** Copy one locale's keys into another, deep. */
export function assignDeep(target: any, source: any): any {
  for (const key in source) {
    if (typeof source[key] === 'object') {
      assignDeep((target[key] = target[key] || {}), source[key]);
    } else {
      // vetted-eval: vuln prototype-pollution
      target[key] = source[key];
    }
  }
  return target;
}
