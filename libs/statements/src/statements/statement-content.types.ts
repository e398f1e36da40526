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
 * to null (removed); required ones may only be replaced; actor and source merge field by field.
 */
export type StatementChanges = Patch<StatementContent>;
