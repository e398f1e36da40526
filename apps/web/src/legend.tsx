import { SCALE } from './scale.ts';

/** The colour key of the map and the timeline. */
export function Legend() {
  return (
    <ul class="legend" aria-label="Colour key: position and score">
      {SCALE.map(({ score, position }) => (
        <li key={score}>
          <span class={`swatch score-${score + 2}`} aria-hidden="true" />
          {position} ({score > 0 ? '+' : ''}
          {score})
        </li>
      ))}
    </ul>
  );
}
