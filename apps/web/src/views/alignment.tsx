import { AttributionFilter } from '../attribution-filter.tsx';
import { AGREEMENT_SCALE, agreementClass } from '../agreement-scale.ts';
import { apiGet, type Topic } from '../api.ts';
import { DraftInput } from '../draft-input.tsx';
import { useHashQuery } from '../hash-query.ts';
import { useLoad, Status } from '../load.tsx';
import { errorsAtControls, invalidProps } from '../query-errors.ts';
import { alignmentHref, mapHref } from '../route.ts';
import { timeParams, type TimeTravel } from '../time-travel.tsx';

/** An item of GET /v1/alignment (docs/api.md). */
export interface Pair {
  a: string;
  b: string;
  shared: number;
  agreement: number;
}

/** Past this many holders the grid would be too big to read; it shows those in the most pairs, and the list below has every pair. */
const GRID_HOLDERS = 30;

/** `#/alignment`: pick a topic. `#/alignment/<topic>`: how far its holders agree, pair by pair. */
export function Alignment({ topic, time }: { topic: string | null; time: TimeTravel }) {
  const topics = useLoad(() => apiGet<{ items: Topic[] }>('/v1/topics'), []);
  const title = (slug: string) => (topics.state === 'done' ? (topics.value.items.find((item) => item.slug === slug)?.title ?? slug) : slug);
  if (topic) return <TopicAlignment topic={topic} title={title(topic)} time={time} />;
  return (
    <section aria-labelledby="alignment-title">
      <h2 id="alignment-title" tabIndex={-1}>
        Alignment: pick a topic
      </h2>
      <p class="note">How far each pair of holders agrees on a topic’s keys (the targets both hold a stance on).</p>
      <Status loaded={topics} />
      {topics.state === 'done' && (
        <ul class="topic-list">
          {topics.value.items.map((item) => (
            <li key={item.slug}>
              <a href={alignmentHref(item.slug)}>{item.title}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TopicAlignment({ topic, title, time }: { topic: string; title: string; time: TimeTravel }) {
  // The filters live in the address (a shareable link; Back undoes a change).
  const [query, set] = useHashQuery((next) => alignmentHref(topic, next));
  const minShared = query.get('minShared') ?? '';
  const attribution = (query.get('attribution') ?? '').split(',').filter(Boolean);
  const setMinShared = (value: string) => set('minShared', value);
  const setAttribution = (value: string[]) => set('attribution', value.join(','));
  const loaded = useLoad(
    () => apiGet<{ items: Pair[] }>('/v1/alignment', { topic, minShared, attribution: attribution.join(','), ...timeParams(time) }),
    [topic, minShared, attribution.join(','), time.asOf, time.knownAt],
  );
  const { at, rest } = errorsAtControls(loaded.state === 'failed' ? loaded.error : null, ['minShared', 'attribution']);
  const least = Math.max(1, Number(minShared) || 1);

  return (
    <section aria-labelledby="alignment-title">
      <h2 id="alignment-title" tabIndex={-1}>
        Alignment on {title}
      </h2>
      <p>
        <a href={alignmentHref()}>← All topics</a> · <a href={mapHref(topic)}>The map of this topic</a>
      </p>
      <p class="note">
        For each pair of holders, over the keys both hold a stance on: agreement is 1 when they hold the same position, 0 when one supports and the other
        opposes (1 − the score gap / 4, averaged).
      </p>
      <div class="filters">
        <label>
          Fewest shared keys
          <DraftInput
            type="number"
            name="minShared"
            min={1}
            step={1}
            inputMode="numeric"
            value={minShared}
            onCommit={setMinShared}
            {...invalidProps('alignment-minShared', at.minShared)}
          />
          {at.minShared && (
            <span id="alignment-minShared-error" class="error" role="alert">
              {at.minShared}
            </span>
          )}
        </label>
        <AttributionFilter value={attribution} onChange={setAttribution} />
      </div>
      {loaded.state === 'loading' && <Status loaded={loaded} />}
      {rest && <p role="alert">Could not load: {rest.message}</p>}
      {loaded.state === 'done' && loaded.value.items.length === 0 && <p>No pair of holders shares {least === 1 ? 'a key' : `${least} keys`} on this topic.</p>}
      {loaded.state === 'done' && loaded.value.items.length > 0 && (
        <>
          <HeatMap pairs={loaded.value.items} least={least} />
          <PairList pairs={loaded.value.items} />
        </>
      )}
    </section>
  );
}

const keys = (n: number) => `${n} shared key${n === 1 ? '' : 's'}`;
const describe = (x: string, y: string, pair: Pair) => `${x} and ${y}: agreement ${pair.agreement} over ${keys(pair.shared)}`;

/** Holders × holders, the same both ways, the diagonal empty; each cell coloured by its pair's agreement. */
function HeatMap({ pairs, least }: { pairs: Pair[]; least: number }) {
  const byPair = new Map<string, Pair>();
  const count = new Map<string, number>();
  for (const pair of pairs) {
    byPair.set(`${pair.a}\u0000${pair.b}`, pair);
    byPair.set(`${pair.b}\u0000${pair.a}`, pair);
    for (const holder of [pair.a, pair.b]) count.set(holder, (count.get(holder) ?? 0) + 1);
  }
  const all = [...count.keys()];
  const shown = (all.length > GRID_HOLDERS ? [...all].sort((x, y) => count.get(y)! - count.get(x)! || cmp(x, y)).slice(0, GRID_HOLDERS) : all).sort(cmp);
  const missing = least === 1 ? 'no shared key' : `fewer than ${keys(least)}`;
  return (
    <figure class="heat-map">
      <p class="note">
        {all.length} holders, {pairs.length} pair{pairs.length === 1 ? '' : 's'} with {least === 1 ? 'a shared key' : `at least ${keys(least)}`}
        {all.length > GRID_HOLDERS ? `; the grid shows the ${GRID_HOLDERS} holders in the most pairs, the list below every pair` : ''}.
      </p>
      <AgreementLegend missing={missing} />
      <div class="grid-scroll">
        <table class="agreement-grid">
          <caption>Agreement by pair (the same both ways)</caption>
          <thead>
            <tr>
              <th scope="col">Holder</th>
              {shown.map((holder) => (
                <th scope="col" key={holder}>
                  {holder}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row}>
                <th scope="row">{row}</th>
                {shown.map((column) => {
                  if (row === column) return <td key={column} class="self" />;
                  const pair = byPair.get(`${row}\u0000${column}`);
                  if (!pair) {
                    return (
                      <td key={column} class="apart" aria-label={`${row} and ${column}: ${missing}`} title={`${row} and ${column}: ${missing}`}>
                        ·
                      </td>
                    );
                  }
                  const label = describe(row, column, pair);
                  return (
                    <td key={column} class={`agree agree-${agreementClass(pair.agreement)}`} aria-label={label} title={label} data-pair={`${row}/${column}`}>
                      {pair.agreement.toFixed(2)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** Code point order, as the API orders holders (country codes before slugs). */
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

function AgreementLegend({ missing }: { missing: string }) {
  return (
    <ul class="legend" aria-label="Colour key: agreement">
      {AGREEMENT_SCALE.map(({ from, to }, i) => (
        <li key={from}>
          <span class={`swatch agree-${i}`} aria-hidden="true" />
          {from.toFixed(1)}–{to.toFixed(1)}
        </li>
      ))}
      <li>
        <span class="swatch apart" aria-hidden="true" />
        {missing}
      </li>
    </ul>
  );
}

/** The same pairs as a list, most agreeing first (the API's order): the grid's accessible alternative. */
function PairList({ pairs }: { pairs: Pair[] }) {
  return (
    <div class="grid-scroll">
      <table class="pair-list">
        <caption>Every pair, most agreeing first</caption>
        <thead>
          <tr>
            <th scope="col">Holders</th>
            <th scope="col">Agreement</th>
            <th scope="col">Shared keys</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((pair) => (
            <tr key={`${pair.a}/${pair.b}`} data-pair={`${pair.a}/${pair.b}`}>
              <th scope="row">
                {pair.a} and {pair.b}
              </th>
              <td>
                <span class={`swatch agree-${agreementClass(pair.agreement)}`} aria-hidden="true" />
                {pair.agreement}
              </td>
              <td>{pair.shared}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
