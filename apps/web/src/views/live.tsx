import { useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, TOKEN_REFUSED, type Stance } from '../api.ts';
import { followFeed, type FeedStatus, type SseMessage } from '../feed.ts';
import { savedToken } from '../session.ts';

/** A StanceChanged of the feed (docs/api.md, GET /v1/feed). */
export interface StanceChange {
  cause: 'recorded' | 'corrected' | 'retracted';
  previous: Stance | null;
  current: Stance | null;
}

/** A real change of position, or a correction that left the position where it was. */
export type Mark = 'changed' | 'corrected';

type Key = Pick<Stance, 'holder' | 'topic' | 'target'>;

/** A stance's key as the map's cells name it in `data-key`. */
export const stanceKey = (key: Key) => `${key.holder}/${key.topic}/${key.target ?? 'none'}`;

/**
 * The marks outlive the map (a visit to a timeline and back keeps them) but not a reload,
 * "Clear marks", or another sign-in: they belong to the token that saw them arrive.
 */
let kept: { token: string | null; marks: Map<string, Mark> } = { token: null, marks: new Map() };
function keptMarks(): Map<string, Mark> {
  if (kept.token !== savedToken()) kept = { token: savedToken(), marks: new Map() };
  return kept.marks;
}

export interface Live {
  /** `off` while the view is in the past (`asOf` or `knownAt` set): a past view does not change. */
  status: FeedStatus | 'off';
  /**
   * Whether the map may read now: the feed is open (so whatever the read misses, the feed
   * brings), or it could not open (the map still shows, without live updates), or it is off.
   */
  ready: boolean;
  /** Stances the feed changed since `restart()` (null: the key lost its stance). */
  changes: Map<string, Stance | null>;
  marks: Map<string, Mark>;
  /** Counts the changes and marks that arrived: what the map's memos depend on (the maps above change in place). */
  version: number;
  /** The latest change, for the `aria-live` line. */
  news: string;
  /** Called when a read of the map starts: the feed's changes from then on are laid over it. */
  restart(): void;
  clearMarks(): void;
}

/**
 * The map's live updates: follows the feed while `live`, keeps the changed stances to lay
 * over the map's last read, and marks their cells. `onStale` is called instead of patching
 * when the map cannot be patched from a StanceChanged (an attribution filter: the feed's
 * stances count every statement).
 */
export function useLive(live: boolean, patchable: boolean, onStale: () => void): Live {
  const [status, setStatus] = useState<FeedStatus | 'off'>(live ? 'connecting' : 'off');
  const [opened, setOpened] = useState(false);
  const [version, setVersion] = useState(0);
  const changes = useRef(new Map<string, Stance | null>());
  const [news, setNews] = useState('');
  const marks = keptMarks();
  // The latest options, for the feed's handler (it lives as long as the connection).
  const latest = useRef({ patchable, onStale });
  latest.current = { patchable, onStale };

  useEffect(() => {
    setOpened(false);
    if (!live) {
      setStatus('off');
      return;
    }
    const token = savedToken();
    if (!token) return;
    const rerender = () => setVersion((n) => n + 1);
    // Ids (log positions) that brought a StanceChanged: a StatementCorrected among them was told by it.
    const told = new Set<number>();
    const mark = (key: string, kind: Mark) => {
      if (marks.get(key) !== 'changed') marks.set(key, kind); // a change of position outranks a correction
    };
    const onMessage = (message: SseMessage) => {
      const id = Number(message.id);
      if (message.event === 'StanceChanged') {
        const change = JSON.parse(message.data) as StanceChange;
        const stance = change.current ?? change.previous;
        if (!stance) return;
        const key = stanceKey(stance);
        told.add(id);
        if (told.size > 1000) told.delete(told.values().next().value!);
        mark(key, markOf(change));
        setNews(describe(change));
        if (latest.current.patchable) changes.current.set(key, change.current);
        else latest.current.onStale();
        rerender();
      } else if (message.event === 'StatementCorrected') {
        // A correction of what no stance shows (a summary, a source, an earlier statement)
        // brings no StanceChanged; its cell is still marked, found through the statement.
        const { data } = JSON.parse(message.data) as { data: { statementId: string } };
        apiGet<Key & { position: string }>(`/v1/statements/${encodeURIComponent(data.statementId)}`).then(
          (statement) => {
            if (told.has(id) || savedToken() !== token) return;
            mark(stanceKey(statement), 'corrected');
            setNews(`${label(statement)}: ${statement.position}, corrected (position unchanged)`);
            rerender();
          },
          () => undefined, // retracted since, or gone: nothing to mark
        );
      }
    };
    return followFeed({
      token,
      onMessage,
      onStatus: (next) => {
        setStatus(next);
        if (next !== 'connecting') setOpened(true);
      },
      onRefused: () => token === savedToken() && dispatchEvent(new Event(TOKEN_REFUSED)),
    });
  }, [live]);

  return {
    status,
    ready: !live || opened,
    changes: changes.current,
    marks,
    version,
    news,
    restart: () => {
      changes.current = new Map();
    },
    clearMarks: () => {
      marks.clear();
      setNews('');
      setVersion((n) => n + 1);
    },
  };
}

function markOf({ cause, previous, current }: StanceChange): Mark {
  const moved = previous?.position !== current?.position || previous?.score !== current?.score;
  return cause === 'corrected' && !moved ? 'corrected' : 'changed';
}

const label = (key: Key) => `${key.holder} on ${key.topic}${key.target ? ` (target ${key.target})` : ''}`;

/** "KOR on aukus-pillar-ii (target KOR): considering → supports (recorded)". */
export function describe(change: StanceChange): string {
  const stance = (change.current ?? change.previous)!;
  if (markOf(change) === 'corrected') return `${label(stance)}: ${stance.position}, corrected (position unchanged)`;
  return `${label(stance)}: ${change.previous?.position ?? 'no stance'} → ${change.current?.position ?? 'no stance'} (${change.cause})`;
}

export const STATUS_TEXT: Record<Live['status'], string> = {
  off: 'Live updates: off while viewing the past (a past view does not change)',
  connecting: 'Live updates: connecting…',
  connected: 'Live updates: connected',
  reconnecting: 'Live updates: connection lost, reconnecting…',
  refused: 'Live updates: refused (sign in again)',
};

/** The status line, the `aria-live` line of the latest change, and "Clear marks". */
export function LiveBar({ live, marked }: { live: Live; marked: number }) {
  return (
    <div class="live-bar">
      <p class={`live-status live-${live.status}`}>{STATUS_TEXT[live.status]}</p>
      <p class="live-news" aria-live="polite">
        {live.status === 'off' ? '' : live.news}
      </p>
      {live.status !== 'off' && marked > 0 && (
        <p class="live-marks">
          {marked} cell{marked === 1 ? '' : 's'} marked: <span class="mark changed">changed</span> a change of position,{' '}
          <span class="mark corrected">corrected</span> a correction that kept it.{' '}
          <button type="button" onClick={live.clearMarks}>
            Clear marks
          </button>
        </p>
      )}
    </div>
  );
}
