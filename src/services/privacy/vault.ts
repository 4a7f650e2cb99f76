// Encryption of personal data at rest (AES-256-GCM) and the keyed hash (HMAC-SHA-256) that look-ups
// match on. One master key from the environment; the encryption and hashing keys are derived from it
// with HKDF, so a leaked hash column says nothing about the ciphertexts' key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class Vault {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  /** `masterKey`: 32 bytes (MINSHENG_DATA_KEY, base64 or hex). */
  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('MINSHENG_DATA_KEY must be 32 bytes (base64 or 64 hex digits)');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'minsheng personal data encryption', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'minsheng personal data lookup', 32));
  }

  static fromString(key: string): Vault {
    const trimmed = key.trim();
    return new Vault(/^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64'));
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  /** 'v1.<iv>.<tag>.<ciphertext>' in base64url: self-describing, so the key can be rotated later. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for equality look-ups of a normalised value. */
  hash(normalised: string): string {
    return createHmac('sha256', this.macKey).update(normalised).digest('base64url');
  }
}
