import request from 'supertest';
import type { Env } from '../../src/config/config';
import { startLdapServer, type LdapTestServer } from '../../src/testing/ldap-server';
import { startApp } from '../support/app';
import { ALICE, BASE_DN, ldapEnv, SEED_LDIF } from './support';

describe('LDAP over TLS: ldaps:// and StartTLS, the CA from LDAP_CA_FILE', () => {
  let ldap: LdapTestServer;
  beforeAll(async () => {
    ldap = await startLdapServer({ baseDn: BASE_DN, ldif: SEED_LDIF, tls: true });
  }, 60_000);
  afterAll(() => ldap.close());

  async function loginStatus(env: Env): Promise<number> {
    const t = await startApp({ env: ldapEnv(ldap, env) });
    try {
      const res = await request(t.url).post('/api/login').set('Accept', 'application/json').send({ username: ALICE.uid, password: ALICE.password, device_name: 'tls' });
      return res.status;
    } finally {
      await t.close();
    }
  }

  it('logs in over ldaps:// with the CA file', async () => {
    expect(await loginStatus({ LDAP_URL: ldap.ldapsUrl!, LDAP_CA_FILE: ldap.caFile! })).toBe(201);
  });

  it('logs in over ldap:// upgraded with StartTLS', async () => {
    expect(await loginStatus({ LDAP_STARTTLS: 'true', LDAP_CA_FILE: ldap.caFile! })).toBe(201);
  });

  it('answers 503 when the certificate is not trusted (no CA file): never falls back to plain text', async () => {
    expect(await loginStatus({ LDAP_URL: ldap.ldapsUrl! })).toBe(503);
    expect(await loginStatus({ LDAP_STARTTLS: 'true' })).toBe(503);
  });
});
