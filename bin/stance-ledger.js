#!/usr/bin/env node
// `stance-ledger <command>`: package.json's "bin" (`npx stance-ledger …` in a checkout, or on
// the PATH once installed) runs the built CLI, without compiling anything.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/apps/cli/src/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('stance-ledger: not built yet; run `npm run build` (or `npm run cli -- <command>`, which builds when sources changed)\n');
  process.exit(2);
}
await import(main.href);
