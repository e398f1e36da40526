import type { TopicCommand } from './topic.commands.js';
import { TopicAlreadyRegisteredError, TopicNotFoundError } from './topic.errors.js';
import type { TopicEvent } from './topic.events.js';
import type { TopicState } from './topic.evolve.js';
import type { TopicChanges } from './topic.types.js';

export function decideTopic(command: TopicCommand, state: TopicState): TopicEvent[] {
  switch (command.type) {
    case 'RegisterTopic':
      if (state.topic) throw new TopicAlreadyRegisteredError(command.topic.slug);
      return [{ type: 'TopicRegistered', data: command.topic }];
    case 'ReviseTopic': {
      const current = state.topic;
      if (!current) throw new TopicNotFoundError(command.slug);
      const changes: TopicChanges = {};
      if (command.changes.title !== undefined && command.changes.title !== current.title) changes.title = command.changes.title;
      if (command.changes.description !== undefined && command.changes.description !== current.description) {
        changes.description = command.changes.description;
      }
      // Nothing changed: nothing to write (the API answers 200 with the topic as it is).
      return Object.keys(changes).length === 0 ? [] : [{ type: 'TopicRevised', data: { slug: current.slug, changes } }];
    }
  }
}
