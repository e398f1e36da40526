import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, type Topic } from '../api.ts';
import { ATTRIBUTIONS } from '../attribution-filter.tsx';
import { useLoad, Status } from '../load.tsx';
import { keyHref, searchHref, statementHref } from '../route.ts';
import { SCALE, words } from '../scale.ts';
import type { TimeTravel } from '../time-travel.tsx';
import { queryErrors, type FullStatement } from './statement-types.ts';

/** The filters of GET /v1/statements this form offers, by query parameter. */
const FIELDS = [
  'q',
  'holder',
  'topic',
  'target',
  'position',
  'attribution',
  'modality',
  'status',
  'from',
  'to',
  'cameoCode',
  'person',
  'publisher',
  'recordedBy',
] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const LABELS: Record<Field, string> = {
  q: 'Words',
  holder: 'Holder',
  topic: 'Topic',
  target: 'Target',
  position: 'Position',
  attribution: 'Attribution',
  modality: 'Modality',
  status: 'Status',
  from: 'Stated from',
  to: 'Stated until',
  cameoCode: 'CAMEO code',
  person: 'Person',
  publisher: 'Publisher',
  recordedBy: 'Recorded by',
};

const HINTS: Partial<Record<Field, string>> = {
  q: 'Words (all must be there), "a quoted phrase", or between two alternatives, -word to leave one out. Whole words, any case: submarine does not find submarines.',
  holder: 'A country code (KOR) or an actor’s slug (aukus).',
  target: 'A country code, an actor’s slug, or none.',
  from: 'Statements whose stated time begins on or after this day.',
  to: 'Statements whose stated time begins on or before this day.',
  person: 'The speaker, exact but for case.',
  publisher: 'Any of the sources’ publishers, exact but for case.',
  recordedBy: 'The API key name that recorded it.',
};

/** The filters the API takes as comma lists (any of them): a box per value, none ticked meaning any. */
const CHOICES = {
  position: SCALE.map((item) => item.position),
  attribution: ATTRIBUTIONS,
  modality: ['firm', 'hedged', 'conditional'],
} as const satisfies Partial<Record<Field, readonly string[]>>;

const PAGE = '50';

interface StatementPage {
  items: FullStatement[];
  nextCursor: string | null;
}

function valuesOf(query: URLSearchParams): Values {
  return Object.fromEntries(FIELDS.map((field) => [field, query.get(field) ?? ''])) as Values;
}

/**
 * Search over statements: the form's values live in the hash (`#/search?q=…`), so a search is
 * a link to share and Back returns to the previous one. Obeys the time control's `knownAt`
 * (the versions the ledger knew then); `asOf` does not apply, the list has no valid-time cut.
 */
export function Search({ query, time }: { query: URLSearchParams; time: TimeTravel }) {
  const queryText = query.toString();
  const asked = valuesOf(query);
  const [values, setValues] = useState<Values>(asked);
  const [more, setMore] = useState<StatementPage | null>(null);
  const [moreError, setMoreError] = useState('');
  const topics = useLoad(() => apiGet<{ items: Topic[] }>('/v1/topics'), []);
  const loaded = useLoad(() => apiGet<StatementPage>('/v1/statements', { ...asked, knownAt: time.knownAt, limit: PAGE }), [queryText, time.knownAt]);

  // A new search (submitted, or reached by Back): the form shows its values, and earlier "More" pages go.
  useEffect(() => {
    setValues(asked);
    setMore(null);
    setMoreError('');
  }, [queryText, time.knownAt]);

  const errors = loaded.state === 'failed' ? queryErrors(loaded.error) : new Map<string, string>();
  const fieldErrors = FIELDS.filter((field) => errors.has(field));
  // A refused search: the keyboard goes to the first field the server named.
  useEffect(() => {
    if (fieldErrors.length > 0) document.getElementById(`search-${fieldErrors[0]}`)?.focus();
  }, [loaded]);

  const submit = (event: Event) => {
    event.preventDefault();
    location.hash = searchHref(values);
  };
  const loadMore = async (cursor: string) => {
    setMoreError('');
    try {
      const page = await apiGet<StatementPage>('/v1/statements', { ...asked, knownAt: time.knownAt, limit: PAGE, cursor });
      setMore((now) => ({ items: [...(now?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (error) {
      setMoreError(`Could not load more: ${(error as Error).message}`);
    }
  };
  const set = (field: Field, value: string) => setValues((now) => ({ ...now, [field]: value }));
  const topicChoices = topics.state === 'done' ? topics.value.items.map((topic) => [topic.slug, topic.title] as const) : [];
  if (values.topic && !topicChoices.some(([slug]) => slug === values.topic)) topicChoices.push([values.topic, values.topic]);

  return (
    <section aria-labelledby="search-title" class="search">
      <h2 id="search-title" tabIndex={-1}>
        Search statements
      </h2>
      <form onSubmit={submit} class="search-form" noValidate>
        <TextField field="q" value={values.q} error={errors.get('q')} onInput={set} wide />
        <div class="filters">
          {(['holder', 'target', 'person', 'publisher', 'cameoCode', 'recordedBy'] as const).map((field) => (
            <TextField key={field} field={field} value={values[field]} error={errors.get(field)} onInput={set} />
          ))}
          <Choice field="topic" value={values.topic} error={errors.get('topic')} choices={topicChoices} onInput={set} />
          <Choice
            field="status"
            value={values.status}
            error={errors.get('status')}
            choices={[
              ['active', 'active'],
              ['retracted', 'retracted'],
            ]}
            onInput={set}
          />
          {(['from', 'to'] as const).map((field) => (
            <TextField key={field} field={field} type="date" value={values[field]} error={errors.get(field)} onInput={set} />
          ))}
          {(['position', 'attribution', 'modality'] as const).map((field) => (
            <Boxes key={field} field={field} value={values[field]} error={errors.get(field)} choices={CHOICES[field]} onInput={set} />
          ))}
        </div>
        <p class="search-buttons">
          <button type="submit">Search</button> <a href={searchHref()}>Clear</a>
        </p>
      </form>
      {loaded.state === 'failed' && loaded.error instanceof ApiError && loaded.error.status === 400 ? (
        <p role="alert">
          The search was refused: {fieldErrors.length > 0 ? `see ${fieldErrors.map((field) => LABELS[field]).join(', ')}.` : loaded.error.message}
        </p>
      ) : (
        <Status loaded={loaded} />
      )}
      {loaded.state === 'done' && (
        <Results items={[...loaded.value.items, ...(more?.items ?? [])]} cursor={more ? more.nextCursor : loaded.value.nextCursor} onMore={loadMore} />
      )}
      {moreError && <p role="alert">{moreError}</p>}
    </section>
  );
}

interface FieldProps {
  field: Field;
  value: string;
  error: string | undefined;
  onInput: (field: Field, value: string) => void;
}

/** The ids of a field's hint and error message, for its aria-describedby. */
function describedBy(field: Field, error: string | undefined): string | undefined {
  const ids = [HINTS[field] ? `search-${field}-hint` : '', error ? `search-${field}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Messages({ field, error }: { field: Field; error: string | undefined }) {
  return (
    <>
      {HINTS[field] && (
        <span id={`search-${field}-hint`} class="help">
          {HINTS[field]}
        </span>
      )}
      {error && (
        <span id={`search-${field}-error`} class="error">
          {error}
        </span>
      )}
    </>
  );
}

function TextField({ field, value, error, onInput, wide = false, type = 'text' }: FieldProps & { wide?: boolean; type?: 'text' | 'date' }) {
  const input = {
    id: `search-${field}`,
    name: field,
    value,
    onInput: (event: { currentTarget: HTMLInputElement }) => onInput(field, event.currentTarget.value),
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(field, error),
  };
  return (
    <div class={wide ? 'field wide' : 'field'}>
      <label for={input.id}>{LABELS[field]}</label>
      {type === 'date' ? <input type="date" {...input} /> : <input type="text" {...input} />}
      <Messages field={field} error={error} />
    </div>
  );
}

function Choice({ field, value, error, onInput, choices }: FieldProps & { choices: readonly (readonly [string, string])[] }) {
  return (
    <div class="field">
      <label for={`search-${field}`}>{LABELS[field]}</label>
      <select
        id={`search-${field}`}
        name={field}
        value={value}
        onChange={(event) => onInput(field, event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(field, error)}
      >
        <option value="">any</option>
        {choices.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
      <Messages field={field} error={error} />
    </div>
  );
}

/** A comma-list filter as checkboxes: the value is the ticked ones joined by commas, in the list's order. */
function Boxes({ field, value, error, onInput, choices }: FieldProps & { choices: readonly string[] }) {
  const ticked = value.split(',').filter(Boolean);
  const toggle = (choice: string) => onInput(field, choices.filter((item) => (item === choice ? !ticked.includes(item) : ticked.includes(item))).join(','));
  return (
    <fieldset class="field" aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(field, error)}>
      <legend id={`search-${field}`} tabIndex={-1}>
        {LABELS[field]} (none ticked: any)
      </legend>
      {choices.map((choice) => (
        <label key={choice} class="check">
          <input type="checkbox" name={field} value={choice} checked={ticked.includes(choice)} onChange={() => toggle(choice)} />
          {words(choice)}
        </label>
      ))}
      <Messages field={field} error={error} />
    </fieldset>
  );
}

function Results({ items, cursor, onMore }: { items: FullStatement[]; cursor: string | null; onMore: (cursor: string) => void }) {
  if (items.length === 0) return <p>No statement matches.</p>;
  return (
    <>
      <h3>
        {items.length} statement{items.length === 1 ? '' : 's'}
        {cursor ? ' shown, more to come' : ''}, newest first
      </h3>
      <ol class="results">
        {items.map((statement) => (
          <li key={statement.statementId}>
            <p class="head">
              <a href={statementHref(statement.statementId)}>
                <strong>{statement.statedAt}</strong> — {statement.holder}: {statement.position} on {statement.topic}
                {statement.target ? `, target ${statement.target}` : ''}
              </a>
              {statement.status === 'retracted' && <strong class="retracted-flag"> retracted</strong>}
            </p>
            {statement.summary && <p>{statement.summary}</p>}
            <p class="note">
              <a href={keyHref(statement.holder, statement.topic, statement.target)}>
                Timeline of {statement.holder} on {statement.topic}
                {statement.target ? `, target ${statement.target}` : ''}
              </a>
            </p>
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" onClick={() => onMore(cursor)}>
          More
        </button>
      )}
    </>
  );
}
