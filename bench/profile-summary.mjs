// BENCH_CPU_PROF=1: the server runs with --cpu-prof; this prints its self time by module (a package
// under node_modules, a folder of dist/, node's internals, GC, idle), to show where the time goes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function moduleOf(frame) {
  const url = frame.url ?? '';
  // (idle), (garbage collector), (program) as V8 names them; other frames without a script are native code.
  if (!url) return frame.functionName?.startsWith('(') ? frame.functionName : 'node (native: sockets, parsers…)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(.+)\/[^/]+$/.exec(url) ?? /\/dist\/([^/]+)$/.exec(url);
  if (own) return `gatehouse ${own[1]}`;
  return url.startsWith('node:') ? 'node (core)' : url;
}

function summarise(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const time = new Map();
  profile.samples.forEach((id, i) => {
    const name = moduleOf(byId.get(id).callFrame);
    time.set(name, (time.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return time;
}

export function summariseProfiles(dir) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const time = summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const total = [...time.values()].reduce((a, b) => a + b, 0);
    const rows = [...time.entries()].sort((x, y) => y[1] - x[1]).slice(0, 20)
      .map(([module, us]) => ({ module, 'self ms': Math.round(us / 1000), share: `${((100 * us) / total).toFixed(1)} %` }));
    console.log(`CPU profile ${file} (self time by module, whole run):`);
    console.table(rows);
  }
}
