import { TopicAlreadyRegisteredError, TopicNotFoundError } from './domain.errors.js';
import type { TopicEvent } from './ledger.events.js';
import type { Topic, TopicChanges } from './statement.types.js';

export type TopicCommand = { type: 'RegisterTopic'; topic: Topic } | { type: 'ReviseTopic'; slug: string; changes: TopicChanges };

export interface TopicState {
  topic: Topic | null;
}

export const initialTopicState: TopicState = { topic: null };

export function decideTopic(command: TopicCommand, state: TopicState): TopicEvent[] {
  switch (command.type) {
    case 'RegisterTopic':
      if (state.topic) throw new TopicAlreadyRegisteredError(command.topic.slug);
      return [{ type: 'TopicRegistered', data: command.topic }];
    case 'ReviseTopic': {
      if (!state.topic) throw new TopicNotFoundError(command.slug);
      const current = state.topic;
      const effective: TopicChanges = {};
      if (command.changes.title !== undefined && command.changes.title !== current.title) effective.title = command.changes.title;
      if (command.changes.description !== undefined && command.changes.description !== current.description) {
        effective.description = command.changes.description;
      }
      // A revision that changes nothing writes nothing (the API answers 200 with the topic).
      return Object.keys(effective).length === 0 ? [] : [{ type: 'TopicRevised', data: { slug: current.slug, changes: effective } }];
    }
  }
}

export function evolveTopic(state: TopicState, event: TopicEvent): TopicState {
  switch (event.type) {
    case 'TopicRegistered':
      return { topic: { ...event.data, description: event.data.description ?? null } };
    case 'TopicRevised':
      return state.topic ? { topic: { ...state.topic, ...event.data.changes } } : state;
    default:
      return state;
  }
}
