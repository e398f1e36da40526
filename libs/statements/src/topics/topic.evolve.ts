import type { TopicEvent } from './topic.events.js';
import type { Topic } from './topic.types.js';

export interface TopicState {
  /** The topic as registered and revised; null while its stream is empty. */
  topic: Topic | null;
}

export const initialTopicState: TopicState = { topic: null };

export function evolveTopic(state: TopicState, event: TopicEvent): TopicState {
  switch (event.type) {
    case 'TopicRegistered':
      return { topic: { slug: event.data.slug, title: event.data.title, description: event.data.description ?? null } };
    case 'TopicRevised':
      return state.topic ? { topic: { ...state.topic, ...event.data.changes } } : state;
    default:
      return state;
  }
}
