import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import type { SocialProviderConfig } from '../config/social-config';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { SocialAccountsService } from './social-accounts.service';
import { SocialLoginError } from './social-error';
import type { SocialIdentity } from './social-identity';

const isUniqueViolation = (error: unknown) => (error as { driverError?: { code?: string } }).driverError?.code === '23505';

/**
 * Who a verified provider identity is: a linked identity is its user; an unknown one with a verified email
 * nobody uses becomes a new account (verified, no password, the default role); an unknown one whose email
 * belongs to an account is refused — the user logs in and links it — unless the provider is trusted.
 */
@Injectable()
export class SocialLoginService {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: SocialAccountsService,
    private readonly events: GatehouseEvents,
  ) {}

  async userFor(facts: RequestFacts, provider: SocialProviderConfig, identity: SocialIdentity, via: 'session' | 'token'): Promise<User> {
    const linked = await this.accounts.findByIdentity(identity.provider, identity.subject);
    const user = linked ? await this.users.findById(linked.userId) : await this.unknownIdentity(facts, provider, identity, via);
    if (!user) throw new SocialLoginError('provider_error', 'linked user vanished');
    // Disabled by the directory sync (gone from LDAP): no other way in either.
    if (user.disabledAt) throw new SocialLoginError('account_disabled', 'disabled');
    await this.events.emit('social.login', { facts, userId: user.id, metadata: { provider: provider.name, via } });
    return user;
  }

  /** Adds the identity to the signed-in user's account (account settings). */
  async link(facts: RequestFacts, provider: SocialProviderConfig, userId: number, identity: SocialIdentity): Promise<void> {
    const linked = await this.accounts.findByIdentity(identity.provider, identity.subject);
    if (linked && linked.userId !== userId) throw new SocialLoginError('already_linked');
    if (linked) return;
    const account = await this.accounts.link(userId, identity, provider.storeTokens).catch((error: unknown) => {
      throw isUniqueViolation(error) ? new SocialLoginError('already_linked') : error;
    });
    await this.events.emit('social.linked', { facts, userId, metadata: { provider: provider.name, account_id: account.id, by: 'settings' } });
  }

  private async unknownIdentity(facts: RequestFacts, provider: SocialProviderConfig, identity: SocialIdentity, via: 'session' | 'token'): Promise<User> {
    if (!identity.email) throw new SocialLoginError('email_unverified');
    const existing = await this.users.findByEmail(identity.email);
    if (existing && !provider.trusted) throw new SocialLoginError('account_exists');
    if (existing) {
      const account = await this.accounts.link(existing.id, identity, provider.storeTokens).catch(rethrowLinkRace);
      await this.events.emit('social.linked', { facts, userId: existing.id, metadata: { provider: provider.name, account_id: account.id, by: 'trusted_email' } });
      return existing;
    }
    return this.register(facts, provider, identity, identity.email, via);
  }

  /** The user row, its default role and the linked account commit together. */
  private async register(facts: RequestFacts, provider: SocialProviderConfig, identity: SocialIdentity, email: string, via: 'session' | 'token'): Promise<User> {
    const name = identity.name ?? email.split('@')[0];
    const user = await this.users
      .create({ name, email, password: null, verified: true, alsoWrite: (created, manager) => this.accounts.link(created.id, identity, provider.storeTokens, manager).then(() => undefined) })
      .catch((error: unknown) => {
        // A parallel registration of the same email or identity won the race.
        if (error instanceof ApiError && error.getStatus() === 422) throw new SocialLoginError('account_exists');
        return rethrowLinkRace(error);
      });
    await this.events.emit('user.registered', { facts, userId: user.id, metadata: { via } });
    await this.events.emit('social.registered', { facts, userId: user.id, metadata: { provider: provider.name, via } });
    return user;
  }
}

function rethrowLinkRace(error: unknown): never {
  if (isUniqueViolation(error)) throw new SocialLoginError('already_linked', 'parallel link');
  throw error;
}
