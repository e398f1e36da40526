import { CorrectStatement, RecordBatch, RegisterActor, RegisterTopic, validInput } from '@app/ledger';
import type { EventStore } from '@app/event-store';
import { dataFile } from '@app/platform';
import {
  evolveStatement,
  initialStatementState,
  isStatementEvent,
  mergePatchBetween,
  parseActor,
  parseCorrection,
  parseRecordStatement,
  parseTopic,
  statementStreamId,
  toDomainEvent,
  type RecordStatementInput,
  type CorrectionInput,
  type StatementState,
} from '@app/statements';
import { readFile } from 'node:fs/promises';
import type { CliContext } from '../cli.js';
import { cliContext } from './cli-principal.js';

/** data/aukus-demo.json: POST bodies, plus why a statement differs from an earlier release's demo row. */
interface DemoFile {
  topics: unknown[];
  actors?: unknown[];
  statements: unknown[];
  /** statementId → the reason recorded when an existing ledger's row is corrected into this one. */
  corrections?: Record<string, string>;
}

/** The fallback reason, for a statement whose demo row changed without a reason of its own. */
const UPDATED = 'The demo data was updated.';

/** A statement as its own stream tells it (the log, not a read model that may still be catching up). */
async function statementState(store: EventStore, statementId: string): Promise<StatementState> {
  let state = initialStatementState;
  for (const stored of await store.readStream(statementStreamId(statementId))) {
    const event = toDomainEvent(stored);
    if (event && isStatementEvent(event)) state = evolveStatement(state, event);
  }
  return state;
}

/** Registers what is not registered yet; a slug already taken is left as it is. */
async function registerEach(items: readonly unknown[], register: (item: unknown) => Promise<unknown>): Promise<number> {
  let registered = 0;
  for (const item of items) {
    try {
      await register(item);
      registered++;
    } catch (error) {
      if ((error as { kind?: string }).kind !== 'conflict') throw error;
    }
  }
  return registered;
}

/**
 * Loads data/aukus-demo.json through the same commands as the API. Statements not in the
 * ledger are recorded (in one atomic batch); a statement recorded by an earlier release's
 * demo with other content is corrected into today's row, with the reason the file gives,
 * so no row of the old demo keeps answering as it was; one retracted since is left alone.
 * A second run writes nothing.
 */
export async function seed(context: CliContext): Promise<number> {
  const { log, out, runtime } = context;
  const commands = await context.commands();
  const demo = JSON.parse(await readFile(dataFile('aukus-demo.json'), 'utf8')) as DemoFile;
  const topicsRegistered = await registerEach(demo.topics, (topic) => commands.execute(new RegisterTopic(validInput(parseTopic(topic)), cliContext())));
  const actorsRegistered = await registerEach(demo.actors ?? [], (actor) => commands.execute(new RegisterActor(validInput(parseActor(actor)), cliContext())));

  const missing: RecordStatementInput[] = [];
  const corrections: { statementId: string; correction: CorrectionInput; revision: number }[] = [];
  for (const body of demo.statements) {
    const wanted = validInput(parseRecordStatement(body, new Date()));
    const statementId = wanted.statementId!;
    const state = await statementState(runtime.store, statementId);
    if (state.status === 'none') missing.push(wanted);
    else if (state.status === 'active') {
      const changes = mergePatchBetween(state.content, wanted.content);
      const reason = demo.corrections?.[statementId] ?? UPDATED;
      if (changes !== undefined) corrections.push({ statementId, correction: validInput(parseCorrection({ changes, reason })), revision: state.revision });
    } else log(`seed: statement ${statementId} was retracted; left as it is`);
  }

  let logPosition: number | null = null;
  if (missing.length > 0) logPosition = (await commands.execute(new RecordBatch(missing, cliContext()))).logPosition;
  for (const { statementId, correction, revision } of corrections) {
    logPosition = (await commands.execute(new CorrectStatement(statementId, correction.changes, correction.reason, revision, cliContext()))).logPosition;
  }

  log(
    `seed: ${count(topicsRegistered, 'topic')} and ${count(actorsRegistered, 'actor')} registered, ${count(missing.length, 'statement')} recorded, ${corrections.length} corrected to the current demo data`,
  );
  await out(
    JSON.stringify({
      topicsRegistered,
      actorsRegistered,
      statementsRecorded: missing.length,
      statementsCorrected: corrections.length,
      statementsWritten: missing.length + corrections.length > 0,
      logPosition,
    }) + '\n',
  );
  return 0;
}

/** `1 actor`, `2 actors`: the log line reads as a sentence. */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
