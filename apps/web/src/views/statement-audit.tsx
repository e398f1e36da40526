import { useEffect, useRef, useState } from 'preact/hooks';
import { apiGet } from '../api.ts';
import type { Change, Checkpoint, LedgerEvent, Verification } from './statement-types.ts';

const TYPES: Record<string, string> = {
  StatementRecorded: 'recorded',
  StatementCorrected: 'corrected',
  StatementRetracted: 'retracted',
};

export const typeWords = (type: string) => TYPES[type] ?? type;

/** A field's value in the change log: text as it is, anything else (a source list, an actor) as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** GET /v1/audit/changes for this statement: who changed what, when and why. */
export function ChangeLog({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return <p>No change known.</p>;
  return (
    <ol class="change-log">
      {changes.map((change) => (
        <li key={change.logPosition} data-type={change.type}>
          <p class="head">
            <strong>{typeWords(change.type)}</strong> by {change.recordedBy} at <time dateTime={change.recordedAt}>{change.recordedAt}</time> (log position{' '}
            {change.logPosition})
          </p>
          {change.reason && <p class="reason">Reason: {change.reason}</p>}
          {change.type !== 'StatementRecorded' && change.changes.length > 0 && (
            <table class="changes">
              <caption>Fields changed</caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Old</th>
                  <th scope="col">New</th>
                </tr>
              </thead>
              <tbody>
                {change.changes.map((item) => (
                  <tr key={item.field}>
                    <th scope="row">
                      <code>{item.field}</code>
                    </th>
                    <td>{valueText(item.old)}</td>
                    <td>{valueText(item.new)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {change.type === 'StatementRecorded' && <p class="note">Recorded with {change.changes.length} fields.</p>}
        </li>
      ))}
    </ol>
  );
}

/** The statement's events as stored, with the hashes that chain each to the one before it in the global log. */
export function EventsTable({ events }: { events: LedgerEvent[] }) {
  return (
    // Focusable and named: at a narrow width the table scrolls inside this box, and a keyboard must reach it.
    <div class="grid-scroll" tabIndex={0} role="region" aria-label="Events and their hashes">
      <table class="events">
        <caption>
          Its events in the log, oldest first: dataHash is the SHA-256 of the event's data; hash chains it to prevHash, the log's previous event.
        </caption>
        <thead>
          <tr>
            <th scope="col">Log position</th>
            <th scope="col">Revision</th>
            <th scope="col">Type</th>
            <th scope="col">Recorded</th>
            <th scope="col">Hashes</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.logPosition}>
              <td>{event.logPosition}</td>
              <td>{event.revision}</td>
              <td>{event.type}</td>
              <td>
                {event.metadata.recordedAt} by {event.metadata.recordedBy}
              </td>
              <td>
                <dl class="hashes">
                  <dt>dataHash</dt>
                  <dd class="hash">{event.dataHash}</dd>
                  <dt>prevHash</dt>
                  <dd class="hash">{event.prevHash}</dd>
                  <dt>hash</dt>
                  <dd class="hash">{event.hash}</dd>
                </dl>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Verify the chain": the server recomputes every dataHash and the whole chain; the answer is announced. */
export function VerifyChain() {
  const [result, setResult] = useState<Verification | 'busy' | Error | null>(null);
  const verify = async () => {
    setResult('busy');
    try {
      setResult(await apiGet<Verification>('/v1/audit/verify'));
    } catch (error) {
      setResult(error as Error);
    }
  };
  return (
    <div class="audit-action">
      <button type="button" onClick={verify} disabled={result === 'busy'}>
        Verify the chain
      </button>
      {/* In the page from the start, so a screen reader announces each new answer. */}
      <p role="status" class="verify-result">
        {result === 'busy' && 'Verifying the chain…'}
        {result instanceof Error && `Could not verify: ${result.message}`}
        {result && typeof result === 'object' && !(result instanceof Error) && <Verified result={result} />}
      </p>
    </div>
  );
}

function Verified({ result }: { result: Verification }) {
  if (!result.ok)
    return <strong class="retracted-flag">The chain is broken: the first invalid event is at log position {result.firstInvalidLogPosition}.</strong>;
  return (
    <>
      The chain is intact: {result.eventsChecked} events checked; head at log position {result.head?.logPosition}, hash{' '}
      <code class="hash">{result.head?.hash}</code>.
    </>
  );
}

/**
 * "Download a signed checkpoint": the API needs the token, so a plain link cannot fetch it;
 * the page fetches it and saves it through a Blob object URL on an `<a download>`. The CSP
 * (apps/api/src/web/web-assets.ts) does not restrict a download's navigation to a blob: URL
 * of this page's own origin (no fetch directive governs it), so no exception is needed.
 */
export function CheckpointDownload() {
  const [file, setFile] = useState<{ url: string; name: string; checkpoint: Checkpoint } | null>(null);
  const [error, setError] = useState('');
  const link = useRef<HTMLAnchorElement>(null);
  const clicked = useRef<string | null>(null);

  // Save as soon as the link exists (once per fetched checkpoint); the link stays to save it again.
  useEffect(() => {
    if (file && clicked.current !== file.url) {
      clicked.current = file.url;
      link.current?.click();
    }
  }, [file]);
  // The object URL holds the file in memory until revoked: drop the old one when replaced or gone.
  useEffect(() => () => file && URL.revokeObjectURL(file.url), [file]);

  const download = async () => {
    setError('');
    try {
      const checkpoint = await apiGet<Checkpoint>('/v1/audit/checkpoint');
      const blob = new Blob([JSON.stringify(checkpoint, null, 2) + '\n'], { type: 'application/json' });
      setFile({ url: URL.createObjectURL(blob), name: `checkpoint-${checkpoint.logPosition}.json`, checkpoint });
    } catch (failure) {
      setError(`Could not get a checkpoint: ${(failure as Error).message}`);
    }
  };
  return (
    <div class="audit-action">
      <button type="button" onClick={download}>
        Download a signed checkpoint
      </button>
      {file && (
        <p>
          <a ref={link} href={file.url} download={file.name}>
            Save {file.name} again
          </a>{' '}
          <span class="note">
            (head at log position {file.checkpoint.logPosition}, signed {file.checkpoint.signedAt}; keep it outside this system:{' '}
            <code>cli verify --checkpoint</code> proves the log still extends it)
          </span>
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
