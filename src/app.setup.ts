import { DynamicModule, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { gatehouseFastifyOptions } from './common/fastify-options';
import { createLogger, PinoNestLogger } from './common/logger';
import type { AppConfig } from './config/config.types';

/** Modules mounted beside AppModule; only the e2e tests use it (test/support/probe.module.ts). */
export type ExtraModules = Array<Type<unknown> | DynamicModule>;

/** Builds the standalone server's HTTP application on GatehouseModule; shared by main.ts and the e2e tests. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger = createLogger(config.logLevel),
  extraModules: ExtraModules = [],
) {
  const adapter = new FastifyAdapter({ ...gatehouseFastifyOptions(config), loggerInstance: logger });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule(config, databaseUrl, extraModules), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    // Throw start-up errors (a missing provider…) to the caller instead of process.exit(1): main.ts
    // reports them, and a test shows the real error instead of a killed jest worker.
    abortOnError: false,
  });
  // Body parsers, hooks, the error filter and the validation pipe come with the module (as in a host app).
  if (config.docsEnabled) setupOpenApi(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function rootModule(config: AppConfig, databaseUrl: string, extraModules: ExtraModules): DynamicModule {
  const app = AppModule.forRoot(config, databaseUrl);
  if (extraModules.length === 0) return app;
  @Module({})
  class TestRootModule {}
  return { module: TestRootModule, imports: [app, ...extraModules] };
}

function setupOpenApi(app: NestFastifyApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`${config.appName} API`)
      .setDescription('Sanctum-style authentication: SPA cookie sessions and personal access tokens.')
      .addSecurity('bearer', {
        type: 'http',
        scheme: 'bearer',
        description:
          'A personal access token `<id>|<secret>` from POST /api/login, /api/register or /api/tokens: opaque, not a JWT.',
      })
      .addCookieAuth(config.session.cookie, { type: 'apiKey', description: 'The SPA session cookie (HttpOnly), from a stateful origin.' }, 'session')
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-XSRF-TOKEN', description: 'The XSRF-TOKEN cookie value, on every unsafe request carrying the session cookie.' },
        'xsrf',
      )
      .addSecurityRequirements('bearer')
      .addSecurityRequirements({ session: [], xsrf: [] })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
