import type { FastifyReply, FastifyRequest } from 'fastify';
import passport, { Strategy } from 'passport';

/**
 * Runs this application's own strategy instance through passport. Looking strategies up by name
 * would use passport's process-wide registry, where the last application created wins: with two
 * instances in one process (the CLI beside a server, tests) one would authenticate with the
 * other's database connection. Used for credential logins, where bcrypt dwarfs its cost.
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

type VerifyCallback<Info> = (error: unknown, user?: unknown, info?: Info) => void;

/** A passport-custom strategy built with `passOptionsToCallback`: its verify function. */
interface CustomStrategy {
  _verify(request: FastifyRequest, options: unknown, done: VerifyCallback<unknown>): void;
}

/**
 * Calls a passport-custom strategy's verify function directly, for the per-request path:
 * `passport.authenticate` would need a fresh strategy object and middleware closure per request
 * (see above), while the verify contract (`verify(req, options, done)`) is stateless. Resolves
 * with the `info` the strategy passed to `done`.
 */
export function verifyThrough<Info>(strategy: object, request: FastifyRequest, options: unknown): Promise<Info> {
  return new Promise((resolve, reject) => {
    (strategy as CustomStrategy)._verify(request, options, (error, _user, info) => (error ? reject(error) : resolve(info as Info)));
  });
}
