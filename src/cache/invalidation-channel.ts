import Redis from 'ioredis';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.types';

export const CHANNEL = 'gatehouse_invalidate';
const RETRY_MS = [250, 500, 1000, 2000, 5000];

export interface ChannelHandlers {
  message(payload: string): void;
  reset(): void;
  warn(message: string, error: unknown): void;
}

export interface InvalidationChannel {
  readonly connected: boolean;
  start(): void;
  publish(payload: string): Promise<void>;
  stop(): Promise<void>;
}

export function createChannel(config: AppConfig, dataSource: DataSource, handlers: ChannelHandlers): InvalidationChannel {
  return config.redisUrl ? new RedisChannel(config.redisUrl, handlers) : new PostgresChannel(dataSource, handlers);
}

/** LISTEN on a dedicated connection (not the pool, whose connections come and go). */
class PostgresChannel implements InvalidationChannel {
  connected = false;
  private client: Client | null = null;
  private stopped = false;
  private attempt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: ChannelHandlers,
  ) {}

  start(): void {
    void this.connect();
  }

  async publish(payload: string): Promise<void> {
    await this.dataSource.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: (this.dataSource.options as { url: string }).url });
    client.on('notification', (note) => note.channel === CHANNEL && this.handlers.message(note.payload ?? ''));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('listener connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      this.attempt = 0;
      this.connected = true;
      this.handlers.reset();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.client && this.client !== client) return;
    const wasConnected = this.connected;
    this.connected = false;
    this.client = null;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    if (wasConnected) this.handlers.warn('invalidation listener lost; caches bypassed until it is back', error);
    setTimeout(() => void this.connect(), RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]).unref();
  }
}

/** Redis pub/sub: one connection publishes, a second subscribes (a subscriber can do nothing else). */
class RedisChannel implements InvalidationChannel {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private subscribed = false;

  constructor(url: string, private readonly handlers: ChannelHandlers) {
    const options = { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: 'gatehouse:invalidate' };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
  }

  get connected(): boolean {
    return this.subscribed && this.subscriber.status === 'ready';
  }

  start(): void {
    this.subscriber.on('message', (channel: string, payload: string) => channel === CHANNEL && this.handlers.message(payload));
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(CHANNEL).then(
        () => ((this.subscribed = true), this.handlers.reset()),
        (error: unknown) => this.handlers.warn('invalidation subscribe failed', error),
      );
    });
    this.subscriber.on('error', (error) => this.handlers.warn('invalidation subscriber error', error));
    this.publisher.on('error', (error) => this.handlers.warn('invalidation publisher error', error));
    void this.subscriber.connect().catch(() => undefined);
    void this.publisher.connect().catch(() => undefined);
  }

  async publish(payload: string): Promise<void> {
    await this.publisher.publish(CHANNEL, payload);
  }

  async stop(): Promise<void> {
    await Promise.all([this.subscriber.quit().catch(() => undefined), this.publisher.quit().catch(() => undefined)]);
  }
}
