// CPU profiles of the bench, summarised by module (a package under node_modules, a folder of dist/,
// node's internals, GC, idle): where a scenario's time goes, per request, beside the ceiling's; and
// for a target that is not met, what it would take, derived from that comparison.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const IDLE = '(idle)';

const NATIVE = 'node (native: sockets, parsers…)';

function moduleOf(frame) {
  const url = frame.url ?? '';
  // (idle), (garbage collector), (program) as V8 names them; other frames without a script are native code.
  if (!url) return frame.functionName?.startsWith('(') ? frame.functionName : NATIVE;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(.+)\/[^/]+$/.exec(url) ?? /\/dist\/([^/]+)$/.exec(url);
  if (own) return `gatehouse ${own[1]}`;
  if (url.includes('/bench/')) return 'bench (ceiling app, preload)';
  return url.startsWith('node:') ? nodeArea(url) : url;
}

/** Node's own JavaScript, by what it does (a syscall it makes is charged here, as is the wait for the core after one). */
function nodeArea(url) {
  if (/stream_base_commons|node:net|internal\/streams/.test(url)) return 'node sockets (response writes)';
  if (/_http_/.test(url)) return 'node http (parser, headers)';
  if (/node:fs|internal\/fs/.test(url)) return 'node fs (log writes)';
  if (/inspector/.test(url)) return 'the profiler itself (inspector)';
  if (/events|task_queues|timers|async_hooks|promises/.test(url)) return 'node events, timers, promises';
  return 'node (core, other)';
}

/**
 * Self time (µs) by module of one .cpuprofile, and the busy time (everything but idle). A builtin
 * (JSON.stringify, a RegExp, a Map lookup: frames without a script) is charged to the module that
 * called it, so "native" is left with what no JavaScript called: the sockets, the HTTP parser.
 */
export function summariseProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = new Map();
  const ownerOf = (id) => {
    if (owner.has(id)) return owner.get(id);
    const name = moduleOf(byId.get(id).callFrame);
    const up = parent.get(id);
    const resolved = name === NATIVE && up !== undefined && moduleOf(byId.get(up).callFrame) !== '(root)' ? ownerOf(up) : name;
    owner.set(id, resolved);
    return resolved;
  };
  const time = new Map();
  profile.samples.forEach((id, i) => {
    const name = ownerOf(id);
    time.set(name, (time.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...time.values()].reduce((a, b) => a + b, 0);
  return { time, total, busy: total - (time.get(IDLE) ?? 0) };
}

const perRequest = (us, requests) => (requests ? us / requests : 0);

/**
 * The table for one profiled scenario: self time by module, its share of the busy time, µs per request,
 * and (with the ceiling's profile) the ceiling's µs per request for the same module.
 */
export function profileRows(scenario, ceiling) {
  return [...scenario.summary.time.entries()]
    .filter(([module]) => module !== IDLE)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 15)
    .map(([module, us]) => ({
      module,
      'self ms': Math.round(us / 1000),
      share: `${((100 * us) / scenario.summary.busy).toFixed(1)} %`,
      'µs/req': perRequest(us, scenario.requests).toFixed(1),
      ...(ceiling ? { 'ceiling µs/req': perRequest(ceiling.summary.time.get(module) ?? 0, ceiling.requests).toFixed(1) } : {}),
    }));
}

/**
 * "What would be needed": the server's CPU per request against the ceiling's, the budget the target
 * allows (the ceiling's per-request cost ÷ the target ratio), and the modules that cost the most beyond
 * what the same module costs at the ceiling. An estimate: req/s is not exactly 1 ÷ CPU per request while
 * the load generator shares the cores.
 */
/**
 * The user CPU per request a target leaves beyond the ceiling's, read off the calibration (the ceiling plus a fixed
 * handler cost, which took `extraUs` more user time per request and reached `ratio` × the ceiling), taking
 * throughput as falling like 1 / (1 + k × extra): the calibration gives k, the target its ratio.
 */
export function extraAllowedUs(need, { extraUs, ratio }) {
  if (!(extraUs > 0 && ratio > 0 && ratio < 1)) return null;
  return (extraUs * (1 / need - 1)) / (1 / ratio - 1);
}

export function whatWouldBeNeeded(label, ratio, need, scenario, ceiling, measured = {}) {
  const own = perRequest(scenario.summary.busy, scenario.requests);
  const base = perRequest(ceiling.summary.busy, ceiling.requests);
  const budget = base / need;
  const extra = [...scenario.summary.time.entries()]
    .filter(([module]) => module !== IDLE)
    .map(([module, us]) => [module, perRequest(us, scenario.requests) - perRequest(ceiling.summary.time.get(module) ?? 0, ceiling.requests)])
    .filter(([, us]) => us > 0)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 4)
    .map(([module, us]) => `${module} +${us.toFixed(0)} µs`);
  const cut = own - budget;
  return `${label} is ${ratio.toFixed(2)} × the ceiling (target ${need}): it spends ${own.toFixed(0)} µs of CPU per request, the ceiling ${base.toFixed(0)} µs; ` +
    `${need} × needs ≤ ${budget.toFixed(0)} µs, so ${cut > 0 ? `${cut.toFixed(0)} µs (${((100 * cut) / own).toFixed(0)} %) less per request` : 'no cut in CPU (the gap is elsewhere: latency, the load generator, a busy machine)'}; ` +
    `beyond the ceiling it spends most in ${extra.join(', ') || 'nothing measurable'}.` + measuredCpu(need, measured);
}

/** The same question from the server's own CPU counters (no profiler attached) and the calibration run. */
function measuredCpu(need, { scenario, ceiling, calibration }) {
  if (scenario?.cpuUserUs === undefined || ceiling?.cpuUserUs === undefined) return '';
  const us = (x) => `${x.cpuUserUs.toFixed(0)} µs user + ${x.cpuSysUs.toFixed(0)} µs kernel`;
  const own = scenario.cpuUserUs - ceiling.cpuUserUs;
  const line = ` Measured without the profiler: ${us(scenario)} per request, the ceiling ${us(ceiling)}: ${own.toFixed(0)} µs more user time (kernel time per answer grows as throughput falls, for the calibration too).`;
  if (calibration?.cpuUserUs === undefined) return line;
  const extraUs = calibration.cpuUserUs - ceiling.cpuUserUs;
  const ratio = calibration.rps / (calibration.ceilingRps ?? ceiling.rps);
  const allowed = extraAllowedUs(need, { extraUs, ratio });
  if (allowed === null) return line;
  return `${line} The calibration took ${extraUs.toFixed(0)} µs more user time than the ceiling and reached ${ratio.toFixed(2)} ×; on that curve ${own.toFixed(0)} µs gives ${(1 / (1 + ((1 / ratio - 1) * own) / extraUs)).toFixed(2)} × (measured: see the table), and ${need} × allows ${allowed.toFixed(0)} µs beyond the ceiling.`;
}

/** BENCH_CPU_PROF=1: the whole-run profiles written by `--cpu-prof` (start-up included). */
export function summariseProfiles(dir) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const summary = summariseProfile(join(dir, file));
    console.log(`CPU profile ${file} (self time by module, whole run):`);
    console.table(profileRows({ summary, requests: 0 }).map(({ 'µs/req': _omit, ...row }) => row));
  }
}
