import type { FastifyReply } from 'fastify';
import { handOffSession, sendLogoutAnswer } from './session-answer';

function fakeReply() {
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    sessionHandoff: null,
    status(code: number) {
      sent.status = code;
      return this;
    },
    send(body?: unknown) {
      sent.body = body;
      return this;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe('session-answer', () => {
  it('puts a handoff on the reply for the cookie hook, and leaves the reply alone without one', () => {
    const { reply } = fakeReply();
    handOffSession(reply, null);
    expect(reply.sessionHandoff).toBeNull();
    handOffSession(reply, { sessionId: 'x'.repeat(40), remember: true });
    expect(reply.sessionHandoff).toEqual({ sessionId: 'x'.repeat(40), remember: true });
  });

  it('answers a logout 204 without a body, or 200 with the host body, carrying the new guest id', () => {
    const bare = fakeReply();
    sendLogoutAnswer(bare.reply, { answer: undefined, session: { sessionId: 'g'.repeat(40), remember: false } });
    expect(bare.sent).toEqual({ status: 204, body: undefined });
    expect(bare.reply.sessionHandoff).toEqual({ sessionId: 'g'.repeat(40), remember: false });

    const withBody = fakeReply();
    sendLogoutAnswer(withBody.reply, { answer: { bye: true }, session: null });
    expect(withBody.sent).toEqual({ status: 200, body: { bye: true } });
    expect(withBody.reply.sessionHandoff).toBeNull();
  });
});
