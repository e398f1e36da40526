import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiGet, type Topic } from '../api.ts';
import { useLoad, Status } from '../load.tsx';
import { keyHref, searchHref, statementHref } from '../route.ts';
import { SCALE, words } from '../scale.ts';
import type { TimeTravel } from '../time-travel.tsx';
import { queryErrors, type FullStatement } from './statement-types.ts';

/** The filters of GET /v1/statements this form offers, by query parameter. */
const FIELDS = ['q', 'holder', 'topic', 'position', 'attribution', 'modality', 'cameoCode', 'person', 'publisher', 'recordedBy'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const LABELS: Record<Field, string> = {
  q: 'Words',
  holder: 'Holder',
  topic: 'Topic',
  position: 'Position',
  attribution: 'Attribution',
  modality: 'Modality',
  cameoCode: 'CAMEO code',
  person: 'Person',
  publisher: 'Publisher',
  recordedBy: 'Recorded by',
};

const HINTS: Partial<Record<Field, string>> = {
  q: 'Words (all must be there), "a quoted phrase", or between two alternatives, -word to leave one out. Whole words, any case: submarine does not find submarines.',
  holder: 'A country code (KOR) or an actor’s slug (aukus).',
  person: 'The speaker, exact but for case.',
  publisher: 'Any of the sources’ publishers, exact but for case.',
  recordedBy: 'The API key name that recorded it.',
};

const CHOICES: Partial<Record<Field, readonly string[]>> = {
  position: SCALE.map((item) => item.position),
  attribution: ['on_record', 'unnamed_official', 'anonymous_sources', 'reported'],
  modality: ['firm', 'hedged', 'conditional'],
};

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
          {(['holder', 'person', 'publisher', 'cameoCode', 'recordedBy'] as const).map((field) => (
            <TextField key={field} field={field} value={values[field]} error={errors.get(field)} onInput={set} />
          ))}
          <Choice field="topic" value={values.topic} error={errors.get('topic')} choices={topicChoices} onInput={set} />
          {(['position', 'attribution', 'modality'] as const).map((field) => (
            <Choice
              key={field}
              field={field}
              value={values[field]}
              error={errors.get(field)}
              choices={CHOICES[field]!.map((value) => [value, words(value)] as const)}
              onInput={set}
            />
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

function TextField({ field, value, error, onInput, wide = false }: FieldProps & { wide?: boolean }) {
  return (
    <div class={wide ? 'field wide' : 'field'}>
      <label for={`search-${field}`}>{LABELS[field]}</label>
      <input
        id={`search-${field}`}
        name={field}
        type="text"
        value={value}
        onInput={(event) => onInput(field, event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(field, error)}
      />
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
