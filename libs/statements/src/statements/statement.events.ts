import type { StatementChanges, StatementContent } from './statement-content.types.js';

/** data: the statement as recorded — its id and every content field (optional ones null). */
export type StatementRecorded = { type: 'StatementRecorded'; data: { statementId: string } & StatementContent };
/** data.changes: the validated merge patch, as sent and normalised. */
export type StatementCorrected = { type: 'StatementCorrected'; data: { statementId: string; changes: StatementChanges; reason: string } };
export type StatementRetracted = { type: 'StatementRetracted'; data: { statementId: string; reason: string } };

export type StatementEvent = StatementRecorded | StatementCorrected | StatementRetracted;

/** One stream per statement; ids are UUIDs, lower-cased so that one statement has one stream. */
export const statementStreamId = (statementId: string): string => `statement-${statementId.toLowerCase()}`;
