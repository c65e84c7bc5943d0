import { Injectable } from '@nestjs/common';
import { fieldError, notFound } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { User } from '../users/user.entity';
import { SocialAccountsService } from './social-accounts.service';
import { SocialProviders } from './social-providers';

export interface ConnectedAccountResponse {
  id: number;
  provider: string;
  provider_label: string;
  name: string | null;
  email: string | null;
  linked_at: string;
}

export const LAST_LOGIN_METHOD = 'This is your only way to log in. Set a password (reset it by email), link another provider or add a passkey first.';

@Injectable()
export class ConnectedAccountsService {
  constructor(
    private readonly accounts: SocialAccountsService,
    private readonly providers: SocialProviders,
    private readonly events: GatehouseEvents,
  ) {}

  async list(userId: number): Promise<{ data: ConnectedAccountResponse[] }> {
    const labels = new Map(this.providers.list().map((p) => [p.name, p.label]));
    const rows = await this.accounts.listForUser(userId);
    return {
      data: rows.map((row) => ({
        id: row.id,
        provider: row.provider,
        provider_label: labels.get(row.provider) ?? row.provider,
        name: row.displayName,
        email: row.email,
        linked_at: row.linkedAt.toISOString(),
      })),
    };
  }

  /** 404 for someone else's (or no) account; 422 when it is the last way to log in. */
  async unlink(facts: RequestFacts, user: User, id: string): Promise<void> {
    const accountId = /^[1-9][0-9]{0,17}$/.test(id) ? Number(id) : null;
    if (accountId === null) throw notFound();
    const outcome = await this.accounts.unlink(user.id, accountId, user.password !== null);
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'last') throw fieldError('account', LAST_LOGIN_METHOD);
    await this.events.emit('social.unlinked', { facts, userId: user.id, metadata: { provider: outcome.provider, account_id: outcome.id } });
  }
}
