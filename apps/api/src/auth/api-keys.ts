import type { ApiKey, Role } from '@app/platform';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface Principal {
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { reader: 0, editor: 1, admin: 2 };

export function hasRole(principal: Principal, needed: Role): boolean {
  return RANK[principal.role] >= RANK[needed];
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Tokens are kept only as SHA-256 digests and compared in constant time, so neither the
 * process memory nor the timing of a comparison gives a token away.
 */
export class ApiKeyRegistry {
  private readonly keys: { digest: Buffer; principal: Principal }[];

  constructor(keys: ApiKey[]) {
    this.keys = keys.map((key) => ({ digest: digest(key.token), principal: { name: key.name, role: key.role } }));
  }

  authenticate(token: string): Principal | null {
    const candidate = digest(token);
    let found: Principal | null = null;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, candidate)) found = key.principal;
    }
    return found;
  }
}

/**
 * With no API_KEYS configured, one admin token is generated on first start into
 * DATA_DIR/admin-token (mode 0600) and reused afterwards.
 */
export async function loadOrCreateAdminKey(dataDir: string): Promise<{ key: ApiKey; file: string; created: boolean }> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'admin-token');
  let created = false;
  if (!existsSync(file)) {
    await writeFile(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' }).catch((error) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
    created = true;
  }
  const token = (await readFile(file, 'utf8')).trim();
  return { key: { name: 'admin', role: 'admin', token }, file, created };
}
