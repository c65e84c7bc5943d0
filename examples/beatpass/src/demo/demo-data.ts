/** The demo accounts and catalogue `demo:seed` creates; passwords are demo-only, printed for scripts. */
export const DEMO_ACCOUNTS = [
  { name: 'Ada Admin', email: 'admin@beatpass.test', password: 'beatpass-admin-1', admin: true },
  { name: 'Lee Listener', email: 'listener@beatpass.test', password: 'beatpass-listener-1', admin: false },
] as const;

export const DEMO_TRACKS = [
  { title: 'Night Drive', artist: 'Kilo Beats', duration_seconds: 184 },
  { title: 'Lo-Fi Morning', artist: 'Mara Sol', duration_seconds: 142 },
  { title: 'Trap Cathedral', artist: 'Kilo Beats', duration_seconds: 201 },
  { title: 'Dusty Vinyl', artist: 'The Samplers', duration_seconds: 167 },
] as const;

/** What the listener likes, so `GET /tracks` differs for them. */
export const LISTENER_LIKES = ['Night Drive', 'Trap Cathedral'] as const;
