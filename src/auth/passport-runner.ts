import type { FastifyReply, FastifyRequest } from 'fastify';
import passport, { Strategy } from 'passport';

/**
 * Runs this application's own strategy instance through passport. Looking strategies up by name
 * would use passport's process-wide registry, where the last application created wins: with two
 * instances in one process (the CLI beside a server, tests) one would authenticate with the
 * other's database connection.
 */
export function runStrategy<T>(strategy: Strategy, request: FastifyRequest, reply: FastifyReply): Promise<T | false> {
  return new Promise((resolve, reject) => {
    // Given an instance, passport attaches this request's success/fail callbacks to that very
    // object: each request needs its own, or parallel requests answer each other's promises.
    const perRequest = Object.create(strategy) as Strategy;
    const authenticate = passport.authenticate(perRequest, { session: false }, (error: unknown, user: T | false) =>
      error ? reject(error) : resolve(user),
    );
    authenticate(request, reply, (error?: unknown) => (error ? reject(error) : resolve(false)));
  });
}
