/** @app/runtime — what one Stance Ledger process holds (database, schema, event store, projector); free of Nest, so light processes stay light. */
export * from './ledger-runtime.js';
