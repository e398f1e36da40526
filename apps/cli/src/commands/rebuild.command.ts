import { rebuildReadModels } from '@app/stances';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CliContext } from '../cli.js';

/**
 * A full collection, as `global.gc` would do. Each replay batch leaves tens of megabytes of
 * garbage (its events, the SQL text of its rows); V8 collects it lazily, letting the heap
 * grow to several batches' worth, so the rebuild collects after each batch and its peak
 * memory stays about one batch above the process's own.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => gc();
})();

export async function rebuild({ runtime, log, out }: CliContext): Promise<number> {
  const started = Date.now();
  let lastReport = 0;
  const result = await rebuildReadModels(runtime.pool, runtime.store, ({ logPosition, head }) => {
    collectGarbage();
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      log(`rebuild: ${logPosition}/${head} events`);
    }
  });
  const seconds = (Date.now() - started) / 1000;
  await out(
    JSON.stringify({ rebuilt: true, eventsApplied: result.eventsApplied, logPosition: result.logPosition, seconds }) + '\n',
  );
  return 0;
}
