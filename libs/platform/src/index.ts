export * from './config.js';
export * from './embedded-postgres.js';
export * from './migrations.js';
export * from './process-start.js';
export * from './shutdown-signals.js';
export * from './data-files.js';
