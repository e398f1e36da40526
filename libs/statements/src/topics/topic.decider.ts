import type { Decider } from '../decider.js';
import type { TopicCommand } from './topic.commands.js';
import { decideTopic } from './topic.decide.js';
import type { TopicEvent } from './topic.events.js';
import { evolveTopic, initialTopicState, type TopicState } from './topic.evolve.js';

export const topicDecider: Decider<TopicCommand, TopicEvent, TopicState> = {
  decide: decideTopic,
  evolve: evolveTopic,
  initialState: initialTopicState,
};
