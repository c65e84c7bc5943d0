import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { createChannel, InvalidationChannel } from './invalidation-channel';

export type InvalidationKind = 'user' | 'session' | 'user-sessions' | 'token' | 'user-tokens' | 'rbac';

/** "This credential changed": caches drop what they hold for it. `key` is an id, a hash, or '*'. */
export interface Invalidation {
  kind: InvalidationKind;
  key: string | number;
}

type Listener = (event: Invalidation | 'reset') => void;

/**
 * Makes a revocation effective on every instance at once. A change is applied to this process's
 * caches immediately (read-your-writes) and broadcast to the others: PostgreSQL NOTIFY or Redis pub/sub when
 * REDIS_URL is set. Publish after the change has committed, so that no instance reloads the old
 * row. While the channel is down, `reliable` is false and caches must be bypassed;
 * when it comes back every cache is reset, since messages may have been missed.
 */
@Injectable()
export class InvalidationBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(InvalidationBus.name);
  private readonly instanceId = randomUUID();
  private readonly listeners: Listener[] = [];
  private channel: InvalidationChannel | null = null;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** True when remote changes are guaranteed to reach this process. */
  get reliable(): boolean {
    return this.channel === null || this.channel.connected;
  }

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Call after the change has committed: other instances reload from the database at once. */
  async publish(event: Invalidation): Promise<void> {
    this.emit(event);
    try {
      await this.channel?.publish(JSON.stringify({ o: this.instanceId, ...event }));
    } catch (error) {
      // The TTL bounds how long other instances can be stale; the change itself has committed.
      this.logger.warn({ err: error }, 'invalidation broadcast failed');
    }
  }

  onModuleInit(): void {
    // The embedded database serves one process: there is no other instance to tell.
    if (!this.config.databaseUrl && !this.config.redisUrl) return;
    this.channel = createChannel(this.config, this.dataSource, {
      message: (payload) => this.receive(payload),
      reset: () => this.emit('reset'),
      warn: (message, error) => this.logger.warn({ err: error }, message),
    });
    this.channel.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.channel?.stop();
  }

  private receive(payload: string): void {
    try {
      const { o, kind, key } = JSON.parse(payload) as { o: string } & Invalidation;
      if (o !== this.instanceId) this.emit({ kind, key });
    } catch {
      this.emit('reset');
    }
  }

  private emit(event: Invalidation | 'reset'): void {
    for (const listener of this.listeners) listener(event);
  }
}
