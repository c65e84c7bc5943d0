// Fails when a production dependency (installed, with the peers npm installs) declares an `engines.node`
// that excludes the lowest Node version package.json's own `engines.node` promises: README's floor
// must hold for everything the server and the library load, not only for our code.
// Usage: node scripts/check-engines.mjs [project-folder]   (default: this project; needs node_modules)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const semver = createRequire(import.meta.url)('semver');

/** The lowest version a range admits ('>=20.19.0' -> '20.19.0'), or null when the range is unreadable. */
export function floorOf(range) {
  return semver.validRange(range) ? (semver.minVersion(range)?.version ?? null) : null;
}

/**
 * One line per package whose engines.node excludes the floor (or cannot be read).
 * packages: [{ name, version, node }] where node is the package's engines.node (or undefined).
 */
export function engineProblems(floor, packages) {
  const problems = [];
  for (const { name, version, node } of packages) {
    if (node === undefined) continue;
    if (typeof node !== 'string' || !semver.validRange(node)) problems.push(`${name}@${version}: unreadable engines.node ${JSON.stringify(node)}`);
    else if (!semver.satisfies(floor, node)) problems.push(`${name}@${version}: engines.node "${node}" excludes Node ${floor}`);
  }
  return problems;
}

/** The installed production tree (dependencies, optional and peer dependencies, transitively), as npm resolves it. */
export function productionPackages(projectDir) {
  const listing = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: projectDir, encoding: 'utf8' });
  if (listing.status !== 0) throw new Error(`npm ls failed (is node_modules installed?):\n${listing.stderr}`);
  const folders = [...new Set(listing.stdout.split('\n').filter(Boolean))].filter((folder) => resolve(folder) !== resolve(projectDir));
  return folders.map((folder) => {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    return { name: manifest.name, version: manifest.version, node: manifest.engines?.node };
  });
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const projectDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const declared = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).engines?.node;
  const floor = declared === undefined ? null : floorOf(declared);
  if (!floor) {
    process.stderr.write(`check-engines: package.json has no readable engines.node (${JSON.stringify(declared)})\n`);
    process.exit(2);
  }
  const problems = engineProblems(floor, productionPackages(projectDir));
  if (problems.length > 0) {
    process.stderr.write(
      `Production dependencies that do not support Node ${floor} (package.json engines.node "${declared}");\n` +
        `pick a version that does (an override if transitive) or raise the floor:\n  ${problems.join('\n  ')}\n`,
    );
    process.exit(1);
  }
}
