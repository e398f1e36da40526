import { evolveTopic, initialTopicState, topicStreamId, type TopicState } from '@app/statements';
import type { LedgerWriter } from '../ledger-writer.js';

export interface LoadedTopic {
  streamId: string;
  state: TopicState;
  revision: number | null;
  lastLogPosition: number | null;
}

export async function loadTopic(writer: LedgerWriter, slug: string): Promise<LoadedTopic> {
  const streamId = topicStreamId(slug);
  const events = await writer.readStream(streamId);
  const state = events.reduce((current, event) => evolveTopic(current, event as never), initialTopicState);
  const last = events[events.length - 1];
  return { streamId, state, revision: last?.revision ?? null, lastLogPosition: last?.logPosition ?? null };
}
