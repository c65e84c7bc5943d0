import type { DataSource } from 'typeorm';
import { REFRESH_AFTER_MS, TokenUsageTracker } from './token-usage.tracker';

/** A data source that answers UPDATEs like TypeORM's postgres driver: [rows, rowCount]. */
function fakeDataSource(answer: (sql: string, params: unknown[]) => Promise<unknown> = async (_sql, params) => [[], params.length / 2]) {
  const calls: Array<{ sql: string; params: unknown[] }> = [];
  const dataSource = {
    query: jest.fn(async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      return answer(sql, params);
    }),
  };
  return { dataSource: dataSource as unknown as DataSource, calls };
}

const at = (iso: string) => new Date(iso);

describe('TokenUsageTracker', () => {
  it('queues a token never used, or last used at least REFRESH_AFTER ago, and skips fresher ones', () => {
    const tracker = new TokenUsageTracker(fakeDataSource().dataSource);
    const now = at('2030-01-01T00:10:00Z');
    tracker.record({ id: 1, lastUsedAt: null }, now);
    tracker.record({ id: 2, lastUsedAt: new Date(now.getTime() - REFRESH_AFTER_MS) }, now);
    tracker.record({ id: 3, lastUsedAt: new Date(now.getTime() - REFRESH_AFTER_MS + 1) }, now);
    expect(tracker.pendingCount).toBe(2);
  });

  it('coalesces repeated sightings of a token into its latest time, written by one statement', async () => {
    const { dataSource, calls } = fakeDataSource();
    const tracker = new TokenUsageTracker(dataSource);
    tracker.record({ id: 7, lastUsedAt: null }, at('2030-01-01T00:00:01Z'));
    tracker.record({ id: 7, lastUsedAt: null }, at('2030-01-01T00:00:03Z'));
    tracker.record({ id: 8, lastUsedAt: null }, at('2030-01-01T00:00:02Z'));
    expect(await tracker.flush()).toBe(2);
    expect(calls).toHaveLength(1);
    expect(calls[0].sql).toMatch(/^UPDATE personal_access_tokens AS t SET last_used_at = v\.used_at\s+FROM \(VALUES \(\$1::bigint, \$2::timestamptz\), \(\$3::bigint, \$4::timestamptz\)\)/);
    expect(calls[0].sql).toContain("t.last_used_at <= v.used_at - interval '57 seconds'");
    expect(calls[0].params).toEqual([7, at('2030-01-01T00:00:03Z'), 8, at('2030-01-01T00:00:02Z')]);
    expect(tracker.pendingCount).toBe(0);
    expect(await tracker.flush()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('splits very large batches so that no statement exceeds PostgreSQL’s bind-parameter limit', async () => {
    const { dataSource, calls } = fakeDataSource();
    const tracker = new TokenUsageTracker(dataSource);
    for (let id = 1; id <= 2_500; id++) tracker.record({ id, lastUsedAt: null });
    expect(await tracker.flush()).toBe(2_500);
    expect(calls.map((call) => call.params.length)).toEqual([2_000, 2_000, 1_000]);
  });

  it('keeps sightings for the next flush when the database fails, newer sightings winning', async () => {
    let fail = true;
    const { dataSource, calls } = fakeDataSource(async (_sql, params) => {
      if (fail) throw new Error('connection refused');
      return [[], params.length / 2];
    });
    const tracker = new TokenUsageTracker(dataSource);
    (tracker as unknown as { logger: { warn: () => void } }).logger = { warn: () => undefined };
    tracker.record({ id: 1, lastUsedAt: null }, at('2030-01-01T00:00:00Z'));
    expect(await tracker.flush()).toBe(0);
    expect(tracker.pendingCount).toBe(1);
    tracker.record({ id: 1, lastUsedAt: null }, at('2030-01-01T00:00:05Z'));
    fail = false;
    expect(await tracker.flush()).toBe(1);
    expect(calls[calls.length - 1].params).toEqual([1, at('2030-01-01T00:00:05Z')]);
  });

  it('never runs two flushes at once', async () => {
    let running = 0;
    let maxRunning = 0;
    const { dataSource } = fakeDataSource(async (_sql, params) => {
      maxRunning = Math.max(maxRunning, ++running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running--;
      return [[], params.length / 2];
    });
    const tracker = new TokenUsageTracker(dataSource);
    const flushes = [1, 2, 3].map((id) => {
      tracker.record({ id, lastUsedAt: null });
      return tracker.flush();
    });
    expect((await Promise.all(flushes)).reduce((a, b) => a + b, 0)).toBe(3);
    expect(maxRunning).toBe(1);
  });

  it('reports the newer of the stored value and an unwritten sighting', () => {
    const tracker = new TokenUsageTracker(fakeDataSource().dataSource);
    const stored = at('2030-01-01T00:00:00Z');
    expect(tracker.lastUsedAt({ id: 1, lastUsedAt: stored })).toBe(stored);
    tracker.record({ id: 1, lastUsedAt: stored }, at('2030-01-01T00:05:00Z'));
    expect(tracker.lastUsedAt({ id: 1, lastUsedAt: stored })).toEqual(at('2030-01-01T00:05:00Z'));
    expect(tracker.lastUsedAt({ id: 2, lastUsedAt: null })).toBeNull();
  });

  it('writes what is pending when the module is destroyed, and stops its timer', async () => {
    const { dataSource, calls } = fakeDataSource();
    const tracker = new TokenUsageTracker(dataSource);
    tracker.onModuleInit();
    tracker.record({ id: 5, lastUsedAt: null });
    await tracker.onModuleDestroy();
    expect(calls).toHaveLength(1);
    expect((tracker as unknown as { timer: unknown }).timer).toBeNull();
  });
});
