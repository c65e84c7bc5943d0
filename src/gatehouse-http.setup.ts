import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { registerBodyParsers, registerHooks } from './common/http-setup';
import { InjectConfig } from './config/config.module';
import type { AppConfig } from './config/config.types';

/**
 * Fastify-level setup from inside the module, so it also applies in a host app that builds its own
 * NestFactory.create(): body parsers, and the hooks for client IP, request id, security headers, input
 * normalisation and the access log. Nest registers its own parsers before onModuleInit and routes are
 * compiled only when Fastify starts, so these reach every route.
 */
@Injectable()
export class GatehouseHttpSetup implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // CLI application context: no HTTP server.
    registerBodyParsers(fastify, this.config.bodyLimit);
    registerHooks(fastify);
  }
}
