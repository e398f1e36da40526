import type { FieldPath } from '@app/stances';
import type { ReferenceObject } from '@nestjs/swagger';
import type { JsonSchema } from '../openapi/json-schema.js';

/** Where @nestjs/swagger keeps a method's parameters (its API_PARAMETERS, which the package does not export). */
const API_PARAMETERS = 'swagger/apiParameters';

/**
 * The query parameters documented on `method` (a list endpoint), but those in `omit`: an
 * export takes its list's filters, so the filters a list gains are documented on its export too.
 */
export function ApiQueriesOf(method: (...args: never[]) => unknown, omit: readonly string[]): MethodDecorator {
  return (_target, _key, descriptor) => {
    const listed: { in: string; name: string }[] = Reflect.getMetadata(API_PARAMETERS, method) ?? [];
    const own: unknown[] = Reflect.getMetadata(API_PARAMETERS, descriptor.value as object) ?? [];
    const taken = listed.filter((parameter) => parameter.in === 'query' && !omit.includes(parameter.name));
    Reflect.defineMetadata(API_PARAMETERS, [...own, ...taken], descriptor.value as object);
    return descriptor;
  };
}

type Schema = JsonSchema | ReferenceObject;

/**
 * Every value of a documented JSON object that fits one cell, depth first in its property
 * order, with `$ref`s resolved against `components`: a nested object is dotted, a list left
 * out (as the Statement's columns are derived from its declaration).
 */
export function cellPathsOfJson(schema: Schema, components: Record<string, JsonSchema>, parent: FieldPath = []): FieldPath[] {
  const resolved = '$ref' in schema ? components[schema.$ref.replace('#/components/schemas/', '')] : schema;
  return Object.entries(resolved?.properties ?? {}).flatMap(([key, property]) => {
    const inner = '$ref' in property ? components[property.$ref.replace('#/components/schemas/', '')] : property;
    const types = [inner?.type ?? []].flat();
    if (types.includes('object') && inner?.properties) return cellPathsOfJson(inner, components, [...parent, key]);
    if (types.includes('array')) return [];
    return [[...parent, key]];
  });
}
