import type { z } from 'zod';
import type { actorSchema, sourceSchema, statementContentSchema } from './statement.schema.js';

export type Actor = z.output<typeof actorSchema>;
export type Source = z.output<typeof sourceSchema>;

/**
 * What was said, normalised: every optional field present, null when absent (an omitted
 * optional field equals an explicit null), keys in the contract's order, ids lower-case.
 */
export type StatementContent = z.output<typeof statementContentSchema>;

type Patch<T> = { [K in keyof T]?: null extends T[K] ? T[K] : T[K] extends object ? Patch<T[K]> : T[K] };

/**
 * A correction: a JSON merge patch (RFC 7396) over the content. Optional fields may be set
 * to null (removed); required ones (and those with a default) may only be replaced; actor
 * merges field by field, an array (`sources`) is replaced whole; `source` (v1's one source)
 * is a merge patch of `sources[0]`, never sent with `sources`.
 */
export type StatementChanges = Patch<StatementContent> & { source?: Patch<Source> };
