import canonicalize from 'canonicalize';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface Checkpoint {
  logPosition: number;
  hash: string;
  /** RFC 3339, UTC. */
  signedAt: string;
  /** Ed25519 over the RFC 8785 form of { logPosition, hash, signedAt }; base64url, no padding. */
  signature: string;
  /** The raw 32-byte Ed25519 public key, base64url, no padding. */
  publicKey: string;
}

function signedBytes(checkpoint: Pick<Checkpoint, 'logPosition' | 'hash' | 'signedAt'>): Buffer {
  const { logPosition, hash, signedAt } = checkpoint;
  return Buffer.from(canonicalize({ logPosition, hash, signedAt })!, 'utf8');
}

/** The raw key bytes are the last 32 of the SPKI DER encoding of an Ed25519 public key. */
function rawPublicKey(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64url');
}

function publicKeyFromRaw(raw: string): KeyObject {
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({ key: Buffer.concat([prefix, Buffer.from(raw, 'base64url')]), format: 'der', type: 'spki' });
}

export class CheckpointSigner {
  readonly publicKey: string;

  private constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('CHECKPOINT_KEY must be an Ed25519 private key (PKCS#8 PEM)');
    this.publicKey = rawPublicKey(privateKey);
  }

  /**
   * CHECKPOINT_KEY when configured (replicas must share it); otherwise a key generated once
   * into DATA_DIR/checkpoint-key.pem (mode 0600).
   */
  static async load(configured: string | undefined, dataDir: string): Promise<CheckpointSigner> {
    if (configured) return new CheckpointSigner(createPrivateKey(configured.replace(/\\n/g, '\n')));
    const dir = resolve(dataDir);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'checkpoint-key.pem');
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      await writeFile(file, pem, { mode: 0o600, flag: 'wx' }).catch((error) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
    }
    return new CheckpointSigner(createPrivateKey(await readFile(file, 'utf8')));
  }

  sign(head: { logPosition: number; hash: string }, now = new Date()): Checkpoint {
    const body = { logPosition: head.logPosition, hash: head.hash, signedAt: now.toISOString() };
    return { ...body, signature: sign(null, signedBytes(body), this.privateKey).toString('base64url'), publicKey: this.publicKey };
  }
}

/** Checks a checkpoint's signature against the public key it carries (or one the user trusts). */
export function verifyCheckpointSignature(checkpoint: Checkpoint, trustedPublicKey = checkpoint.publicKey): boolean {
  try {
    return verify(null, signedBytes(checkpoint), publicKeyFromRaw(trustedPublicKey), Buffer.from(checkpoint.signature, 'base64url'));
  } catch {
    return false;
  }
}
