import type { z } from 'zod';
import type { FieldError } from './domain.errors.js';

function escape(segment: PropertyKey): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => '/' + escape(segment)).join('');
}

/** zod issues → JSON-pointer field errors; an unknown key is reported at its own pointer. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: prefix + pointerOf([...issue.path, key]), detail: 'unknown field' }));
    }
    const detail = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return [{ pointer: prefix + pointerOf(issue.path), detail }];
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
