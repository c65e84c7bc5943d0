import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real OpenLDAP `slapd` for a host app's tests (Debian packages `slapd` and `ldap-utils`): started unprivileged
 * on a free loopback port from a generated slapd.conf, seeded online with `ldapadd` (so entryUUID and the
 * operational attributes are the server's own), and changed with the real ldap-utils.
 */
export interface LdapTestServer {
  /** ldap://127.0.0.1:<port> */
  url: string;
  /** With `tls`: ldaps://127.0.0.1:<another port>, and the PEM of the self-signed CA its certificate (and StartTLS) use. */
  ldapsUrl: string | null;
  caFile: string | null;
  baseDn: string;
  /** The directory manager (rootdn), for seeding; tests give the app a service account of their own. */
  adminDn: string;
  adminPassword: string;
  /** Runs `ldapadd` / `ldapmodify` (changetype records) / `ldapdelete` / `ldapmodrdn` as the manager. */
  add(ldif: string): Promise<void>;
  modify(ldif: string): Promise<void>;
  remove(dn: string): Promise<void>;
  /** `ldapmodrdn -r`: the old RDN value goes too. */
  rename(dn: string, newRdn: string): Promise<void>;
  /** The entryUUID the server gave the entry. */
  entryUuid(dn: string): Promise<string>;
  /** Stops slapd (the directory is down); `start` brings it back on the same port with the same data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the port still accepts connections, nothing answers (a hung server). */
  pause(): void;
  resume(): void;
  /** What `-d stats` logged (binds and filters), e.g. to see that a filter value arrived escaped. */
  log(): string;
  close(): Promise<void>;
}

export interface LdapTestServerOptions {
  baseDn?: string;
  adminPassword?: string;
  /** Entries added after the base entry (which the harness creates). */
  ldif?: string;
  slapdPath?: string;
  /** Also serve ldaps:// and StartTLS, with a certificate for 127.0.0.1 made by `openssl` for this server. */
  tls?: boolean;
  /** The memberof overlay: members of a groupOfNames get `memberOf` (as Active Directory's users have). */
  memberOf?: boolean;
}

const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'];

export async function startLdapServer(options: LdapTestServerOptions = {}): Promise<LdapTestServer> {
  const baseDn = options.baseDn ?? 'dc=example,dc=org';
  const adminDn = `cn=admin,${baseDn}`;
  const adminPassword = options.adminPassword ?? 'admin-secret';
  const dir = mkdtempSync(join(tmpdir(), 'gh-slapd-'));
  mkdirSync(join(dir, 'data'));
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      ...SCHEMAS.map((schema) => `include /etc/ldap/schema/${schema}.schema`),
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      ...(options.memberOf ? ['moduleload memberof'] : []),
      `pidfile ${join(dir, 'slapd.pid')}`,
      `argsfile ${join(dir, 'slapd.args')}`,
      ...(options.tls ? tlsConfig(dir) : []),
      'database mdb',
      'maxsize 33554432',
      `suffix "${baseDn}"`,
      `rootdn "${adminDn}"`,
      `rootpw ${adminPassword}`,
      `directory ${join(dir, 'data')}`,
      ...(options.memberOf ? ['overlay memberof', 'memberof-group-oc groupOfNames', 'memberof-member-ad member', 'memberof-memberof-ad memberOf', 'memberof-refint TRUE'] : []),
      'access to attrs=userPassword by anonymous auth by self write by * none',
      'access to * by users read by * none',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const tlsPort = options.tls ? await freePort() : null;
  const ldapsUrl = tlsPort === null ? null : `ldaps://127.0.0.1:${tlsPort}`;
  const caFile = options.tls ? join(dir, 'ca.pem') : null;
  let child: ChildProcess | null = null;
  let output = '';
  // LDAPNOINIT: ldap-utils ignore the machine's ldap.conf and ~/.ldaprc.
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', LDAPNOINIT: '1' };
  const tool = (name: string, args: string[], input?: string) =>
    new Promise<string>((resolve, reject) => {
      const run = execFile(name, ['-x', '-H', url, '-D', adminDn, '-w', adminPassword, ...args], { env, timeout: 15_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${name} failed: ${stderr || error.message}`)) : resolve(stdout),
      );
      if (input !== undefined) run.stdin?.end(input);
    });

  const start = async () => {
    const listen = ldapsUrl ? `${url}/ ${ldapsUrl}/` : `${url}/`;
    const slapd = spawn(options.slapdPath ?? '/usr/sbin/slapd', ['-h', listen, '-f', conf, '-d', 'stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
    slapd.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<never>((_, reject) => slapd.once('exit', (code) => reject(new Error(`slapd exited (${code}): ${output.slice(-2000)}`))));
    slapd.once('error', () => undefined);
    child = slapd;
    await Promise.race([waitForPort(port), exited]);
    if (tlsPort !== null) await Promise.race([waitForPort(tlsPort), exited]);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGTERM');
    await gone;
  };

  try {
    await start();
    await tool('ldapadd', [], `dn: ${baseDn}\nobjectClass: dcObject\nobjectClass: organization\no: Test\ndc: ${/^dc=([^,]+)/.exec(baseDn)?.[1] ?? 'example'}\n\n${options.ldif ?? ''}`);
  } catch (error) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    ldapsUrl,
    caFile,
    baseDn,
    adminDn,
    adminPassword,
    add: (ldif) => tool('ldapadd', [], ldif).then(() => undefined),
    modify: (ldif) => tool('ldapmodify', [], ldif).then(() => undefined),
    remove: (dn) => tool('ldapdelete', [dn]).then(() => undefined),
    rename: (dn, newRdn) => tool('ldapmodrdn', ['-r', dn, newRdn]).then(() => undefined),
    async entryUuid(dn) {
      const out = await tool('ldapsearch', ['-LLL', '-b', dn, '-s', 'base', '(objectClass=*)', 'entryUUID']);
      const match = /^entryUUID: (.+)$/m.exec(out);
      if (!match) throw new Error(`no entryUUID for ${dn}`);
      return match[1].trim();
    },
    stop,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    log: () => output,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CA and a server certificate for 127.0.0.1 signed by it (Node checks the IP against subjectAltName). */
function tlsConfig(dir: string): string[] {
  const path = (name: string) => join(dir, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('ca.key'), '-out', path('ca.pem'), '-days', '2', '-subj', '/CN=Gatehouse test CA']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(path('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(['x509', '-req', '-in', path('server.csr'), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-CAcreateserial', '-out', path('server.pem'), '-days', '2', '-extfile', path('server.ext')]);
  return [`TLSCACertificateFile ${path('ca.pem')}`, `TLSCertificateFile ${path('server.pem')}`, `TLSCertificateKeyFile ${path('server.key')}`];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`slapd did not listen on port ${port}`);
}
