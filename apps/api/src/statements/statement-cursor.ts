import type { StatementCursor } from '@app/stances';
import { z } from 'zod';
import { inInstantRange } from '../http/query.js';

/** Cursors are opaque to clients: base64url of where the previous page ended. */
export function encodeCursor(cursor: StatementCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify([cursor.statedFrom, cursor.recordLogPosition])).toString('base64url') : null;
}

const decoded = z.tuple([z.iso.datetime(), z.number().int().min(0)]);

export const cursorParam = z.string().transform((text, context) => {
  try {
    const parsed = decoded.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (parsed.success && inInstantRange(parsed.data[0])) {
      return { statedFrom: parsed.data[0], recordLogPosition: parsed.data[1] } as StatementCursor;
    }
  } catch {
    // fall through to the issue below
  }
  context.addIssue({ code: 'custom', message: 'not a cursor this server issued' });
  return z.NEVER;
});
