import { useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, type Stance, type Topic } from '../api.ts';
import { useLoad, Status } from '../load.tsx';
import { keyHref, mapHref } from '../route.ts';
import { colourOf, words } from '../scale.ts';
import { timeParams, type TimeTravel } from '../time-travel.tsx';
import { LiveBar, stanceKey, useLive, type Mark } from './live.tsx';

const ATTRIBUTIONS = ['on_record', 'unnamed_official', 'anonymous_sources', 'reported'];

/**
 * Who stands where: holders × topics, or holders × targets for one topic (`topic`). The
 * attribution filter is the API's own (only statements so attributed count, for `since` and
 * the count too); the holder-kind filter picks rows.
 */
export function StanceMap({ topic, time }: { topic: string | null; time: TimeTravel }) {
  const [attribution, setAttribution] = useState<string[]>([]);
  const [kind, setKind] = useState('');
  // With an attribution filter the feed's stances (which count every statement) cannot be
  // laid over the map: it is read again instead, once for a burst of changes.
  const [rereads, setRereads] = useState(0);
  const pendingReread = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(pendingReread.current ?? undefined), []);
  const reread = () => {
    pendingReread.current ??= setTimeout(() => {
      pendingReread.current = null;
      setRereads((n) => n + 1);
    }, 250);
  };
  const live = useLive(!time.asOf && !time.knownAt, attribution.length === 0, reread);
  const loaded = useLoad(async () => {
    // Read once the feed is open: a change made after the read started then reaches the map
    // through the feed (laid over this read from now on), and none falls between the two.
    if (!live.ready) return new Promise<never>(() => undefined);
    live.restart();
    const [stances, topics] = await Promise.all([
      apiGet<{ items: Stance[] }>('/v1/stances', { topic, attribution: attribution.join(','), ...timeParams(time) }),
      apiGet<{ items: Topic[] }>('/v1/topics'),
    ]);
    return { stances: stances.items, titles: new Map(topics.items.map((item) => [item.slug, item.title])) };
  }, [topic, attribution.join(','), time.asOf, time.knownAt, live.ready, rereads]);

  const toggle = (value: string) => setAttribution((now) => (now.includes(value) ? now.filter((item) => item !== value) : [...now, value]));
  const title = (slug: string) => (loaded.state === 'done' ? (loaded.value.titles.get(slug) ?? slug) : slug);

  return (
    <section aria-labelledby="map-title">
      <h2 id="map-title" tabIndex={-1}>
        {topic ? `Who stands where on ${title(topic)}, by target` : 'Who stands where, by topic'}
      </h2>
      {topic && (
        <p>
          <a href={mapHref()}>← All topics</a>
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
      <LiveBar live={live} marked={live.marks.size} />
      <Status loaded={loaded} />
      {loaded.state === 'done' && (
        <Grid
          stances={patched(loaded.value.stances, live.changes, topic).filter((stance) => !kind || stance.holderKind === kind)}
          topic={topic}
          title={title}
          marks={live.status === 'off' ? NO_MARKS : live.marks}
        />
      )}
    </section>
  );
}

const NO_MARKS = new Map<string, Mark>();

/**
 * The map's last read with the feed's changes since laid over it: a changed stance in its
 * place, a lost one gone, a new one (of this topic, on a topic's map) in the API's order.
 */
function patched(stances: Stance[], changes: Map<string, Stance | null>, topic: string | null): Stance[] {
  if (changes.size === 0) return stances;
  const left = new Map(changes);
  const result: Stance[] = [];
  for (const stance of stances) {
    const key = stanceKey(stance);
    if (!left.has(key)) result.push(stance);
    else {
      const now = left.get(key);
      if (now) result.push(now);
      left.delete(key);
    }
  }
  const added = [...left.values()].filter((stance): stance is Stance => stance !== null && (!topic || stance.topic === topic));
  if (added.length === 0) return result;
  return [...result, ...added].sort((a, b) => order(a.holder, b.holder) || order(a.topic, b.topic) || order(a.target, b.target));
}

/** The API's order: code points, null first. */
function order(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function kinds(stances: Stance[]): string[] {
  return [...new Set(stances.map((stance) => stance.holderKind))].sort();
}

/** Rows are holders in the API's order; columns are topics (or, for one topic, targets, none first). */
function Grid({ stances, topic, title, marks }: { stances: Stance[]; topic: string | null; title: (slug: string) => string; marks: Map<string, Mark> }) {
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
                    <Cell
                      stances={cells.get(`${holder}\u0000${value}`) ?? []}
                      byTarget={topic !== null}
                      label={`${holder} on ${heading(value)}`}
                      marks={marks}
                    />
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
function Cell({ stances, byTarget, label, marks }: { stances: Stance[]; byTarget: boolean; label: string; marks: Map<string, Mark> }) {
  if (stances.length === 0) return <span class="empty">—</span>;
  const mark = markOf(stances, marks);
  if (stances.length === 1) {
    const [stance] = stances;
    const target = byTarget || stance.target === null ? '' : ` (target ${stance.target})`;
    const text = `${stance.position} since ${stance.since}, ${count(stance.statementCount)}, last ${words(stance.attribution)}`;
    return (
      <a
        class={`cell score-${colourOf(stance.score).score + 2}${mark ? ` marked-${mark}` : ''}`}
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
        {mark && <span class={`mark ${mark}`}>{mark}</span>}
      </a>
    );
  }
  const { topic, holder } = stances[0];
  return (
    <a
      class={`cell several${mark ? ` marked-${mark}` : ''}`}
      href={mapHref(topic)}
      title={`${label}: ${stances.length} targets — open the topic by target`}
      data-key={`${holder}/${topic}`}
    >
      <strong>{stances.length} targets</strong>
      {stances.map((stance) => (
        <span key={stance.target} class={`chip score-${colourOf(stance.score).score + 2}`}>
          {stance.target ?? 'none'}: {stance.position}
        </span>
      ))}
      {mark && <span class={`mark ${mark}`}>{mark}</span>}
    </a>
  );
}

/** A cell's mark: `changed` if any of its stances changed position, else `corrected` if any was corrected. */
function markOf(stances: Stance[], marks: Map<string, Mark>): Mark | null {
  if (marks.size === 0) return null;
  let mark: Mark | null = null;
  for (const stance of stances) {
    const found = marks.get(stanceKey(stance));
    if (found === 'changed') return found;
    mark ??= found ?? null;
  }
  return mark;
}

const count = (n: number) => `${n} statement${n === 1 ? '' : 's'}`;
