import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { gatehouseFastifyOptions, gatehouseOptionsFromEnv } from 'gatehouse';
import { AppModule } from './app.module';

/** The app as main.ts starts it (and the e2e tests too). */
export async function createApp(options: NestApplicationOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(gatehouseFastifyOptions(gatehouseOptionsFromEnv()));
  return NestFactory.create<NestFastifyApplication>(AppModule, adapter, options);
}
