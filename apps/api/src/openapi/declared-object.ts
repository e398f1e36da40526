import { fieldMeta, fieldsOf, type FieldOf, type ObjectSchema } from '@app/statements';
import type { ReferenceObject } from '@nestjs/swagger';
import { orNull, ref, strictObject, type JsonSchema } from './json-schema.js';

/**
 * The JSON Schema of an object declared with @app/statements' field machinery (a
 * statement, an actor): for a write (`input`: the required fields required), a merge patch
 * (`patch`: none required, the required ones not nullable), and an answer (`answer`: every
 * field present, optional ones null; nested objects with a component by reference).
 */
export type Mode = 'input' | 'patch' | 'answer';

function described(schema: JsonSchema | ReferenceObject, description: string | undefined): JsonSchema | ReferenceObject {
  return description ? { ...schema, description } : schema;
}

function propertyOf(field: FieldOf, mode: Mode): JsonSchema | ReferenceObject {
  const { meta } = field;
  let schema: JsonSchema | ReferenceObject;
  if (field.object) schema = mode === 'answer' && meta.component ? ref(meta.component) : objectOf(field.object, mode);
  else if (field.items) schema = described(arrayOf(field.items, meta, mode), meta.description);
  else if (meta.component) schema = described(ref(meta.component), meta.description);
  else {
    const own = meta.json ?? {};
    const description = [meta.description, own.description].filter(Boolean).join(' ');
    schema = description ? { ...own, description } : own;
  }
  if (meta.byDefault && 'value' in meta.byDefault && mode === 'input') schema = { ...schema, default: meta.byDefault.value };
  return field.optional ? orNull(schema) : schema;
}

/** An array of declared objects (replaced whole, in a patch too); by reference in an answer when the item has a component. */
function arrayOf(items: ObjectSchema, meta: FieldOf['meta'], mode: Mode): JsonSchema {
  const { component } = fieldMeta(items);
  const item = mode === 'answer' && component ? ref(component) : objectOf(items, mode === 'patch' ? 'input' : mode);
  return { type: 'array', items: item, ...(meta.count ? { minItems: meta.count.min, maxItems: meta.count.max } : {}) };
}

export function objectOf(schema: ObjectSchema, mode: Mode): JsonSchema {
  const fields = fieldsOf(schema);
  // A field with a default may be omitted on input; an answer always has it.
  const required = mode === 'patch' ? [] : fields.filter((field) => mode === 'answer' || (!field.optional && !field.meta.byDefault)).map(({ key }) => key);
  return strictObject(Object.fromEntries(fields.map((field) => [field.key, propertyOf(field, mode)])), required);
}
