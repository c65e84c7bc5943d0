import { startExample, RunningExample } from '../../support/example-server';
import { beatpass } from '../src/app';

describe('BeatPass', () => {
  let example: RunningExample;
  beforeAll(async () => (example = await startExample(beatpass)));
  afterAll(() => example?.close());

  it('GET /tracks answers a guest', async () => {
    const res = await fetch(`${example.url}/tracks`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [], personalised: false });
  });

  it('runs the Gatehouse CLI on the same database', async () => {
    const created = await example.cli('user:create', '--name', 'Ada', '--email', 'ada@example.com', '--password', 'secret-password-1');
    expect(created.code).toBe(0);
    expect((await example.cli('user:create', '--name', 'Ada', '--email', 'ada@example.com', '--password', 'secret-password-1')).code).toBe(1);
  });
});
