import { POSITIONS, type Position } from '../values/position.value.js';
import { classifyChange, classifyShift } from './position-change.js';

describe('how a position changed', () => {
  it('is initial with nothing before', () => {
    expect(classifyChange(null, 'opposes')).toBe('initial');
  });

  it.each<[Position, Position, string]>([
    ['considering', 'considering', 'no_flip'],
    ['neutral', 'neutral', 'no_flip'],
    // Along one side.
    ['considering', 'supports', 'half_flip'],
    ['supports', 'considering', 'half_flip'],
    ['opposes', 'concerned', 'half_flip'],
    ['concerned', 'opposes', 'half_flip'],
    // To or from neutral.
    ['supports', 'neutral', 'half_flip'],
    ['neutral', 'opposes', 'half_flip'],
    ['concerned', 'neutral', 'half_flip'],
    ['neutral', 'considering', 'half_flip'],
    // Across neutral.
    ['considering', 'concerned', 'full_flop'],
    ['supports', 'opposes', 'full_flop'],
    ['considering', 'opposes', 'full_flop'],
    ['opposes', 'supports', 'full_flop'],
    ['concerned', 'considering', 'full_flop'],
  ])('from %s to %s is %s', (previous, position, change) => {
    expect(classifyChange(previous, position)).toBe(change);
  });
});

describe('how a position shifted (score and side)', () => {
  it('given nothing before, when a position is taken, then there is no shift', () => {
    expect(classifyShift(null, 'supports')).toBe('none');
  });

  it.each<[Position, Position, string]>([
    // The same score.
    ['concerned', 'concerned', 'none'],
    ['neutral', 'neutral', 'none'],
    // Along one side, away from neutral or toward it.
    ['considering', 'supports', 'stronger'],
    ['concerned', 'opposes', 'stronger'],
    ['supports', 'considering', 'weaker'],
    ['opposes', 'concerned', 'weaker'],
    // To or from neutral.
    ['supports', 'neutral', 'to_neutral'],
    ['concerned', 'neutral', 'to_neutral'],
    ['neutral', 'opposes', 'from_neutral'],
    ['neutral', 'considering', 'from_neutral'],
    // Across neutral, whatever the distance.
    ['considering', 'concerned', 'reversal'],
    ['supports', 'opposes', 'reversal'],
    ['opposes', 'considering', 'reversal'],
  ])('given %s before, when %s is stated, then the shift is %s', (previous, position, shift) => {
    expect(classifyShift(previous, position)).toBe(shift);
  });

  it('given any two positions, then a shift of none is exactly a change of no_flip (or the first), and a reversal exactly a full_flop', () => {
    for (const previous of POSITIONS) {
      for (const position of POSITIONS) {
        const [change, shift] = [classifyChange(previous, position), classifyShift(previous, position)];
        expect(shift === 'none').toBe(change === 'no_flip');
        expect(shift === 'reversal').toBe(change === 'full_flop');
      }
    }
  });
});
