import { LogController } from 'fastify';
import { clientErrorHandler, frameworkErrorHandler } from './framework-errors';
import { genRequestId } from './http-setup';
import { lazyChildLogger } from './request-logger';
import { fastifyTrustProxy, TrustProxy } from './trust-proxy';

/** The settings gatehouseFastifyOptions() reads. */
export interface FastifyOptionsInput {
  bodyLimit: number;
  trustProxy: TrustProxy;
  isProduction: boolean;
}

/**
 * What can only be set when the Fastify adapter is constructed:
 * `new FastifyAdapter({ ...gatehouseFastifyOptions(options), loggerInstance })`.
 */
export function gatehouseFastifyOptions(options: FastifyOptionsInput) {
  return {
    bodyLimit: options.bodyLimit,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    genReqId: genRequestId,
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler(options.isProduction),
    clientErrorHandler,
    // Gatehouse's onResponse hook writes one line per request (without query strings or bodies).
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLogger,
  };
}
