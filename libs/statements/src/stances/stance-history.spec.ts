import { POSITIONS } from '../values/position.value.js';
import { flipMoves, historyStep } from './stance-history.js';

describe('the position pairs of a flip filter', () => {
  it('are every pair whose position moved, when nothing narrows them', () => {
    expect(flipMoves()).toHaveLength(POSITIONS.length * (POSITIONS.length - 1));
  });

  it('are those historyStep classifies so', () => {
    const step = ([from, to]: [string, string]) => historyStep({ position: from, statedAt: '2024' }, { position: to, statedAt: '2025' });
    expect(flipMoves(['full_flop']).map(step)).toEqual(Array(8).fill({ change: 'full_flop', shift: 'reversal', orderUncertain: false }));
    expect(flipMoves(['half_flip'], ['to_neutral']).sort()).toEqual([
      ['concerned', 'neutral'],
      ['considering', 'neutral'],
      ['opposes', 'neutral'],
      ['supports', 'neutral'],
    ]);
    expect(
      flipMoves(['half_flip'], ['stronger'])
        .map(step)
        .map((s) => s.shift),
    ).toEqual(['stronger', 'stronger']);
  });

  it('are none for a change and a shift that never meet', () => {
    expect(flipMoves(['half_flip'], ['reversal'])).toEqual([]);
    expect(flipMoves(['full_flop'], ['weaker'])).toEqual([]);
  });
});
