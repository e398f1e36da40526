import { ApiError } from './api.ts';

/**
 * The 400 problem's `errors[]` for query parameters (`/query/<name>`), by parameter name, so a
 * view can show each message at the control that sent it; `rest` is what no control named
 * (another status, or a pointer outside `/query/`), for the view's general alert.
 */
export function queryErrors(error: Error | null, controls: readonly string[]): { at: Record<string, string>; rest: Error | null } {
  if (!(error instanceof ApiError) || error.status !== 400) return { at: {}, rest: error };
  const listed = (error.problem as { errors?: { pointer?: string; detail?: string }[] } | null)?.errors ?? [];
  const at: Record<string, string> = {};
  for (const { pointer, detail } of listed) {
    const name = pointer?.startsWith('/query/') ? pointer.slice('/query/'.length) : '';
    if (controls.includes(name)) at[name] = at[name] ? `${at[name]}; ${detail}` : (detail ?? 'not accepted');
  }
  return { at, rest: Object.keys(at).length === listed.length && listed.length > 0 ? null : error };
}

/** The attributes an input (or fieldset) takes when `message` is its error, and the id of the message. */
export function invalidProps(id: string, message: string | undefined) {
  return message ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};
}
