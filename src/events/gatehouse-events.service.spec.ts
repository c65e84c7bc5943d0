import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { GatehouseEvent } from './gatehouse-event.types';
import { GatehouseEvents } from './gatehouse-events.service';
import { requestFacts } from '../common/request-facts';

const request = { ip: '203.0.113.9', headers: { 'user-agent': 'UnitTest/1' } } as unknown as FastifyRequest;

describe('GatehouseEvents', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('hands listeners the emitter\'s plain facts, frozen', async () => {
    const events = new GatehouseEvents();
    const seen: GatehouseEvent[] = [];
    events.on('email.verified', (event) => void seen.push(event));
    await events.emit('email.verified', { facts: requestFacts(request), userId: 7, metadata: {} });
    expect(seen).toEqual([{ name: 'email.verified', userId: 7, ip: '203.0.113.9', userAgent: 'UnitTest/1', metadata: {}, occurredAt: expect.any(Date) }]);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(Object.isFrozen(seen[0].metadata)).toBe(true);
  });

  it('freezes a copy, never the emitter\'s own metadata', async () => {
    const events = new GatehouseEvents();
    events.on('recovery_code.used', () => undefined);
    const metadata = { remaining: 7 };
    await events.emit('recovery_code.used', { userId: 1, metadata });
    expect(Object.isFrozen(metadata)).toBe(false);
  });

  it('runs every listener although others throw or reject, and logs each failure without the payload', async () => {
    const events = new GatehouseEvents();
    const ran: string[] = [];
    events.on('login.failed', () => {
      throw new Error('sync');
    });
    events.on('login.failed', () => Promise.reject(new Error('async')));
    events.on('login.failed', () => void ran.push('third'));
    await expect(events.emit('login.failed', { userId: null, metadata: { email: 'a@example.com' } })).resolves.toBeUndefined();
    expect(ran).toEqual(['third']);
    const logged = (Logger.prototype.error as jest.Mock).mock.calls.map(([entry]) => entry);
    expect(logged).toEqual([
      { msg: 'gatehouse event listener failed', event: 'login.failed', error: 'sync' },
      { msg: 'gatehouse event listener failed', event: 'login.failed', error: 'async' },
    ]);
    expect(JSON.stringify(logged)).not.toContain('a@example.com');
  });

  it('waits for async listeners before resolving, and stops calling one that unsubscribed', async () => {
    const events = new GatehouseEvents();
    const seen: number[] = [];
    const off = events.on('logout', async (event) => {
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(event.userId!);
    });
    await events.emit('logout', { userId: 1, metadata: { via: 'session' } });
    expect(seen).toEqual([1]);
    off();
    await events.emit('logout', { userId: 2, metadata: { via: 'session' } });
    expect(seen).toEqual([1]);
  });
});
