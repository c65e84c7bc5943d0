// Shared by the build scripts: is an output older than its inputs?
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Newest mtime under `path`; directories count too, so a deleted or renamed file is a change. */
export function newestMtime(path, skip = new Set()) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) if (!skip.has(entry)) newest = Math.max(newest, newestMtime(join(path, entry), skip));
  return newest;
}

/** When the last successful build started (inputs edited during a build count as changes). */
export function lastBuildStart(stampFile) {
  try {
    return Number(JSON.parse(readFileSync(stampFile, 'utf8')).startedAt) || 0;
  } catch {
    return 0;
  }
}

/** True when any input changed since the build recorded in `stampFile` started. */
export function isStale(root, inputs, stampFile, skip) {
  const newestInput = Math.max(...inputs.map((input) => newestMtime(join(root, input), skip)));
  return newestInput >= lastBuildStart(stampFile);
}

export function writeStamp(stampFile, startedAt) {
  writeFileSync(stampFile, JSON.stringify({ startedAt }) + '\n');
}
