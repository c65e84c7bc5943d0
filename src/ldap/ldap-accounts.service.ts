import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestFacts } from '../common/request-facts';
import type { ResolvedUserField, UserFieldValues } from '../common/user-field-rules';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import type { LdapConfig } from '../config/ldap-config';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { LdapRoleSync } from './ldap-role-sync';
import { SessionsService } from '../sessions/sessions.service';
import { TokensService } from '../tokens/tokens.service';
import { User } from '../users/user.entity';
import { LdapUserPatch, normaliseEmail, UsersService } from '../users/users.service';
import type { DirectoryEntry } from './ldap-directory';
import { roleScopesFor } from './ldap-roles';

/** Why a bound entry did not become a signed-in user (the `reason` of `ldap.failed`). */
export class LdapAccountError extends Error {
  constructor(readonly reason: 'no_email' | 'email_taken' | 'disabled') {
    super(reason);
  }
}

/**
 * Turns directory entries into users: matched by GUID first (a renamed DN or a changed email is still the same
 * user), else provisioned (verified email, no password, `is_ldap_user`); each sync rewrites the mapped attributes
 * and the group roles. Disabling a user ends its sessions and revokes its tokens through their own services, so
 * the credential caches are dropped on every instance.
 */
@Injectable()
export class LdapAccountsService {
  private readonly config: LdapConfig | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() config: AppConfig,
    private readonly users: UsersService,
    private readonly roleSync: LdapRoleSync,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly events: GatehouseEvents,
  ) {
    this.config = config.ldap ?? null;
  }

  /** The user for a bound entry, created or refreshed; the caller audits the login itself. */
  async userFor(facts: RequestFacts | undefined, entry: DirectoryEntry, via: 'session' | 'token'): Promise<User> {
    const linked = await this.users.findByLdapGuid(entry.guid);
    if (linked?.disabledAt) throw new LdapAccountError('disabled');
    if (linked) return this.sync(linked, entry);
    const email = entry.attributes.email ? normaliseEmail(entry.attributes.email) : null;
    if (!email) throw new LdapAccountError('no_email');
    const existing = await this.users.findByEmail(email);
    // A local account of the same address is not taken over by whoever controls that directory entry.
    if (existing) throw new LdapAccountError('email_taken');
    const created = await this.users
      .create({
        name: this.nameOf(entry, email),
        email,
        password: null,
        verified: true,
        ldap: { guid: entry.guid, dn: entry.dn },
        fields: this.fieldsOf(entry),
        // The group roles commit with the user (after its default role): no account exists without them.
        alsoWrite: (user, manager) => this.syncRoles(user.id, entry, manager).then(() => undefined),
      })
      .catch((error: unknown) => {
        // A parallel first login of the same entry (unique ldap_guid) or a registration of the address won.
        if ((error as { getStatus?: () => number }).getStatus?.() === 422 || (error as { driverError?: { code?: string } }).driverError?.code === '23505') {
          throw new LdapAccountError('email_taken');
        }
        throw error;
      });
    await this.events.emit('user.registered', { facts, userId: created.id, metadata: { via } });
    await this.events.emit('ldap.provisioned', { facts, userId: created.id, metadata: { dn: entry.dn, guid: entry.guid } });
    return (await this.users.findById(created.id)) ?? created;
  }

  /** Rewrites the mapped attributes and group roles from the entry; the user as stored afterwards. */
  async sync(user: User, entry: DirectoryEntry): Promise<User> {
    const patch: LdapUserPatch = {};
    const name = this.nameOf(entry, user.email);
    if (name !== user.name) patch.name = name;
    const email = entry.attributes.email ? normaliseEmail(entry.attributes.email) : null;
    if (email && email !== user.email) {
      const holder = await this.users.findByEmail(email);
      if (holder && holder.id !== user.id) throw new LdapAccountError('email_taken');
      // The directory vouches for its addresses, as at provisioning.
      Object.assign(patch, { email, emailVerifiedAt: new Date() });
    }
    if (entry.dn !== user.ldapDn) patch.ldapDn = entry.dn;
    const fields = this.fieldsOf(entry);
    const fieldsChanged = Object.entries(fields).some(([key, value]) => user.fields?.[key] !== value);
    if (Object.keys(patch).length > 0 || fieldsChanged) {
      await this.users.applyDirectorySync(user.id, patch, fields).catch((error: unknown) => {
        if ((error as { getStatus?: () => number }).getStatus?.() === 422) throw new LdapAccountError('email_taken');
        throw error;
      });
    }
    await this.syncRoles(user.id, entry);
    return (await this.users.findById(user.id)) ?? user;
  }

  /**
   * The entry is gone: the user is marked disabled, its sessions ended and its tokens revoked in one
   * transaction; the caches are dropped by the services that own those rows.
   */
  async disable(user: User): Promise<{ sessions: number; tokens: number }> {
    const counts = await this.dataSource.transaction(async (manager) => {
      await this.users.applyDirectorySync(user.id, { disabledAt: new Date() }, {}, manager);
      const sessions = await this.sessions.destroyForUser(user.id, undefined, manager);
      const tokens = await this.tokens.revokeAllFor(user.id, manager);
      return { sessions, tokens };
    });
    this.users.forget(user.id);
    await this.events.emit('ldap.disabled', {
      userId: user.id,
      metadata: { dn: user.ldapDn, guid: user.ldapGuid, sessions_ended: counts.sessions, tokens_revoked: counts.tokens },
    });
    return counts;
  }

  /** The role names the entry's groups give, per scope (for ldap:test). */
  rolesOf(entry: DirectoryEntry): Array<{ teamId: number | null; roles: string[] }> {
    return roleScopesFor(this.ldap.groupRoles, entry.groups).map((scope) => ({ teamId: scope.teamId, roles: scope.granted }));
  }

  private syncRoles(userId: number, entry: DirectoryEntry, newUserManager?: EntityManager): Promise<string[]> {
    const scopes = roleScopesFor(this.ldap.groupRoles, entry.groups);
    return scopes.length === 0 ? Promise.resolve([]) : this.roleSync.sync(userId, scopes, newUserManager);
  }

  private nameOf(entry: DirectoryEntry, email: string): string {
    return (entry.attributes.name ?? email.split('@')[0]).trim().slice(0, 255) || email;
  }

  /** The mapped attributes that are host fields (`users.fields`), converted to the field's type. */
  private fieldsOf(entry: DirectoryEntry): UserFieldValues {
    const values: UserFieldValues = {};
    for (const field of this.users.fieldStore.fields) {
      if (!(field.name in this.ldap.attributes) || field.name === 'name' || field.name === 'email') continue;
      const value = fieldValue(field, entry.attributes[field.name] ?? null);
      if (value !== undefined) values[field.name] = value;
    }
    return values;
  }

  private get ldap(): LdapConfig {
    if (!this.config) throw new Error('LDAP is not configured (LDAP_URL)');
    return this.config;
  }
}

function fieldValue(field: ResolvedUserField, text: string | null): unknown {
  if (text === null) return field.nullable ? null : undefined;
  if (field.type === 'number') return Number.isFinite(Number(text)) ? Number(text) : null;
  if (field.type === 'boolean') return ['true', 'yes', '1', 'on'].includes(text.toLowerCase());
  return field.maxLength ? text.slice(0, field.maxLength) : text;
}
