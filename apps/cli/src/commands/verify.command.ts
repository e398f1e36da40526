import { verifyChain, verifyCheckpointSignature, wholeLog, type Checkpoint } from '@app/event-store';
import type { CliContext } from '../cli.js';
import { readCheckpoint } from './checkpoint-file.js';

/**
 * Recomputes every dataHash and the chain; with --checkpoint, also proves that the log
 * still extends a checkpoint saved earlier: its signature holds, the event at its position
 * still exists, and that event's hash is the one that was signed. The checkpoint file is
 * read and its shape checked by `readCheckpoint` (the CLI does so before it starts the database).
 */
export async function verify({ runtime, out, log }: CliContext, checkpointOrFile?: Checkpoint | string): Promise<number> {
  const checkpoint = typeof checkpointOrFile === 'string' ? await readCheckpoint(checkpointOrFile) : checkpointOrFile;
  const chain = await verifyChain(wholeLog(runtime.store));
  const report: Record<string, unknown> = { ok: chain.ok, eventsChecked: chain.eventsChecked, head: chain.head };
  const problems: string[] = [];
  if (!chain.ok) {
    report.firstInvalidLogPosition = chain.firstInvalidLogPosition;
    problems.push(`the chain breaks at logPosition ${chain.firstInvalidLogPosition}`);
  }
  if (checkpoint) {
    const signatureValid = verifyCheckpointSignature(checkpoint);
    const [event] = await runtime.store.readAll({ after: checkpoint.logPosition - 1, limit: 1 });
    const present = event?.logPosition === checkpoint.logPosition;
    const extends_ = present && event.hash === checkpoint.hash;
    report.checkpoint = { logPosition: checkpoint.logPosition, signatureValid, present, hashMatches: extends_ };
    if (!signatureValid) problems.push('the checkpoint signature does not verify');
    if (!present) problems.push(`the log no longer reaches the checkpoint's logPosition ${checkpoint.logPosition} (truncated)`);
    else if (!extends_) problems.push(`the event at logPosition ${checkpoint.logPosition} is not the one the checkpoint signed (rewritten)`);
  }
  report.ok = problems.length === 0;
  await out(JSON.stringify(report) + '\n');
  for (const problem of problems) log(`verify: ${problem}`);
  if (problems.length === 0) log(`verify: ${chain.eventsChecked} events, chain intact${checkpoint ? ', checkpoint extended' : ''}`);
  return problems.length === 0 ? 0 : 1;
}
