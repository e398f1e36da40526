import { useState } from 'preact/hooks';
import { apiGet, type Stance, type Topic } from '../api.ts';
import { useLoad, Status } from '../load.tsx';
import { keyHref, mapHref } from '../route.ts';
import { colourOf, words } from '../scale.ts';
import { timeParams, type TimeTravel } from '../time-travel.tsx';

const ATTRIBUTIONS = ['on_record', 'unnamed_official', 'anonymous_sources', 'reported'];

/**
 * Who stands where: holders × topics, or holders × targets for one topic (`topic`). The
 * attribution filter is the API's own (only statements so attributed count, for `since` and
 * the count too); the holder-kind filter picks rows.
 */
export function StanceMap({ topic, time }: { topic: string | null; time: TimeTravel }) {
  const [attribution, setAttribution] = useState<string[]>([]);
  const [kind, setKind] = useState('');
  const loaded = useLoad(async () => {
    const [stances, topics] = await Promise.all([
      apiGet<{ items: Stance[] }>('/v1/stances', { topic, attribution: attribution.join(','), ...timeParams(time) }),
      apiGet<{ items: Topic[] }>('/v1/topics'),
    ]);
    return { stances: stances.items, titles: new Map(topics.items.map((item) => [item.slug, item.title])) };
  }, [topic, attribution.join(','), time.asOf, time.knownAt]);

  const toggle = (value: string) => setAttribution((now) => (now.includes(value) ? now.filter((item) => item !== value) : [...now, value]));
  const title = (slug: string) => (loaded.state === 'done' ? (loaded.value.titles.get(slug) ?? slug) : slug);

  return (
    <section aria-labelledby="map-title">
      <h2 id="map-title" tabIndex={-1}>
        {topic ? `Who stands where on ${title(topic)}, by target` : 'Who stands where, by topic'}
      </h2>
      {topic && (
        <p>
          <a href={mapHref()}>← All topics</a> · <a href={`#/alignment/${encodeURIComponent(topic)}`}>Alignment on this topic</a>
        </p>
      )}
      <div class="filters">
        <label>
          Holder kind
          <select name="holderKind" value={kind} onChange={(event) => setKind(event.currentTarget.value)}>
            <option value="">any</option>
            {kinds(loaded.state === 'done' ? loaded.value.stances : []).map((value) => (
              <option key={value} value={value}>
                {words(value)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Attribution (none ticked: all)</legend>
          {ATTRIBUTIONS.map((value) => (
            <label key={value} class="check">
              <input type="checkbox" name="attribution" value={value} checked={attribution.includes(value)} onChange={() => toggle(value)} />
              {words(value)}
            </label>
          ))}
        </fieldset>
      </div>
      <Status loaded={loaded} />
      {loaded.state === 'done' && <Grid stances={loaded.value.stances.filter((stance) => !kind || stance.holderKind === kind)} topic={topic} title={title} />}
    </section>
  );
}

function kinds(stances: Stance[]): string[] {
  return [...new Set(stances.map((stance) => stance.holderKind))].sort();
}

/** Rows are holders in the API's order; columns are topics (or, for one topic, targets, none first). */
function Grid({ stances, topic, title }: { stances: Stance[]; topic: string | null; title: (slug: string) => string }) {
  if (stances.length === 0) return <p>No stance matches.</p>;
  const column = (stance: Stance) => (topic ? (stance.target ?? '') : stance.topic);
  const holders = [...new Set(stances.map((stance) => stance.holder))];
  const columns = [...new Set(stances.map(column))].sort();
  const cells = new Map<string, Stance[]>();
  for (const stance of stances) {
    const at = `${stance.holder}\u0000${column(stance)}`;
    cells.set(at, [...(cells.get(at) ?? []), stance]);
  }
  const heading = (value: string) => (topic ? value || 'no target' : title(value));
  return (
    <>
      <p class="note">Each cell is the position now held, with the date it has held it since, the statements counted and how the last was attributed.</p>
      <div class="grid-scroll">
        <table class="stance-map">
          <caption>{topic ? 'Holders (rows) by target (columns)' : 'Holders (rows) by topic (columns)'}</caption>
          <thead>
            <tr>
              <th scope="col">Holder</th>
              {columns.map((value) => (
                <th scope="col" key={value}>
                  {topic ? heading(value) : <a href={mapHref(value)}>{heading(value)}</a>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {holders.map((holder) => (
              <tr key={holder}>
                <th scope="row">{holder}</th>
                {columns.map((value) => (
                  <td key={value}>
                    <Cell stances={cells.get(`${holder}\u0000${value}`) ?? []} byTarget={topic !== null} label={`${holder} on ${heading(value)}`} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** One stance: a link to its key's timeline. Several (holders × topics, more than one target): a link to the topic by target. */
function Cell({ stances, byTarget, label }: { stances: Stance[]; byTarget: boolean; label: string }) {
  if (stances.length === 0) return <span class="empty">—</span>;
  if (stances.length === 1) {
    const [stance] = stances;
    const target = byTarget || stance.target === null ? '' : ` (target ${stance.target})`;
    const text = `${stance.position} since ${stance.since}, ${count(stance.statementCount)}, last ${words(stance.attribution)}`;
    return (
      <a
        class={`cell score-${colourOf(stance.score).score + 2}`}
        href={keyHref(stance.holder, stance.topic, stance.target)}
        title={`${label}${target}: ${text}`}
        data-key={`${stance.holder}/${stance.topic}/${stance.target ?? 'none'}`}
      >
        <strong>
          {stance.position}
          {target}
        </strong>
        <span>since {stance.since}</span>
        <span>{count(stance.statementCount)}</span>
        <span>last {words(stance.attribution)}</span>
      </a>
    );
  }
  const { topic, holder } = stances[0];
  return (
    <a class="cell several" href={mapHref(topic)} title={`${label}: ${stances.length} targets — open the topic by target`} data-key={`${holder}/${topic}`}>
      <strong>{stances.length} targets</strong>
      {stances.map((stance) => (
        <span key={stance.target} class={`chip score-${colourOf(stance.score).score + 2}`}>
          {stance.target ?? 'none'}: {stance.position}
        </span>
      ))}
    </a>
  );
}

const count = (n: number) => `${n} statement${n === 1 ? '' : 's'}`;
