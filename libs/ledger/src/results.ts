import type { JsonObject, StoredResult } from '@app/event-store';
import type { RegisteredActor } from '@app/statements';
import type { StatementView, TopicView } from '@app/stances';

/** A statement as a write left it. */
export interface StatementWritten {
  statement: StatementView;
  revision: number;
  /** logPosition of the statement's latest event. */
  logPosition: number;
  /** This write recorded the statement; false for a correction or retraction, or a recording already made with this content. */
  created: boolean;
  /** The first write's result again (the same Idempotency-Key and request); nothing was written now. */
  replayed?: boolean;
}

export interface BatchItem {
  statementId: string;
  revision: number;
  logPosition: number;
}

/** A batch as recorded: each item's statement, in the batch's order. */
export interface BatchRecorded {
  items: BatchItem[];
  /** The highest logPosition among the items. */
  logPosition: number;
  /** Something was written; false when every item was already recorded with its content. */
  created: boolean;
  replayed?: boolean;
}

export interface TopicWritten {
  topic: TopicView;
  /** logPosition of the topic's latest event. */
  logPosition: number;
  /** This write registered the topic. */
  created: boolean;
}

export interface ActorWritten {
  actor: RegisteredActor;
  /** logPosition of the actor's latest event. */
  logPosition: number;
  /** This write registered the actor. */
  created: boolean;
}

/** How a command's result is kept with its Idempotency-Key, and read back for a replay. */
export interface StoredForm<R> {
  toStored(result: R): StoredResult;
  /** The kept result, marked `replayed`: JSON this code stored, read back as the type it was written from. */
  fromStored(stored: unknown): R;
}

/**
 * Results kept before the store's port became HTTP-free held the HTTP answer itself
 * (`{ status, body, headers }`). Keys are kept ≥ 24 h, so a deployment being upgraded
 * holds some: they replay as the same answer (status 201 ⇔ created).
 */
interface LegacyAnswer {
  status: number;
  body: object;
  headers?: Record<string, string>;
}

function isLegacyAnswer(stored: unknown): stored is LegacyAnswer {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return false;
  const { status, body } = stored as Partial<Record<keyof LegacyAnswer, unknown>>;
  return typeof status === 'number' && typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** Plain JSON by construction; the interfaces cannot say so to TypeScript (JsonObject wants an index signature). */
function json(value: object): JsonObject {
  return value as JsonObject;
}

export const storedStatementWritten: StoredForm<StatementWritten> = {
  toStored: ({ statement, revision, logPosition, created }) => json({ statement, revision, logPosition, created }),
  fromStored(stored) {
    if (isLegacyAnswer(stored)) {
      const statement = stored.body as StatementView;
      return {
        statement,
        revision: statement.revision,
        logPosition: Number(stored.headers?.['Ledger-Position']),
        created: stored.status === 201,
        replayed: true,
      };
    }
    return { ...(stored as StatementWritten), replayed: true };
  },
};

export const storedBatchRecorded: StoredForm<BatchRecorded> = {
  toStored: ({ items, logPosition, created }) => json({ items, logPosition, created }),
  fromStored(stored) {
    if (isLegacyAnswer(stored)) {
      const { items } = stored.body as { items: BatchItem[] };
      return { items, logPosition: Number(stored.headers?.['Ledger-Position']), created: stored.status === 201, replayed: true };
    }
    return { ...(stored as BatchRecorded), replayed: true };
  },
};
