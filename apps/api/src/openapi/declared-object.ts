import { fieldsOf, type FieldOf, type ObjectSchema } from '@app/statements';
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
  else if (meta.component) schema = described(ref(meta.component), meta.description);
  else {
    const own = meta.json ?? {};
    const description = [meta.description, own.description].filter(Boolean).join(' ');
    schema = description ? { ...own, description } : own;
  }
  return field.optional ? orNull(schema) : schema;
}

export function objectOf(schema: ObjectSchema, mode: Mode): JsonSchema {
  const fields = fieldsOf(schema);
  const required = mode === 'patch' ? [] : fields.filter((field) => mode === 'answer' || !field.optional).map(({ key }) => key);
  return strictObject(Object.fromEntries(fields.map((field) => [field.key, propertyOf(field, mode)])), required);
}
