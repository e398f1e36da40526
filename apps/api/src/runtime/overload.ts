import { Injectable } from '@nestjs/common';

/** How long after the last "busy" refusal /health still reports the server busy. */
const BUSY_WINDOW_MS = 1000;

/**
 * Remembers when this process last refused a request because no database connection of
 * its pool came free in time. /health reads it to say "busy" (overload: the database is
 * fine, this process is saturated) rather than "database down"; it clears by itself a
 * second after the refusals stop.
 */
@Injectable()
export class Overload {
  private lastBusyAt = 0;

  refusedBusy(): void {
    this.lastBusyAt = Date.now();
  }

  get busy(): boolean {
    return Date.now() - this.lastBusyAt < BUSY_WINDOW_MS;
  }
}
