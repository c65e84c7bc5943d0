import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { fieldError, notFound } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { SocialAccountsService } from '../social/social-accounts.service';
import type { User } from '../users/user.entity';
import { PasskeyCeremony } from './passkey-ceremony';
import { passkeyResponse, PasskeyResponse } from './passkey.response';
import { PasskeysStore } from './passkeys.store';

export const PASSKEY_INVALID = 'The provided passkey was invalid.';
export const PASSKEY_TAKEN = 'This passkey is already registered.';
export const LAST_PASSKEY = 'This passkey is your only way to log in. Set a password (reset it by email), add another passkey or link a provider first.';

/** Account settings: the signed-in user's passkeys (docs/http-contract.md §13). */
@Injectable()
export class PasskeyAccountsService {
  constructor(
    private readonly store: PasskeysStore,
    private readonly ceremony: PasskeyCeremony,
    private readonly social: SocialAccountsService,
    private readonly events: GatehouseEvents,
  ) {}

  async list(userId: number): Promise<{ data: PasskeyResponse[] }> {
    return { data: (await this.store.listForUser(userId)).map(passkeyResponse) };
  }

  async options(user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.ceremony.registrationOptions(user, await this.store.listForUser(user.id));
  }

  /** 422 on `credential` for any refused attestation (the audit says why), or for a credential registered before. */
  async register(facts: RequestFacts, user: User, name: string, credential: object): Promise<PasskeyResponse> {
    const outcome = await this.ceremony.verifyRegistration(user, credential);
    if (!outcome.ok) {
      await this.events.emit('passkey.failed', { facts, userId: user.id, metadata: { stage: 'register', reason: outcome.reason, passkey_id: null } });
      throw fieldError('credential', PASSKEY_INVALID);
    }
    const passkey = await this.store.add(user.id, { ...outcome.passkey, name: name.trim() });
    if (!passkey) throw fieldError('credential', PASSKEY_TAKEN);
    await this.events.emit('passkey.registered', {
      facts,
      userId: user.id,
      metadata: { passkey_id: Number(passkey.id), device_type: passkey.deviceType, backed_up: passkey.backedUp },
    });
    return passkeyResponse(passkey);
  }

  async rename(userId: number, id: number, name: string): Promise<PasskeyResponse> {
    if (!(await this.store.rename(userId, id, name.trim()))) throw notFound();
    return passkeyResponse((await this.store.findForUser(userId, id))!);
  }

  /** 404 for someone else's (or no) passkey; 422 when it is the last way into a passwordless account. */
  async remove(facts: RequestFacts, user: User, id: number): Promise<void> {
    const hasPassword = user.password !== null;
    const outcome = await this.store.remove(user.id, id, async (manager) => (hasPassword ? 1 : this.social.countForUser(user.id, manager)));
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'last') throw fieldError('passkey', LAST_PASSKEY);
    await this.events.emit('passkey.removed', { facts, userId: user.id, metadata: { passkey_id: Number(outcome.id) } });
  }
}
