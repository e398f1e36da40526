import { childPointer, type FieldError, type Parsed } from './field-error.js';
import type { FieldDefault } from './field-schema.js';
import type { ValueRule } from './value-rule.js';

/** The rules across an object's fields: errors with pointers relative to the object. */
type Problems = (value: Record<string, unknown>) => FieldError[];

/**
 * A field of a JSON object: a value checked by a rule, an object read as a whole (then
 * checked across its fields by `problems`), an array of `count.min`–`count.max` such objects
 * (`items`; in a patch too an array is replaced whole), or an object read as a JSON merge
 * patch (RFC 7396) of the given shape. `byDefault`: what an omitted field becomes in a whole
 * object; in a patch such a field cannot be removed.
 */
export type FieldSpec = { required: boolean; byDefault?: FieldDefault } & (
  | { rule: ValueRule<unknown> }
  | { shape: ObjectShape; problems?: Problems }
  | { items: ObjectShape; count: { min: number; max: number }; problems?: Problems }
  | { patchOf: ObjectShape }
);

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
  const copies: [key: string, from: readonly string[]][] = [];
  for (const [key, spec] of Object.entries(shape)) {
    const at = childPointer(pointer, key);
    const value = Object.hasOwn(input, key) ? input[key] : undefined;
    if (value === undefined || value === null) {
      if (mode === 'patch' && value === undefined) continue;
      if (spec.required || (mode === 'patch' && spec.byDefault)) {
        errors.push({ pointer: at, detail: mode === 'patch' ? 'is required; it cannot be removed' : 'is required' });
      } else if (spec.byDefault && 'value' in spec.byDefault) output[key] = spec.byDefault.value;
      else if (spec.byDefault) copies.push([key, spec.byDefault.copyOf]);
      else output[key] = null;
      continue;
    }
    if ('rule' in spec) {
      const checked = spec.rule(value);
      if (checked.ok) output[key] = checked.value;
      else errors.push({ pointer: at, detail: checked.detail });
    } else if ('shape' in spec) {
      output[key] = checkedObject(readObject(value, spec.shape, mode, at, errors), mode === 'whole' ? spec.problems : undefined, at, errors);
    } else if ('items' in spec) {
      output[key] = readArray(value, spec, at, errors);
    } else {
      output[key] = readObject(value, spec.patchOf, 'patch', at, errors);
    }
  }
  for (const [key, from] of copies) {
    const copied = from.reduce<unknown>((node, step) => (isJsonObject(node) ? node[step] : undefined), output);
    if (copied === undefined || copied === null) {
      // Not when that value, or the object holding it, has an error already: one error per value.
      const at = from.reduce(childPointer, pointer);
      const holder = from.slice(0, -1).reduce(childPointer, pointer);
      if (!errors.some((error) => error.pointer === at || error.pointer === holder)) errors.push({ pointer: at, detail: `is required unless ${key} is given` });
    } else output[key] = copied;
  }
  return output;
}

/** An object read whole, then its cross-field `problems` (only if its fields were all read without error). */
function checkedObject(value: Record<string, unknown>, problems: Problems | undefined, pointer: string, errors: FieldError[]): Record<string, unknown> {
  if (problems && !errors.some((error) => error.pointer === pointer || error.pointer.startsWith(`${pointer}/`))) {
    for (const problem of problems(value)) errors.push({ pointer: `${pointer}${problem.pointer}`, detail: problem.detail });
  }
  return value;
}

/** An array of objects, each read whole (an array is replaced whole, in a patch too), each error at its item's pointer. */
function readArray(value: unknown, spec: Extract<FieldSpec, { items: ObjectShape }>, pointer: string, errors: FieldError[]): unknown[] {
  const { min, max } = spec.count;
  if (!Array.isArray(value)) {
    errors.push({ pointer, detail: `expected an array of ${min}–${max} objects` });
    return [];
  }
  if (value.length < min || value.length > max) {
    errors.push({ pointer, detail: `expected ${min}–${max} items, got ${value.length}` });
    return [];
  }
  return value.map((item, index) => {
    const at = childPointer(pointer, index);
    return checkedObject(readObject(item, spec.items, 'whole', at, errors), spec.problems, at, errors);
  });
}

/** `readObject` as a parse result. */
export function parseObject<T>(input: unknown, shape: ObjectShape, mode: ReadMode, pointer = ''): Parsed<T> {
  const errors: FieldError[] = [];
  const value = readObject(input, shape, mode, pointer, errors) as T;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
