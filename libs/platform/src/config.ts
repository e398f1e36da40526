import { isIP } from 'node:net';
import { z } from 'zod';

const apiKey = z
  .string()
  .transform((entry) => entry.trim())
  .pipe(z.string().regex(/^[^:\s]+:(reader|editor|admin):\S{16,}$/, 'each API key is name:role:token, role reader|editor|admin, token ≥ 16 characters'))
  .transform((entry) => {
    const [name, role, ...rest] = entry.split(':');
    return { name, role: role as Role, token: rest.join(':') };
  });

export type Role = 'reader' | 'editor' | 'admin';
export interface ApiKey {
  name: string;
  role: Role;
  token: string;
}

const schema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, { error: (issue) => `"${String(issue.input)}" is not a port number (0–65535; 0: any free port)` })
    .transform(Number)
    .pipe(z.number().max(65535, 'a port number is at most 65535'))
    .default(3000),
  /** The address the HTTP server binds: every interface by default, 127.0.0.1 to keep it on this machine. */
  HOST: z
    .string()
    .refine(
      (host) => isIP(host) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host),
      'must be an IP address or a host name (0.0.0.0: every interface)',
    )
    .default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  EVENT_STORE: z.enum(['postgres', 'kurrentdb']).default('postgres'),
  KURRENTDB_URL: z.string().optional(),
  API_KEYS: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() ? value.split(',') : undefined))
    .pipe(z.array(apiKey).optional()),
  CHECKPOINT_KEY: z.string().optional(),
  RATE_LIMIT_PER_MIN: z.coerce.number().int().min(0).default(6000),
  /** embedded: the API process runs the projector; external: apps/projector does (scale-out). */
  PROJECTOR: z.enum(['embedded', 'external']).default('embedded'),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).default(10_000),
  /** Open `/v1/feed` connections one API key may hold at once (beyond: 429). */
  FEED_MAX_PER_KEY: z.coerce.number().int().min(1).default(100),
  /** Open `/v1/feed` connections the process holds at once (beyond: 503). */
  FEED_MAX_TOTAL: z.coerce.number().int().min(1).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Bulkheads (docs/reliability.md): each kind of work draws on PostgreSQL connections of its
  // own, so no amount of one can starve another. With the defaults a process opens at most
  // 21 connections (10 + 3 + 5, the writer's, one LISTEN, /health's), so four API replicas
  // fit in PostgreSQL's default max_connections of 100.
  /** Connections for the query endpoints (statements, stances, topics, audit changes, events). */
  DB_READ_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Connections for the projector: one held while it leads, the others for its batches. */
  DB_PROJECTOR_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(3),
  /** Connections for the write path's reads (stream state, idempotency keys) and log subscriptions. */
  DB_WRITE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(5),
  /** How long a request waits for a free connection of its pool before it answers 503 "busy". */
  DB_POOL_WAIT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Reads one API key may have in flight at once (its share of DB_READ_POOL_SIZE); 0 turns the limit off. */
  READ_CONCURRENCY_PER_KEY: z.coerce.number().int().min(0).max(1000).default(4),
  /** Reads of one API key that may wait for one of its slots; beyond them (or after waiting 2 s) 429. */
  READ_QUEUE_PER_KEY: z.coerce.number().int().min(0).max(10_000).default(16),
});

export type AppConfig = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads and validates the environment; a bad setting names the variable and the rule. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const blankToUndefined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const given = blankToUndefined[name];
      // Say what was given, unless the message already quotes it or it is a secret.
      const secret = /KEY|TOKEN|URL/.test(name);
      const shown = given !== undefined && !secret && !issue.message.includes(`"${given}"`) ? ` (given "${given}")` : '';
      return `${issue.path.join('.') || 'environment'}: ${issue.message}${shown}`;
    });
    throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
  }
  const config = parsed.data;
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_URL) {
    throw new ConfigError('invalid configuration — KURRENTDB_URL: required when EVENT_STORE=kurrentdb');
  }
  return config;
}
