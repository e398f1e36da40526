import { evolveTopic, initialTopicState, isTopicEvent, type TopicState } from '@app/statements';
import type { StreamModel } from '../pipeline/handle-command.js';

export const topicModel: StreamModel<TopicState> = {
  initialState: initialTopicState,
  evolve: (state, event) => (isTopicEvent(event) ? evolveTopic(state, event) : state),
};

/** A lost race on a topic stands (409): registering or revising a topic is not decided again. */
export const TOPIC_RETRY = { onConflict: 'retry', retries: 0 } as const;
