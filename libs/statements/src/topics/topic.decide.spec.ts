import { DeciderSpecification } from '../testing/decider-specification.js';
import { topicDecider } from './topic.decider.js';
import { TopicAlreadyRegisteredError, TopicNotFoundError } from './topic.errors.js';
import type { TopicEvent } from './topic.events.js';
import { evolveTopic, initialTopicState } from './topic.evolve.js';
import type { Topic } from './topic.types.js';

const spec = DeciderSpecification(topicDecider);

const TOPIC: Topic = { slug: 'aukus-pillar-ii', title: 'AUKUS Pillar II partnership', description: 'Advanced capabilities' };
const registered: TopicEvent = { type: 'TopicRegistered', data: TOPIC };

describe('registering a topic', () => {
  it('registers a new slug', () => {
    spec.given([]).when({ type: 'RegisterTopic', topic: TOPIC }).then([registered]);
  });

  it('refuses a slug already taken (409), even with the same title', () => {
    spec.given([registered]).when({ type: 'RegisterTopic', topic: TOPIC }).thenThrows(TopicAlreadyRegisteredError);
  });
});

describe('revising a topic', () => {
  it('records only the fields that change', () => {
    spec
      .given([registered])
      .when({ type: 'ReviseTopic', slug: TOPIC.slug, changes: { title: 'AUKUS Pillar II', description: TOPIC.description } })
      .then([{ type: 'TopicRevised', data: { slug: TOPIC.slug, changes: { title: 'AUKUS Pillar II' } } }]);
  });

  it('removes the description with null', () => {
    spec
      .given([registered])
      .when({ type: 'ReviseTopic', slug: TOPIC.slug, changes: { description: null } })
      .then([{ type: 'TopicRevised', data: { slug: TOPIC.slug, changes: { description: null } } }]);
  });

  it('writes nothing when nothing changes', () => {
    spec
      .given([registered])
      .when({ type: 'ReviseTopic', slug: TOPIC.slug, changes: { title: TOPIC.title } })
      .then([]);
    spec.given([registered]).when({ type: 'ReviseTopic', slug: TOPIC.slug, changes: {} }).then([]);
  });

  it('refuses an unknown topic', () => {
    spec
      .given([])
      .when({ type: 'ReviseTopic', slug: 'quad-plus', changes: { title: 'Quad' } })
      .thenThrows(TopicNotFoundError);
  });

  it('is what the topic reads as afterwards', () => {
    const state = [
      registered,
      { type: 'TopicRevised', data: { slug: TOPIC.slug, changes: { title: 'Pillar II' } } } as TopicEvent,
      { type: 'TopicRevised', data: { slug: TOPIC.slug, changes: { description: null } } } as TopicEvent,
    ].reduce(evolveTopic, initialTopicState);
    expect(state.topic).toEqual({ slug: TOPIC.slug, title: 'Pillar II', description: null });
  });
});
