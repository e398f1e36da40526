import type { Position } from '../values/position.value.js';
import { classifyChange } from './position-change.js';

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
