import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { RbacTransactions } from './rbac-transactions';

/**
 * DEFAULT_ROLE exists from start-up on, so registrations never silently get no role: created when
 * missing, global and without permissions (an operator grants it what it should carry). One
 * insert that skips an existing row, so instances starting together create it once.
 */
@Injectable()
export class DefaultRoleProvisioner implements OnApplicationBootstrap {
  private readonly logger = new Logger(DefaultRoleProvisioner.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly transactions: RbacTransactions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.ensure()) this.logger.log({ role: this.config.defaultRole }, 'created the missing DEFAULT_ROLE (global, no permissions)');
  }

  /** Whether it had to be created. */
  ensure(): Promise<boolean> {
    return this.transactions.run(
      async (manager) => {
        const inserted: unknown[] = await manager.query(
          'INSERT INTO roles (name) VALUES ($1) ON CONFLICT (team_id, name) DO NOTHING RETURNING id',
          [this.config.defaultRole],
        );
        return inserted.length > 0;
      },
      (created) => created,
    );
  }
}
