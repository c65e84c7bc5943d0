import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { InvalidationBus } from '../cache/invalidation-bus';
import { bumpRbacVersion, manageRbacVersion } from './rbac-version';

/**
 * The one way RBAC data changes: the work and the version bump commit together, then this
 * instance drops its cache at once (read-your-writes) while the others hear the version's NOTIFY.
 * Inside `work`, use only the given manager (the embedded database deadlocks otherwise).
 */
@Injectable()
export class RbacTransactions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: InvalidationBus,
  ) {}

  /** `changed` may report that the work wrote nothing (an idempotent seed): then nothing is invalidated. */
  async run<T>(work: (manager: EntityManager) => Promise<T>, changed: (value: T) => boolean = () => true): Promise<T> {
    let version: number | null = null;
    const result = await this.dataSource.transaction(async (manager) => {
      await manageRbacVersion(manager);
      const value = await work(manager);
      if (changed(value)) version = await bumpRbacVersion(manager);
      return value;
    });
    if (version !== null) this.bus.invalidate({ kind: 'rbac', key: version });
    return result;
  }
}
