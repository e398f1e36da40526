import { RecordBatch, validInput } from '@app/ledger';
import { parseRecordStatement, parseStatementBatch } from '@app/statements';
import canonicalize from 'canonicalize';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { v5 as uuidv5 } from 'uuid';
import type { CliContext } from '../cli.js';
import { cliContext } from './cli-principal.js';
import { Progress } from './progress.js';

const CHUNK = 100;
const MAX_ERRORS_SHOWN = 50;
/** Namespace for ids of imported lines without a statementId: a re-run maps onto the same ids. */
const IMPORT_NAMESPACE = '4f0c2d5e-8a7b-5c3d-9e1f-2a4b6c8d0e1f';

async function* lines(file: string): AsyncGenerator<{ number: number; text: string }> {
  const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of reader) {
    number++;
    if (text.trim() !== '') yield { number, text };
  }
}

/**
 * Two streamed passes: validate every line (nothing is written if any line is wrong), then
 * record in atomic chunks of 100. Lines without a statementId get one derived from their
 * content, so re-running after an interruption writes only what is missing.
 */
export async function importStatements(context: CliContext, file: string): Promise<number> {
  const { log, out } = context;
  const size = (await stat(file).catch(() => null))?.size;
  if (size === undefined) throw new Error(`cannot read ${file}`);
  const now = new Date();
  const errors: string[] = [];
  let count = 0;
  for await (const { number, text } of lines(file)) {
    count++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      errors.push(`line ${number}: not valid JSON`);
      continue;
    }
    const parsed = parseRecordStatement(value, now);
    if (!parsed.ok) for (const error of parsed.errors) errors.push(`line ${number}: ${error.pointer || '/'}: ${error.detail}`);
  }
  if (errors.length > 0) {
    for (const error of errors.slice(0, MAX_ERRORS_SHOWN)) log(error);
    if (errors.length > MAX_ERRORS_SHOWN) log(`… and ${errors.length - MAX_ERRORS_SHOWN} more errors`);
    log(`import: ${file} has ${errors.length} error(s); nothing was written`);
    return 1;
  }
  const progress = new Progress('import', count, log);
  let chunk: unknown[] = [];
  let written = 0;
  let processed = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const batch = new RecordBatch(validInput(parseStatementBatch({ statements: chunk }, new Date())), cliContext());
    const result = await (await context.commands()).execute(batch);
    if (result.created) written += chunk.length;
    processed += chunk.length;
    progress.update(processed);
    chunk = [];
  };
  for await (const { text } of lines(file)) {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.statementId === undefined || value.statementId === null) {
      value.statementId = uuidv5(canonicalize(value) ?? text, IMPORT_NAMESPACE);
    }
    chunk.push(value);
    if (chunk.length === CHUNK) await flush();
  }
  await flush();
  progress.done();
  await out(JSON.stringify({ file, statements: count, chunksWritten: Math.ceil(written / CHUNK) }) + '\n');
  return 0;
}
