import assert from 'node:assert/strict';
import type { Decider } from '../decider.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Emmett-style specifications: given(events).when(command).then(events), or
 * .thenThrows(ErrorClass, check?). Framework-free (node:assert), so any runner can use it.
 */
export function DeciderSpecification<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState));
          return {
            then(expected: Event[]): void {
              assert.deepStrictEqual(run(), expected);
            },
            thenThrows<E extends ErrorClass>(errorClass: E, check?: (error: InstanceType<E>) => void): void {
              let outcome: unknown;
              try {
                outcome = run();
              } catch (error) {
                assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
                check?.(error as InstanceType<E>);
                return;
              }
              assert.fail(`expected ${errorClass.name}, got events ${JSON.stringify(outcome)}`);
            },
          };
        },
      };
    },
  };
}
