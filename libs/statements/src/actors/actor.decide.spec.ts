import { AUKUS, COMMONS_COMMITTEE } from '../testing/actor-fixtures.js';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { actorDecider } from './actor.decider.js';
import { ActorAlreadyRegisteredError, ActorNotFoundError, InvalidActorRevisionError } from './actor.errors.js';
import type { ActorEvent } from './actor.events.js';
import { evolveActor, initialActorState } from './actor.evolve.js';
import type { RegisteredActor } from './actor.types.js';

const spec = DeciderSpecification(actorDecider);

const registered = (actor: RegisteredActor): ActorEvent => ({ type: 'ActorRegistered', data: actor });

describe('registering an actor', () => {
  it('registers a new slug', () => {
    spec
      .given([])
      .when({ type: 'RegisterActor', actor: AUKUS })
      .then([registered(AUKUS)]);
  });

  it('refuses a slug already taken (409), even with the same content', () => {
    spec
      .given([registered(AUKUS)])
      .when({ type: 'RegisterActor', actor: AUKUS })
      .thenThrows(ActorAlreadyRegisteredError);
  });
});

describe('revising an actor', () => {
  it('records only the fields that change; members are replaced whole, in the order sent', () => {
    spec
      .given([registered(AUKUS)])
      .when({ type: 'ReviseActor', slug: 'aukus', changes: { name: 'AUKUS', members: ['USA', 'GBR', 'AUS', 'JPN'] } })
      .then([{ type: 'ActorRevised', data: { slug: 'aukus', changes: { members: ['USA', 'GBR', 'AUS', 'JPN'] } } }]);
  });

  it('writes nothing when nothing changes', () => {
    spec
      .given([registered(AUKUS)])
      .when({ type: 'ReviseActor', slug: 'aukus', changes: { name: 'AUKUS', members: ['AUS', 'GBR', 'USA'], description: null } })
      .then([]);
  });

  it('keeps an organization at two members or more', () => {
    spec
      .given([registered(AUKUS)])
      .when({ type: 'ReviseActor', slug: 'aukus', changes: { members: ['AUS'] } })
      .thenThrows(InvalidActorRevisionError);
  });

  it('gives a body of one country no members, but accepts none', () => {
    spec
      .given([registered(COMMONS_COMMITTEE)])
      .when({ type: 'ReviseActor', slug: COMMONS_COMMITTEE.slug, changes: { members: ['GBR', 'IRL'] } })
      .thenThrows(InvalidActorRevisionError);
    spec
      .given([registered(COMMONS_COMMITTEE)])
      .when({ type: 'ReviseActor', slug: COMMONS_COMMITTEE.slug, changes: { members: [] } })
      .then([]);
  });

  it('refuses an unknown actor', () => {
    spec
      .given([])
      .when({ type: 'ReviseActor', slug: 'nato', changes: { name: 'NATO' } })
      .thenThrows(ActorNotFoundError);
  });

  it('is what the actor reads as afterwards', () => {
    const state = [
      registered(AUKUS),
      { type: 'ActorRevised', data: { slug: 'aukus', changes: { description: 'Trilateral security partnership' } } } as ActorEvent,
      { type: 'ActorRevised', data: { slug: 'aukus', changes: { name: 'AUKUS partnership', description: null } } } as ActorEvent,
    ].reduce(evolveActor, initialActorState);
    expect(state.actor).toEqual({ ...AUKUS, name: 'AUKUS partnership', description: null });
  });
});
