import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Env } from '../config/config';

/** The folder holding Gatehouse's package.json: two levels above this file in src/ and in dist/ alike. */
export function packageRoot(from: string = __dirname): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) return from;
    folder = parent;
  }
  return folder;
}

/**
 * The environment with DATA_DIR made absolute against the project rather than the working directory,
 * so `node /path/to/gatehouse/dist/cli.js` run from anywhere opens the server's embedded database
 * instead of quietly creating an empty one. For the server and the CLI; a library host keeps its own.
 */
export function withProjectDataDir(env: Env, root: string = packageRoot()): Env {
  const dataDir = env.DATA_DIR?.trim() || '.data';
  return { ...env, DATA_DIR: isAbsolute(dataDir) ? dataDir : resolve(root, dataDir) };
}
