import { isJsonObject } from './object-shape.js';

/**
 * RFC 7396 MergePatch(target, patch): an object patch merges key by key (null removes the
 * key), anything else replaces the target. Returns a new value; neither input is changed.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: Record<string, unknown> = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    // defineProperty, not assignment: a "__proto__" key stays a plain key.
    else Object.defineProperty(result, key, { value: mergePatch(result[key], value), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/**
 * The smallest RFC 7396 patch that turns `source` into `target` (both JSON): unchanged keys
 * left out, a key absent or null in `target` sent as null, nested objects diffed key by key,
 * anything else (arrays included) sent whole. Undefined when nothing differs.
 * `mergePatch(source, mergePatchBetween(source, target))` equals `target`, nulls aside.
 */
export function mergePatchBetween(source: unknown, target: unknown): unknown {
  if (!isJsonObject(source) || !isJsonObject(target)) return jsonEqual(source, target) ? undefined : target;
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(source), ...Object.keys(target)])) {
    const from = source[key] ?? null;
    const to = target[key] ?? null;
    const change = to === null ? (from === null ? undefined : null) : mergePatchBetween(from, to);
    if (change !== undefined) Object.defineProperty(patch, key, { value: change, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** Equality of two JSON values by content (key order ignored; arrays in order). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isJsonObject(a) && isJsonObject(b)) return mergePatchBetween(a, b) === undefined;
  return a === b;
}
