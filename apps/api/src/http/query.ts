import { z } from 'zod';
import { validationProblem, type FieldError } from './problem.js';

/**
 * Query-string parsing: every endpoint declares its parameters as a strict zod object;
 * an unknown parameter, a repeated one or a bad value is a 400 whose pointer is
 * `/query/<name>`. The object is built once, at module level: built per request it cost
 * more than the rest of a cached read, since zod compiles a fast path (`new Function`)
 * for every new object schema on its first parse.
 */
export function parseQuery<T extends z.ZodRawShape>(query: unknown, schema: z.ZodObject<T>): z.infer<z.ZodObject<T>> {
  const input = (query ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(input)) {
    if (!Object.hasOwn(schema.shape, name)) errors.push({ pointer: `/query/${name}`, detail: 'unknown query parameter' });
    else if (typeof value !== 'string') errors.push({ pointer: `/query/${name}`, detail: 'give this parameter once' });
  }
  if (errors.length > 0) throw validationProblem(errors);
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw validationProblem(parsed.error.issues.map((issue) => ({ pointer: `/query/${String(issue.path[0] ?? '')}`, detail: issue.message })));
  }
  return parsed.data;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function validDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/**
 * Whether an ISO instant lies in years 0001–9999, the range PostgreSQL's timestamptz reads
 * back from this form: year 0000 and the expanded years (+010000-…) that an offset can
 * push a valid date-time into are refused there with an error, not answered.
 */
export function inInstantRange(iso: string): boolean {
  return /^\d{4}-/.test(iso) && !iso.startsWith('0000');
}

/**
 * A date or an RFC 3339 date-time, as an instant (ISO string). A bare date means the start
 * of that UTC day (`from`) or its last millisecond (`asOf`, `knownAt`, `to`: inclusive).
 */
export function instant(edge: 'start' | 'end') {
  return z.string().transform((text, context) => {
    let value: string | null = null;
    if (validDate(text)) {
      value = edge === 'start' ? `${text}T00:00:00.000Z` : `${text}T23:59:59.999Z`;
    } else if (DATE_TIME.test(text) && validDate(text.slice(0, 10))) {
      const time = new Date(text);
      if (!Number.isNaN(time.getTime())) value = time.toISOString();
    }
    if (value !== null && inInstantRange(value)) return value;
    context.addIssue({ code: 'custom', message: 'expected a date (YYYY-MM-DD) or an RFC 3339 date-time, in years 0001–9999 (UTC)' });
    return z.NEVER;
  });
}

function integerText(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, `expected an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** An optional integer parameter in [min, max]. */
export function integer(min: number, max: number) {
  return integerText(min, max).optional();
}

/** An integer parameter in [min, max] that defaults to `fallback`. */
export function integerOr(min: number, max: number, fallback: number) {
  return integerText(min, max)
    .optional()
    .transform((value) => value ?? fallback);
}
