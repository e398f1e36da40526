import { GivenLog, ProjectionSpecs } from './projection-spec.js';

// The topics read model: TopicRegistered inserts a row, TopicRevised changes the fields it
// names (a null description removes it) and moves log_position; nothing else touches it.

let specs: ProjectionSpecs;

beforeAll(async () => {
  specs = await ProjectionSpecs.create();
});

afterAll(async () => {
  await specs?.drop();
});

test('TopicRegistered: one row per topic, registered and last changed at its position', async () => {
  const given = new GivenLog().registerTopic('aukus-pillar-ii', 'AUKUS Pillar II').registerTopic('quad', 'Quad', 'The Quadrilateral Security Dialogue');
  await specs.expectRows(given, {
    topics: [
      { slug: 'aukus-pillar-ii', title: 'AUKUS Pillar II', description: null, registered_log_position: 1, log_position: 1 },
      { slug: 'quad', title: 'Quad', description: 'The Quadrilateral Security Dialogue', registered_log_position: 2, log_position: 2 },
    ],
    statements: [],
    versions: [],
    stances: [],
  });
});

test('TopicRevised: the fields it names change, the others stay; a null description removes it', async () => {
  const given = new GivenLog()
    .registerTopic('aukus-pillar-ii', 'AUKUS Pillar II')
    .registerTopic('quad', 'Quad', 'The Quadrilateral Security Dialogue')
    .reviseTopic('aukus-pillar-ii', { title: 'AUKUS Pillar II: advanced capabilities' })
    .reviseTopic('quad', { description: null })
    .foreign()
    .reviseTopic('aukus-pillar-ii', { description: 'Eight advanced-capability lines of effort' });
  await specs.expectRows(given, {
    topics: [
      {
        slug: 'aukus-pillar-ii',
        title: 'AUKUS Pillar II: advanced capabilities',
        description: 'Eight advanced-capability lines of effort',
        registered_log_position: 1,
        log_position: 6,
      },
      { slug: 'quad', title: 'Quad', description: null, registered_log_position: 2, log_position: 4 },
    ],
    statements: [],
    stances: [],
  });
});
