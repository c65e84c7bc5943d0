import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Encrypter } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { SocialAccount } from './social-account.entity';
import type { SocialIdentity } from './social-identity';

/** The social_accounts table is written only here. */
@Injectable()
export class SocialAccountsService {
  private readonly encrypter: Encrypter;

  constructor(
    @InjectRepository(SocialAccount) private readonly accounts: Repository<SocialAccount>,
    @InjectConfig() config: AppConfig,
  ) {
    this.encrypter = new Encrypter(config.appKey);
  }

  findByIdentity(provider: string, subject: string): Promise<SocialAccount | null> {
    return this.accounts.findOneBy({ provider, subject });
  }

  listForUser(userId: number): Promise<SocialAccount[]> {
    return this.accounts.find({ where: { userId }, order: { linkedAt: 'ASC', id: 'ASC' } });
  }

  countForUser(userId: number, manager: EntityManager = this.accounts.manager): Promise<number> {
    return manager.countBy(SocialAccount, { userId });
  }

  /** Tokens are kept only when asked, and then only encrypted. A second link of the same identity fails on the unique key. */
  async link(userId: number, identity: SocialIdentity, keepTokens: boolean, manager: EntityManager = this.accounts.manager): Promise<SocialAccount> {
    const tokens = keepTokens ? identity.tokens : null;
    const row = manager.create(SocialAccount, {
      userId,
      provider: identity.provider,
      subject: identity.subject,
      email: identity.email,
      displayName: identity.name,
      accessToken: tokens ? this.encrypter.encrypt(tokens.accessToken) : null,
      refreshToken: tokens?.refreshToken ? this.encrypter.encrypt(tokens.refreshToken) : null,
      linkedAt: new Date(),
    });
    const saved = await manager.save(row);
    saved.accessToken = null;
    saved.refreshToken = null;
    return saved;
  }

  /**
   * Removes one of the user's accounts unless it is their last way to log in (no password, no other account, no
   * passkey). The user's row is locked first, as a passkey removal locks it, so two removals at once (of accounts or
   * passkeys) cannot each see the other's credential as still there.
   */
  async unlink(userId: number, id: number, hasPassword: boolean): Promise<SocialAccount | 'not_found' | 'last'> {
    return this.accounts.manager.transaction(async (manager) => {
      await manager.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
      const rows = await manager.createQueryBuilder(SocialAccount, 'a').where('a.user_id = :userId', { userId }).getMany();
      const account = rows.find((row) => Number(row.id) === id);
      if (!account) return 'not_found';
      if (!hasPassword && rows.length === 1 && (await passkeyCount(manager, userId)) === 0) return 'last';
      await manager.delete(SocialAccount, { id: account.id });
      return account;
    });
  }

  /** The stored provider tokens, decrypted (for a host that configured `storeTokens`), or null. */
  async tokensOf(id: number): Promise<{ accessToken: string | null; refreshToken: string | null } | null> {
    const row = await this.accounts.createQueryBuilder('a').addSelect(['a.accessToken', 'a.refreshToken']).where('a.id = :id', { id }).getOne();
    if (!row) return null;
    const open = (value: string | null) => (value === null ? null : this.encrypter.decrypt(value));
    return { accessToken: open(row.accessToken), refreshToken: open(row.refreshToken) };
  }
}

/** Read only (the passkeys folder owns the table, and depends on this one): a passkey is another way to log in. */
async function passkeyCount(manager: EntityManager, userId: number): Promise<number> {
  const rows = (await manager.query('SELECT count(*)::int AS n FROM passkeys WHERE user_id = $1', [userId])) as Array<{ n: number }>;
  return rows[0].n;
}
