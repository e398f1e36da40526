import { rebuildReadModels } from '@app/stances';
import type { CliContext } from '../cli.js';

export async function rebuild({ runtime, log, out }: CliContext): Promise<number> {
  const started = Date.now();
  let lastReport = 0;
  const result = await rebuildReadModels(runtime.pool, runtime.store, ({ logPosition, head }) => {
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
