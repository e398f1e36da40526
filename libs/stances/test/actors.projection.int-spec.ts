import type { RegisteredActor } from '@app/statements';
import { GivenLog, ProjectionSpecs } from './projection-spec.js';

// The actors read model: ActorRegistered inserts a row, ActorRevised changes the fields it
// names (a null description removes it, members are replaced whole, in the order sent) and
// moves log_position; nothing else touches it, and it touches nothing else.

const AUKUS: RegisteredActor = { slug: 'aukus', name: 'AUKUS', kind: 'organization', country: null, members: ['AUS', 'GBR', 'USA'], description: null };
const FAC: RegisteredActor = {
  slug: 'gbr-commons-fac',
  name: 'House of Commons Foreign Affairs Committee',
  kind: 'legislature',
  country: 'GBR',
  members: [],
  description: 'Scrutinises the Foreign Office',
};

let specs: ProjectionSpecs;

beforeAll(async () => {
  specs = await ProjectionSpecs.create();
});

afterAll(async () => {
  await specs?.drop();
});

test('ActorRegistered: one row per actor, registered and last changed at its position; no topic, statement or stance', async () => {
  const given = new GivenLog().registerActor(FAC).registerActor(AUKUS);
  await specs.expectRows(given, {
    actors: [
      { ...AUKUS, registered_log_position: 2, log_position: 2 },
      { ...FAC, registered_log_position: 1, log_position: 1 },
    ],
    topics: [],
    statements: [],
    stances: [],
  });
});

test('ActorRevised: members and name change, the others stay; a null description removes it; two actors kept apart', async () => {
  const given = new GivenLog()
    .registerActor(AUKUS)
    .registerActor(FAC)
    .reviseActor('aukus', { members: ['USA', 'GBR', 'AUS', 'JPN'] })
    .foreign()
    .reviseActor('gbr-commons-fac', { description: null })
    .reviseActor('aukus', { name: 'AUKUS partnership', description: 'Trilateral security partnership' });
  await specs.expectRows(given, {
    actors: [
      {
        ...AUKUS,
        name: 'AUKUS partnership',
        members: ['USA', 'GBR', 'AUS', 'JPN'],
        description: 'Trilateral security partnership',
        registered_log_position: 1,
        log_position: 6,
      },
      { ...FAC, description: null, registered_log_position: 2, log_position: 5 },
    ],
  });
});
