// The bench's tables: every scenario as req/s, latency, RSS and database work, with its ratio to the
// ceiling (NestJS + Fastify + one guard, same run) and to (a); then the targets with yes/NO.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ratio = (x, of) => (of ? (x / of).toFixed(2) : '');
const perRequest = (x) => (x.dbQueries === undefined ? '' : (x.dbQueries / Math.max(1, x.requests)).toFixed(3));

export function scenarioRows(r) {
  const ceiling = r.ceiling.rps;
  const a = r.a.rps;
  const all = [r.ceiling, r.a, r.b, r.c, r.d, ...r.storm.flatMap(({ alone, login, during }) => [alone, login, during]), ...(r.cluster ?? [])];
  return all.filter(Boolean).map((x) => ({
    scenario: x.name, 'req/s': Math.round(x.rps), 'vs ceiling': ratio(x.rps, ceiling), 'vs (a)': ratio(x.rps, a),
    'p50 ms': x.p50, 'p99 ms': x.p99, 'RSS MB': x.rssMb, 'db queries/req': perRequest(x), 'db writes': x.dbWrites ?? '', 'non-2xx': x.non2xx,
  }));
}

function stormTarget(rounds) {
  const ratios = rounds.map(({ alone, during }) => Math.max(1, during.p99) / Math.max(1, alone.p99));
  const met = ratios.filter((x) => x <= 3).length;
  return { target: `(f) p99 during (e) ≤ 3 × alone, in ${rounds.length} runs out of ${rounds.length}`, value: `${met}/${rounds.length} (worst ${Math.max(...ratios).toFixed(2)}×)`, met: met === rounds.length && rounds.length >= 5 };
}

export function targetRows(r, limit, served) {
  const ceiling = r.ceiling.rps;
  const warmReads = [r.b, r.c, r.d].filter(Boolean);
  const single = [r.a, r.b, r.c, r.d, ...r.storm.flatMap(({ alone, during }) => [alone, during])].filter(Boolean);
  const peak = Math.max(...single.map((x) => x.rssMb));
  const loginRps = r.storm.reduce((sum, { login }) => sum + login.rps, 0) / r.storm.length;
  const atLeast = (target, value, need) => ({ target, value: value.toFixed(2), met: value >= need });
  const rows = [
    atLeast('(a) no credentials ≥ 0.6 × ceiling', r.a.rps / ceiling, 0.6),
    atLeast('(b) bearer GET /api/user ≥ 0.5 × ceiling', r.b.rps / ceiling, 0.5),
    atLeast('(c) session cookie ≥ 0.45 × ceiling', r.c.rps / ceiling, 0.45),
    r.d ? atLeast('(d) permission-guarded route by token ≥ 0.45 × ceiling', r.d.rps / ceiling, 0.45) : { target: '(d) skipped (see notes)', value: '', met: false },
    stormTarget(r.storm),
    atLeast(`(e) logins ≥ 0.8 × bcrypt limit (${limit.perSecond.toFixed(1)}/s at cost ${limit.cost}; mean of the runs)`, loginRps / limit.perSecond, 0.8),
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
  if (targets.some((t) => t.met === 'NO')) console.log('A target is not met: BENCH_CPU_PROF=1 npm run bench prints where the server spends its time, by module.');
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), bcryptLimit: limit, scenarios: r, targets, served, notes }, null, 2));
  console.log(`results written to ${file}`);
}
