/**
 * RFC 8785 canonical JSON, producing exactly what the `canonicalize` package (4.x) produces
 * and refusing exactly what it refuses (NaN, Infinity, a lone surrogate, a cycle), at a
 * fraction of its cost: it is on every append (`dataHash`, `eventHash`) and every
 * Idempotency-Key. The package scans each string in JavaScript one character at a time,
 * keeps a `Set` of the objects on the path, and builds an array per object and per array
 * to join; here the engine's `isWellFormed` does the scan, the path is a short array (JSON
 * nests shallowly), and the text is appended to as it goes. Strings and numbers are
 * JSON.stringify's, as RFC 8785 has them (ECMAScript's own serialisation); object keys are
 * sorted by UTF-16 code units, as `Array.prototype.sort` does. canonical-json.spec.ts holds
 * it to the package's output.
 */
export function canonicalize(value: unknown): string | undefined {
  return encode(value, []);
}

function encode(value: unknown, path: object[]): string | undefined {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new Error('NaN is not allowed');
    if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw new Error('Lone surrogate is not allowed');
    return JSON.stringify(value);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (path.includes(value)) throw new Error('Circular reference detected');
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    path.push(value);
    const text = encode(toJSON.call(value), path);
    path.pop();
    return text;
  }
  path.push(value);
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      // The package maps and joins: a hole, or an item with no JSON form (a function),
      // leaves nothing between its commas.
      if (!(i in value)) continue;
      const item: unknown = value[i];
      text += encode(item === undefined || typeof item === 'symbol' ? null : item, path) ?? '';
    }
    text += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    text = '{';
    let first = true;
    for (const key of keys) {
      const item = record[key];
      if (item === undefined || typeof item === 'symbol') continue;
      if (!first) text += ',';
      first = false;
      // …while a member with no JSON form (a function) is written as `undefined` by it — kept.
      text += `${encode(key, path)}:${encode(item, path)}`;
    }
    text += '}';
  }
  path.pop();
  return text;
}
