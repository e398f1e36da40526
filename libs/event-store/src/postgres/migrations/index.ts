import { CreateEventLog1763800000000 } from './1763800000000-create-event-log.js';
import { AppendFunction1764400000000 } from './1764400000000-append-function.js';
import { UniqueClaims1764900000000 } from './1764900000000-unique-claims.js';

/** The event store's schema, in order; pass them to `runMigrations` with the other libraries'. */
export const eventStoreMigrations = [CreateEventLog1763800000000, AppendFunction1764400000000, UniqueClaims1764900000000];
