import { Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { User } from '../users/user.entity';
import { LdapAccountError, LdapAccountsService } from './ldap-accounts.service';
import { DirectoryAuthentication, DirectoryUnavailableError, LdapDirectory } from './ldap-directory';

export const DIRECTORY_UNAVAILABLE = 'The directory service is unavailable. Please try again later.';
export const PASSWORD_MANAGED_BY_DIRECTORY = "This account's password is managed by your organization's directory; change it there.";

export const directoryUnavailable = () => new ApiError(503, { message: DIRECTORY_UNAVAILABLE });

/**
 * The directory half of a credential login: the caller (the /login pipeline) has counted the attempt and will
 * answer a null exactly as a wrong password. Audited as `ldap.login` / `ldap.failed` (with the reason, never the
 * password), beside the pipeline's own `login.failed`.
 */
@Injectable()
export class LdapLoginService {
  private readonly logger = new Logger('Ldap');

  constructor(
    private readonly directory: LdapDirectory,
    private readonly accounts: LdapAccountsService,
    private readonly events: GatehouseEvents,
  ) {}

  get enabled(): boolean {
    return this.directory.enabled;
  }

  /** `local`: the user the identifier names as an email, if any (an LDAP user: its GUID finds a renamed entry). */
  async attempt(facts: RequestFacts, login: string, password: string, local: User | null, via: 'session' | 'token'): Promise<User | null> {
    // Many servers take a DN with an empty password for an anonymous bind that "succeeds".
    if (password === '') return this.failed(facts, login, local, 'empty_password');
    let result: DirectoryAuthentication;
    try {
      result = await this.directory.authenticate(login, password);
      if ('refused' in result && result.refused === 'not_found' && local?.ldapGuid) result = await this.byGuid(local.ldapGuid, password);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      this.logger.warn(`directory unavailable at login: ${error.message}`);
      await this.failed(facts, login, local, 'directory_unavailable');
      throw directoryUnavailable();
    }
    if ('refused' in result) return this.failed(facts, login, local, result.refused);
    let user: User;
    try {
      user = await this.accounts.userFor(facts, result.entry, via);
    } catch (error) {
      if (error instanceof LdapAccountError) return this.failed(facts, login, local, error.reason);
      throw error;
    }
    await this.events.emit('ldap.login', { facts, userId: user.id, metadata: { dn: result.entry.dn, via: 'login' } });
    return user;
  }

  /** A filter that cannot match the identifier given (AD's sAMAccountName and an email): the linked entry itself. */
  private async byGuid(guid: string, password: string): Promise<DirectoryAuthentication> {
    const entry = await this.directory.findByGuid(guid);
    if (!entry) return { refused: 'not_found' };
    return (await this.directory.verifyPassword(entry.dn, password)) ? { entry } : { refused: 'invalid_password' };
  }

  private async failed(facts: RequestFacts, login: string, local: User | null, reason: string): Promise<null> {
    await this.events.emit('ldap.failed', { facts, userId: local?.id ?? null, metadata: { login: login.trim().toLowerCase().slice(0, 255), reason } });
    return null;
  }
}
