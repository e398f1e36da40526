import type { ClaimTakenError, UniqueClaims } from '@app/event-store';
import { DuplicateStatementError, duplicateKeyOf, evolveStatement, type StatementEvent, type StatementState } from '@app/statements';
import type { LoadedStream } from '../pipeline/handle-command.js';
import type { StatementStream } from './statement-stream.js';

/** The claim an active statement holds (its duplicate key), or null. */
function claimOf(state: StatementState): string | null {
  return state.status === 'active' && state.content ? duplicateKeyOf(state.content) : null;
}

/**
 * Duplicates (CONTRACT.md, v2), checked atomically with the append: an active statement
 * holds its duplicate key as a unique claim. Recording takes it; a retraction releases it;
 * a correction that changes the tuple releases the old key and takes the new one. A claim
 * another statement holds refuses the whole unit, nothing written. `pointer` names where
 * each stream's statement was sent ('' alone, `/statements/<i>` in a batch).
 */
export function statementClaims(pointer: (index: number) => string) {
  /** Which stream each taken claim is for, by the claim's index in `take`. */
  let takers: number[] = [];
  return {
    of({ streams, decided }: { streams: LoadedStream<StatementStream>[]; decided: StatementEvent[][] }): UniqueClaims {
      const claims: UniqueClaims = { release: [], take: [] };
      takers = [];
      decided.forEach((events, index) => {
        if (events.length === 0) return;
        const before = streams[index].state.state;
        const after = events.reduce(evolveStatement, before);
        const held = claimOf(before);
        const next = claimOf(after);
        if (held === next) return;
        if (held) claims.release.push(held);
        if (next) {
          claims.take.push({ key: next, owner: after.statementId! });
          takers.push(index);
        }
      });
      return claims;
    },
    refused(error: ClaimTakenError): Error {
      return new DuplicateStatementError(error.taken.map(({ index, owner }) => ({ pointer: pointer(takers[index]), duplicateOf: owner })));
    },
  };
}
