import { EventStoreUnavailableError } from './event-store.errors.js';

/**
 * What a failed database call means for whoever made it:
 * - `busy`: the database answers, but not now — no pooled connection came free in time,
 *   too many connections, lock or serialisation contention, a cancelled statement. Overload:
 *   retry after a pause; tell a client "busy", never "down".
 * - `down`: the database cannot be reached, or it is shutting down or starting up. Retry
 *   until it is back; tell a client the database is unavailable.
 * - `permanent`: the database refused what was sent (a constraint, bad input, a missing
 *   table) or the caller's own code threw. Retrying gives the same answer: a projector
 *   must stop at that event, a request answers with its own error.
 */
export type DatabaseErrorKind = 'busy' | 'down' | 'permanent';

// pg-pool's own error when every connection of a full pool stays checked out past
// `connectionTimeoutMillis` (a new connection that takes too long fails differently:
// "Connection terminated due to connection timeout", below).
const POOL_WAIT_TIMEOUT = /timeout exceeded when trying to connect/i;
const CONNECTION_LOST = /Connection terminated|connection timeout|Client has encountered a connection error|Query read timeout/i;

// 53300 too_many_connections, 55P03 lock_not_available, 57014 query_canceled,
// 40001 serialization_failure, 40P01 deadlock_detected.
const BUSY_SQLSTATES = new Set(['53300', '55P03', '57014', '40001', '40P01']);
// 08 connection exceptions, 53 other resource exhaustion (disk full, out of memory),
// 57P01–57P05 shutdown, crash recovery, cannot connect now, idle session timeout.
const DOWN_SQLSTATE = /^(08|53|57P0[1-5])/;
const DOWN_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function classifyDatabaseError(error: unknown): DatabaseErrorKind {
  if (error instanceof EventStoreUnavailableError) return error.reason;
  const candidate = error as { code?: unknown; message?: unknown } | null;
  const code = typeof candidate?.code === 'string' ? candidate.code : '';
  const message = typeof candidate?.message === 'string' ? candidate.message : '';
  if (BUSY_SQLSTATES.has(code) || POOL_WAIT_TIMEOUT.test(message)) return 'busy';
  if (DOWN_SQLSTATE.test(code) || DOWN_SOCKET_CODES.has(code) || CONNECTION_LOST.test(message)) return 'down';
  return 'permanent';
}
