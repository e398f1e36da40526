/** @app/testing — seeded ledger data that the tests and the benchmark share (the generator, the bulk loader); never imported by product code. */
export * from './ledger-generator.js';
export * from './load-ledger.js';
export * from './with-client.js';
