import { RecordBatch, RegisterTopic, validInput } from '@app/ledger';
import { dataFile } from '@app/platform';
import { parseStatementBatch, parseTopic } from '@app/statements';
import { readFile } from 'node:fs/promises';
import type { CliContext } from '../cli.js';
import { cliContext } from './cli-principal.js';

/** Loads data/aukus-demo.json through the same commands as the API; a second run writes nothing. */
export async function seed(context: CliContext): Promise<number> {
  const { log, out } = context;
  const commands = await context.commands();
  const demo = JSON.parse(await readFile(dataFile('aukus-demo.json'), 'utf8')) as { topics: unknown[]; statements: unknown[] };
  let topicsRegistered = 0;
  for (const topic of demo.topics) {
    try {
      await commands.execute(new RegisterTopic(validInput(parseTopic(topic)), cliContext()));
      topicsRegistered++;
    } catch (error) {
      if ((error as { kind?: string }).kind !== 'conflict') throw error;
    }
  }
  const result = await commands.execute(new RecordBatch(validInput(parseStatementBatch({ statements: demo.statements }, new Date())), cliContext()));
  const recorded = result.created ? result.items.length : 0;
  log(`seed: ${topicsRegistered} topics registered, ${result.created ? 'statements recorded' : 'statements already present'}`);
  await out(JSON.stringify({ topicsRegistered, statementsWritten: recorded > 0, logPosition: result.logPosition }) + '\n');
  return 0;
}
