import type { TwoFactorStore } from '../two-factor/two-factor.store';
import type { PendingLoginsService } from '../two-factor/pending-logins.service';
import { SESSION_ID } from '../sessions/sessions.service';
import type { User } from '../users/user.entity';
import { TwoFactorLoginGate } from './two-factor-login.gate';

// Stand-ins for the two-factor store and pending logins: this spec is about which session id a
// pending login is tied to and what the answer must carry; test/two-factor runs the whole flow.
function setup(active: boolean) {
  const pendingFor: { userId: number; sessionId: string; remember: boolean }[] = [];
  const store = { isActive: () => active } as unknown as TwoFactorStore;
  const pending = {
    startForSession: (userId: number, sessionId: string, remember: boolean) => (pendingFor.push({ userId, sessionId, remember }), Promise.resolve()),
  } as unknown as PendingLoginsService;
  return { pendingFor, gate: new TwoFactorLoginGate(store, pending, null as never, null as never, null as never) };
}

const user = { id: 9 } as User;

describe('TwoFactorLoginGate.challengeSessionLogin', () => {
  it('is null for a user without two-factor authentication (the password step logs in)', async () => {
    const { gate, pendingFor } = setup(false);
    await expect(gate.challengeSessionLogin({ id: null, hash: null, remember: false }, user, true)).resolves.toBeNull();
    expect(pendingFor).toEqual([]);
  });

  it("ties the pending login to the browser's id and changes no cookie", async () => {
    const { gate, pendingFor } = setup(true);
    const id = 'b'.repeat(40);
    await expect(gate.challengeSessionLogin({ id, hash: 'h', remember: false }, user, true)).resolves.toEqual({ session: null });
    expect(pendingFor).toEqual([{ userId: 9, sessionId: id, remember: true }]);
  });

  it('hands a browser without an id a guest id, and ties the pending login to that one', async () => {
    const { gate, pendingFor } = setup(true);
    const pending = await gate.challengeSessionLogin({ id: null, hash: null, remember: false }, user, false);
    expect(pending?.session?.sessionId).toMatch(SESSION_ID);
    expect(pending?.session?.remember).toBe(false);
    expect(pendingFor).toEqual([{ userId: 9, sessionId: pending?.session?.sessionId, remember: false }]);
  });
});
