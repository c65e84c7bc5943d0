import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/api-error';
import { AccessCache } from './access-cache';
import type { AdminActor } from './admin-actor';
import { AdminPolicy } from './admin-policy';
import { Permission } from './permission.entity';
import { isUniqueViolation, nameTaken } from './rbac-lookups';
import { RbacTransactions } from './rbac-transactions';

@Injectable()
export class PermissionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: RbacTransactions,
    private readonly cache: AccessCache,
    private readonly policy: AdminPolicy,
  ) {}

  /** Served from memory until any RBAC change (here or on another instance) clears the cache. */
  list(): Promise<Permission[]> {
    return this.cache.catalogue('permissions', () => this.dataSource.manager.find(Permission, { order: { name: 'ASC' } }));
  }

  /**
   * 422 when the name exists (checked first for the message, enforced by the unique index).
   * Permissions are global: an admin caller needs roles.manage globally.
   */
  async create(name: string, actor?: AdminActor): Promise<Permission> {
    return this.transactions
      .run(async (manager) => {
        if (actor) await this.policy.requirePermission(manager, actor, null, 'roles.manage');
        if (await manager.existsBy(Permission, { name })) throw nameTaken();
        return manager.save(manager.create(Permission, { name }));
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'uq_permissions_name')) throw nameTaken();
        throw error;
      });
  }

  /** Removes it from every role and user too (foreign keys cascade): an admin caller must be able to grant it. */
  async delete(id: number, actor?: AdminActor): Promise<void> {
    await this.transactions.run(async (manager) => {
      const permission = await manager.findOneBy(Permission, { id });
      if (!permission) throw notFound();
      if (actor) {
        const caller = await this.policy.requirePermission(manager, actor, null, 'roles.manage');
        this.policy.requireGrantable(caller, null, [permission.name]);
      }
      await manager.delete(Permission, { id });
    });
  }

  /** spatie's findOrCreate, for the CLI and the seeder: whether it was created. */
  async findOrCreate(name: string, manager: EntityManager): Promise<{ permission: Permission; created: boolean }> {
    const inserted: unknown[] = await manager.query(
      'INSERT INTO permissions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id',
      [name],
    );
    return { permission: await manager.findOneByOrFail(Permission, { name }), created: inserted.length > 0 };
  }
}
