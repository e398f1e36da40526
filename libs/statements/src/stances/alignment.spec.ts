import { alignmentOf, meanAgreement, type AlignableStance, type HolderAlignment } from './alignment.js';

const SCORE = { opposes: -2, concerned: -1, neutral: 0, considering: 1, supports: 2 } as const;

/** A holder's stance on (topic, target), optionally resting on a statement of an utterance. */
function holds(holder: string, position: keyof typeof SCORE, topic: string, target: string | null, utteranceId: string | null = null): AlignableStance {
  return { holder, topic, target, score: SCORE[position], utteranceId };
}

/** given(stances).when(minShared).then(pairs) — the alignment as a specification. */
function given(stances: AlignableStance[]) {
  return {
    when: (minShared = 1) => ({
      then: (expected: HolderAlignment[]) => expect(alignmentOf(stances, minShared)).toEqual(expected),
    }),
  };
}

describe('alignment between holders', () => {
  it('pairs holders a < b over the keys both hold, 1 − |Δscore|/4 averaged', () => {
    given([
      holds('USA', 'supports', 'aukus-pillar-ii', 'JPN'),
      holds('CHN', 'opposes', 'aukus-pillar-ii', 'JPN'),
      holds('AUS', 'supports', 'aukus-pillar-ii', 'JPN'),
      holds('USA', 'considering', 'aukus-pillar-ii', null),
      holds('AUS', 'neutral', 'aukus-pillar-ii', null),
    ])
      .when()
      .then([
        // AUS–USA: JPN 1, none 1 − 1/4 = 0.75 → 0.875 over 2 keys.
        { a: 'AUS', b: 'USA', shared: 2, agreement: 0.875 },
        { a: 'AUS', b: 'CHN', shared: 1, agreement: 0 },
        { a: 'CHN', b: 'USA', shared: 1, agreement: 0 },
      ]);
  });

  it('tells targets and topics apart: a key is (topic, target), a null target its own key', () => {
    given([
      holds('GBR', 'supports', 'nato-enlargement', null),
      holds('FRA', 'supports', 'nato-enlargement', 'SWE'),
      holds('FRA', 'opposes', 'aukus-pillar-ii', null),
    ])
      .when()
      .then([]);
  });

  it('leaves out a key where both stances rest on one utterance, and a pair with nothing else in common', () => {
    const joint = '7d0b3c2e-0000-4000-8000-000000000001';
    given([
      holds('AUS', 'supports', 'aukus-pillar-ii', 'KOR', joint),
      holds('GBR', 'supports', 'aukus-pillar-ii', 'KOR', joint),
      holds('USA', 'concerned', 'aukus-pillar-ii', 'KOR', joint),
      holds('AUS', 'supports', 'aukus-pillar-ii', 'JPN', joint),
      holds('USA', 'supports', 'aukus-pillar-ii', 'JPN'),
    ])
      .when()
      // AUS–GBR shared only the joint statement; AUS–USA keep JPN (one side has no utterance).
      .then([{ a: 'AUS', b: 'USA', shared: 1, agreement: 1 }]);
  });

  it('orders by agreement, then shared descending, then a and b; minShared drops thinner pairs', () => {
    const stances = [
      holds('aukus', 'supports', 't', 'KOR'),
      holds('KOR', 'supports', 't', 'KOR'),
      holds('JPN', 'supports', 't', 'KOR'),
      holds('JPN', 'supports', 't', null),
      holds('KOR', 'supports', 't', null),
    ];
    given(stances)
      .when()
      .then([
        { a: 'JPN', b: 'KOR', shared: 2, agreement: 1 },
        // Code point order: upper-case codes before slugs.
        { a: 'JPN', b: 'aukus', shared: 1, agreement: 1 },
        { a: 'KOR', b: 'aukus', shared: 1, agreement: 1 },
      ]);
    given(stances)
      .when(2)
      .then([{ a: 'JPN', b: 'KOR', shared: 2, agreement: 1 }]);
  });

  it('answers the same with more holders than the flat arrays take (over 1024: the pairs met kept in a map)', () => {
    const loners = Array.from({ length: 1100 }, (_, n) => holds(`h${n}`, 'neutral', 't', `T${n}`));
    given([...loners, holds('USA', 'supports', 't', 'T7'), holds('AUS', 'concerned', 't', 'T7')])
      .when()
      .then([
        { a: 'AUS', b: 'h7', shared: 1, agreement: 0.75 },
        { a: 'USA', b: 'h7', shared: 1, agreement: 0.5 },
        { a: 'AUS', b: 'USA', shared: 1, agreement: 0.25 },
      ]);
  });

  it('rounds half away from zero in exact decimal, where a float mean lands just below the .5', () => {
    // 200 keys whose gaps add up to 169: (800 − 169) / 800 = 0.78875 exactly, as a float 0.78874999….
    const gaps = [...Array<number>(42).fill(4), 1, ...Array<number>(157).fill(0)];
    const stances = gaps.flatMap((gap, key) => [
      { holder: 'AAA', topic: 't', target: `K${key}`, score: -2, utteranceId: null },
      { holder: 'BBB', topic: 't', target: `K${key}`, score: -2 + gap, utteranceId: null },
    ]);
    expect(Math.round((gaps.reduce((sum, gap) => sum + (1 - gap / 4), 0) / 200) * 1e4) / 1e4).toBe(0.7887);
    given(stances)
      .when()
      .then([{ a: 'AAA', b: 'BBB', shared: 200, agreement: 0.7888 }]);
  });

  it('rounds to 4 decimals: a third, two thirds, and an exact half at the fifth decimal', () => {
    expect(meanAgreement(3, 4)).toBe(0.6667); // 8/12
    expect(meanAgreement(3, 8)).toBe(0.3333); // 4/12
    expect(meanAgreement(8, 31)).toBe(0.0313); // 1/32 = 0.03125
    expect(meanAgreement(1, 4)).toBe(0);
    expect(meanAgreement(5, 0)).toBe(1);
  });
});
