import type { SseMessage } from './feed.ts';

/** A stance key as the timeline shows it (`target` null: no target). */
export interface StanceKey {
  holder: string;
  topic: string;
  target: string | null;
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** A stored event names its holder (v2) or only its speaker's country (v1: the holder is that country). */
const holderOf = (data: Json): string | undefined => text(data.holder) ?? text(object(data.actor).country);

/**
 * Whether a feed message may change a key's history, so its timeline must read it again:
 * a StanceChanged of the key; any event of a statement the timeline shows (a correction of its
 * summary or sources, its retraction, though the stance stayed); a statement recorded on the
 * key (an older one changes the history, not the stance, and brings no StanceChanged); a
 * correction that names the key's holder, topic or target (it may move a statement in).
 * Reading again when unsure costs one request; missing a change would show a stale history.
 */
export function touchesKey(message: SseMessage, key: StanceKey, shown: ReadonlySet<string>): boolean {
  let payload: Json;
  try {
    payload = object(JSON.parse(message.data));
  } catch {
    return false;
  }
  if (message.event === 'StanceChanged') {
    return [payload.current, payload.previous].some((stance) => {
      const { holder, topic, target } = object(stance);
      return holder === key.holder && topic === key.topic && (target ?? null) === key.target;
    });
  }
  const data = object(payload.data);
  const statementId = text(data.statementId);
  if (statementId === undefined) return false;
  if (shown.has(statementId)) return true;
  if (message.event === 'StatementRecorded') {
    return holderOf(data) === key.holder && data.topic === key.topic && (data.target ?? null) === key.target;
  }
  if (message.event === 'StatementCorrected') {
    const changes = object(data.changes);
    return holderOf(changes) === key.holder || changes.topic === key.topic || ('target' in changes && changes.target === key.target);
  }
  return false;
}

const DONE: Record<string, string> = { recorded: 'a statement was recorded', corrected: 'a statement was corrected', retracted: 'a statement was retracted' };
const EVENT_CAUSE: Record<string, string> = { StatementRecorded: 'recorded', StatementCorrected: 'corrected', StatementRetracted: 'retracted' };

/** What a touching message did, for the timeline's `aria-live` line: "Updated: a statement was recorded; supports → opposes." */
export function newsOf(message: SseMessage): string {
  let payload: Json = {};
  try {
    payload = object(JSON.parse(message.data));
  } catch {
    // told generically below
  }
  const cause = message.event === 'StanceChanged' ? text(payload.cause) : EVENT_CAUSE[message.event];
  const before = text(object(payload.previous).position);
  const after = text(object(payload.current).position);
  const moved = message.event === 'StanceChanged' && before !== after ? `; ${before ?? 'no stance'} → ${after ?? 'no stance'}` : '';
  return `Updated: ${(cause && DONE[cause]) ?? 'the ledger changed'}${moved}.`;
}
