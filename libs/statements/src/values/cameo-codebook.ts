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
export function parseCameoCodebook(tsv: string): CameoCodebook {
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

/** The CAMEO event codebook: code → entry. */
export type CameoCodebook = ReadonlyMap<string, CameoEvent>;

let installed: CameoCodebook | null = null;

/**
 * Makes `codebook` the one the CAMEO code rule checks against. Whoever starts a process
 * reads the shipped file and calls this once (the runtime, through @app/platform's
 * `loadCameoCodebook`; the tests, in their setup): the domain does no file I/O.
 */
export function useCameoCodebook(codebook: CameoCodebook): void {
  installed = codebook;
}

/** The codebook given to `useCameoCodebook`; before that, a bug in the process's start, so it throws. */
export function cameoCodebook(): CameoCodebook {
  if (!installed) throw new Error('the CAMEO codebook is not loaded: call loadCameoCodebook() (@app/platform) when the process starts');
  return installed;
}
