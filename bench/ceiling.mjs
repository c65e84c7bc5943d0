// The framework's own ceiling, for `npm run bench`: NestJS on Fastify, one controller, one global
// guard that reads route metadata (as every real app's auth guard does), no logging. Listens on
// 127.0.0.1:$PORT and prints "listening" once it accepts requests.
import 'reflect-metadata';
import { Controller, Get, Inject, Injectable, Module, SetMetadata } from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const IS_PUBLIC = 'bench:public';
// The calibration run: the same app whose handler also spins this long, to show what a fixed cost per request does to the ratio.
const WORK_NS = BigInt(Math.round(Number(process.env.CEILING_WORK_US ?? 0) * 1000));

class HelloController {
  hello() {
    if (WORK_NS > 0n) for (const until = process.hrtime.bigint() + WORK_NS; process.hrtime.bigint() < until; );
    return { authenticated: false };
  }
}
const method = Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello');
Reflect.decorate([Get('hello'), SetMetadata(IS_PUBLIC, true)], HelloController.prototype, 'hello', method);
Reflect.decorate([Controller()], HelloController);

class MetadataGuard {
  constructor(reflector) {
    this.reflector = reflector;
  }
  canActivate(context) {
    return this.reflector.getAllAndOverride(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }
}
Reflect.decorate([Injectable()], MetadataGuard);
Inject(Reflector)(MetadataGuard, undefined, 0);

class CeilingModule {}
Reflect.decorate([Module({ controllers: [HelloController], providers: [{ provide: APP_GUARD, useClass: MetadataGuard }] })], CeilingModule);

const app = await NestFactory.create(CeilingModule, new FastifyAdapter(), { logger: false });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
