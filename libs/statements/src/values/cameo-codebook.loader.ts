import { readFileSync } from 'node:fs';
import { dataFile } from '../data-file.js';

/** 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
export type QuadClass = 1 | 2 | 3 | 4;

export interface CameoEvent {
  /** The code as the codebook writes it, leading zeros kept ("0312"). */
  code: string;
  description: string;
  /** Goldstein scale, −10 (conflict) … +10 (cooperation). */
  goldstein: number;
  quadClass: QuadClass;
}

const HEADER = 'code\tdescription\tgoldstein\tquad_class';

/** Parses the codebook TSV; a malformed shipped file is a build error, so it throws. */
export function parseCameoCodebook(tsv: string): ReadonlyMap<string, CameoEvent> {
  const [header, ...rows] = tsv.replace(/\r/g, '').trimEnd().split('\n');
  if (header !== HEADER) throw new Error(`CAMEO codebook: expected the header "${HEADER}"`);
  const codebook = new Map<string, CameoEvent>();
  rows.forEach((row, index) => {
    const [code, description, goldstein, quadClass, ...rest] = row.split('\t');
    const event = { code, description, goldstein: Number(goldstein), quadClass: Number(quadClass) as QuadClass };
    const valid =
      rest.length === 0 &&
      /^\d{2,4}$/.test(code ?? '') &&
      description !== undefined &&
      /^-?\d+(\.\d+)?$/.test(goldstein ?? '') &&
      Math.abs(event.goldstein) <= 10 &&
      [1, 2, 3, 4].includes(event.quadClass);
    if (!valid || codebook.has(code)) throw new Error(`CAMEO codebook: line ${index + 2} is malformed or repeated`);
    codebook.set(code, event);
  });
  return codebook;
}

let codebook: ReadonlyMap<string, CameoEvent> | null = null;

/**
 * The CAMEO event codebook (v1.1b3) shipped as data/cameo-event-codes.tsv, read
 * synchronously once, on first use. With data-file.ts, the only I/O in this library.
 */
export function cameoCodebook(): ReadonlyMap<string, CameoEvent> {
  codebook ??= parseCameoCodebook(readFileSync(dataFile('cameo-event-codes.tsv'), 'utf8'));
  return codebook;
}
