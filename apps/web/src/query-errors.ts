import { queryErrors } from './views/statement-types.ts';

/**
 * Which of a 400 problem's query errors (`/query/<name>`, read by `queryErrors`) a view shows
 * at its own controls (`at`, by parameter name), and what is left for its general alert
 * (`rest`: the error itself when any of it names no control, or it is not a 400 with errors).
 */
export function errorsAtControls(error: Error | null, controls: readonly string[]): { at: Record<string, string>; rest: Error | null } {
  if (!error) return { at: {}, rest: null };
  const all = queryErrors(error);
  const at = Object.fromEntries([...all].filter(([name]) => controls.includes(name)));
  return { at, rest: all.size > 0 && Object.keys(at).length === all.size ? null : error };
}

/** The attributes an input takes when `message` is its error (the message's id is `<id>-error`). */
export function invalidProps(id: string, message: string | undefined) {
  return message ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};
}
