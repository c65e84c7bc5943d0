import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import { CurrentUser, GatehouseModule, gatehouseFastifyOptions, GatehouseOptions, gatehouseOptionsFromEnv, OptionalAuth, Permissions } from '../../src';
import { TEST_APP_KEY } from '../support/app';
import { adminQuery, createTestDatabase } from '../support/database';

export class TrackDto {
  @IsString()
  title: string;
}

/** A host app's own controller, as a team would write it against the public API. */
@Controller('tracks')
export class TracksController {
  @Get()
  @OptionalAuth()
  list(@CurrentUser() user: { id: number } | null) {
    return { tracks: [], personalised: user !== null };
  }

  @Post()
  @Permissions('tracks.create')
  create(@Body() body: TrackDto) {
    return { title: body.title };
  }
}

export function hostOptions(databaseUrl: string, env: Record<string, string> = {}): GatehouseOptions {
  return gatehouseOptionsFromEnv({
    NODE_ENV: 'test',
    APP_KEY: TEST_APP_KEY,
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '3',
    PRUNE_INTERVAL_MINUTES: '0',
    DATABASE_URL: databaseUrl,
    ...env,
  });
}

/** Boots like a host app: its own NestFactory.create() (Nest's default body parser on), not createApp(). */
export async function startHostApp(gatehouse: ReturnType<typeof GatehouseModule.forRoot>, options: GatehouseOptions) {
  @Module({ imports: [gatehouse], controllers: [TracksController] })
  class HostAppModule {}
  const app = await NestFactory.create<NestFastifyApplication>(HostAppModule, new FastifyAdapter(gatehouseFastifyOptions(options)), {
    logger: false,
    abortOnError: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}

export type HostApp = Awaited<ReturnType<typeof startHostApp>>;

/** The spec file's database (a clone of the migrated template), after the host's own migration if any. */
export function useHostDatabase(hostMigration?: string): { url: string } {
  const ref = { url: '' };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase();
    ({ drop } = database);
    ref.url = database.url;
    if (hostMigration) await adminQuery(database.url, hostMigration);
  });
  afterAll(() => drop?.());
  return ref;
}

/** A host app on `database` with `extra` merged into the options, closed after its describe. */
export function hostWith(database: { url: string }, extra: Partial<GatehouseOptions>): { current: HostApp } {
  const ref = {} as { current: HostApp };
  beforeAll(async () => {
    const options = { ...hostOptions(database.url), ...extra };
    ref.current = await startHostApp(GatehouseModule.forRoot(options), options);
  });
  afterAll(() => ref.current?.app.close());
  return ref;
}
