import { ApiError, problemOf, type Problem } from '../api.ts';
import { statementHref } from '../route.ts';

/** One line of a form's error summary: the field it belongs to (null: the whole form), what is wrong, and a link where it helps. */
export interface FormError {
  field: string | null;
  message: string;
  link?: { href: string; text: string };
}

/** A refused write as a form shows it: each field's message, and every line for the summary at the top. */
export interface FormErrors {
  fields: Record<string, string>;
  all: FormError[];
}

export const NO_ERRORS: FormErrors = { fields: {}, all: [] };

/**
 * The form field a problem's pointer names. Pointers are into the body (`/actor/person`,
 * `/sources/1/url`), a correction's under `/changes`; a `/body` prefix is read the same. A
 * pointer at a group (`/actor`: none of country, body, person; `/sources/1`: neither url nor
 * publisher) goes to the group's first field, so the message still sits where the user looks.
 */
export function fieldOf(pointer: string, fields: string[]): string | null {
  let path = pointer
    .replace(/^\/body(?=\/|$)/, '')
    .replace(/^\/changes(?=\/|$)/, '')
    .replace(/^\/source(?=\/|$)/, '/sources/0') // v1's single source is sources[0]
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('/');
  while (path !== '') {
    if (fields.includes(path)) return path;
    const first = fields.find((field) => field.startsWith(`${path}/`));
    if (first) return first;
    path = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  }
  return null;
}

/** A 422 names no pointer; its code and detail say which field the ledger refused. */
function unprocessableField(problem: Problem): string | null {
  if (problem.code === 'STATEMENT.TOPIC_NOT_REGISTERED') return 'topic';
  if (problem.code === 'STATEMENT.ACTOR_NOT_REGISTERED') return /\(the target\)/.test(problem.detail ?? '') ? 'target' : 'holder';
  return null;
}

/** Every error of a refused write, each at its field where it has one (`fields`: the names the form shows). */
export function formErrors(error: unknown, fields: string[]): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, all: [{ field: null, message: `The request did not reach the server: ${(error as Error).message}` }] };
  const problem = problemOf(error);
  const all: FormError[] = [];
  if (problem.type === 'urn:stance-ledger:duplicate') {
    const original = problem.duplicateOf;
    all.push({
      field: null,
      message:
        `Already recorded: an active statement has the same holder, topic, target, position, date, quote, speaker and primary source. ${problem.detail ?? ''}`.trim(),
      link: original ? { href: statementHref(original), text: 'Open that statement' } : undefined,
    });
  } else if (problem.errors && problem.errors.length > 0) {
    for (const item of problem.errors) all.push({ field: fieldOf(item.pointer, fields), message: item.detail });
  } else {
    const field = error.status === 422 ? unprocessableField(problem) : null;
    all.push({ field, message: problem.detail ?? problem.title ?? `The server answered ${error.status}.` });
  }
  const byField: Record<string, string> = {};
  for (const item of all) if (item.field) byField[item.field] = byField[item.field] ? `${byField[item.field]}; ${item.message}` : item.message;
  // The summary in the page's order of the fields, the form-wide lines first.
  all.sort((a, b) => (a.field === null ? -1 : fields.indexOf(a.field)) - (b.field === null ? -1 : fields.indexOf(b.field)));
  return { fields: byField, all };
}
