import { ApiError, apiGet, type Role } from '../api.ts';
import { canEdit } from '../forms/fields.tsx';
import { correctHref, retractHref } from '../forms/links.ts';
import { cameoCodebook } from '../forms/reference.ts';
import { useLoad, Status } from '../load.tsx';
import { keyHref, mapHref } from '../route.ts';
import type { TimeTravel } from '../time-travel.tsx';
import { ChangeLog, CheckpointDownload, EventsTable, typeWords, valueText, VerifyChain } from './statement-audit.tsx';
import { statedAtText, StatementFields } from './statement-fields.tsx';
import type { Change, FullStatement, LedgerEvent } from './statement-types.ts';

interface Version {
  event: LedgerEvent;
  statement: FullStatement;
}

interface Page {
  statement: FullStatement;
  cameo: string | null;
  versions: Version[];
  events: LedgerEvent[];
  changes: Change[];
}

/**
 * One statement: the version known now (or at the time control's `knownAt`), every version
 * as the ledger knew it on each date, its change log, its events with their hashes, and the
 * audit of the whole log. `asOf` (valid time) does not apply: it picks statements, and this
 * page is about one.
 */
export function StatementPage({ id, time, role }: { id: string; time: TimeTravel; role: Role }) {
  const path = `/v1/statements/${encodeURIComponent(id)}`;
  const loaded = useLoad(async (): Promise<Page> => {
    const knownAt = time.knownAt;
    const statement = await apiGet<FullStatement>(path, { knownAt });
    const [events, changes, cameo] = await Promise.all([
      apiGet<{ items: LedgerEvent[] }>(`${path}/events`),
      apiGet<{ items: Change[] }>('/v1/audit/changes', { statementId: id, to: knownAt, limit: '1000' }),
      statement.cameoCode ? cameoCodebook() : null,
    ]);
    // The events endpoint has no knownAt: what the ledger had not yet recorded then is left out here.
    const known = events.items.filter((event) => !knownAt || Date.parse(event.metadata.recordedAt) <= Date.parse(knownAt));
    // Each version is asked of the server as known at its event's recordedAt rather than folded
    // here from the events: a correction is a merge patch whose rules (defaults, a holder that
    // follows actor.country, v1's `source`) live in the server, and one GET per event is cheap.
    const versions = await Promise.all(
      known.map(async (event) => ({ event, statement: await apiGet<FullStatement>(path, { knownAt: event.metadata.recordedAt }) })),
    );
    const description = cameo?.find((item) => item.code === statement.cameoCode)?.description ?? null;
    return { statement, cameo: description, versions, events: known, changes: changes.items };
  }, [id, time.knownAt]);

  const statement = loaded.state === 'done' ? loaded.value.statement : null;
  return (
    <section aria-labelledby="statement-title" class="statement-page">
      <h2 id="statement-title" tabIndex={-1}>
        {statement ? `${statement.holder}: ${statement.position} on ${statement.topic}${statement.target ? `, target ${statement.target}` : ''}` : 'Statement'}
      </h2>
      {loaded.state === 'failed' && loaded.error instanceof ApiError && loaded.error.status === 404 ? (
        <p role="alert">{time.knownAt ? `This statement was not yet known at ${time.knownAt}.` : 'No such statement.'}</p>
      ) : (
        <Status loaded={loaded} />
      )}
      {loaded.state === 'done' && <Loaded page={loaded.value} knownAt={time.knownAt} editor={canEdit(role)} />}
    </section>
  );
}

function Loaded({ page, knownAt, editor }: { page: Page; knownAt: string; editor: boolean }) {
  const { statement } = page;
  const changes = new Map(page.changes.map((change) => [change.logPosition, change]));
  return (
    <>
      {statement.status === 'retracted' && (
        <p class="retracted-banner">
          <strong>Retracted</strong>: this statement no longer counts for its stance. Its history stays below.
        </p>
      )}
      <p class="links">
        <a href={keyHref(statement.holder, statement.topic, statement.target)}>
          The timeline of {statement.holder} on {statement.topic}
          {statement.target ? `, target ${statement.target}` : ''}
        </a>
        <a href={mapHref(statement.topic)}>The map of {statement.topic}</a>
        {/* The forms act on the current version: not offered on a past one, nor on a retracted statement. */}
        {editor && !knownAt && statement.status !== 'retracted' && (
          <>
            <a href={correctHref(statement.statementId)}>Correct this statement</a>
            <a href={retractHref(statement.statementId)}>Retract it</a>
          </>
        )}
      </p>
      <h3>{knownAt ? `The version known at ${knownAt}` : 'The current version'}</h3>
      <StatementFields statement={statement} cameo={page.cameo} />

      <h3>Every version, as the ledger knew it</h3>
      <ol class="versions">
        {page.versions.map(({ event, statement: version }, i) => (
          <VersionItem
            key={event.logPosition}
            event={event}
            version={version}
            change={changes.get(event.logPosition)}
            last={i === page.versions.length - 1}
            knownAt={knownAt}
          />
        ))}
      </ol>

      <h3>Change log</h3>
      <ChangeLog changes={page.changes} />

      <h3>Events and their hashes</h3>
      <EventsTable events={page.events} />

      <h3>The whole log</h3>
      <VerifyChain />
      <CheckpointDownload />
    </>
  );
}

/** One version: when and by whom, what changed (from its change-log entry) and, folded, all it said. */
function VersionItem({
  event,
  version,
  change,
  last,
  knownAt,
}: {
  event: LedgerEvent;
  version: FullStatement;
  change?: Change;
  last: boolean;
  knownAt: string;
}) {
  return (
    <li>
      <p class="head">
        <strong>Revision {version.revision}</strong>, {typeWords(event.type)} at <time dateTime={event.metadata.recordedAt}>{event.metadata.recordedAt}</time>{' '}
        by {event.metadata.recordedBy}
        {last ? (knownAt ? ' — the version known then' : ' — current') : ''}
      </p>
      <p>
        {version.position} · {statedAtText(version.statedAt)} · {version.status === 'retracted' ? <strong class="retracted-flag">RETRACTED</strong> : 'active'}
        {version.summary ? ` · ${version.summary}` : ''}
      </p>
      {change && change.type !== 'StatementRecorded' && (
        <p class="what-changed">
          {change.changes.length > 0 &&
            `Changed ${change.changes.map((item) => `${item.field}: ${valueText(item.old)} → ${valueText(item.new)}`).join('; ')}. `}
          {change.reason && `Why: ${change.reason}`}
        </p>
      )}
      <details>
        <summary>What revision {version.revision} said</summary>
        <StatementFields statement={version} />
      </details>
    </li>
  );
}
