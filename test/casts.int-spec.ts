import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Types are only as good as the casts that bypass them: product code (libs/ and apps/, not
 * tests, specs, test helpers or apps/web) may hold at most two `as never` / `as unknown as` casts, each
 * explained by a comment just above it (issue 13, point 4). A new one has to replace one.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const CAST = /\bas (never|unknown as)\b/;

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['test', 'testing', 'node_modules'].includes(entry.name) || relative(root, path) === join('apps', 'web') ? [] : productFiles(path);
    return /\.ts$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

test('product code has at most two double casts, each with a comment above it', () => {
  const casts = ['libs', 'apps'].flatMap((top) =>
    productFiles(join(root, top)).flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      return lines.flatMap((line, index) =>
        CAST.test(line) ? [{ at: `${relative(root, file)}:${index + 1}`, lines: lines.slice(Math.max(0, index - 8), index) }] : [],
      );
    }),
  );
  expect(casts.length).toBeLessThanOrEqual(2);
  for (const cast of casts) expect([cast.at, cast.lines.some((line) => /^\s*(\/\/|\*|\/\*\*)/.test(line))]).toEqual([cast.at, true]);
});
