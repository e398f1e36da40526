/**
 * The colour of an agreement (0 … 1) in the alignment heat map: ColorBrewer's YlGnBu, 5
 * classes — sequential (more agreement, darker) and safe for the common colour-vision
 * deficiencies, and unlike the map's PuOr so a cell is not read as a position. The text on
 * each has at least 4.5:1 contrast (WCAG AA). Classes `agree-0` … `agree-4` in app.css.
 */
export const AGREEMENT_SCALE = [
  { from: 0, to: 0.2, fill: '#ffffcc', ink: '#000000' },
  { from: 0.2, to: 0.4, fill: '#a1dab4', ink: '#000000' },
  { from: 0.4, to: 0.6, fill: '#41b6c4', ink: '#000000' },
  { from: 0.6, to: 0.8, fill: '#2c7fb8', ink: '#000000' },
  { from: 0.8, to: 1, fill: '#253494', ink: '#ffffff' },
] as const;

/** The class (0 … 4) of an agreement: [0, 0.2), [0.2, 0.4), … [0.8, 1]. */
export function agreementClass(agreement: number): number {
  return Math.max(0, Math.min(4, Math.floor(agreement * 5)));
}
