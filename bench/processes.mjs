// The processes of a bench run: the server under test, the ceiling, autocannon runs, RSS sampling.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export const freePort = () => new Promise((ok) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => ok(port));
  });
});

/** `node dist/main.js` with the query-counting preload; its stdout (the access log) goes to `logFile`. */
/** `node dist/main.js` with the bench preload (query counts, profiling); its stdout (the access log) goes to `logFile`. */
export function startServer(root, env, logFile, nodeArgs = []) {
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, '--require', join(root, 'bench/query-counter.cjs'), join(root, 'dist/main.js')], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', out, 'inherit', 'ipc'],
  });
  closeSync(out);
  const exited = new Promise((ok) => child.once('exit', ok));
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10000)]);
  };
  return { child, ...preloadChannel(child), stop };
}

/** The preload's questions over IPC, each answered with a message of its own type. */
function preloadChannel(child) {
  const ask = (message, type) => new Promise((ok) => {
    const onMessage = (m) => {
      if (m?.type !== type) return;
      child.off('message', onMessage);
      ok(m);
    };
    child.on('message', onMessage);
    child.send(message);
  });
  return {
    counts: () => ask('query-counts', 'query-counts'),
    profile: {
      start: () => ask('profile-start', 'profile-started'),
      stop: async (file) => (await ask({ type: 'profile-stop', file }, 'profile-stopped')).file,
    },
  };
}

/** The ceiling; `workUs`: its handler also keeps the CPU busy that long per request (the calibration). */
export function startCeiling(root, port, workUs = 0) {
  const child = spawn(process.execPath, ['--require', join(root, 'bench/query-counter.cjs'), join(root, 'bench/ceiling.mjs')], {
    cwd: root, env: { ...process.env, PORT: String(port), CEILING_WORK_US: String(workUs) }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const ready = new Promise((ok, fail) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('listening') && ok());
    child.once('exit', (code) => fail(new Error(`ceiling exited ${code}`)));
  });
  const exited = new Promise((ok) => child.once('exit', ok));
  // No query counts: the ceiling has no database.
  return { child, ready, profile: preloadChannel(child).profile, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

export async function waitHealthy(base) {
  for (let i = 0; i < 120; i += 1) {
    try { if ((await fetch(`${base}/health`)).ok) return; } catch { /* not up yet */ }
    await sleep(500);
  }
  throw new Error('server did not become healthy');
}

const rssMb = (pid) => {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024; } catch { return 0; }
};
const children = (pid) => {
  const file = `/proc/${pid}/task/${pid}/children`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
};

/** CPU time a process has used so far, user and kernel (sys), in µs; null where /proc is not there. */
export function cpuTime(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const tick = 1e6 / CLOCK_TICKS;
    return { user: Number(fields[11]) * tick, sys: Number(fields[12]) * tick };
  } catch {
    return null;
  }
}
// USER_HZ: 100 on every Linux the bench runs on.
const CLOCK_TICKS = 100;

/** Peak RSS of a process; with `tree`, of the process and its children summed (cluster workers). */
export function rssSampler(pid, { tree = false } = {}) {
  let peak = 0;
  const read = () => {
    const pids = tree ? [pid, ...children(pid)] : [pid];
    peak = Math.max(peak, pids.reduce((sum, p) => sum + rssMb(p), 0));
  };
  const timer = setInterval(read, 200);
  return { stop: () => { clearInterval(timer); read(); return Math.round(peak); } };
}

/** One autocannon run in a process of its own. */
export function load(root, spec) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(root, 'bench/load.mjs'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? ok(JSON.parse(out)) : fail(new Error(`load exited ${code}`))));
  });
}
