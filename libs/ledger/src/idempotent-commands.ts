import { Injectable } from '@nestjs/common';
import { CommandBus, type Command } from '@nestjs/cqrs';
import { IdempotencyKeyReusedError } from '@app/event-store';
import type { IdempotencyContext } from './idempotency.js';
import { LedgerWriter } from './ledger-writer.js';
import type { StoredForm } from './results.js';

/**
 * Runs a command under an optional Idempotency-Key. A key seen before with the same request
 * replays its first result — before the request is even parsed into a command, as a retry
 * of a stored request needs no more; with another request it is refused
 * (IdempotencyKeyReusedError). The key is released when done, however it ends.
 */
@Injectable()
export class IdempotentCommands {
  constructor(
    private readonly bus: CommandBus,
    private readonly writer: LedgerWriter,
  ) {}

  async execute<R>(idempotency: IdempotencyContext | null, stored: StoredForm<R>, build: () => Command<R>): Promise<R> {
    try {
      if (idempotency) {
        const record = await this.writer.findIdempotencyRecord(idempotency.scope, idempotency.key);
        if (record) {
          if (record.requestHash !== idempotency.requestHash) throw new IdempotencyKeyReusedError(idempotency.key);
          return stored.fromStored(record.result);
        }
      }
      return await this.bus.execute(build());
    } finally {
      idempotency?.release();
    }
  }
}
