import { Client } from 'pg';
import type { Invalidation, InvalidationKind } from './invalidation-bus';

/**
 * Channel and payloads (`user:42`, `session:<sha256>`, `token:7`; `<kind>:*` after a TRUNCATE) written by
 * the triggers of migrations CredentialChangeNotifications and CredentialTruncateNotifications, and
 * `rbac:<version>` by RbacVersionNotifications (the access cache shares this one connection).
 */
export const CHANNEL = 'gatehouse_credentials';
const KINDS = new Set<InvalidationKind>(['user', 'session', 'token', 'rbac']);
const RETRY_MS = [250, 500, 1000, 2000, 5000];
/**
 * A LISTEN connection can die silently (an idle NAT or firewall drop: no error, no close), and then
 * notifications just stop. A ping every few seconds that must answer in time bounds how long the
 * caches trust a dead connection: at most interval + timeout, far below their 60 s TTL.
 */
export const HEARTBEAT_INTERVAL_MS = 3000;
export const HEARTBEAT_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 5000;
const STOP_TIMEOUT_MS = 1000;

export interface ListenerHandlers {
  change(event: Invalidation): void;
  reset(): void;
  warn(message: string, error: unknown): void;
}

export function parseNotification(payload: string): Invalidation | null {
  const colon = payload.indexOf(':');
  const kind = payload.slice(0, colon) as InvalidationKind;
  if (colon <= 0 || !KINDS.has(kind)) return null;
  return { kind, key: payload.slice(colon + 1) };
}

/** LISTEN on a dedicated connection (not the pool, whose connections come and go), reconnecting with backoff. */
export class CredentialListener {
  connected = false;
  private client: Client | null = null;
  private stopped = false;
  private attempt = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private pinging = false;

  constructor(
    private readonly url: string,
    private readonly handlers: ListenerHandlers,
  ) {}

  start(): void {
    this.connectInBackground();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connected = false;
    this.stopHeartbeat();
    const client = this.client;
    this.client = null;
    // end() waits for the server's goodbye, which a black-holed connection never sends.
    if (client) await withTimeout(client.end(), STOP_TIMEOUT_MS).catch(() => destroySocket(client));
  }

  /** connect() handles its own failures; the catch is for what escapes it (a throwing handler). */
  private connectInBackground(): void {
    void this.connect().catch((error: unknown) => this.handlers.warn('credential listener failed to connect', error));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.url,
      application_name: 'gatehouse-listener',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    client.on('notification', (note) => {
      const event = note.channel === CHANNEL ? parseNotification(note.payload ?? '') : null;
      if (event) this.handlers.change(event);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('listener connection ended')));
    try {
      await client.connect();
      await withTimeout(client.query(`LISTEN ${CHANNEL}`), HEARTBEAT_TIMEOUT_MS);
      if (this.stopped) return void client.end().catch(() => undefined);
      this.client = client;
      this.attempt = 0;
      this.handlers.reset();
      this.connected = true;
      this.startHeartbeat(client);
    } catch (error) {
      this.lost(client, error);
    }
  }

  private startHeartbeat(client: Client): void {
    this.stopHeartbeat();
    // ping() handles its own failures; the catch is for what escapes it (a throwing handler).
    this.heartbeat = setInterval(() => {
      void this.ping(client).catch((error: unknown) => this.handlers.warn('credential listener heartbeat failed', error));
    }, HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async ping(client: Client): Promise<void> {
    if (this.pinging || this.client !== client) return;
    this.pinging = true;
    try {
      await withTimeout(client.query('SELECT 1'), HEARTBEAT_TIMEOUT_MS);
    } catch (error) {
      // With the ping still pending, end() destroys the socket instead of waiting on it.
      this.lost(client, error);
    } finally {
      this.pinging = false;
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== null && this.client !== client) return;
    const wasConnected = this.connected;
    this.connected = false;
    this.client = null;
    this.stopHeartbeat();
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    if (wasConnected) this.handlers.warn('credential listener lost: caches bypassed until it is back', error);
    setTimeout(() => this.connectInBackground(), RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]).unref();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** pg keeps its socket private; reached for only when end() could not finish. */
function destroySocket(client: Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
