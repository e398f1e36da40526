export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './hash-chain.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
export { eventStoreMigrations } from './postgres/migrations/index.js';
