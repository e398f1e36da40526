/**
 * A decider in Emmett's sense: `decide` turns a command and the current state into events,
 * `evolve` folds an event into the state, from `initialState`. The write side runs it
 * (libs/ledger's command pipeline); the specs drive it with given/when/then.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}
