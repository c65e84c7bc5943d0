import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateAppKey } from '../common/crypto';

/**
 * Outside production an unset APP_KEY is generated once and kept under the data directory,
 * so encrypted columns and signed links keep working across restarts.
 */
export function resolveAppKey(dataDir: string): string {
  const file = join(dataDir, 'app-key');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = generateAppKey();
  // 'wx' fails if another process created it meanwhile; then that key wins.
  try {
    writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
    return key;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
