import { textRule } from '../validation/text.rules.js';
import { accept, refuse, type ValueRule } from '../validation/value-rule.js';
import { cameoCodebook, type CameoEvent, type QuadClass } from './cameo-codebook.js';
import { valueSchema } from '../validation/field-schema.js';

/** A code of the CAMEO event codebook, as a string with its leading zeros ("0312", not 312). */
export function isCameoCode(code: unknown): code is string {
  return typeof code === 'string' && cameoCodebook().has(code);
}

/** The codebook's entry for a code, or null when it is not a CAMEO code. */
export function cameoEvent(code: string): CameoEvent | null {
  return cameoCodebook().get(code) ?? null;
}

/** The Goldstein scale value (−10 … +10) of a CAMEO code, or null when it is not one. */
export function goldstein(code: string): number | null {
  return cameoEvent(code)?.goldstein ?? null;
}

/** The quad class (1–4) of a CAMEO code, or null when it is not one. */
export function quadClass(code: string): QuadClass | null {
  return cameoEvent(code)?.quadClass ?? null;
}

const EXPECTED = 'expected a code of the CAMEO event codebook, as a string with its leading zeros (e.g. "0312")';
const codeText = textRule({ max: 16 }, (code) => (isCameoCode(code) ? accept(code) : refuse(EXPECTED)));

// A JSON number would lose the leading zeros that tell "0312" from "312"; say so.
export const cameoCodeRule: ValueRule<string> = (value) => (typeof value === 'number' ? refuse(EXPECTED) : codeText(value));

export const cameoCodeSchema = valueSchema(
  cameoCodeRule,
  {
    type: 'string',
    pattern: '^[0-9]{2,4}$',
    description: 'A code of the CAMEO event codebook (a string: leading zeros are kept). Codes not in the codebook are refused.',
    examples: ['0312'],
  },
  'CameoCode',
);
