// npm run example -- <name>                 builds the library and the examples when stale, then serves the example
// npm run example -- <name> cli <command…>  runs the Gatehouse CLI (and the example's commands) on its database
// The example uses DATABASE_URL when set, else its own embedded database under examples/<name>/.data.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale, writeStamp } from './stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const buildDir = join(examples, '.build');
const stampFile = join(buildDir, '.build-stamp');

/** The examples on the library (examples/<name>/src/app.ts); host-app installs the packed tarball instead. */
const names = readdirSync(examples).filter((name) => existsSync(join(examples, name, 'src', 'app.ts')));

function fail(message) {
  process.stderr.write(`${message}\nUsage: npm run example -- <${names.join('|')}> [cli <command…>]\n`);
  process.exit(2);
}

function node(args, options = {}) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const [name, mode, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) fail(name ? `Unknown example "${name}".` : 'Which example?');
if (mode !== undefined && mode !== 'cli') fail(`Unknown mode "${mode}".`);

node([join(root, 'scripts', 'build.mjs'), '--if-stale'], { stdio: ['ignore', process.stderr, process.stderr] });
const inputs = [...names.map((example) => join('examples', example, 'src')), 'examples/tsconfig.json', 'examples/tsconfig.build.json', 'dist/.build-stamp'];
if (isStale(root, inputs, stampFile)) {
  const startedAt = Date.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  node([tsc, '-p', join(examples, 'tsconfig.build.json')], { stdio: ['ignore', process.stderr, process.stderr] });
  writeStamp(stampFile, startedAt);
}

const entry = join(buildDir, name, 'src', mode === 'cli' ? 'cli.js' : 'main.js');
const env = { ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(examples, name, '.data') };
const child = spawn(process.execPath, [entry, ...rest], { cwd: root, stdio: 'inherit', env });
// Ctrl-C reaches the child too (same process group): let it close its database, then exit with its code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
