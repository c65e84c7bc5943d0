import { Injectable } from '@nestjs/common';
import { UsersService } from '../users/users.service';
import { LdapAccountError, LdapAccountsService } from './ldap-accounts.service';
import { LdapDirectory } from './ldap-directory';

export interface LdapSyncReport {
  synced: number;
  disabled: Array<{ id: number; email: string }>;
  /** Users whose entry could not be applied (an email another account holds); left as they were. */
  skipped: Array<{ id: number; email: string; reason: string }>;
}

/**
 * `ldap:sync`: every active directory user is looked up by GUID (a renamed or moved entry is still found) and
 * refreshed; one whose entry is gone is disabled. A directory error stops the run before anyone is disabled
 * by it (DirectoryUnavailableError reaches the caller): only a clean "no such entry" disables.
 */
@Injectable()
export class LdapSyncService {
  constructor(
    private readonly directory: LdapDirectory,
    private readonly accounts: LdapAccountsService,
    private readonly users: UsersService,
  ) {}

  async syncAll(): Promise<LdapSyncReport> {
    const report: LdapSyncReport = { synced: 0, disabled: [], skipped: [] };
    for (const user of await this.users.listActiveLdapUsers()) {
      const entry = user.ldapGuid ? await this.directory.findByGuid(user.ldapGuid) : null;
      if (!entry) {
        await this.accounts.disable(user);
        report.disabled.push({ id: user.id, email: user.email });
        continue;
      }
      try {
        await this.accounts.sync(await this.users.withFields(user), entry);
        report.synced += 1;
      } catch (error) {
        if (!(error instanceof LdapAccountError)) throw error;
        report.skipped.push({ id: user.id, email: user.email, reason: error.reason });
      }
    }
    return report;
  }
}
