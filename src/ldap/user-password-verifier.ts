import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../users/password-hasher';
import type { User } from '../users/user.entity';
import { DirectoryUnavailableError, LdapDirectory } from './ldap-directory';
import { directoryUnavailable } from './ldap-login.service';

/**
 * A re-entered password (confirmation, account deletion, logging other devices out): a local user's against its
 * bcrypt hash, a directory user's by binding as its entry (found by GUID, so a renamed DN still works). 503 when
 * the directory cannot answer.
 */
@Injectable()
export class UserPasswordVerifier {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly directory: LdapDirectory,
  ) {}

  async verify(user: User, password: string): Promise<boolean> {
    if (!user.isLdapUser) return this.hasher.verify(password, user.password);
    if (!this.directory.enabled || !user.ldapGuid || password === '') return false;
    try {
      const entry = await this.directory.findByGuid(user.ldapGuid);
      return entry ? await this.directory.verifyPassword(entry.dn, password) : false;
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) throw directoryUnavailable();
      throw error;
    }
  }
}
