import { z } from 'zod';

/** Length in Unicode code points, as CONTRACT.md measures strings (not UTF-16 units). */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** U+0000 and unpaired surrogates are refused in every string. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain U+0000';
  if (!text.isWellFormed()) return 'must not contain unpaired surrogates';
  return null;
}

/** A string of `min`–`max` code points with no U+0000 and no unpaired surrogate. */
export function text(max: number, min = 0) {
  return z.string().superRefine((value, context) => {
    const problem = textProblem(value);
    if (problem) return context.addIssue({ code: 'custom', message: problem });
    const length = codePoints(value);
    if (length < min) context.addIssue({ code: 'custom', message: min === 1 ? 'must not be empty' : `must be at least ${min} characters` });
    if (length > max) context.addIssue({ code: 'custom', message: `must be at most ${max} characters (got ${length})` });
  });
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID of any version, normalised to lower case so one id has one spelling. */
export const uuid = z
  .string()
  .regex(UUID, 'must be a UUID')
  .transform((value) => value.toLowerCase());
