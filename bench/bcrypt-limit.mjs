// The machine's bcrypt ceiling at a given cost: as many concurrent compares as the libuv pool
// runs in parallel, for a fixed time, in a process of its own. Prints hashes/s.
import bcrypt from 'bcrypt';

const cost = Number(process.argv[2] ?? 12);
const seconds = Number(process.argv[3] ?? 6);
const parallel = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
const hash = await bcrypt.hash('benchmark-password', cost);
const deadline = Date.now() + seconds * 1000;
let done = 0;
const started = Date.now();
await Promise.all(Array.from({ length: parallel }, async () => {
  while (Date.now() < deadline) {
    await bcrypt.compare('benchmark-password', hash);
    done += 1;
  }
}));
process.stdout.write(JSON.stringify({ cost, perSecond: done / ((Date.now() - started) / 1000) }));
