// Where attachment bytes live. The database keeps only a key and the file's facts (type, size,
// sha-256); the bytes go to a store behind this interface, so a deployment can move them off the
// app's disk without touching the use cases. Only the disk store exists so far (see docs/api.md).
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { localDate } from '../../domain/calendar/index.js';

export interface FileStore {
  /** Stores the bytes under a key from `newStorageKey` (random, so never one already in use). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes as a stream, or null when nothing is stored under the key. */
  get(key: string): Promise<Readable | null>;
  /** Removes the bytes; removing a missing key is not an error (a retried clean-up must not fail). */
  delete(key: string): Promise<void>;
}

const KEY = /^\d{4}\/\d{2}\/[A-Za-z0-9_-]{16,64}$/;

/**
 * `2026/11/<random>`: the Shanghai month keeps directories small and makes a month's files easy to
 * back up or expire; 128 random bits make keys unguessable and collisions negligible.
 */
export function newStorageKey(now: Date): string {
  const [year, month] = localDate(now).split('-');
  return `${year}/${month}/${randomBytes(16).toString('base64url')}`;
}

/** Files under one directory (MINSHENG_FILES_DIR, default MINSHENG_DATA_DIR/files). */
export class DiskFileStore implements FileStore {
  constructor(readonly root: string) {}

  /** Keys are checked against the one shape we generate, so no key can reach outside the root. */
  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a storage key: ${key}`);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written beside the target, then renamed: a crash mid-write leaves a stray temp file, never a
    // truncated file under a key the database might point at.
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await writeFile(temp, bytes, { flag: 'wx', mode: 0o640 });
      await rename(temp, target);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Readable | null> {
    // Opened first, so a missing file is an answer here rather than an error event mid-response.
    const handle = await open(this.pathOf(key), 'r').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    return handle ? handle.createReadStream() : null;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
