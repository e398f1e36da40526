import { openLedgerSnapshot, statementRows, STATEMENT_COLUMNS, writeExport, type ExportFormat } from '@app/stances';
import type { CliContext } from '../cli.js';

/**
 * Streams every statement's current version, as `GET /v1/export/statements` does and
 * through the same code (the same bytes): one snapshot of the read models, read a page at a
 * time, each page written out only once stdout has taken the previous one.
 */
export async function exportStatements({ runtime, out, log }: CliContext, format: ExportFormat): Promise<number> {
  const snapshot = await openLedgerSnapshot(runtime.pool);
  try {
    const count = await writeExport(format, STATEMENT_COLUMNS, statementRows(snapshot.db, {}), {
      write: async (text) => {
        await out(text);
        return true;
      },
    });
    log(`export: ${count} statements as of logPosition ${snapshot.logPosition}`);
  } finally {
    await snapshot.close();
  }
  return 0;
}
