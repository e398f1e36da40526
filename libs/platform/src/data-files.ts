import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCameoCodebook, useCameoCodebook } from '@app/statements';

/** The first `data/<name>` in `directory` or any directory above it. */
export function findDataFile(name: string, directory: string): string {
  for (let dir = directory; ; dir = dirname(dir)) {
    const candidate = join(dir, 'data', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`data/${name} not found in ${directory} or above`);
  }
}

/**
 * The project's shipped `data/<name>`, found by walking up from this module, so the same
 * code works from the TypeScript sources (tests) and from the compiled `dist/` tree.
 */
export function dataFile(name: string): string {
  return findDataFile(name, dirname(fileURLToPath(import.meta.url)));
}

let codebookLoaded = false;

/**
 * Reads the CAMEO event codebook (v1.1b3) shipped as data/cameo-event-codes.tsv and gives
 * it to the domain's rules; once per process (later calls do nothing). Every process start
 * calls it (the runtime, the tests' setup); the domain itself reads no file.
 */
export function loadCameoCodebook(): void {
  if (codebookLoaded) return;
  useCameoCodebook(parseCameoCodebook(readFileSync(dataFile('cameo-event-codes.tsv'), 'utf8')));
  codebookLoaded = true;
}
