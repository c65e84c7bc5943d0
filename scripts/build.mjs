// Compiles src/ and migrations/ into dist/ (nest build, then tsc for the migrations).
// `--if-stale`: skips the build when dist/ is newer than every input (npm start, cli, migration:*),
// so a second run costs a directory walk instead of a full compile.
// Compiler output goes to stderr: `npm run --silent cli -- key:generate` keeps a clean stdout.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale, writeStamp } from './stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'migrations', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.migrations.json', 'nest-cli.json'];

function run(script, args) {
  const bin = createRequire(import.meta.url).resolve(script);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(join(root, 'dist', 'main.js')) && !isStale(root, INPUTS, stampFile)) process.exit(0);

const startedAt = Date.now();
run('@nestjs/cli/bin/nest.js', ['build']);
run('typescript/bin/tsc', ['-p', 'tsconfig.migrations.json']);
writeStamp(stampFile, startedAt);
