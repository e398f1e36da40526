export * from './csv.js';
export * from './export-columns.js';
export * from './export-rows.js';
export * from './export-writer.js';
export * from './ledger-snapshot.js';
