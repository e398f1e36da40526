import pg from 'pg';
import { classifyDatabaseError } from '../database-errors.js';
import { EventStoreUnavailableError } from '../event-store.errors.js';

// Connection exceptions (08…) and server shutdown (57P01–57P03) end the session too.
const SESSION_ENDING_SQLSTATE = /^(08|57P0[1-3])/;
// Another transaction got there first; the same work may succeed on fresh state.
const RACE_SQLSTATES = new Set(['23505', '40001', '40P01']);

/**
 * The server refused a statement and the session lives on: the transaction is known to be
 * aborted. Anything else (a socket error, a timeout, a shutdown) leaves the session, and
 * possibly the outcome of a COMMIT in flight, unknown.
 */
export function isStatementError(error: unknown): error is pg.DatabaseError {
  return error instanceof pg.DatabaseError && error.severity !== 'FATAL' && error.severity !== 'PANIC' && !SESSION_ENDING_SQLSTATE.test(error.code ?? '');
}

export function isRaceError(error: unknown): boolean {
  return isStatementError(error) && RACE_SQLSTATES.has(error.code ?? '');
}

/**
 * Readers answer EventStoreUnavailableError when the database cannot serve them, saying
 * whether it is busy (no pooled connection came free in time, contention) or down; a
 * statement the server refused for what it is goes back as it came.
 */
export function unavailableOr(error: unknown): unknown {
  const kind = classifyDatabaseError(error);
  if (kind === 'permanent' && isStatementError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const reason = kind === 'busy' ? 'busy' : 'down';
  return new EventStoreUnavailableError(`PostgreSQL is ${reason === 'busy' ? 'busy' : 'unavailable'}: ${message}`, { cause: error, reason });
}
