import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { Client, InvalidCredentialsError, type Entry } from 'ldapts';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import type { LdapConfig } from '../config/ldap-config';
import { groupFilter, guidFilter, userFilter } from './ldap-filter';
import { guidOf } from './ldap-guid';

/** The directory cannot answer (down, hung, TLS failure, the service account refused): 503, never "wrong password". */
export class DirectoryUnavailableError extends Error {}

/** A user's directory entry as Gatehouse reads it. */
export interface DirectoryEntry {
  dn: string;
  guid: string;
  /** User field → the attribute's first value (null when the entry has none), per LDAP_ATTRIBUTES. */
  attributes: Record<string, string | null>;
  /** DNs of the groups the entry belongs to. */
  groups: string[];
}

/** Why a login found no bound entry: no (or more than one) entry matched, or the password was refused. */
export type DirectoryRefusal = 'not_found' | 'ambiguous' | 'invalid_password';

export type DirectoryAuthentication = { entry: DirectoryEntry } | { refused: DirectoryRefusal };

/**
 * Search-then-bind against the configured directory: the service account finds the entry (filter values escaped
 * as RFC 4515 says), then a second connection binds as that entry with the user's password. Each call opens its
 * own connections and closes them; every operation has a timeout, and the whole call a deadline, so a hung server
 * ends in DirectoryUnavailableError after at most connect + operation timeout.
 */
@Injectable()
export class LdapDirectory {
  private readonly logger = new Logger('Ldap');
  private readonly config: LdapConfig | null;
  private ca: Buffer | undefined;

  constructor(@InjectConfig() config: AppConfig) {
    this.config = config.ldap ?? null;
  }

  get enabled(): boolean {
    return this.config !== null;
  }

  /** The password is never empty here: the caller refuses that before any bind (an empty one is an anonymous bind). */
  authenticate(login: string, password: string): Promise<DirectoryAuthentication> {
    return this.withDeadline(async () => {
      const found = await this.withService((client) => this.searchOne(client, userFilter(this.required.userFilter, login)));
      if ('refused' in found) return found;
      const valid = await this.bindAs(found.entry.dn, password);
      return valid ? found : { refused: 'invalid_password' as const };
    });
  }

  /** The entry for a login, read with the service account only (the ldap:test command). */
  lookup(login: string): Promise<DirectoryAuthentication> {
    return this.withDeadline(() => this.withService((client) => this.searchOne(client, userFilter(this.required.userFilter, login))));
  }

  /** The entry with this stable id, wherever it now lives (renamed, moved), or null when it is gone. */
  findByGuid(guid: string): Promise<DirectoryEntry | null> {
    const { guidAttribute, guidFormat } = this.required;
    return this.withDeadline(() =>
      this.withService(async (client) => {
        const found = await this.searchOne(client, guidFilter(guidAttribute, guid, guidFormat));
        return 'entry' in found ? found.entry : null;
      }),
    );
  }

  /** True when the entry accepts the password (a fresh connection, so the service session is never downgraded). */
  async verifyPassword(dn: string, password: string): Promise<boolean> {
    if (password === '') return false;
    return this.withDeadline(() => this.bindAs(dn, password));
  }

  private get required(): LdapConfig {
    if (!this.config) throw new DirectoryUnavailableError('LDAP is not configured (LDAP_URL)');
    return this.config;
  }

  private async searchOne(client: Client, filter: string): Promise<DirectoryAuthentication> {
    const config = this.required;
    const attributes = [...new Set([...Object.values(config.attributes), config.guidAttribute, ...(config.groupFilter ? [] : ['memberOf'])])];
    const { searchEntries } = await client.search(config.baseDn, {
      scope: 'sub',
      filter,
      attributes,
      sizeLimit: 2,
      explicitBufferAttributes: config.guidFormat === 'binary' ? [config.guidAttribute] : [],
    }).catch((error: unknown) => {
      // Two matches: the server stops at the size limit; refuse rather than guess which person this is.
      if ((error as { code?: number }).code === 4) return { searchEntries: [{}, {}] as Entry[] };
      throw error;
    });
    if (searchEntries.length === 0) return { refused: 'not_found' };
    if (searchEntries.length > 1) return { refused: 'ambiguous' };
    const raw = searchEntries[0];
    const guid = guidOf(pick(raw, config.guidAttribute), config.guidFormat);
    if (!guid) throw new DirectoryUnavailableError(`the entry has no ${config.guidAttribute}`);
    const mapped: Record<string, string | null> = {};
    for (const [field, attribute] of Object.entries(config.attributes)) mapped[field] = firstText(pick(raw, attribute));
    return { entry: { dn: raw.dn, guid, attributes: mapped, groups: await this.groupsOf(client, raw) } };
  }

  private async groupsOf(client: Client, raw: Entry): Promise<string[]> {
    const config = this.required;
    if (!config.groupFilter) return allText(pick(raw, 'memberOf'));
    const { searchEntries } = await client.search(config.groupBaseDn, { scope: 'sub', filter: groupFilter(config.groupFilter, raw.dn), attributes: ['1.1'] });
    return searchEntries.map((group) => group.dn);
  }

  /** false only for invalid credentials; anything else (down, hung, refused connection) is the directory's failure. */
  private async bindAs(dn: string, password: string): Promise<boolean> {
    const client = await this.connect();
    try {
      await client.bind(dn, password);
      return true;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return false;
      throw unavailable('user bind', error);
    } finally {
      close(client);
    }
  }

  private async withService<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const config = this.required;
    const client = await this.connect();
    try {
      try {
        await client.bind(config.bindDn, config.bindPassword);
      } catch (error) {
        // Logged without the password; the login answers 503 (it is not the user's fault).
        if (error instanceof InvalidCredentialsError) this.logger.error(`the directory refused the service account ${config.bindDn} (LDAP_BIND_DN / LDAP_BIND_PASSWORD)`);
        throw unavailable('service bind', error);
      }
      return await work(client);
    } catch (error) {
      throw unavailable('search', error);
    } finally {
      close(client);
    }
  }

  private async connect(): Promise<Client> {
    const config = this.required;
    const tlsOptions = this.tlsOptions(config);
    // ldapts takes constructor TLS options as "connect with TLS": for StartTLS they go to startTLS only.
    const client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.connectTimeoutMs,
      tlsOptions: config.startTls ? undefined : tlsOptions,
      strictDN: false,
    });
    if (config.startTls) {
      try {
        await client.startTLS(tlsOptions ?? {});
      } catch (error) {
        close(client);
        throw unavailable('StartTLS', error);
      }
    }
    return client;
  }

  private tlsOptions(config: LdapConfig) {
    if (config.caFile === null) return undefined;
    this.ca ??= readFileSync(config.caFile);
    return { ca: [this.ca] };
  }

  /** Every call ends by the deadline even when the server hangs between operations. */
  private withDeadline<T>(work: () => Promise<T>): Promise<T> {
    const config = this.required;
    const ms = config.connectTimeoutMs + config.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DirectoryUnavailableError(`no answer within ${ms} ms`)), ms);
    });
    return Promise.race([work(), deadline]).finally(() => clearTimeout(timer));
  }
}

function unavailable(stage: string, error: unknown): DirectoryUnavailableError {
  if (error instanceof DirectoryUnavailableError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new DirectoryUnavailableError(`${stage} failed (${detail})`, { cause: error });
}

/** unbind closes the socket; a hung server must not keep the caller waiting for it. */
function close(client: Client): void {
  client.unbind().catch(() => undefined);
}

/** Attribute names are case-insensitive in LDAP; ldapts keys them as the server spelled them. */
function pick(entry: Entry, attribute: string): unknown {
  if (attribute in entry) return entry[attribute];
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  return key === undefined ? undefined : entry[key];
}

function allText(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return values.map((item) => (Buffer.isBuffer(item) ? item.toString('utf8') : String(item))).filter((item) => item !== '');
}

function firstText(value: unknown): string | null {
  return allText(value)[0] ?? null;
}
