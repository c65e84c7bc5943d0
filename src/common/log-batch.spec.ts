import { flushEveryBatch, LogBatch } from './log-batch';

function target() {
  const writes: string[] = [];
  const synced: number[] = [];
  return { writes, synced, write: (text: string) => writes.push(text), flushSync: () => synced.push(writes.length) };
}

describe('LogBatch', () => {
  afterEach(() => jest.useRealTimers());

  it('hands the destination one string per batch, the lines in order, once the batch is full', () => {
    const out = target();
    const batch = new LogBatch(out, 20, 1000);
    batch.write('{"n":1}\n');
    batch.write('{"n":2}\n');
    expect(out.writes).toEqual([]);
    batch.write('{"n":3}\n');
    expect(out.writes).toEqual(['{"n":1}\n{"n":2}\n{"n":3}\n']);
    batch.write('{"n":4}\n');
    expect(out.writes).toHaveLength(1);
  });

  it('writes a partial batch after flushMs, and never an empty one', () => {
    jest.useFakeTimers();
    const out = target();
    const batch = new LogBatch(out, 4096, 250);
    batch.write('one\n');
    jest.advanceTimersByTime(249);
    expect(out.writes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(out.writes).toEqual(['one\n']);
    jest.advanceTimersByTime(1000);
    expect(out.writes).toEqual(['one\n']);
  });

  it('flushSync (pino at exit) and flush write what is pending before the destination flushes', () => {
    const out = target();
    const batch = new LogBatch(out, 4096, 60_000);
    batch.write('pending\n');
    batch.flushSync();
    expect(out.writes).toEqual(['pending\n']);
    expect(out.synced).toEqual([1]);
    batch.write('again\n');
    const done = jest.fn();
    batch.flush(done);
    expect(out.writes).toEqual(['pending\n', 'again\n']);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('at process exit every live batch writes its pending lines', () => {
    const first = target();
    const second = target();
    new LogBatch(first, 4096, 60_000).write('a\n');
    const kept = new LogBatch(second, 4096, 60_000);
    kept.write('b\n');
    flushEveryBatch();
    expect(first.writes).toEqual(['a\n']);
    expect(second.writes).toEqual(['b\n']);
    expect(second.synced).toEqual([1]);
  });
});
