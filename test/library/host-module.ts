import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import { CurrentUser, GatehouseModule, gatehouseFastifyOptions, GatehouseOptions, gatehouseOptionsFromEnv, OptionalAuth, Permissions } from '../../src';
import { TEST_APP_KEY } from '../support/app';

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
