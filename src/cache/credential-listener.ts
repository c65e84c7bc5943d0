import { Client } from 'pg';
import type { Invalidation, InvalidationKind } from './invalidation-bus';

/** Channel and payloads (`user:42`, `session:<sha256>`, `token:7`) written by the triggers of migration CredentialChangeNotifications. */
export const CHANNEL = 'gatehouse_credentials';
const KINDS = new Set<InvalidationKind>(['user', 'session', 'token']);
const RETRY_MS = [250, 500, 1000, 2000, 5000];

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

  constructor(
    private readonly url: string,
    private readonly handlers: ListenerHandlers,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connected = false;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, application_name: 'gatehouse-listener' });
    client.on('notification', (note) => {
      const event = note.channel === CHANNEL ? parseNotification(note.payload ?? '') : null;
      if (event) this.handlers.change(event);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('listener connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.stopped) return void client.end().catch(() => undefined);
      this.client = client;
      this.attempt = 0;
      this.handlers.reset();
      this.connected = true;
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== null && this.client !== client) return;
    const wasConnected = this.connected;
    this.connected = false;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    if (wasConnected) this.handlers.warn('credential listener lost: caches bypassed until it is back', error);
    setTimeout(() => void this.connect(), RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]).unref();
  }
}
