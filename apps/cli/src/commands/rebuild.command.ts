import { rebuildReadModels } from '@app/stances';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CliContext } from '../cli.js';
import { Progress } from './progress.js';

/** Heap in use (live and garbage) above which the rebuild collects between batches. */
const HEAP_CEILING = 96 * 1024 * 1024;

/**
 * A full collection, as `global.gc` would do, once the heap passes the ceiling. Each replay
 * batch leaves tens of megabytes of garbage (its events, the SQL text of its rows), and so
 * does each chunk of the stance recompute; V8 collects it lazily, letting the heap grow to
 * several batches' worth (~420 MB of RSS at 100k events, ~490 MB at 1M), so the rebuild
 * collects between batches and its peak memory stays about one batch above the process's
 * own, however long the log. Only past the ceiling: a full collection after every batch
 * cost a sixth of the rebuild's JavaScript time.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    if (getHeapStatistics().used_heap_size > HEAP_CEILING) gc();
  };
})();

export async function rebuild({ runtime, log, out }: CliContext): Promise<number> {
  const started = Date.now();
  const replay = new Progress('rebuild', 0, log, 'events');
  let stances: Progress | undefined;
  const result = await rebuildReadModels(runtime.pool, runtime.store, ({ stage, logPosition, head, keysDone, keys }) => {
    collectGarbage();
    if (stage === 'stances') {
      if (!stances) replay.done();
      stances ??= new Progress('rebuild: stances', keys!, log, 'keys');
      stances.update(keysDone!, keys);
      return;
    }
    // `done` also counts the events the final catch-up applied: the last line is N/N of the log.
    if (stage === 'done') stances?.done();
    replay.update(logPosition, head);
  });
  replay.done();
  const seconds = (Date.now() - started) / 1000;
  await out(JSON.stringify({ rebuilt: true, eventsApplied: result.eventsApplied, logPosition: result.logPosition, seconds }) + '\n');
  return 0;
}
