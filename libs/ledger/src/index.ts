/** @app/ledger — the application layer: commands, their handlers and pipeline, the ledger writer, idempotency, read-your-writes. */
export * from './ledger-writer.js';
export * from './ledger.errors.js';
export * from './ledger.module.js';
export * from './read-consistency.js';
export * from './idempotency.js';
export * from './idempotent-commands.js';
export * from './command-context.js';
export * from './results.js';
export { handleCommand, type CommandPlan, type RetryPolicy, type StreamModel } from './pipeline/handle-command.js';
export * from './statements/record-statement.command.js';
export * from './statements/record-batch.command.js';
export * from './statements/revise-statement.commands.js';
export * from './topics/topic-commands.js';
export * from './actors/actor-commands.js';
