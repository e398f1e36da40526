export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './hash-chain.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
export { eventStoreMigrations } from './postgres/migrations/index.js';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store.js';
export { ChainingTimeoutError, KurrentDbUnsupportedError } from './kurrentdb/kurrentdb-errors.js';
export { CHAINER_LOCK_KEY, type ChainerReport, type KurrentDbClientPort } from './kurrentdb/chainer.js';
export * from './whole-log.js';
