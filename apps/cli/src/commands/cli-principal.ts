import type { CommandContext } from '@app/ledger';
import { randomUUID } from 'node:crypto';

/** Writes from the command line are recorded as by "cli" (an admin acting on the database). */
export function cliContext(): CommandContext {
  return { principal: { name: 'cli', role: 'admin' }, correlationId: randomUUID(), idempotency: null };
}
