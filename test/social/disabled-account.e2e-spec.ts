import axios from 'axios';
import { ALICE, mintIdToken, SocialWorld, startSocialWorld } from './support';

describe('social login refuses a disabled account (a directory user ldap:sync disabled)', () => {
  let world: SocialWorld;
  beforeAll(async () => {
    world = await startSocialWorld();
  });
  afterAll(() => world.close());

  const exchange = async () =>
    axios.post(
      `${world.t.url}/api/auth/corp/token`,
      { id_token: await mintIdToken(world, { sub: ALICE.sub, email: ALICE.email, email_verified: true, name: ALICE.name }), device_name: 'phone' },
      { validateStatus: () => true, headers: { Accept: 'application/json' } },
    );

  it('the linked identity no longer logs the user in: 422 errors.id_token, no token', async () => {
    const first = await exchange();
    expect(first.status).toBe(201);
    await world.t.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [first.data.user.id]);
    const res = await exchange();
    expect(res.status).toBe(422);
    expect(res.data.errors.id_token).toEqual(['This account is disabled.']);
    expect(res.data.token).toBeUndefined();
  });
});
