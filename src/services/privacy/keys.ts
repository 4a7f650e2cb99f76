// Where the data key comes from: MINSHENG_DATA_KEY in production. For the two-command demo install
// a key is generated once into the data directory (mode 0600), beside the embedded database it
// protects; with an external database the key must come from the environment.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Vault } from './vault.js';

export function vaultFromConfig(options: { dataKey: string | undefined; dataDir: string; embedded: boolean }): Vault {
  if (options.dataKey) return Vault.fromString(options.dataKey);
  if (!options.embedded) throw new Error('MINSHENG_DATA_KEY is required with DATABASE_URL (32 bytes, base64 or hex): it encrypts phone and ID numbers');
  const file = path.join(options.dataDir, 'data-key');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, Vault.generateKey() + '\n', { mode: 0o600 });
  }
  return Vault.fromString(readFileSync(file, 'utf8'));
}
