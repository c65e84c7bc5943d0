// The bench's tables: every scenario as req/s, latency, RSS and database work, with its ratio to the
// ceiling (NestJS + Fastify + one guard, same run) and to (a); then the targets with yes/NO.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ratio = (x, of) => (of ? (x / of).toFixed(2) : '');
/** A bracketed scenario's ratio is to the ceiling runs around it; any other's to the first ceiling run. */
export const ceilingRatio = (x, r) => x.rps / (x.ceilingRps ?? r.ceiling.rps);
const perRequest = (x) => (x.dbQueries === undefined ? '' : (x.dbQueries / Math.max(1, x.requests)).toFixed(3));

export function scenarioRows(r) {
  const ceiling = r.ceiling.rps;
  const a = r.a.rps;
  const all = [r.ceiling, r.calibration, r.a, r.b, r.c, r.d, ...r.storm.flatMap(({ alone, login, during }) => [alone, login, during]), ...(r.cluster ?? [])];
  return all.filter(Boolean).map((x) => ({
    scenario: x.name, 'req/s': Math.round(x.rps), 'vs ceiling': ratio(x.rps, x.ceilingRps ?? ceiling), 'vs (a)': ratio(x.rps, a),
    'p50 ms': x.p50, 'p99 ms': x.p99, 'CPU µs/req user + sys': x.cpuUserUs === undefined ? '' : `${x.cpuUserUs.toFixed(0)} + ${x.cpuSysUs.toFixed(0)}`, 'RSS MB': x.rssMb, 'db queries/req': perRequest(x), 'db writes': x.dbWrites ?? '', 'non-2xx': x.non2xx,
    'load 1 min': x.load === undefined ? '' : x.load.toFixed(2),
  }));
}

/** The throughput targets: each scenario's req/s against the ceiling's, same run. */
export const THROUGHPUT_TARGETS = [
  { key: 'a', label: '(a) no credentials', need: 0.6 },
  { key: 'b', label: '(b) bearer GET /api/user', need: 0.5 },
  { key: 'c', label: '(c) session cookie', need: 0.45 },
  { key: 'd', label: '(d) permission-guarded route by token', need: 0.45 },
];

export function stormTarget(rounds) {
  if (rounds.length === 0) return { target: '(f) skipped (BENCH_STORM_ROUNDS=0)', value: '', met: false };
  const ratios = rounds.map(({ alone, during }) => Math.max(1, during.p99) / Math.max(1, alone.p99));
  const met = ratios.filter((x) => x <= 3).length;
  return { target: `(f) p99 during (e) ≤ 3 × alone, in ${rounds.length} runs out of ${rounds.length}`, value: `${met}/${rounds.length} (worst ${Math.max(...ratios).toFixed(2)}×)`, met: met === rounds.length && rounds.length >= 5 };
}

const atLeast = (target, value, need) => ({ target, value: value.toFixed(2), met: value >= need });

export function loginTarget(rounds, limit) {
  const label = `(e) logins ≥ 0.8 × bcrypt limit (${limit.perSecond.toFixed(1)}/s at cost ${limit.cost}; mean of the runs)`;
  if (rounds.length === 0) return { target: label, value: '', met: false };
  return atLeast(label, rounds.reduce((sum, { login }) => sum + login.rps, 0) / rounds.length / limit.perSecond, 0.8);
}

export function targetRows(r, limit, served) {
  const warmReads = [r.b, r.c, r.d].filter(Boolean);
  const single = [r.a, r.b, r.c, r.d, ...r.storm.flatMap(({ alone, during }) => [alone, during])].filter(Boolean);
  const peak = Math.max(...single.map((x) => x.rssMb));
  const rows = [
    ...THROUGHPUT_TARGETS.map(({ key, label, need }) =>
      r[key] ? atLeast(`${label} ≥ ${need} × ceiling`, ceilingRatio(r[key], r), need) : { target: `${label}: skipped (see notes)`, value: '', met: false }),
    stormTarget(r.storm),
    loginTarget(r.storm, limit),
    { target: 'zero db round trips per warm authenticated read (b, c, d)', value: warmReads.map(perRequest).join(' / '), met: warmReads.every((x) => x.dbQueries / x.requests < 0.01) },
    { target: 'zero db writes during warm authenticated reads (b, c, d)', value: warmReads.map((x) => x.dbWrites).join(' / '), met: warmReads.every((x) => x.dbWrites === 0) },
    { target: 'peak RSS under load ≤ 200 MB (shipped settings, one process)', value: `${peak} MB`, met: peak <= 200 },
    { target: 'access log on: one line per request served', value: `${served.lines} lines / ${served.requests} requests`, met: served.lines >= served.requests },
  ];
  return rows.map((row) => ({ ...row, met: row.met ? 'yes' : 'NO' }));
}

export function report(root, r, limit, served, notes) {
  console.table(scenarioRows(r));
  const targets = targetRows(r, limit, served);
  console.table(targets);
  for (const note of notes) console.log(`note: ${note}`);
  for (const profile of r.profiles) {
    console.log(`CPU profile of one more ${profile.scenario} run, self time by module (where the time goes):`);
    console.table(profile.rows);
    console.log(`what would be needed: ${profile.needed}`);
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), bcryptLimit: limit, scenarios: r, targets, served, notes }, null, 2));
  console.log(`results written to ${file}`);
}
