import { CliCommand, CliError, parseOptions, usageLine } from '../cli/command';
import { LdapAccountsService } from './ldap-accounts.service';
import { DirectoryUnavailableError, LdapDirectory } from './ldap-directory';
import { LdapSyncService } from './ldap-sync.service';

const REFUSALS = { not_found: 'no entry matches LDAP_USER_FILTER for this login', ambiguous: 'more than one entry matches this login', invalid_password: 'the password was refused' };

function requireLdap(directory: LdapDirectory): void {
  if (!directory.enabled) throw new CliError('LDAP is not configured: set LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD and LDAP_BASE_DN.');
}

async function asCliError<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof DirectoryUnavailableError) throw new CliError(`The directory could not be used: ${error.message}`, { cause: error });
    throw error;
  });
}

/** Binds with the service account and prints what a login would sync; no user is written. */
export const ldapTestCommand: CliCommand = {
  name: 'ldap:test',
  usage: 'LOGIN',
  description: 'Look a login up in the directory with the service account: DN, GUID, mapped attributes and roles',
  needs: 'app',
  async run(ctx, args) {
    const { positionals } = parseOptions(this, args, {}, 1);
    const login = positionals[0]?.trim() ?? '';
    if (login === '') throw new CliError(`Missing LOGIN (usage: ${usageLine(this)})`);
    const directory = ctx.app.get(LdapDirectory, { strict: false });
    requireLdap(directory);
    const found = await asCliError(directory.lookup(login));
    if ('refused' in found) throw new CliError(`Not found: ${REFUSALS[found.refused]}.`);
    const { entry } = found;
    ctx.out(`DN: ${entry.dn}`);
    ctx.out(`GUID: ${entry.guid}`);
    for (const [field, value] of Object.entries(entry.attributes)) ctx.out(`${field}: ${value ?? '(none)'}`);
    ctx.out(`groups: ${entry.groups.length > 0 ? entry.groups.join('; ') : '(none)'}`);
    const scopes = ctx.app.get(LdapAccountsService, { strict: false }).rolesOf(entry);
    const roles = scopes.flatMap((scope) => scope.roles.map((role) => (scope.teamId === null ? role : `${role} (team ${scope.teamId})`)));
    ctx.out(`roles: ${roles.length > 0 ? roles.join(', ') : '(none)'}`);
  },
};

/** Refreshes every directory user; those whose entry is gone are disabled (sessions ended, tokens revoked). */
export const ldapSyncCommand: CliCommand = {
  name: 'ldap:sync',
  usage: '',
  description: "Refresh every LDAP user's attributes and roles; disable users no longer in the directory",
  needs: 'app',
  async run(ctx, args) {
    parseOptions(this, args, {});
    requireLdap(ctx.app.get(LdapDirectory, { strict: false }));
    const report = await asCliError(ctx.app.get(LdapSyncService, { strict: false }).syncAll());
    ctx.out(`Synced ${report.synced} LDAP user(s).`);
    for (const user of report.disabled) ctx.out(`Disabled user ${user.id} <${user.email}>: no longer in the directory.`);
    for (const user of report.skipped) ctx.out(`Skipped user ${user.id} <${user.email}>: ${user.reason}.`);
    ctx.out(`Disabled ${report.disabled.length} user(s).`);
  },
};

export const LDAP_COMMANDS: readonly CliCommand[] = [ldapTestCommand, ldapSyncCommand];
