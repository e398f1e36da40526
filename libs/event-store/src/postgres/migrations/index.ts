import { CreateEventLog1763800000000 } from './1763800000000-create-event-log.js';
import { AppendFunction1764400000000 } from './1764400000000-append-function.js';

/** The event store's schema, in order; pass them to `runMigrations` with the other libraries'. */
export const eventStoreMigrations = [CreateEventLog1763800000000, AppendFunction1764400000000];
