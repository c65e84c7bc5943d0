import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/api-error';
import { AccessCache } from './access-cache';
import { Permission } from './permission.entity';
import { isUniqueViolation, nameTaken } from './rbac-lookups';
import { RbacTransactions } from './rbac-transactions';

@Injectable()
export class PermissionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: RbacTransactions,
    private readonly cache: AccessCache,
  ) {}

  /** Served from memory until any RBAC change (here or on another instance) clears the cache. */
  list(): Promise<Permission[]> {
    return this.cache.catalogue('permissions', () => this.dataSource.manager.find(Permission, { order: { name: 'ASC' } }));
  }

  /** 422 when the name exists (checked first for the message, enforced by the unique index). */
  async create(name: string): Promise<Permission> {
    return this.transactions
      .run(async (manager) => {
        if (await manager.existsBy(Permission, { name })) throw nameTaken();
        return manager.save(manager.create(Permission, { name }));
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'uq_permissions_name')) throw nameTaken();
        throw error;
      });
  }

  /** Removes it from every role and user too (foreign keys cascade). */
  async delete(id: number): Promise<void> {
    await this.transactions.run(async (manager) => {
      const result = await manager.delete(Permission, { id });
      if (!result.affected) throw notFound();
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
