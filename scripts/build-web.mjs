#!/usr/bin/env node
// Builds the browser view (apps/web) into dist/web: one JS and one CSS bundle under ui/ with a
// content hash in their names (the API serves those with a year-long cache), and index.html
// naming them. Every byte comes from this repository and node_modules (esbuild bundles Preact);
// the page loads nothing from another host. `npm run build` runs this after tsc.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'web');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'ui'), { recursive: true });

const result = await build({
  entryPoints: { app: join(root, 'apps', 'web', 'src', 'main.tsx') },
  outdir: join(out, 'ui'),
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(root, 'apps', 'web', 'tsconfig.json'),
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const script = outputs.find((file) => file.endsWith('.js'));
const style = outputs.find((file) => file.endsWith('.css'));
if (!script || !style) throw new Error(`build-web: expected a .js and a .css bundle, got ${outputs.join(', ')}`);

writeFileSync(
  join(out, 'index.html'),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Stance Ledger</title>
    <link rel="stylesheet" href="/ui/${style}" />
    <script type="module" src="/ui/${script}"></script>
  </head>
  <body>
    <div id="app"></div>
    <noscript>The Stance Ledger browser view needs JavaScript; the API itself is at /docs.</noscript>
  </body>
</html>
`,
);
