/**
 * The colour of a score (−2 … +2): ColorBrewer's PuOr, 5 classes — diverging and safe for
 * the common colour-vision deficiencies. Orange for against, purple for for; the text on
 * each has at least 4.5:1 contrast (WCAG AA).
 */
export const SCALE = [
  { score: -2, position: 'opposes', fill: '#e66101', ink: '#000000' },
  { score: -1, position: 'concerned', fill: '#fdb863', ink: '#000000' },
  { score: 0, position: 'neutral', fill: '#f7f7f7', ink: '#000000' },
  { score: 1, position: 'considering', fill: '#b2abd2', ink: '#000000' },
  { score: 2, position: 'supports', fill: '#5e3c99', ink: '#ffffff' },
] as const;

export function colourOf(score: number) {
  return SCALE[Math.max(-2, Math.min(2, Math.round(score))) + 2];
}

/** `on_record` → `on record`. */
export const words = (value: string) => value.replace(/_/g, ' ');
