import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { CredentialListener } from './credential-listener';

/** Credential kinds, and 'rbac': some role, permission or assignment changed (its key is the new rbac_version). */
export type InvalidationKind = 'user' | 'session' | 'user-sessions' | 'token' | 'user-tokens' | 'rbac';

/** "This changed": caches drop what they hold for it. `key` is an id, a hash, '*', or for 'rbac' a version. */
export interface Invalidation {
  kind: InvalidationKind;
  key: string | number;
}

export type InvalidationListener = (event: Invalidation | 'reset') => void;

/**
 * Tells the caches (credentials and RBAC access) that something changed, on every instance within
 * milliseconds:
 * - other instances (and this one) hear it from database triggers (NOTIFY on every UPDATE/DELETE
 *   of users, sessions and tokens, and on every move of rbac_version, whoever made it: this app,
 *   the CLI, a manual fix in psql);
 * - this instance also hears it at once from the code that made the change (`invalidate`), so a
 *   client's next request never sees what it just revoked.
 * Caches are trusted only while the LISTEN connection is up (`reliable`); when it comes back they
 * are reset, since notifications may have been missed. The embedded database cannot deliver
 * notifications over its socket, so there the caches stay off.
 */
@Injectable()
export class InvalidationBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(InvalidationBus.name);
  private readonly listeners: InvalidationListener[] = [];
  private listener: CredentialListener | null = null;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get reliable(): boolean {
    return this.listener?.connected ?? false;
  }

  subscribe(listener: InvalidationListener): void {
    this.listeners.push(listener);
  }

  /** Call after the change has committed. */
  invalidate(event: Invalidation): void {
    this.emit(event);
  }

  onModuleInit(): void {
    if (!this.config.databaseUrl) return;
    const url = (this.dataSource.options as { url: string }).url;
    this.listener = new CredentialListener(url, {
      change: (event) => this.emit(event),
      reset: () => this.emit('reset'),
      warn: (message, error) => this.logger.warn({ err: error }, message),
    });
    this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }

  private emit(event: Invalidation | 'reset'): void {
    for (const listener of this.listeners) listener(event);
  }
}
