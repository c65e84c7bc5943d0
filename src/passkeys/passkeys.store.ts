import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { affectedRows } from '../common/affected-rows';
import { Passkey } from './passkey.entity';

export interface NewPasskey {
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  backedUp: boolean;
  deviceType: string;
  name: string;
}

const isUniqueViolation = (error: unknown) => (error as { driverError?: { code?: string } }).driverError?.code === '23505';

/** The passkeys table is written only here. Ids come back from PostgreSQL's bigint as strings: compared as numbers. */
@Injectable()
export class PasskeysStore {
  constructor(@InjectRepository(Passkey) private readonly passkeys: Repository<Passkey>) {}

  listForUser(userId: number): Promise<Passkey[]> {
    return this.passkeys.find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findForUser(userId: number, id: number): Promise<Passkey | null> {
    return this.passkeys.findOneBy({ userId, id });
  }

  findByCredentialId(credentialId: string): Promise<Passkey | null> {
    return this.passkeys.findOneBy({ credentialId });
  }

  /** The new passkey, or null when this credential is already registered (to this or another account). */
  async add(userId: number, input: NewPasskey): Promise<Passkey | null> {
    const row = this.passkeys.create({ ...input, publicKey: Buffer.from(input.publicKey), userId, createdAt: new Date(), lastUsedAt: null });
    return this.passkeys.save(row).catch((error: unknown) => {
      if (isUniqueViolation(error)) return null;
      throw error;
    });
  }

  async rename(userId: number, id: number, name: string): Promise<boolean> {
    return affectedRows(await this.passkeys.query('UPDATE passkeys SET name = $3 WHERE id = $1 AND user_id = $2', [id, userId, name])) === 1;
  }

  /**
   * Moves the counter forward and stamps the use. Conditional, so of two assertions racing with the same counter
   * only one is recorded; false for the other (and for a counter that went back meanwhile).
   */
  async recordUse(id: number, newCounter: number): Promise<boolean> {
    const result = await this.passkeys.query(
      `UPDATE passkeys SET counter = $2, last_used_at = now()
        WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))`,
      [id, newCounter],
    );
    return affectedRows(result) === 1;
  }

  /**
   * Deletes one of the user's passkeys unless `otherMethods` (counted in the same transaction) says none would be
   * left. The user's row is locked first, as unlinking a social account locks it, so two removals at once cannot each
   * see the other's credential as still there.
   */
  async remove(userId: number, id: number, otherMethods: (manager: EntityManager) => Promise<number>): Promise<Passkey | 'not_found' | 'last'> {
    return this.passkeys.manager.transaction(async (manager) => {
      await manager.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
      const rows = await manager.createQueryBuilder(Passkey, 'p').where('p.user_id = :userId', { userId }).getMany();
      const passkey = rows.find((row) => Number(row.id) === id);
      if (!passkey) return 'not_found';
      if (rows.length === 1 && (await otherMethods(manager)) === 0) return 'last';
      await manager.delete(Passkey, { id: passkey.id });
      return passkey;
    });
  }

  countForUser(userId: number, manager: EntityManager = this.passkeys.manager): Promise<number> {
    return manager.countBy(Passkey, { userId });
  }
}
