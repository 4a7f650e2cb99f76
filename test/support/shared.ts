// The third-party data beside the checkout (`../shared`, never copied into the repository).
// MINSHENG_SHARED_DIR points elsewhere when the checkout does not sit next to it.
import { existsSync } from 'node:fs';
import path from 'node:path';

export function sharedPath(relative: string): string {
  const root = path.resolve(process.env.MINSHENG_SHARED_DIR ?? '../shared');
  const file = path.join(root, relative);
  if (!existsSync(file)) throw new Error(`shared data not found: ${file} (set MINSHENG_SHARED_DIR to the shared folder)`);
  return file;
}
