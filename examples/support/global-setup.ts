import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The examples import the built library (dist/): build it first when src/ changed since the last build. */
export default function globalSetup(): void {
  const root = join(__dirname, '..', '..');
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the library for the examples failed');
}
