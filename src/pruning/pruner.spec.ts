import type { AppConfig } from '../config/config.types';
import { Pruner } from './pruner';

/** Only the schedule: the passes themselves are covered against PostgreSQL in test/pruning. */
function pruner(intervalMinutes: number): Pruner {
  const config = { prune: { intervalMinutes, auditRetentionDays: 90 } } as AppConfig;
  const unused = {} as never;
  return new Pruner(config, unused, unused, unused, unused, unused, unused, unused);
}

describe('Pruner schedule', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a minute after start, then every interval, and never after shutdown', async () => {
    const p = pruner(60);
    const run = jest.spyOn(p, 'runOnce').mockResolvedValue(null);
    p.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(59_999);
    expect(run).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
    await p.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(3 * 60 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps its schedule after a failed pass', async () => {
    const p = pruner(5);
    const run = jest.spyOn(p, 'runOnce').mockRejectedValue(new Error('connect ECONNREFUSED'));
    (p as unknown as { logger: { warn(): void } }).logger.warn = () => undefined;
    p.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(60_000 + 5 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
    await p.onModuleDestroy();
  });

  it('schedules nothing with PRUNE_INTERVAL_MINUTES=0', () => {
    pruner(0).onApplicationBootstrap();
    expect(jest.getTimerCount()).toBe(0);
  });
});
