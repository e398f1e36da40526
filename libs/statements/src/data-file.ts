import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's shipped `data/<name>`, found by walking up from this module, so the same
 * code works from the TypeScript sources (tests) and from the compiled `dist/` tree.
 */
export function dataFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'data', name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`data/${name} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
