import { createConnection, createServer, Server, Socket } from 'node:net';

interface Link {
  client: Socket;
  upstream: Socket;
  /** The client's first bytes: PostgreSQL's startup message (user, database, application_name). */
  startup: string | null;
  /** Once a byte has been dropped the connection is dead for good, as after a NAT drop. */
  silenced: boolean;
}

/**
 * A TCP forwarder in front of PostgreSQL, so a test can take the database away from a running
 * app (cut) and give it back (restore) without touching the server other tests share, or make
 * some connections go silent without closing them (silence).
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly links = new Set<Link>();
  private silenceMatch: string | null = null;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private targetPort: number,
  ) {}

  /** Later connections go to this port (a server that could start only once the proxy's address was known). */
  retarget(port: number): void {
    this.targetPort = port;
  }

  /** Proxies `url`'s host:port; returns the proxy and the same URL pointing at it. */
  static async forUrl(url: string): Promise<{ proxy: TcpProxy; url: string }> {
    const target = new URL(url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    return { proxy, url: proxied.toString() };
  }

  /** Listens (again) on the same port as before, or on a free one the first time. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and kills the open ones, as a crashed or unreachable server would. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const link of this.links) this.close(link);
    this.links.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  restore(): Promise<void> {
    return this.start();
  }

  /**
   * Black-holes, open and future, every connection whose startup message contains `match` (e.g. an
   * application_name): bytes stop flowing both ways but nothing is closed, so neither end notices.
   */
  silence(match: string): void {
    this.silenceMatch = match;
  }

  /** New connections flow again; those already silenced stay dead. */
  unsilence(): void {
    this.silenceMatch = null;
  }

  private forward(client: Socket): void {
    const link: Link = { client, upstream: createConnection(this.targetPort, this.targetHost), startup: null, silenced: false };
    this.links.add(link);
    client.on('data', (chunk: Buffer) => {
      link.startup ??= chunk.toString('latin1');
      if (!this.dropping(link)) link.upstream.write(chunk);
    });
    link.upstream.on('data', (chunk: Buffer) => {
      if (!this.dropping(link)) client.write(chunk);
    });
    for (const socket of [client, link.upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.links.delete(link);
        this.close(link);
      });
    }
  }

  private dropping(link: Link): boolean {
    if (!link.silenced && this.silenceMatch !== null && link.startup?.includes(this.silenceMatch)) link.silenced = true;
    return link.silenced;
  }

  private close(link: Link): void {
    link.client.destroy();
    link.upstream.destroy();
  }
}
