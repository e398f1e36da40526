import { RegisterActor } from '@app/ledger';
import { canonicalize, type EventStore } from '@app/event-store';
import { listActors } from '@app/stances';
import { actorStreamId, evolveActor, initialActorState, isActorEvent, parseActor, toDomainEvent, type RegisteredActor } from '@app/statements';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../cli.js';
import { cliContext } from './cli-principal.js';
import { formatLineError, LineErrors } from './import-check.js';
import { checkImportFile, lines } from './import.command.js';

/** The actor as its stream leaves it (the log, not a read model that may still be catching up), or null. */
async function registeredActor(store: EventStore, slug: string): Promise<RegisteredActor | null> {
  let state = initialActorState;
  for (const stored of await store.readStream(actorStreamId(slug))) {
    const event = toDomainEvent(stored);
    if (event && isActorEvent(event)) state = evolveActor(state, event);
  }
  return state.actor;
}

/**
 * `import-actors <file.jsonl>`: one Actor per line. Every line is checked first (a valid
 * actor; a slug not on an earlier line with other content, nor registered with other
 * content), and nothing is written if any is wrong; then the actors not yet registered are
 * registered. An actor already registered with the same content is skipped, so re-running
 * after an interruption registers only what is missing.
 */
export async function importActors(context: CliContext, file: string): Promise<number> {
  const { runtime, log, out } = context;
  await checkImportFile(file);
  const errors = new LineErrors();
  const seen = new Map<string, string>();
  const missing: RegisteredActor[] = [];
  for await (const { number, text } of lines(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      errors.add({ line: number, pointer: '', detail: 'not a JSON value' });
      continue;
    }
    const parsed = parseActor(value);
    if (!parsed.ok) {
      for (const error of parsed.errors) errors.add({ line: number, ...error });
      continue;
    }
    const actor = parsed.value;
    const content = canonicalize(actor);
    const earlier = seen.get(actor.slug);
    if (earlier !== undefined) {
      if (earlier !== content) errors.add({ line: number, pointer: '/slug', detail: `${actor.slug} is on an earlier line with other content` });
      continue;
    }
    seen.set(actor.slug, content!);
    const registered = await registeredActor(runtime.store, actor.slug);
    if (registered === null) missing.push(actor);
    else if (canonicalize(registered) !== content)
      errors.add({ line: number, pointer: '/slug', detail: `${actor.slug} is already registered with other content` });
  }
  if (errors.count > 0) {
    for (const error of errors.shown) log(formatLineError(error));
    if (errors.count > errors.shown.length) log(`… and ${errors.count - errors.shown.length} more errors`);
    log(`import-actors: ${file} has ${errors.count} error(s); nothing was written`);
    return 1;
  }
  const commands = await context.commands();
  for (const actor of missing) {
    try {
      await commands.execute(new RegisterActor(actor, cliContext()));
    } catch (error) {
      throw new CliError(`import-actors: registering ${actor.slug} failed (${(error as Error).message}); re-running registers only what is missing`);
    }
  }
  await out(JSON.stringify({ file, actors: seen.size, registered: missing.length }) + '\n');
  return 0;
}

/** `export-actors`: every actor as registered and revised, one Actor JSON per line, by slug (what import-actors reads). */
export async function exportActors({ runtime, out, log }: CliContext): Promise<number> {
  const actors = await listActors(runtime.pool);
  await out(actors.map((actor) => JSON.stringify(actor) + '\n').join(''));
  log(`export-actors: ${actors.length} actors`);
  return 0;
}
