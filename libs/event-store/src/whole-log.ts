import type { EventStore, RecordedEvent } from '@app/event-store';

/** The whole log, in pages, as one async stream (constant memory however long it is). */
export async function* wholeLog(store: EventStore, after = 0, pageSize = 5000): AsyncGenerator<RecordedEvent> {
  let position = after;
  for (;;) {
    const page = await store.readAll({ after: position, limit: pageSize });
    if (page.length === 0) return;
    yield* page;
    position = page[page.length - 1].logPosition;
  }
}
