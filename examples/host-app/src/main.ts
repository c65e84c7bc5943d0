import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  app.enableShutdownHooks();
  await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '0.0.0.0' });
  new Logger('HostApp').log(`listening on ${await app.getUrl()}`);
}

void bootstrap();
