import { useEffect, useRef, useState } from 'preact/hooks';
import { statedInterval } from '../../../../libs/statements/src/values/stated-interval.ts';
import { apiGet, TOKEN_REFUSED, type HistoryItem, type Statement } from '../api.ts';
import { followFeed, type FeedStatus } from '../feed.ts';
import { newsOf, touchesKey, type StanceKey } from '../key-feed.ts';
import { useLoad, Status } from '../load.tsx';
import { savedToken } from '../session.ts';
import { mapHref, statementHref } from '../route.ts';
import { colourOf, SCALE, words } from '../scale.ts';
import { SourceCitation } from '../source-citation.tsx';
import { timeParams, type TimeTravel } from '../time-travel.tsx';
import { STATUS_TEXT } from './live.tsx';

interface Step {
  item: HistoryItem;
  statement: Statement;
  from: number;
  to: number;
  precision: string;
}

const CHANGES: Record<HistoryItem['change'], string> = {
  initial: 'first statement',
  no_flip: 'same position',
  half_flip: 'half flip',
  full_flop: 'full flop',
};

/**
 * A key's history (GET /v1/stances/history) with each statement it counts. At now it follows
 * the feed: whatever may change this key's history (`touchesKey`) reads it again, and the
 * history on screen stays until the new one has come (no flash of "Loading…"). A past view
 * does not change, so it does not follow.
 */
export function Timeline({ holder, topic, target, time }: { holder: string; topic: string; target: string | null; time: TimeTravel }) {
  const shownIds = useRef<ReadonlySet<string>>(new Set());
  const live = useKeyFeed({ holder, topic, target }, !time.asOf && !time.knownAt, shownIds);
  const loaded = useLoad(async () => {
    const history = await apiGet<{ items: HistoryItem[] }>('/v1/stances/history', { holder, topic, target: target ?? 'none', ...timeParams(time) });
    const statements = await Promise.all(
      history.items.map((item) => apiGet<Statement>(`/v1/statements/${encodeURIComponent(item.statementId)}`, { knownAt: time.knownAt })),
    );
    return history.items.map((item, i): Step => {
      const interval = statedInterval(item.statedAt);
      return { item, statement: statements[i], from: Date.parse(interval.statedFrom), to: Date.parse(interval.statedTo), precision: interval.precision };
    });
  }, [holder, topic, target, time.asOf, time.knownAt, live.revision]);
  // What the screen shows while the feed's re-read runs: the last history of this very view.
  const view = `${holder}/${topic}/${target}/${time.asOf}/${time.knownAt}`;
  const last = useRef<{ view: string; steps: Step[] } | null>(null);
  if (loaded.state === 'done') {
    last.current = { view, steps: loaded.value };
    shownIds.current = new Set(loaded.value.map((step) => step.item.statementId));
  }
  const steps = loaded.state === 'done' ? loaded.value : last.current?.view === view && loaded.state === 'loading' ? last.current.steps : null;

  return (
    <section aria-labelledby="key-title">
      <h2 id="key-title" tabIndex={-1}>
        {holder} on {topic}
        {target ? `, target ${target}` : ''}
      </h2>
      <p>
        <a href={mapHref(topic)}>← The map of {topic}</a>
      </p>
      <div class="live-bar">
        <p class={`live-status live-${live.status}`}>{STATUS_TEXT[live.status]}</p>
        <p class="live-news" aria-live="polite">
          {live.status === 'off' ? '' : live.news}
        </p>
      </div>
      {steps === null && <Status loaded={loaded} />}
      {steps?.length === 0 && <p>No active statement on this key{time.asOf || time.knownAt ? ' at these times' : ''}.</p>}
      {steps && steps.length > 0 && (
        <>
          <StepChart steps={steps} end={time.asOf ? Date.parse(time.asOf) + 86_400_000 : Date.now()} />
          <StatementList steps={steps} />
        </>
      )}
    </section>
  );
}

interface KeyFeed {
  status: FeedStatus | 'off';
  /** Counts the feed's messages that touched the key: the history's read depends on it. */
  revision: number;
  news: string;
}

/** Follows the feed while `live`, counting the messages that may change this key's history. */
function useKeyFeed(key: StanceKey, live: boolean, shownIds: { current: ReadonlySet<string> }): KeyFeed {
  const [status, setStatus] = useState<KeyFeed['status']>(live ? 'connecting' : 'off');
  const [revision, setRevision] = useState(0);
  const [news, setNews] = useState('');
  useEffect(() => {
    setNews('');
    if (!live) {
      setStatus('off');
      return;
    }
    const token = savedToken();
    if (!token) return;
    return followFeed({
      token,
      onMessage: (message) => {
        if (!touchesKey(message, key, shownIds.current)) return;
        setNews(newsOf(message));
        setRevision((n) => n + 1);
      },
      onStatus: setStatus,
      onRefused: () => token === savedToken() && dispatchEvent(new Event(TOKEN_REFUSED)),
    });
  }, [live, key.holder, key.topic, key.target]);
  return { status, revision, news };
}

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 92;
const RIGHT = 16;
const TOP = 12;
const BOTTOM = 28;
const DAY = 86_400_000;

/** The position over time as steps; a statement known only to the month or year is drawn as its span; flips are marked. */
function StepChart({ steps, end }: { steps: Step[]; end: number }) {
  const start = Math.min(...steps.map((step) => step.from));
  const last = Math.max(end, ...steps.map((step) => step.to), start + DAY);
  const x = (ms: number) => LEFT + ((ms - start) / (last - start)) * (WIDTH - LEFT - RIGHT);
  const y = (score: number) => TOP + ((2 - score) / 4) * (HEIGHT - TOP - BOTTOM);
  const until = (i: number) => (i + 1 < steps.length ? steps[i + 1].from : last);
  const path = steps.map((step, i) => `${i === 0 ? `M${x(step.from)} ` : 'V'}${y(step.item.score)} H${x(until(i))}`).join(' ');
  const ticks = [0, 1, 2, 3].map((i) => start + ((last - start) * i) / 3);
  const description = steps.map((step) => `${step.item.statedAt}: ${step.item.position} (${CHANGES[step.item.change]})`).join('; ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Position over time</title>
        <desc id="chart-desc">{description}</desc>
        {SCALE.map(({ score, position }) => (
          <g key={score}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(score)} y2={y(score)} class="gridline" />
            <text x={LEFT - 6} y={y(score) + 4} text-anchor="end" class="axis">
              {position}
            </text>
          </g>
        ))}
        {ticks.map((tick, i) => (
          <text key={tick} x={x(tick)} y={HEIGHT - 8} text-anchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'} class="axis">
            {new Date(tick).toISOString().slice(0, 10)}
          </text>
        ))}
        {steps
          .filter((step) => step.to - step.from > DAY)
          .map((step) => (
            <rect
              key={`span-${step.item.statementId}`}
              class="span"
              x={x(step.from)}
              width={Math.max(2, x(step.to) - x(step.from))}
              y={y(step.item.score) - 7}
              height={14}
              fill={colourOf(step.item.score).fill}
            >
              <title>
                {step.item.statedAt}: known only to the {step.precision}
              </title>
            </rect>
          ))}
        <path d={path} class="step" />
        {steps.map((step) => (
          <Marker key={step.item.statementId} step={step} cx={x(step.from)} cy={y(step.item.score)} />
        ))}
      </svg>
      <figcaption>
        Steps: the position held from each statement to the next. Bands: a statement known only to its month, year or an interval, drawn over that span. ◆ full
        flop, ● half flip, ○ same position or first.
      </figcaption>
    </figure>
  );
}

function Marker({ step, cx, cy }: { step: Step; cx: number; cy: number }) {
  const { fill } = colourOf(step.item.score);
  const label = `${step.item.statedAt}: ${step.item.position}, ${CHANGES[step.item.change]}`;
  if (step.item.change === 'full_flop') {
    return (
      <path d={`M${cx} ${cy - 9} L${cx + 9} ${cy} L${cx} ${cy + 9} L${cx - 9} ${cy} Z`} fill={fill} class="marker flop">
        <title>{label}</title>
      </path>
    );
  }
  return (
    <circle cx={cx} cy={cy} r={step.item.change === 'half_flip' ? 7 : 5} fill={step.item.change === 'half_flip' ? fill : '#ffffff'} class="marker">
      <title>{label}</title>
    </circle>
  );
}

function speaker(statement: Statement): string {
  const { person, role, body, country } = statement.actor;
  return [person, role, body, country].filter(Boolean).join(', ') || 'unknown speaker';
}

function StatementList({ steps }: { steps: Step[] }) {
  return (
    <ol class="statements">
      {steps.map(({ item, statement }) => (
        <li key={item.statementId} data-change={item.change}>
          <p class="head">
            <span class={`swatch score-${colourOf(item.score).score + 2}`} aria-hidden="true" />
            <a href={statementHref(item.statementId)}>
              <strong>{item.statedAt}</strong> — {item.position}
            </a>{' '}
            ·{' '}
            <span class={`change ${item.change}`}>
              {CHANGES[item.change]}
              {item.orderUncertain ? ' (order uncertain)' : ''}
            </span>
          </p>
          <p>
            {speaker(statement)} · {words(statement.attribution)} · {words(statement.modality)}
          </p>
          {statement.summary && <p>{statement.summary}</p>}
          {statement.quote && <blockquote>{statement.quote}</blockquote>}
          <ul class="sources" aria-label="Sources">
            {statement.sources.map((source, i) => (
              <li key={i}>
                <SourceCitation source={source} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
