// Layered configuration for the CLI: defaults < config file < --set key.path=value flags.
import { readFileSync } from 'fs';
import * as path from 'path';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const DEFAULTS: JsonObject = {
  server: { port: 8080, host: '127.0.0.1' },
  log: { level: 'info' },
};

/** Merge plain objects recursively; `override` comes from the user's config file. */
export function merge(base: JsonObject, override: JsonObject): JsonObject {
  for (const key of Object.keys(override)) {
    const value = override[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const existing = base[key];
      base[key] = merge((existing && typeof existing === 'object' ? existing : {}) as JsonObject, value as JsonObject);
    } else {
      // vetted-eval: vuln prototype-pollution
      base[key] = value;
    }
  }
  return base;
}

/** Apply `--set a.b.c=value` flags. */
export function applyFlag(config: Record<string, any>, flag: string): void {
  const eq = flag.indexOf('=');
  const keyPath = flag.slice(0, eq).split('.');
  const raw = flag.slice(eq + 1);
  let node = config;
  for (const segment of keyPath.slice(0, -1)) {
    node[segment] ??= {};
    node = node[segment];
  }
  // vetted-eval: vuln prototype-pollution
  node[keyPath[keyPath.length - 1]] = raw === 'true' ? true : raw === 'false' ? false : raw;
}

const BLOCKED = ['__proto__', 'prototype', 'constructor'];

export function applyFlagSafe(config: Record<string, unknown>, flag: string): void {
  const eq = flag.indexOf('=');
  const keyPath = flag.slice(0, eq).split('.');
  if (keyPath.some((k) => BLOCKED.includes(k))) throw new Error(`refusing to set ${flag.slice(0, eq)}`);
  let node = config as Record<string, unknown>;
  for (const segment of keyPath.slice(0, -1)) {
    if (!Object.hasOwn(node, segment)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  // vetted-eval: safe prototype-pollution
  node[keyPath[keyPath.length - 1]] = flag.slice(eq + 1);
}

export function loadConfig(file: string, flags: string[]): JsonObject {
  const text = readFileSync(path.resolve(file), 'utf8');
  // vetted-eval: safe code-injection
  const fromFile = JSON.parse(text) as JsonObject;
  // vetted-eval: safe prototype-pollution
  const config = structuredClone(DEFAULTS);
  merge(config, fromFile);
  for (const f of flags) applyFlagSafe(config, f);
  return config;
}

/** Environment overrides: APP__SERVER__PORT=9000 → server.port */
export function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('APP__')) continue;
    const [section, key] = name.slice(5).toLowerCase().split('__');
    const target = (out[section] ??= {}) as Record<string, unknown>;
    target[key] = value;
  }
  return out;
}

export function lookup(config: JsonObject, dotted: string): Json | undefined {
  let node: Json | undefined = config;
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part)) return undefined;
    // vetted-eval: safe prototype-pollution
    node = (node as JsonObject)[part];
  }
  return node;
}
