import { canonicalize, type EventStore } from '@app/event-store';
import {
  actorStreamId,
  duplicateKeyOf,
  evolveStatement,
  initialStatementState,
  isStatementEvent,
  namesCountry,
  parseRecordStatement,
  statementStreamId,
  toDomainEvent,
  topicStreamId,
  type StatementContent,
} from '@app/statements';
import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';

/** Errors printed in full; the rest are counted. */
export const ERRORS_SHOWN = 20;
/** Store reads in flight at once while checking ids (the runtime's pool bounds them anyway). */
const READS_IN_FLIGHT = 16;

export interface LineError {
  line: number;
  /** JSON pointer into the line's statement: the field ('' for the whole line). */
  pointer: string;
  detail: string;
}

/** `line 151: /topic: …`; an error of the whole line (not JSON) names no field. */
export const formatLineError = ({ line, pointer, detail }: LineError): string => `line ${line}: ${pointer === '' ? '' : `${pointer}: `}${detail}`;

/** Every error counted, the `ERRORS_SHOWN` earliest (by line) kept for printing: bounded memory on any file. */
export class LineErrors {
  private readonly earliest: LineError[] = [];
  count = 0;

  add(error: LineError): void {
    this.count++;
    const at = this.earliest.findIndex((kept) => kept.line > error.line);
    if (at >= 0) this.earliest.splice(at, 0, error);
    else this.earliest.push(error);
    if (this.earliest.length > ERRORS_SHOWN) this.earliest.pop();
  }

  get shown(): readonly LineError[] {
    return this.earliest;
  }
}

/** Namespace for ids of imported lines without a statementId: a re-run maps onto the same ids. */
const IMPORT_NAMESPACE = '4f0c2d5e-8a7b-5c3d-9e1f-2a4b6c8d0e1f';

/** The id a line without a statementId is recorded under: derived from its content, so a re-run writes nothing twice. */
export const importedStatementId = (value: unknown, text: string): string => uuidv5(canonicalize(value) ?? text, IMPORT_NAMESPACE);

const digest = (value: unknown): string =>
  createHash('sha256')
    .update(canonicalize(value) ?? '')
    .digest('hex')
    .slice(0, 32);

/**
 * The import's first pass, line by line, writing nothing: every line is a valid statement,
 * every topic is registered (a JSONL import carries statements only, so topics must be
 * registered beforehand, and so must an actor named as holder or target), and no client-chosen statementId conflicts — neither with a
 * statement already recorded under it with other content, nor with an earlier line of the
 * file that has the same id and other content. The same id with the same content is a
 * re-run of an import (nothing to write), not a conflict.
 *
 * The write pass still goes through the API's command handler, which decides every rule
 * again: this check is what lets the whole file be refused up front, with line numbers.
 *
 * Duplicates as CONTRACT.md's v2 defines them (`checkDuplicate`): a line alike to an earlier
 * one, or to an active statement other than its own.
 */
export class ImportCheck {
  readonly errors = new LineErrors();
  /** Topic and actor streams looked up so far: whether each exists. */
  private readonly registered = new Map<string, Promise<boolean>>();
  /** Client-chosen ids seen so far: the first line that used each, and its content's digest. */
  private readonly ids = new Map<string, { line: number; digest: string }>();
  private readonly reads = new Set<Promise<void>>();
  /** Each duplicate key of the file so far, and the first line that has it. */
  private readonly duplicateKeys = new Map<string, { line: number; statementId: string }>();

  constructor(
    private readonly store: EventStore,
    private readonly now: Date,
  ) {}

  async line(line: number, text: string): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.errors.add({ line, pointer: '', detail: 'not valid JSON' });
      return;
    }
    const parsed = parseRecordStatement(value, this.now);
    if (!parsed.ok) {
      for (const error of parsed.errors) this.errors.add({ line, ...error });
      return;
    }
    const { statementId, content } = parsed.value;
    await this.checkTopic(line, content.topic);
    for (const field of ['holder', 'target'] as const) {
      const named = content[field];
      if (named !== null && !namesCountry(named)) await this.checkActor(line, field, named);
    }
    if (statementId !== null) await this.checkStatementId(line, statementId, digest(content));
    await this.checkDuplicate(line, statementId ?? importedStatementId(value, text), content);
  }

  /** Waits for the store reads still in flight; then `errors` is complete. */
  async finish(): Promise<LineErrors> {
    await Promise.all(this.reads);
    return this.errors;
  }

  private async checkTopic(line: number, topic: string): Promise<void> {
    if (!(await this.streamExists(topicStreamId(topic)))) {
      this.errors.add({ line, pointer: '/topic', detail: `topic "${topic}" is not registered; register it first (POST /v1/topics)` });
    }
  }

  /** v2: an actor named as holder or target must be registered (the API answers 422). */
  private async checkActor(line: number, field: 'holder' | 'target', slug: string): Promise<void> {
    if (!(await this.streamExists(actorStreamId(slug)))) {
      this.errors.add({ line, pointer: `/${field}`, detail: `actor "${slug}" is not registered; register it first (POST /v1/actors, or import-actors)` });
    }
  }

  /** Whether a registry entry's stream exists, read once per stream. */
  private streamExists(streamId: string): Promise<boolean> {
    let exists = this.registered.get(streamId);
    if (!exists) {
      exists = this.store.readStream(streamId, { direction: 'backwards', limit: 1 }).then((events) => events.length > 0);
      this.registered.set(streamId, exists);
    }
    return exists;
  }

  private async checkStatementId(line: number, statementId: string, contentDigest: string): Promise<void> {
    const earlier = this.ids.get(statementId);
    if (earlier) {
      if (earlier.digest !== contentDigest) {
        this.errors.add({ line, pointer: '/statementId', detail: `statementId ${statementId} is already used by line ${earlier.line} with other content` });
      }
      return;
    }
    this.ids.set(statementId, { line, digest: contentDigest });
    if (this.reads.size >= READS_IN_FLIGHT) await Promise.race(this.reads);
    const read = this.checkRecorded(line, statementId, contentDigest).finally(() => this.reads.delete(read));
    read.catch(() => undefined); // a failed read is thrown by finish() (or the next race), not left unhandled
    this.reads.add(read);
  }

  /**
   * Duplicates (CONTRACT.md, v2): a line alike to an earlier line of the file, or to an
   * active statement — unless that statement is the line's own (a re-run: its id rule decides).
   */
  private async checkDuplicate(line: number, statementId: string, content: StatementContent): Promise<void> {
    const key = duplicateKeyOf(content);
    const earlier = this.duplicateKeys.get(key);
    if (earlier !== undefined) {
      // The same id too: the same line again, which the id rule lets through (nothing written twice).
      if (earlier.statementId !== statementId) {
        this.errors.add({
          line,
          pointer: '',
          detail: `repeats line ${earlier.line} (the same holder, topic, target, position, statedAt, quote, speaker and primary source)`,
        });
      }
      return;
    }
    this.duplicateKeys.set(key, { line, statementId });
    const holder = await this.store.claimHolder(key);
    if (holder !== null && holder !== statementId) {
      this.errors.add({ line, pointer: '', detail: `repeats active statement ${holder} (duplicate)` });
    }
  }

  /** The statement's first event holds its content as recorded (corrections come after it). */
  private async checkRecorded(line: number, statementId: string, contentDigest: string): Promise<void> {
    const [stored] = await this.store.readStream(statementStreamId(statementId), { limit: 1 });
    const first = stored ? toDomainEvent(stored) : null;
    if (!first || !isStatementEvent(first)) return;
    const recorded = evolveStatement(initialStatementState, first).recordedContent;
    if (digest(recorded) !== contentDigest) {
      this.errors.add({ line, pointer: '/statementId', detail: `statement ${statementId} is already recorded with other content` });
    }
  }
}
