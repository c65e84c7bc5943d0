import type { RunningExample } from '../../support/example-server';

export interface DemoSite {
  id: number;
  name: string;
  is_headquarters: boolean;
  roles: string[];
}

export interface DemoAccount {
  email: string;
  password: string;
  roles: string[];
  current_site_id: number;
  sites: DemoSite[];
}

/** Runs `demo:seed` on the example and returns the accounts it printed. */
export async function seedDemo(example: RunningExample): Promise<{ admin: DemoAccount; user: DemoAccount; accounts: DemoAccount[] }> {
  const seeded = await example.cli('demo:seed');
  if (seeded.code !== 0) throw new Error(`demo:seed failed: ${seeded.err}`);
  const { accounts } = JSON.parse(seeded.out) as { accounts: DemoAccount[] };
  const admin = accounts.find((account) => account.roles.includes('admin'))!;
  const user = accounts.find((account) => !account.roles.includes('admin'))!;
  return { admin, user, accounts };
}
