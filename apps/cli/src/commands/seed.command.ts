import { dataFile } from '@app/statements';
import { readFile } from 'node:fs/promises';
import { Problem } from '../../../api/src/http/problem.js';
import { RecordBatchCommand } from '@app/ledger';
import { RegisterTopicCommand } from '@app/ledger';
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
      await commands.execute(new RegisterTopicCommand(topic, cliContext()));
      topicsRegistered++;
    } catch (error) {
      if (!(error instanceof Problem && error.problemType === 'conflict') && (error as { kind?: string }).kind !== 'conflict') throw error;
    }
  }
  const outcome = await commands.execute(new RecordBatchCommand({ statements: demo.statements }, cliContext()));
  const recorded = outcome.status === 201 ? (outcome.body as { items: unknown[] }).items.length : 0;
  log(`seed: ${topicsRegistered} topics registered, ${outcome.status === 201 ? 'statements recorded' : 'statements already present'}`);
  await out(JSON.stringify({ topicsRegistered, statementsWritten: recorded > 0, logPosition: Number(outcome.headers['Ledger-Position']) }) + '\n');
  return 0;
}
