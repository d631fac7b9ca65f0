// Small object helpers used by the settings and CMS modules.

/**
 * Deep-merge `source` into `target` (arrays are replaced).
 * Called with `req.body` by PATCH /api/settings.
 */
function deepMerge(target, source) {
  for (const key in source) {
    if (source[key] && typeof source[key] === 'object' && !Array.isArray(source[key])) {
      if (!target[key]) target[key] = {};
      deepMerge(target[key], source[key]);
    } else {
      // vetted-eval: vuln prototype-pollution
      target[key] = source[key];
    }
  }
  return target;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The same merge, refusing the keys that reach Object.prototype. */
function deepMergeSafe(target, source) {
  for (const key of Object.keys(source)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    const value = source[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (!Object.prototype.hasOwnProperty.call(target, key)) target[key] = {};
      deepMergeSafe(target[key], value);
    } else {
      // vetted-eval: safe prototype-pollution
      target[key] = value;
    }
  }
  return target;
}

/** setPath(obj, 'a.b.c', 1) — path strings come from form field names. */
function setPath(obj, dottedPath, value) {
  const parts = dottedPath.split('.');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (typeof cur[parts[i]] !== 'object' || cur[parts[i]] === null) cur[parts[i]] = {};
    cur = cur[parts[i]];
  }
  // vetted-eval: vuln prototype-pollution
  cur[parts[parts.length - 1]] = value;
  return obj;
}

function setPathSafe(obj, dottedPath, value) {
  const parts = dottedPath.split('.');
  if (parts.some((p) => FORBIDDEN_KEYS.has(p))) throw new Error('invalid path');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    if (typeof cur[parts[i]] !== 'object' || cur[parts[i]] === null) cur[parts[i]] = Object.create(null);
    cur = cur[parts[i]];
  }
  // vetted-eval: safe prototype-pollution
  cur[parts[parts.length - 1]] = value;
  return obj;
}

/** Parse "user[address][city]=Berlin" style form keys into nested objects. */
function parseNestedForm(pairs) {
  const out = {};
  for (const [rawKey, value] of pairs) {
    const keys = rawKey.replace(/\]/g, '').split('[');
    let node = out;
    keys.slice(0, -1).forEach((k) => {
      node[k] = node[k] || {};
      node = node[k];
    });
    // vetted-eval: vuln prototype-pollution
    node[keys[keys.length - 1]] = value;
  }
  return out;
}

/** Group rows by a column; counts go into a prototype-less map. */
function countBy(rows, column) {
  const counts = Object.create(null);
  for (const row of rows) {
    // vetted-eval: safe prototype-pollution
    counts[row[column]] = (counts[row[column]] || 0) + 1;
  }
  return counts;
}

/** Index by id with a Map — keys never touch prototypes. */
function indexById(rows) {
  const index = new Map();
  // vetted-eval: safe prototype-pollution
  for (const row of rows) index.set(row.id, row);
  return index;
}

/** Clone settings recursively (used before applying user overrides). */
function cloneDeep(value) {
  if (Array.isArray(value)) return value.map(cloneDeep);
  if (value && typeof value === 'object') {
    const copy = {};
    for (const k of Object.keys(value)) {
      copy[k] = cloneDeep(value[k]);
    }
    return copy;
  }
  return value;
}

function applyOverrides(defaults, overrides) {
  // vetted-eval: safe prototype-pollution
  return { ...defaults, ...overrides };
}

const ALLOWED_SETTINGS = ['theme', 'language', 'timezone'];
function pickSettings(body) {
  const out = {};
  for (const key of ALLOWED_SETTINGS) {
    // vetted-eval: safe prototype-pollution
    if (typeof body[key] === 'string') out[key] = body[key];
  }
  return out;
}

module.exports = { deepMerge, deepMergeSafe, setPath, setPathSafe, parseNestedForm, countBy, indexById, cloneDeep, applyOverrides, pickSettings };
