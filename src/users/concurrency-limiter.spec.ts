import { ConcurrencyLimiter } from './concurrency-limiter';

/** A task that stays running until the test releases it. */
function deferred() {
  let release!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => ((release = resolve), (fail = reject)));
  return { promise, release: () => release(), fail: (error: Error) => fail(error) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  it('never runs more than N tasks at once, and runs the rest in arrival order as slots free up', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const gates = Array.from({ length: 6 }, deferred);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = gates.map((gate, i) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        started.push(i);
        await gate.promise;
        running -= 1;
        return i;
      }),
    );
    await flush();
    expect(started).toEqual([0, 1]);
    expect(limiter.stats()).toEqual({ active: 2, waiting: 4 });
    gates[1].release();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.release();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(limiter.stats()).toEqual({ active: 0, waiting: 0 });
  });

  it('frees the slot of a task that fails and passes its error on', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const failing = deferred();
    const first = limiter.run(() => failing.promise);
    const second = limiter.run(async () => 'second');
    failing.fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('second');
  });

  it('frees the slot of a task that throws synchronously', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(() => { throw new Error('sync'); })).rejects.toThrow('sync');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('rejects a size below 1', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
  });
});
