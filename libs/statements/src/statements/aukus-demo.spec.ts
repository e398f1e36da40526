import { readFileSync } from 'node:fs';
import { computeStance } from '../stances/compute-stance.js';
import { compareStatementOrder } from '../stances/statement-order.js';
import { NOW } from '../testing/statement-fixtures.js';
import { parseTopic } from '../topics/topic.parser.js';
import { statedInterval } from '../values/stated-at.value.js';
import { parseRecordStatement } from './record-statement.parser.js';
import { decideStatement } from './statement.decide.js';
import { initialStatementState } from './statement.evolve.js';

const demo = JSON.parse(readFileSync(new URL('../../../../data/aukus-demo.json', import.meta.url), 'utf8')) as {
  topics: unknown[];
  statements: { statementId: string }[];
};

/** The actors the demo registers (none before v2's demo data). */
const DEMO_ACTORS: ReadonlySet<string> = new Set(((demo as { actors?: { slug: string }[] }).actors ?? []).map((actor) => actor.slug));

describe('the AUKUS demo data', () => {
  it('has topics that all parse', () => {
    expect(demo.topics.map((topic) => parseTopic(topic).ok)).toEqual(demo.topics.map(() => true));
  });

  it.each(demo.statements.map((statement) => [statement.statementId, statement]))('statement %s parses and records', (statementId, body) => {
    const parsed = parseRecordStatement(body, NOW);
    expect(parsed).toMatchObject({ ok: true, value: { statementId } });
    if (!parsed.ok) return;
    const events = decideStatement(
      { type: 'RecordStatement', statementId, content: parsed.value.content, topicRegistered: true, registeredActors: DEMO_ACTORS },
      initialStatementState,
    );
    expect(events).toEqual([{ type: 'StatementRecorded', data: { statementId, ...parsed.value.content } }]);
  });

  // Korea's own position: AUKUS's, as Kim Tae-hyo reported it, is AUKUS's stance (holder aukus), not Korea's.
  it("puts Kim Tae-hyo's Korea at 'considering' on Pillar II since April 2024", () => {
    const korea = demo.statements
      .map((body) => parseRecordStatement(body, NOW))
      .flatMap((parsed, index) => (parsed.ok ? [{ ...parsed.value, index }] : []))
      .filter(({ content }) => content.holder === 'KOR' && content.topic === 'aukus-pillar-ii' && content.target === 'KOR')
      .map(({ statementId, content, index }) => ({
        statementId: statementId!,
        position: content.position,
        statedAt: content.statedAt,
        statedFrom: statedInterval(content.statedAt).statedFrom,
        recordLogPosition: index + 1,
      }))
      .sort(compareStatementOrder);
    expect(computeStance(korea)).toMatchObject({ position: 'considering', statedAt: '2024-11', since: '2024-04-10', statementCount: 2 });
  });
});
