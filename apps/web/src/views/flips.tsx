import { useEffect, useRef, useState } from 'preact/hooks';
import { ATTRIBUTIONS } from '../attribution-filter.tsx';
import { apiGet, type Topic } from '../api.ts';
import { DraftInput } from '../draft-input.tsx';
import { useLoad, Status } from '../load.tsx';
import { errorsAtControls, invalidProps } from '../query-errors.ts';
import { useHashQuery } from '../hash-query.ts';
import { flipsHref, keyHref } from '../route.ts';
import { SCALE, words } from '../scale.ts';
import { timeParams, type TimeTravel } from '../time-travel.tsx';

/** An item of GET /v1/flips (docs/api.md). */
export interface Flip {
  holder: string;
  topic: string;
  target: string | null;
  change: 'half_flip' | 'full_flop';
  shift: string;
  orderUncertain: boolean;
  from: { statementId: string; position: string; statedAt: string };
  to: { statementId: string; position: string; statedAt: string };
}
interface FlipPage {
  items: Flip[];
  nextCursor: string | null;
}

const CHANGES = ['half_flip', 'full_flop'] as const;
const CHANGE_WORDS: Record<Flip['change'], string> = { half_flip: 'half flip', full_flop: 'full flop' };
const SHIFTS = ['stronger', 'weaker', 'to_neutral', 'from_neutral', 'reversal'];
/** What the hash may carry to the API; `limit` has no control (a shared link may set the page size). */
const PARAMS = ['topic', 'holder', 'target', 'change', 'shift', 'certain', 'from', 'to', 'attribution', 'limit'] as const;

/** Who flipped across stance keys (GET /v1/flips), filtered, newest first, a page at a time. */
export function Flips({ time }: { time: TimeTravel }) {
  const [query, set] = useHashQuery(flipsHref);
  const params = Object.fromEntries(PARAMS.map((name) => [name, query.get(name)]));
  const reading = JSON.stringify([params, time.asOf, time.knownAt]);
  const first = useLoad(() => apiGet<FlipPage>('/v1/flips', { ...params, ...timeParams(time) }), [reading]);
  const topics = useLoad(() => apiGet<{ items: Topic[] }>('/v1/topics'), []);
  const [more, setMore] = useState<{ pages: FlipPage[]; busy: boolean; error: Error | null }>({ pages: [], busy: false, error: null });
  const current = useRef(reading);
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => {
    current.current = reading;
    setMore({ pages: [], busy: false, error: null });
  }, [reading]);

  const { at, rest } = errorsAtControls(first.state === 'failed' ? first.error : null, PARAMS);
  const pages = first.state === 'done' ? [first.value, ...more.pages] : [];
  const items = pages.flatMap((page) => page.items);
  const cursor = pages.at(-1)?.nextCursor ?? null;

  // The next page reads with the same filters and times; an answer for filters since changed is dropped.
  const loadMore = async () => {
    if (!cursor) return;
    const asked = reading;
    const shown = items.length;
    setMore((now) => ({ ...now, busy: true, error: null }));
    try {
      const page = await apiGet<FlipPage>('/v1/flips', { ...params, ...timeParams(time), cursor });
      if (current.current !== asked) return;
      setMore((now) => ({ pages: [...now.pages, page], busy: false, error: null }));
      // The keyboard goes on from the first row just loaded.
      requestAnimationFrame(() => table.current?.querySelectorAll<HTMLElement>('tbody tr a')[shown]?.focus());
    } catch (error) {
      if (current.current === asked) setMore((now) => ({ ...now, busy: false, error: error as Error }));
    }
  };

  const list = (name: string) => query.get(name)?.split(',').filter(Boolean) ?? [];
  const toggle = (name: string, value: string) => {
    const now = list(name);
    set(name, (now.includes(value) ? now.filter((item) => item !== value) : [...now, value]).join(','));
  };
  const checks = (name: string, legend: string, values: readonly string[], label: (value: string) => string) => (
    <fieldset {...(at[name] ? { 'aria-describedby': `flips-${name}-error` } : {})}>
      <legend>{legend}</legend>
      {values.map((value) => (
        <label key={value} class="check">
          <input type="checkbox" name={name} value={value} checked={list(name).includes(value)} onChange={() => toggle(name, value)} />
          {label(value)}
        </label>
      ))}
      <FieldError name={name} message={at[name]} />
    </fieldset>
  );
  const text = (name: string, label: string, type: 'text' | 'date', help?: string) => (
    <label>
      {label}
      <DraftInput
        type={type}
        name={name}
        value={query.get(name) ?? ''}
        onCommit={(value) => set(name, value)}
        aria-invalid={at[name] ? 'true' : undefined}
        aria-describedby={[at[name] && `flips-${name}-error`, help && `flips-${name}-help`].filter(Boolean).join(' ') || undefined}
      />
      {help && (
        <span id={`flips-${name}-help`} class="help">
          {help}
        </span>
      )}
      <FieldError name={name} message={at[name]} />
    </label>
  );

  return (
    <section aria-labelledby="flips-title">
      <h2 id="flips-title" tabIndex={-1}>
        Who flipped
      </h2>
      <p class="note">
        Every move of a stance key’s position between one statement and the next: a half flip on the same side (or to or from neutral), a full flop across it.
        The filters are in the address: share it to share the list.
      </p>
      <div class="filters flip-filters">
        <label>
          Topic
          <select
            name="topic"
            value={query.get('topic') ?? ''}
            onChange={(event) => set('topic', event.currentTarget.value)}
            {...invalidProps('flips-topic', at.topic)}
          >
            <option value="">any</option>
            {(topics.state === 'done' ? topics.value.items : []).map((topic) => (
              <option key={topic.slug} value={topic.slug}>
                {topic.title}
              </option>
            ))}
            {query.get('topic') && topics.state === 'done' && !topics.value.items.some((topic) => topic.slug === query.get('topic')) && (
              <option value={query.get('topic')!}>{query.get('topic')}</option>
            )}
          </select>
          <FieldError name="topic" message={at.topic} />
        </label>
        {text('holder', 'Holder', 'text', 'A country code (KOR) or an actor’s slug')}
        {text('target', 'Target', 'text', 'A code, a slug or none')}
        {text('from', 'Flipped on or after', 'date')}
        {text('to', 'Flipped on or before', 'date')}
        {checks('change', 'Change (none ticked: both)', CHANGES, (value) => CHANGE_WORDS[value as Flip['change']])}
        {checks('shift', 'Shift (none ticked: any)', SHIFTS, words)}
        {checks('attribution', 'Attribution (none ticked: all)', ATTRIBUTIONS, words)}
        <fieldset {...(at.certain ? { 'aria-describedby': 'flips-certain-error' } : {})}>
          <legend>Order</legend>
          <label class="check">
            <input
              type="checkbox"
              name="certain"
              checked={query.get('certain') === 'true'}
              onChange={(event) => set('certain', event.currentTarget.checked ? 'true' : '')}
            />
            leave out pairs whose order is uncertain
          </label>
          <FieldError name="certain" message={at.certain} />
        </fieldset>
      </div>
      {PARAMS.some((name) => query.get(name)) && (
        <p>
          <a href={flipsHref()}>Clear the filters</a>
        </p>
      )}
      {first.state === 'loading' && <Status loaded={first} />}
      {rest && <p role="alert">Could not load: {rest.message}</p>}
      {first.state === 'done' && items.length === 0 && <p>No flip matches.</p>}
      {items.length > 0 && (
        <>
          <p class="note" role="status">
            {items.length} flip{items.length === 1 ? '' : 's'} shown{cursor ? ', more to load' : ''}.
          </p>
          <div class="grid-scroll">
            <table class="flips" ref={table}>
              <caption>Flips, newest first by the later statement’s date</caption>
              <thead>
                <tr>
                  <th scope="col">Holder</th>
                  <th scope="col">Topic</th>
                  <th scope="col">Target</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Change</th>
                  <th scope="col">Shift</th>
                  <th scope="col">Order</th>
                  <th scope="col">Key</th>
                </tr>
              </thead>
              <tbody>
                {items.map((flip) => (
                  <Row key={`${flip.holder}/${flip.topic}/${flip.target}/${flip.to.statementId}`} flip={flip} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {cursor && (
        <p>
          <button type="button" onClick={loadMore} disabled={more.busy}>
            More
          </button>
        </p>
      )}
      {more.error && <p role="alert">Could not load more: {more.error.message}</p>}
    </section>
  );
}

function FieldError({ name, message }: { name: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={`flips-${name}-error`} class="error" role="alert">
      {message}
    </span>
  );
}

function Row({ flip }: { flip: Flip }) {
  const key = `${flip.holder} on ${flip.topic}${flip.target ? `, target ${flip.target}` : ''}`;
  return (
    <tr data-flip={`${flip.holder}/${flip.topic}/${flip.target ?? 'none'}/${flip.to.statementId}`} data-change={flip.change}>
      <th scope="row">{flip.holder}</th>
      <td>{flip.topic}</td>
      <td>{flip.target ?? 'none'}</td>
      <td>
        <Said side={flip.from} />
      </td>
      <td>
        <Said side={flip.to} />
      </td>
      <td class={`change ${flip.change}`}>{CHANGE_WORDS[flip.change]}</td>
      <td>{words(flip.shift)}</td>
      <td>{flip.orderUncertain ? <strong class="uncertain">uncertain</strong> : 'known'}</td>
      <td>
        <a href={keyHref(flip.holder, flip.topic, flip.target)} aria-label={`Timeline of ${key}`}>
          Timeline
        </a>
      </td>
    </tr>
  );
}

function Said({ side }: { side: Flip['from'] }) {
  const score = SCALE.find((entry) => entry.position === side.position)?.score;
  return (
    <span class="said">
      {score !== undefined && <span class={`swatch score-${score + 2}`} aria-hidden="true" />}
      {side.position} <span class="when">({side.statedAt})</span>
    </span>
  );
}
