import { childPointer, type FieldError, type Parsed } from './field-error.js';
import type { ValueRule } from './value-rule.js';

/**
 * A field of a JSON object: a value checked by a rule, an object read as a whole, or an
 * object read as a JSON merge patch (RFC 7396) of the given shape.
 */
export type FieldSpec =
  { required: boolean; rule: ValueRule<unknown> } | { required: boolean; shape: ObjectShape } | { required: boolean; patchOf: ObjectShape };

export type ObjectShape = Readonly<Record<string, FieldSpec>>;

/**
 * `whole`: every field of the shape comes out; a missing optional field and an explicit
 * null both become null, a missing required one is an error.
 * `patch` (RFC 7396): only the fields sent come out; null removes an optional field and
 * is an error on a required one; nested objects are patches too.
 */
export type ReadMode = 'whole' | 'patch';

export const required = (rule: ValueRule<unknown>): FieldSpec => ({ required: true, rule });
export const optional = (rule: ValueRule<unknown>): FieldSpec => ({ required: false, rule });

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `input` as an object of `shape`, appending an error (with its pointer) for every
 * unknown field and every field that breaks its rule. The output holds the shape's fields
 * in the shape's order, normalised by their rules; it is meaningful only if no error was added.
 */
export function readObject(input: unknown, shape: ObjectShape, mode: ReadMode, pointer: string, errors: FieldError[]): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  if (!isJsonObject(input)) {
    errors.push({ pointer, detail: mode === 'patch' ? 'expected a JSON object (a merge patch)' : 'expected a JSON object' });
    return output;
  }
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(shape, key)) errors.push({ pointer: childPointer(pointer, key), detail: 'unknown field' });
  }
  for (const [key, spec] of Object.entries(shape)) {
    const at = childPointer(pointer, key);
    const value = Object.hasOwn(input, key) ? input[key] : undefined;
    if (value === undefined || value === null) {
      if (mode === 'patch' && value === undefined) continue;
      if (spec.required) errors.push({ pointer: at, detail: mode === 'patch' ? 'is required; it cannot be removed' : 'is required' });
      else output[key] = null;
      continue;
    }
    if ('rule' in spec) {
      const checked = spec.rule(value);
      if (checked.ok) output[key] = checked.value;
      else errors.push({ pointer: at, detail: checked.detail });
    } else if ('shape' in spec) {
      output[key] = readObject(value, spec.shape, mode, at, errors);
    } else {
      output[key] = readObject(value, spec.patchOf, 'patch', at, errors);
    }
  }
  return output;
}

/** `readObject` as a parse result. */
export function parseObject<T>(input: unknown, shape: ObjectShape, mode: ReadMode, pointer = ''): Parsed<T> {
  const errors: FieldError[] = [];
  const value = readObject(input, shape, mode, pointer, errors) as T;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
