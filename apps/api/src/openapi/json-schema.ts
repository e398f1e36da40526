import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/** A JSON Schema (OpenAPI 3.1 = JSON Schema 2020-12), typed for the keywords the document uses. */
export type JsonSchema = Omit<SchemaObject, 'type' | 'properties' | 'items' | 'anyOf' | 'oneOf' | 'allOf' | 'additionalProperties'> & {
  type?: string | string[];
  const?: unknown;
  properties?: Record<string, JsonSchema | ReferenceObject>;
  items?: JsonSchema | ReferenceObject;
  anyOf?: (JsonSchema | ReferenceObject)[];
  oneOf?: (JsonSchema | ReferenceObject)[];
  allOf?: (JsonSchema | ReferenceObject)[];
  additionalProperties?: JsonSchema | ReferenceObject | boolean;
  contentMediaType?: string;
  contentSchema?: JsonSchema | ReferenceObject;
};

/** `$ref` to a component schema (the linter in the e2e test fails on a dangling one). */
export function ref(name: string): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** `T or null`, for the optional fields every answer carries as null when absent. */
export function orNull(schema: JsonSchema | ReferenceObject): JsonSchema {
  if ('$ref' in schema) return { anyOf: [schema, { type: 'null' }] };
  const type = schema.type;
  if (typeof type === 'string') return { ...schema, type: [type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** An object whose fields are the given ones, none other; `required` as given. */
export const strictObject = (properties: Record<string, JsonSchema | ReferenceObject>, required: string[] = []): JsonSchema => ({
  type: 'object',
  ...(required.length ? { required } : {}),
  additionalProperties: false,
  properties,
});
