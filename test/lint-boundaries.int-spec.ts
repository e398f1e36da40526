import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

/**
 * The import boundaries in eslint.config.js, proved to bite: each probe is a one-line file
 * linted in memory at a real path (nothing is written), importing a real module, so the
 * resolver runs as it does on the code. Every rule has a probe that breaks it (the named
 * rule must report) and one that keeps it (no boundary rule may report). A boundary rule
 * that silently stopped matching (a renamed folder, a resolver that no longer follows the
 * `@app/*` alias) fails the "breaks" rows here before it lets a real import through.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

const ZONE = 'import-x/no-restricted-paths';
const PACKAGE = 'no-restricted-imports';
const NONE = 'no boundary rule';
const BOUNDARY_RULES = [ZONE, PACKAGE];

// [file the probe is placed at, module it imports, rule that must report (NONE: none may)]
const PROBES: [string, string, string][] = [
  // The domain imports no framework, store, read model, runtime, ledger or app.
  ['libs/statements/src/probe.ts', '@nestjs/common', PACKAGE],
  ['libs/statements/src/probe.ts', 'typeorm', PACKAGE],
  ['libs/statements/src/probe.ts', 'pg', PACKAGE],
  ['libs/statements/src/probe.ts', 'express', PACKAGE],
  ['libs/statements/src/probe.ts', '@app/event-store', ZONE],
  ['libs/statements/src/probe.ts', '../../event-store/src/index.js', ZONE],
  ['libs/statements/src/probe.ts', '@app/stances', ZONE],
  ['libs/statements/src/probe.ts', '@app/runtime', ZONE],
  ['libs/statements/src/probe.ts', '@app/ledger', ZONE],
  ['libs/statements/src/probe.ts', '../../../apps/api/src/app.module.js', ZONE],
  ['libs/statements/src/statements/probe.spec.ts', '@app/event-store', ZONE],
  ['libs/statements/src/probe.ts', './decider.js', NONE],
  ['libs/statements/src/probe.ts', 'zod', NONE],
  // The domain does no file I/O (libs/platform loads its data); its specs may read files.
  ['libs/statements/src/probe.ts', 'node:fs', PACKAGE],
  ['libs/statements/src/values/probe.ts', 'fs', PACKAGE],
  ['libs/statements/src/probe.ts', 'node:fs/promises', PACKAGE],
  ['libs/statements/src/statements/probe.spec.ts', 'node:fs', NONE],
  ['libs/platform/src/probe.ts', 'node:fs', NONE],
  // The event store knows no domain, read model or ledger.
  ['libs/event-store/src/probe.ts', '@app/statements', ZONE],
  ['libs/event-store/src/postgres/probe.ts', '../../../statements/src/index.js', ZONE],
  ['libs/event-store/src/probe.ts', '@app/stances', ZONE],
  ['libs/event-store/src/probe.ts', '@app/ledger', ZONE],
  ['libs/event-store/src/probe.ts', '@app/platform', NONE],
  ['libs/event-store/src/probe.ts', './hash-chain.js', NONE],
  // No app imports another app.
  ['apps/cli/src/probe.ts', '../../api/src/app.module.js', ZONE],
  ['apps/projector/src/probe.ts', '../../cli/src/cli.js', ZONE],
  ['apps/api/src/probe.ts', '../../projector/src/main.js', ZONE],
  ['apps/cli/src/probe.ts', '@app/ledger', NONE],
  ['apps/api/src/probe.ts', './app.module.js', NONE],
  // Tests import no bench code; they share its data generator through libs/testing.
  ['test/e2e/probe.e2e-spec.ts', '../../bench/lib/stats.js', ZONE],
  ['test/support/probe.ts', '../../bench/lib/stats.js', ZONE],
  ['libs/stances/test/probe.int-spec.ts', '../../../bench/lib/stats.js', ZONE],
  ['libs/platform/src/probe.spec.ts', '../../../bench/lib/stats.js', ZONE],
  ['test/e2e/probe.e2e-spec.ts', '@app/testing', NONE],
  ['libs/stances/test/probe.int-spec.ts', '@app/testing', NONE],
  // Product code imports no test data.
  ['libs/ledger/src/probe.ts', '@app/testing', ZONE],
  ['apps/api/src/probe.ts', '@app/testing', ZONE],
  ['libs/ledger/src/probe.spec.ts', '@app/testing', NONE],
  ['bench/lib/probe.ts', '@app/testing', NONE],
];

test.each(PROBES)('%s importing %s: %s', async (filePath, module, rule) => {
  const code = `import * as probe from '${module}';\nexport { probe };\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  const reported = result.messages.map((message) => message.ruleId ?? message.message);
  if (rule === NONE) expect(reported.filter((id) => BOUNDARY_RULES.includes(id))).toEqual([]);
  else expect(reported).toContain(rule);
});
