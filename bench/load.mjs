// One autocannon run in its own process (so the load generator never shares the server's event
// loop). Input: a JSON spec as argv[2]. Output: a JSON summary on stdout.
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2]);
let rotation = 0;

const requests = spec.bodies
  ? [{
      method: spec.method,
      path: new URL(spec.url).pathname,
      headers: spec.headers,
      // Rotate request bodies (e.g. one login per user) so no single throttle key is hammered.
      setupRequest: (request) => ({ ...request, body: JSON.stringify(spec.bodies[rotation++ % spec.bodies.length]) }),
    }]
  : undefined;

const result = await autocannon({
  url: spec.url,
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  body: spec.body ? JSON.stringify(spec.body) : undefined,
  requests,
  connections: spec.connections ?? 50,
  duration: spec.duration ?? 10,
  overallRate: spec.rate,
  pipelining: 1,
});

const statuses = {};
for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count.count;
process.stdout.write(JSON.stringify({
  requests: result.requests.total,
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  statuses,
}));
