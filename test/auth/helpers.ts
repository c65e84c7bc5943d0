import { Body, Controller, HttpCode, Module, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { OptionalAuth } from '../../src/common/public.decorator';
import type { StartOptions, TestApp } from '../support/app';
import type { SpaClient } from '../support/spa-client';

export const SPA_ORIGIN = 'http://localhost:3000';
export const SESSION_COOKIE = 'gatehouse_session';

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flag attributes map to "". */
  attributes: Record<string, string>;
  raw: string;
}

/** Parses the response's Set-Cookie headers as a browser would see them (value percent-decoded). */
export function setCookies(headers: Record<string, unknown>): Record<string, SetCookie> {
  const list = [headers['set-cookie'] ?? []].flat() as string[];
  const cookies: Record<string, SetCookie> = {};
  for (const raw of list) {
    const [pair, ...attributeParts] = raw.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const attributes: Record<string, string> = {};
    for (const part of attributeParts) {
      const at = part.indexOf('=');
      if (at === -1) attributes[part.toLowerCase()] = '';
      else attributes[part.slice(0, at).toLowerCase()] = part.slice(at + 1);
    }
    const name = pair.slice(0, eq);
    cookies[name] = { name, value: decodeURIComponent(pair.slice(eq + 1)), attributes, raw };
  }
  return cookies;
}

/** The X-XSRF-TOKEN a browser axios would send now (the cookie, URL-decoded). */
export const xsrfOf = (client: SpaClient) => decodeURIComponent(client.cookie('XSRF-TOKEN') ?? '');

export const sessionOf = (client: SpaClient) => client.cookie(SESSION_COOKIE);

/**
 * Starts another app instance with its own copy of every module, as a second server process
 * would have. Needed because passport keeps strategies in a process-wide registry: a second
 * instance loaded normally takes over the first one's `local` and `sanctum` strategies (and
 * closing it leaves the first one with dead database connections).
 */
export function startIsolatedApp(options: StartOptions): Promise<TestApp> {
  let isolated!: typeof import('../support/app');
  jest.isolateModules(() => {
    // isolateModules is synchronous: a dynamic import() would escape the fresh registry.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    isolated = require('../support/app');
  });
  return isolated.startApp(options);
}

/** Waits until a condition holds (for writes the app makes after answering, like session touches). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

export async function auditRows(db: Pool, event?: string) {
  const { rows } = await db.query(
    `SELECT event, user_id, ip_address, user_agent, metadata FROM audit_events ${event ? 'WHERE event = $1' : ''} ORDER BY id`,
    event ? [event] : [],
  );
  return rows as Array<{ event: string; user_id: number | string | null; ip_address: string | null; user_agent: string | null; metadata: Record<string, unknown> }>;
}

/** Under API_PREFIX: a state-changing API route, to exercise CSRF on stateful API requests. */
export const API_PROBE = '/api/__session-probe';

@Controller(API_PROBE.slice(1))
class ApiProbeController {
  @OptionalAuth()
  @Post()
  @HttpCode(200)
  probe(@Req() request: FastifyRequest, @Body() _body: unknown) {
    return { via: request.auth?.via ?? null, user_id: request.auth?.user.id ?? null };
  }
}

@Module({ controllers: [ApiProbeController] })
export class ApiProbeModule {}
