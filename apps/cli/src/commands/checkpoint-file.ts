import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Checkpoint } from '@app/event-store';
import { CliError } from '../cli-error.js';

const base64url = (bytes: number) => {
  const expected = `expected ${bytes} bytes in base64url`;
  return z
    .string({ error: expected })
    .regex(/^[A-Za-z0-9_-]+$/, expected)
    .refine((text) => Buffer.from(text, 'base64url').length === bytes, expected);
};
const positiveInteger = 'expected a positive integer';
const hex64 = 'expected 64 lowercase hex digits';

/** The shape GET /v1/audit/checkpoint answers; checked before the database is touched. */
const checkpointShape = z.object(
  {
    logPosition: z.number({ error: positiveInteger }).int(positiveInteger).positive(positiveInteger).max(Number.MAX_SAFE_INTEGER, positiveInteger),
    hash: z.string({ error: hex64 }).regex(/^[0-9a-f]{64}$/, hex64),
    signedAt: z.string({ error: 'expected the time it was signed (RFC 3339)' }).min(1, 'expected the time it was signed (RFC 3339)'),
    signature: base64url(64),
    publicKey: base64url(32),
  },
  { error: 'expected an object { logPosition, hash, signedAt, signature, publicKey }' },
);

const FIELD_ORDER = ['logPosition', 'hash', 'signedAt', 'signature', 'publicKey'];

/**
 * Reads a saved checkpoint; a missing file, a file that is not JSON or not a checkpoint is
 * one clear error naming the file and what is wrong (and the first wrong field).
 */
export async function readCheckpoint(file: string): Promise<Checkpoint> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new CliError(`verify: cannot read checkpoint ${file}: ${why}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`verify: ${file} is not JSON (expected a checkpoint saved from GET /v1/audit/checkpoint)`);
  }
  const parsed = checkpointShape.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => ({ field: issue.path.length > 0 ? `/${issue.path.join('/')}` : '/', message: issue.message }))
      .sort((a, b) => FIELD_ORDER.indexOf(a.field.slice(1)) - FIELD_ORDER.indexOf(b.field.slice(1)));
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new CliError(`verify: ${file} is not a checkpoint: ${first.field}: ${first.message}${more}`);
  }
  return parsed.data;
}
