import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { LdapAccountsService } from './ldap-accounts.service';
import { LdapDirectory } from './ldap-directory';
import { LdapLoginService } from './ldap-login.service';
import { LdapRoleSync } from './ldap-role-sync';
import { LdapSyncService } from './ldap-sync.service';
import { UserPasswordVerifier } from './user-password-verifier';

/** LDAP / Active Directory sign-in (LDAP_URL): inert without it, so every module may depend on it. */
@Module({
  imports: [EventsModule, UsersModule, SessionsModule, TokensModule],
  providers: [LdapRoleSync, LdapDirectory, LdapAccountsService, LdapLoginService, LdapSyncService, UserPasswordVerifier],
  exports: [LdapRoleSync, LdapDirectory, LdapAccountsService, LdapLoginService, LdapSyncService, UserPasswordVerifier],
})
export class LdapModule {}
