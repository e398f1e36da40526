import { accept, refuse, type Checked, type ValueRule } from './value-rule.js';
import { valueSchema, type JsonSchemaFragment } from './field-schema.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Length in Unicode code points, as CONTRACT.md measures strings (an emoji counts once). */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Why a string is refused whatever field it is in (U+0000, unpaired surrogates), or null. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain U+0000';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired surrogates';
  return null;
}

/**
 * A string of `min`–`max` code points, free of U+0000 and unpaired surrogates; `format`
 * then checks (and may normalise) what it says.
 */
export function textRule<T = string>(limits: { min?: number; max: number }, format?: (text: string) => Checked<T>): ValueRule<T> {
  const { min = 0, max } = limits;
  return (value) => {
    if (typeof value !== 'string') return refuse('expected a string');
    const problem = textProblem(value);
    if (problem) return refuse(problem);
    const length = codePoints(value);
    if (length < min) return refuse(min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    if (length > max) return refuse(`must be at most ${max} characters (Unicode code points); got ${length}`);
    return format ? format(value) : accept(value as T);
  };
}

/** The JSON Schema of `textRule(limits)`'s strings (JSON Schema counts code points too). */
export function textJson({ min, max }: { min?: number; max: number }): JsonSchemaFragment {
  return {
    type: 'string',
    ...(min !== undefined ? { minLength: min } : {}),
    maxLength: max,
    description: `At most ${max} code points; U+0000 and unpaired surrogates are refused.`,
  };
}

/** `textRule` as a declared value, with its JSON Schema. */
export const textSchema = (limits: { min?: number; max: number }) => valueSchema(textRule(limits), textJson(limits));
