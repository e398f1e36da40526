/** One problem with one field of an input: an RFC 6901 JSON Pointer into it and what is wrong. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/** The outcome of parsing untrusted input: the normalised value, or every error found. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** The pointer to `key` inside the value at `parent` (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
