import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AttributionFilter } from '../attribution-filter.tsx';
import { apiGet, type Stance, type Topic } from '../api.ts';
import { useLoad, Status } from '../load.tsx';
import { keyHref, mapHref } from '../route.ts';
import { colourOf, words } from '../scale.ts';
import { timeParams, type TimeTravel } from '../time-travel.tsx';
import { LiveBar, stanceKey, useLive, type Mark } from './live.tsx';

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
    performance.mark('stance-map:read');
    return { stances: stances.items, titles: new Map(topics.items.map((item) => [item.slug, item.title])) };
  }, [topic, attribution.join(','), time.asOf, time.knownAt, live.ready, rereads]);
  // With the mark above, how the benchmark splits the time to the map (bench/lib/browser-map.ts):
  // the cells are in the document, then painted (a task queued from the next frame runs after its paint).
  useLayoutEffect(() => {
    if (loaded.state !== 'done') return;
    performance.mark('stance-map:rendered');
    requestAnimationFrame(() => setTimeout(() => performance.mark('stance-map:painted'), 0));
  }, [loaded]);

  // One model per read, filter and change from the feed, not per render (a map can hold 100,000 stances).
  const shownStances = useMemo(
    () => (loaded.state === 'done' ? patched(loaded.value.stances, live.changes, topic).filter((stance) => !kind || stance.holderKind === kind) : []),
    [loaded, live.version, kind, topic],
  );
  const holderKinds = useMemo(() => kinds(loaded.state === 'done' ? loaded.value.stances : []), [loaded]);
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
            {holderKinds.map((value) => (
              <option key={value} value={value}>
                {words(value)}
              </option>
            ))}
          </select>
        </label>
        <AttributionFilter value={attribution} onChange={setAttribution} />
      </div>
      <LiveBar live={live} marked={live.marks.size} />
      <Status loaded={loaded} />
      {loaded.state === 'done' && <Grid stances={shownStances} topic={topic} title={title} marks={live.status === 'off' ? NO_MARKS : live.marks} />}
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

/** The map's shape: holders (rows, the API's order), columns, and each cell's stances. */
interface Model {
  holders: string[];
  columns: string[];
  cells: Map<string, Map<string, Stance[]>>;
}

function modelOf(stances: Stance[], topic: string | null): Model {
  const cells = new Map<string, Map<string, Stance[]>>();
  const columns = new Set<string>();
  for (const stance of stances) {
    const column = topic ? (stance.target ?? '') : stance.topic;
    columns.add(column);
    let row = cells.get(stance.holder);
    if (!row) cells.set(stance.holder, (row = new Map()));
    const cell = row.get(column);
    if (cell) cell.push(stance);
    else row.set(column, [stance]);
  }
  return { holders: [...cells.keys()], columns: [...columns].sort(), cells };
}

/**
 * Rows drawn at once, then more per idle moment: a map of thousands of holders is on screen
 * as soon as its first screenful is, and the browser stays responsive while the rest follows.
 */
const FIRST_ROWS = 12;
const MORE_ROWS = 25;

function useRowsShown(total: number): number {
  const [shown, setShown] = useState(FIRST_ROWS);
  useEffect(() => {
    if (shown >= total) return;
    const more = () => setShown((now) => now + MORE_ROWS);
    // After the browser has painted what is there (an idle callback comes after the frame).
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(more, { timeout: 200 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(more, 0);
    return () => clearTimeout(id);
  }, [shown, total]);
  return Math.min(shown, total);
}

/** Rows are holders in the API's order; columns are topics (or, for one topic, targets, none first). */
function Grid({ stances, topic, title, marks }: { stances: Stance[]; topic: string | null; title: (slug: string) => string; marks: Map<string, Mark> }) {
  const { holders, columns, cells } = useMemo(() => modelOf(stances, topic), [stances, topic]);
  const shown = useRowsShown(holders.length);
  if (stances.length === 0) return <p>No stance matches.</p>;
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
            {holders.slice(0, shown).map((holder) => (
              <Row key={holder} holder={holder} row={cells.get(holder)!} columns={columns} byTarget={topic !== null} marks={marks} />
            ))}
          </tbody>
        </table>
      </div>
      {shown < holders.length && (
        <p class="note map-more">
          Showing {shown} of {holders.length} holders; the rest follow…
        </p>
      )}
    </>
  );
}

function Row({
  holder,
  row,
  columns,
  byTarget,
  marks,
}: {
  holder: string;
  row: Map<string, Stance[]>;
  columns: string[];
  byTarget: boolean;
  marks: Map<string, Mark>;
}) {
  return (
    <tr>
      <th scope="row">{holder}</th>
      {columns.map((value) => {
        const stances = row.get(value);
        return <td key={value}>{stances ? <Cell stances={stances} byTarget={byTarget} marks={marks} /> : '—'}</td>;
      })}
    </tr>
  );
}

/**
 * One stance: a link to its key's timeline. Several (holders × topics, more than one
 * target): a link to the topic by target, with the range of their positions (the topic's map
 * shows each). The table's headers name the cell's holder and column to a screen reader.
 */
function Cell({ stances, byTarget, marks }: { stances: Stance[]; byTarget: boolean; marks: Map<string, Mark> }) {
  const mark = markOf(stances, marks);
  const badge = mark && <span class={`mark ${mark}`}>{mark}</span>;
  if (stances.length === 1) {
    const [stance] = stances;
    return (
      <a
        class={`cell score-${colourOf(stance.score).score + 2}${mark ? ` marked-${mark}` : ''}`}
        href={keyHref(stance.holder, stance.topic, stance.target)}
        data-key={`${stance.holder}/${stance.topic}/${stance.target ?? 'none'}`}
      >
        <strong>
          {stance.position}
          {byTarget || stance.target === null ? '' : ` (target ${stance.target})`}
        </strong>
        <span>since {stance.since}</span>
        <span>{count(stance.statementCount)}</span>
        <span>last {words(stance.attribution)}</span>
        {badge}
      </a>
    );
  }
  const { topic, holder } = stances[0];
  let low = stances[0];
  let high = stances[0];
  for (const stance of stances) {
    if (stance.score < low.score) low = stance;
    if (stance.score > high.score) high = stance;
  }
  return (
    <a class={`cell several${mark ? ` marked-${mark}` : ''}`} href={mapHref(topic)} data-key={`${holder}/${topic}`}>
      <strong>{stances.length} targets</strong>
      <span>{low.position === high.position ? `all ${low.position}` : `${low.position} to ${high.position}`}</span>
      {badge}
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
