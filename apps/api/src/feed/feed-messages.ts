import type { RecordedEvent } from '@app/event-store';
import type { StanceChange } from '@app/stances';
import { toEventJson } from '../events/event-json.js';

/** One log event's part of the feed: its message and its StanceChanged messages, serialised once. */
export interface FeedEntry {
  position: number;
  text: string;
}

export const OPENING = ': stance-ledger feed\n\n';
export const KEEPALIVE = ': keepalive\n\n';
export const DROPPED = ': dropped: too slow; reconnect with Last-Event-ID\n\n';
export const INTERRUPTED = ': interrupted: the log could not be read; reconnect with Last-Event-ID\n\n';
export const CLOSING = ': closing: the server is shutting down; reconnect with Last-Event-ID\n\n';

export function sseMessage(type: string, id: number, data: unknown): string {
  return `event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function feedEntry(event: RecordedEvent, changes: StanceChange[] = []): FeedEntry {
  let text = sseMessage(event.type, event.logPosition, toEventJson(event));
  for (const change of changes) text += sseMessage('StanceChanged', event.logPosition, change);
  return { position: event.logPosition, text };
}

/** The text of the entries after `cursor` (entries in position order). */
export function textAfter(entries: readonly FeedEntry[], cursor: number): string {
  let text = '';
  for (const entry of entries) if (entry.position > cursor) text += entry.text;
  return text;
}
