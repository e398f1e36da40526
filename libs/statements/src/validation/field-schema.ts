import { z } from 'zod';
import type { FieldError } from './field-error.js';
import type { ValueRule } from './value-rule.js';

/** What a field's rule may depend on besides the value: the request's time (null: fixed bounds only). */
export interface RuleContext {
  now: Date | null;
}

/** A JSON Schema (2020-12) fragment, as the API documents a value. */
export type JsonSchemaFragment = Record<string, unknown>;

/**
 * What an omitted field becomes when a whole object is read: a fixed value, or a copy of
 * another field's value (`copyOf`, a path from the object read; that field is then required
 * unless this one is sent). Such a field is stored resolved, so a merge patch cannot remove it.
 */
export type FieldDefault = { value: unknown } | { copyOf: readonly string[] };

/**
 * What a declaration carries besides zod's own structure: the rule that checks (and
 * normalises) a value, the value's JSON Schema (a named component when `component` is set),
 * a field's description, the read model's typed column that holds it, what an omitted field
 * defaults to, how many items an array holds, and (on an object) the rules across its
 * fields, as errors whose pointers are relative to the object.
 */
export interface FieldMeta {
  rule?: (context: RuleContext) => ValueRule<unknown>;
  json?: JsonSchemaFragment;
  component?: string;
  description?: string;
  column?: readonly [name: string, sqlType: string];
  byDefault?: FieldDefault;
  count?: { min: number; max: number };
  problems?: (value: Record<string, unknown>) => FieldError[];
}

// zod's own registries reshape function-valued metadata in their types; a WeakMap keeps the rule's type.
const metas = new WeakMap<z.core.$ZodType, FieldMeta>();

/** The metadata declared on `schema` (empty for a plain zod schema). */
export function fieldMeta(schema: z.core.$ZodType): FieldMeta {
  return metas.get(schema) ?? {};
}

/**
 * A value checked by `rule`: a zod schema whose check runs the rule (with fixed bounds
 * only), so `safeParse` agrees with the parsers, which run the same rule with the request's time.
 */
export function ruleSchema<T>(rule: (context: RuleContext) => ValueRule<T>, json: JsonSchemaFragment, component?: string): z.ZodCustom<T, T> {
  const withoutNow = rule({ now: null });
  const schema = z.custom<T>().check((payload) => {
    const checked = withoutNow(payload.value);
    if (checked.ok) payload.value = checked.value;
    else payload.issues.push({ code: 'custom', message: checked.detail, input: payload.value });
  });
  metas.set(schema, { rule, json, ...(component ? { component } : {}) });
  return schema;
}

/** `ruleSchema` for a rule that needs no context. */
export const valueSchema = <T>(rule: ValueRule<T>, json: JsonSchemaFragment, component?: string) => ruleSchema(() => rule, json, component);

/**
 * A field of a declaration: `schema` with its own description, read-model column, or (for
 * an object, or a plain zod value) the component name and JSON Schema the API documents it by.
 */
export function field<S extends z.ZodType>(schema: S, meta: Omit<FieldMeta, 'rule'>): S {
  const declared = schema.clone() as S;
  metas.set(declared, { ...fieldMeta(schema), ...meta });
  return declared;
}

/** A JSON object of exactly these fields (zod's strict object: unknown fields are refused). */
export type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** A field as declared: optional (nullable) or not, and what it holds. */
export interface FieldOf {
  key: string;
  optional: boolean;
  /** The nested object, or null for a value. */
  object: ObjectSchema | null;
  /** For an array of objects: the items' object (declared with `count`), else null. */
  items: ObjectSchema | null;
  meta: FieldMeta;
}

const fieldsCache = new WeakMap<ObjectSchema, readonly FieldOf[]>();

/** The fields of an object schema in declaration order (the contract's), read once per schema. */
export function fieldsOf(schema: ObjectSchema): readonly FieldOf[] {
  let fields = fieldsCache.get(schema);
  if (!fields) {
    fields = Object.entries(schema.shape).map(([key, declared]) => {
      const optional = declared instanceof z.ZodNullable;
      const inner = optional ? declared.unwrap() : declared;
      const meta = { ...fieldMeta(inner), ...(optional ? fieldMeta(declared) : {}) };
      const items = inner instanceof z.ZodArray && inner.element instanceof z.ZodObject ? (inner.element as ObjectSchema) : null;
      return { key, optional, object: inner instanceof z.ZodObject ? inner : null, items, meta };
    });
    fieldsCache.set(schema, fields);
  }
  return fields;
}

/** A value of an object schema: where it is (["actor", "country"], ["topic"], …) and its declaration. */
export interface Leaf {
  path: string[];
  meta: FieldMeta;
}

/** Every value of an object schema, depth first in declaration order (an array is one value). */
export function leavesOf(schema: ObjectSchema, parent: readonly string[] = []): Leaf[] {
  return fieldsOf(schema).flatMap(({ key, object, meta }) => (object ? leavesOf(object, [...parent, key]) : [{ path: [...parent, key], meta }]));
}

/** The value at `path` of a JSON value, or undefined. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) node = (node as Record<string, unknown> | null | undefined)?.[key];
  return node;
}

type Normaliser = (value: unknown) => Record<string, unknown>;
const normalisers = new WeakMap<ObjectSchema, Normaliser>();

/** `normalForm` for one schema, its field list resolved once: reads build one per statement served. */
function normaliserOf(schema: ObjectSchema): Normaliser {
  let normalise = normalisers.get(schema);
  if (!normalise) {
    const fields = fieldsOf(schema).map(({ key, object, items }) => ({
      key,
      nested: object ? normaliserOf(object) : null,
      item: items ? normaliserOf(items) : null,
    }));
    normalise = (value) => {
      const source = (value ?? {}) as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const { key, nested, item } of fields) {
        const held = source[key];
        if (nested) result[key] = nested(held);
        else if (item && Array.isArray(held)) result[key] = held.map(item);
        else result[key] = held ?? null;
      }
      return result;
    };
    normalisers.set(schema, normalise);
  }
  return normalise;
}

/**
 * `value` in the schema's normal form: the schema's fields only, in its order, nested
 * objects (and the objects of an array) likewise, an absent field as null. No validation: for values already accepted.
 */
export function normalForm<T>(schema: ObjectSchema, value: unknown): T {
  return normaliserOf(schema)(value) as T;
}
