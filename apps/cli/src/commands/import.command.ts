import { RecordBatch, validInput } from '@app/ledger';
import { parseStatementBatch } from '@app/statements';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../cli.js';
import { cliContext } from './cli-principal.js';
import { formatLineError, ImportCheck, importedStatementId } from './import-check.js';
import { Progress } from './progress.js';

const CHUNK = 100;

/** The file's non-blank lines, with their numbers. */
export async function* lines(file: string): AsyncGenerator<{ number: number; text: string }> {
  const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of reader) {
    number++;
    if (text.trim() !== '') yield { number, text };
  }
}

/** The import file must be a readable file: checked before the database is started. */
export async function checkImportFile(file: string): Promise<void> {
  const stats = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `import: cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'permission denied' : error.message}`,
    );
  });
  if (!stats.isFile()) throw new CliError(`import: ${file} is not a file`);
}

/**
 * Two streamed passes. The first checks every line (`ImportCheck`: valid statement,
 * registered topic, no conflicting statementId) and writes nothing if any line is wrong;
 * the second records the lines in atomic chunks of 100. Lines without a statementId get one
 * derived from their content, so re-running after an interruption writes only what is
 * missing (the handler answers a recorded id with the same content as a retry).
 */
export async function importStatements(context: CliContext, file: string): Promise<number> {
  const { log, out, runtime } = context;
  await checkImportFile(file);
  const check = new ImportCheck(runtime.store, new Date());
  let count = 0;
  for await (const { number, text } of lines(file)) {
    count++;
    await check.line(number, text);
  }
  const errors = await check.finish();
  if (errors.count > 0) {
    for (const error of errors.shown) log(formatLineError(error));
    if (errors.count > errors.shown.length) log(`… and ${errors.count - errors.shown.length} more errors`);
    log(`import: ${file} has ${errors.count} error(s); nothing was written`);
    return 1;
  }
  const progress = new Progress('import', count, log);
  let chunk: { line: number; value: unknown }[] = [];
  let ids = new Set<string>();
  let written = 0;
  let processed = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const statements = chunk.map(({ value }) => value);
    try {
      const batch = new RecordBatch(validInput(parseStatementBatch({ statements }, new Date())), cliContext());
      const result = await (await context.commands()).execute(batch);
      if (result.created) written += chunk.length;
    } catch (error) {
      const range = `lines ${chunk[0].line}–${chunk[chunk.length - 1].line}`;
      throw new CliError(
        `import: writing ${range} failed (${(error as Error).message}); the lines before them are recorded, and re-running writes only what is missing`,
      );
    }
    processed += chunk.length;
    progress.update(processed);
    chunk = [];
    ids = new Set();
  };
  for await (const { number, text } of lines(file)) {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.statementId === undefined || value.statementId === null) {
      value.statementId = importedStatementId(value, text);
    }
    // A line repeating an earlier one (same id, same content: the check refused any other)
    // has nothing to add; within one batch the handler would refuse the repeated id.
    const id = String(value.statementId).toLowerCase();
    if (ids.has(id)) {
      processed++;
      continue;
    }
    ids.add(id);
    chunk.push({ line: number, value });
    if (chunk.length === CHUNK) await flush();
  }
  await flush();
  progress.update(count);
  progress.done();
  await out(JSON.stringify({ file, statements: count, chunksWritten: Math.ceil(written / CHUNK) }) + '\n');
  return 0;
}
