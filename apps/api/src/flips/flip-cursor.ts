import type { FlipCursor } from '@app/stances';
import { z } from 'zod';
import { inInstantRange } from '../http/query.js';

/** Cursors are opaque to clients: base64url of where the previous page ended and the log position the pages read at. */
export function encodeFlipCursor(cursor: FlipCursor | null): string | null {
  return cursor ? Buffer.from(JSON.stringify([cursor.statedFrom, cursor.recordLogPosition, cursor.logPosition])).toString('base64url') : null;
}

const position = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const decoded = z.tuple([z.iso.datetime(), position, position]);

export const flipCursorParam = z.string().transform((text, context) => {
  try {
    const parsed = decoded.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (parsed.success && inInstantRange(parsed.data[0])) {
      const [statedFrom, recordLogPosition, logPosition] = parsed.data;
      return { statedFrom, recordLogPosition, logPosition } as FlipCursor;
    }
  } catch {
    // fall through to the issue below
  }
  context.addIssue({ code: 'custom', message: 'not a cursor this server issued' });
  return z.NEVER;
});
