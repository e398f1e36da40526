import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** The browser view's Content-Security-Policy: everything from this server, nothing inline, no framing. */
export const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** esbuild's `[name]-[hash]` names (scripts/build-web.mjs): their content never changes, so a browser may keep them for a year. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9.]+$/;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface WebAsset {
  body: Buffer;
  type: string;
  cacheControl: string;
}

export interface WebAssets {
  index: WebAsset;
  /** By file name: only what the build wrote under `ui/` is ever served (no path is joined from a request). */
  ui: ReadonlyMap<string, WebAsset>;
}

/** Reads the built app (index.html and `ui/*`) once, at start: a few hundred kB at most. */
export function loadWebAssets(dir: string): WebAssets {
  const ui = new Map<string, WebAsset>();
  for (const name of readdirSync(join(dir, 'ui'))) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const cacheControl = HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache';
    ui.set(name, { body: readFileSync(join(dir, 'ui', name)), type, cacheControl });
  }
  // index.html names the hashed files of this build: a browser asks again each time (no-cache), so a new build is seen at once.
  return { index: { body: readFileSync(join(dir, 'index.html')), type: 'text/html; charset=utf-8', cacheControl: 'no-cache' }, ui };
}
