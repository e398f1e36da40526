import { dataFile } from './data-file.js';
import { readFileSync } from 'node:fs';

export interface CameoCode {
  code: string;
  description: string;
  goldstein: number;
  quadClass: 1 | 2 | 3 | 4;
}

let codebook: Map<string, CameoCode> | null = null;

/** The CAMEO event codebook (v1.1b3) shipped as data/cameo-event-codes.tsv, read once. */
function load(): Map<string, CameoCode> {
  if (codebook) return codebook;
  const [, ...rows] = readFileSync(dataFile('cameo-event-codes.tsv'), 'utf8').trim().split('\n');
  codebook = new Map(
    rows.map((row) => {
      const [code, description, goldstein, quadClass] = row.split('\t');
      return [code, { code, description, goldstein: Number(goldstein), quadClass: Number(quadClass) as CameoCode['quadClass'] }];
    }),
  );
  return codebook;
}

export function cameoCode(code: string): CameoCode | undefined {
  return load().get(code);
}

export function isCameoCode(code: unknown): code is string {
  return typeof code === 'string' && load().has(code);
}
