import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCameoCodebook, useCameoCodebook } from '@app/statements';

/** The first `<relative>` in `directory` or any directory above it, or null. */
function findUp(relative: string, directory: string): string | null {
  for (let dir = directory; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** The first `data/<name>` in `directory` or any directory above it. */
export function findDataFile(name: string, directory: string): string {
  const found = findUp(join('data', name), directory);
  if (!found) throw new Error(`data/${name} not found in ${directory} or above`);
  return found;
}

/**
 * The project's shipped `data/<name>`, found by walking up from this module, so the same
 * code works from the TypeScript sources (tests) and from the compiled `dist/` tree.
 */
export function dataFile(name: string): string {
  return findDataFile(name, dirname(fileURLToPath(import.meta.url)));
}

/**
 * The browser view's build (`dist/web`, written by scripts/build-web.mjs), found by walking up
 * from this module as dataFile does (so from the sources in tests too); null when not built.
 */
export function webAppDir(): string | null {
  const index = findUp(join('dist', 'web', 'index.html'), dirname(fileURLToPath(import.meta.url)));
  return index && dirname(index);
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
