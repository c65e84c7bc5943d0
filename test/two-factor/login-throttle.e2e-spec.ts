import { startApp, TestApp } from '../support/app';
import { apiLogin, seedTwoFactorUser } from './support';

describe('login throttle for two-factor users', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { LOGIN_MAX_ATTEMPTS: '3' } })));
  afterAll(() => t.close());

  it('keeps counting correct passwords that lead to a challenge, so re-login cannot buy fresh code attempts', async () => {
    const { user } = await seedTwoFactorUser(t);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await apiLogin(t, user.email, user.plainPassword)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
