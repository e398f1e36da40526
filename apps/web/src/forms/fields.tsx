import type { ComponentChildren } from 'preact';
import type { FormErrors } from './problem.ts';

/** The element id of a field (`sources/1/url` → `f-sources-1-url`), for labels, the summary's links and focus. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

interface FieldProps {
  name: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  errors: FormErrors;
  hint?: ComponentChildren;
  type?: 'text' | 'url';
  list?: string;
  multiline?: boolean;
  /** For a select: its options as [value, text]. */
  options?: [string, string][];
  required?: boolean;
  lang?: string;
}

/**
 * A labelled input (or textarea, or select) that shows its hint and its error: an error
 * marks it `aria-invalid` and is what `aria-describedby` reads first. No native `required`:
 * the server's answer is the one rule, shown the same way for every field.
 */
export function Field({ name, label, value, onInput, errors, hint, type = 'text', list, multiline, options, required, lang }: FieldProps) {
  const id = fieldId(name);
  const error = errors.fields[name];
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value,
    lang,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': described,
    'aria-required': required ? ('true' as const) : undefined,
  };
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="required"> (required)</span> : null}
      </label>
      {options ? (
        <select {...common} onChange={(event) => onInput(event.currentTarget.value)}>
          {options.map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      ) : multiline ? (
        <textarea {...common} rows={3} onInput={(event) => onInput(event.currentTarget.value)} />
      ) : (
        <input {...common} type={type} list={list} autocomplete="off" onInput={(event) => onInput(event.currentTarget.value)} />
      )}
      {hint && (
        <p id={`${id}-hint`} class="help">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Moves the keyboard to a field (a summary link; the hash is the app's route, so it is not followed). */
function focusField(event: Event, name: string) {
  event.preventDefault();
  document.getElementById(fieldId(name))?.focus();
}

/**
 * Every error of a refused write at the top of the form, each linked to its field. It takes
 * focus when it appears (the form calls `.focus()` on `#form-errors`), so a screen reader
 * reads it and the keyboard starts there.
 */
export function ErrorSummary({ errors, labels, children }: { errors: FormErrors; labels: (name: string) => string; children?: ComponentChildren }) {
  if (errors.all.length === 0) return null;
  return (
    <div id="form-errors" class="error-summary" tabIndex={-1} role="alert" aria-labelledby="form-errors-title">
      <h3 id="form-errors-title">
        {errors.all.length === 1 ? 'The server refused this: 1 problem' : `The server refused this: ${errors.all.length} problems`}
      </h3>
      <ul>
        {errors.all.map((item, i) => (
          <li key={i}>
            {item.field ? (
              <a href={`#${fieldId(item.field)}`} onClick={(event) => focusField(event, item.field!)}>
                {labels(item.field)}: {item.message}
              </a>
            ) : (
              item.message
            )}
            {item.link && (
              <>
                {' '}
                <a href={item.link.href}>{item.link.text}</a>
              </>
            )}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}

/** After a refusal: the summary takes focus once it is on the page. */
export function focusSummary() {
  requestAnimationFrame(() => document.getElementById('form-errors')?.focus());
}

/** What a reader sees on an editor's route: the view's heading and why there is no form. */
export function EditorsOnly({ title }: { title: string }) {
  return (
    <section aria-labelledby="form-title">
      <h2 id="form-title" tabIndex={-1}>
        {title}
      </h2>
      <p class="editors-only">Editors only: your API key may read the ledger but not write to it.</p>
    </section>
  );
}

export const canEdit = (role: string) => role === 'editor' || role === 'admin';
