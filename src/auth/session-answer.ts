import type { FastifyReply } from 'fastify';
import type { LogoutOutcome } from './auth-flow.service';
import type { SessionHandoff } from './session-handle';

/**
 * Applies what a session-changing service returned to the answer. The cookies themselves are
 * written by the one onSend hook (auth.module.ts), where a handoff wins over the sliding re-issue
 * of the session the request came with.
 */
export function handOffSession(reply: FastifyReply, handoff: SessionHandoff | null): void {
  if (handoff) reply.sessionHandoff = handoff;
}

/** A logout answer: 204 without a body (the contract's default), 200 with the host's body. */
export function sendLogoutAnswer(reply: FastifyReply, outcome: LogoutOutcome): FastifyReply {
  handOffSession(reply, outcome.session);
  return outcome.answer === undefined ? reply.status(204).send() : reply.status(200).send(outcome.answer);
}
