import { useState } from 'preact/hooks';
import type { Params } from './api.ts';

/**
 * The two times every view obeys: `asOf` (valid time: what had been said by then) and
 * `knownAt` (transaction time: what the ledger knew then). One module, so each view reads
 * and sets the same pair; kept for the tab's session like the token.
 */
export interface TimeTravel {
  /** A date (YYYY-MM-DD; the API reads it as the end of that UTC day), or '' for now. */
  asOf: string;
  /** An ISO instant, or '' for now. */
  knownAt: string;
}

const KEY = 'stance-ledger:time-travel';
const NOW: TimeTravel = { asOf: '', knownAt: '' };

function saved(): TimeTravel {
  try {
    return { ...NOW, ...(JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Partial<TimeTravel>) };
  } catch {
    return NOW;
  }
}

export function useTimeTravel(): [TimeTravel, (next: TimeTravel) => void] {
  const [time, setTime] = useState<TimeTravel>(saved);
  const set = (next: TimeTravel) => {
    sessionStorage.setItem(KEY, JSON.stringify(next));
    setTime(next);
  };
  return [time, set];
}

/** The query parameters a read takes for these times. */
export function timeParams(time: TimeTravel): Params {
  return { asOf: time.asOf, knownAt: time.knownAt };
}

/** `datetime-local` shows local time; the API takes an instant. */
const toLocalInput = (iso: string) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function TimeTravelControls({ time, onChange }: { time: TimeTravel; onChange: (next: TimeTravel) => void }) {
  return (
    <fieldset class="time-travel">
      <legend>Time travel</legend>
      <label>
        As of (said by)
        <input type="date" name="asOf" value={time.asOf} onChange={(event) => onChange({ ...time, asOf: event.currentTarget.value })} />
      </label>
      <label>
        Known at (recorded by)
        <input
          type="datetime-local"
          name="knownAt"
          value={toLocalInput(time.knownAt)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onChange({ ...time, knownAt: value ? new Date(value).toISOString() : '' });
          }}
        />
      </label>
      {(time.asOf || time.knownAt) && (
        <button type="button" onClick={() => onChange(NOW)}>
          Back to now
        </button>
      )}
    </fieldset>
  );
}
