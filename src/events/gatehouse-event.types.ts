/**
 * Every event Gatehouse emits, by name, with the facts it carries. The names and the metadata are
 * those of the audit trail (GET /api/admin/audit-events), so what a host sees is what was recorded.
 */
export interface GatehouseEventMap {
  'user.registered': { via: 'session' | 'token' };
  'user.deleted': { email: string };
  'login.succeeded': { via: 'session'; remember: boolean } | { via: 'token'; token_id: number };
  'login.failed': { email: string };
  'login.throttled': { email: string };
  logout: { via: 'session' } | { via: 'token'; token_id: number };
  'two_factor.enabled': Record<string, never>;
  'two_factor.confirmed': Record<string, never>;
  'two_factor.disabled': Record<string, never>;
  'two_factor.failed': { stage: 'confirm' } | { stage: 'challenge'; via: string; method: string; attempt: number };
  'recovery_code.used': { remaining: number };
  'token.created': {
    token_id: number;
    name: string;
    abilities: string[];
    expires_at: string | null;
    via: 'login' | 'register' | 'api' | 'cli' | 'host';
    parent_token_id: number | null;
  };
  'token.revoked': { token_id: number; scope: 'current' | 'one' } | { scope: 'all'; count: number };
  'password.changed': { other_sessions_ended: number };
  'password.reset': Record<string, never>;
  'session.revoked': { session_id: string } | { scope: 'others'; count: number };
  'email.verified': Record<string, never>;
  'social.login': { provider: string; via: 'session' | 'token' };
  'social.registered': { provider: string; via: 'session' | 'token' };
  'social.linked': { provider: string; account_id: number; by: 'settings' | 'trusted_email' };
  'social.unlinked': { provider: string; account_id: number };
  'social.failed': { provider: string; stage: 'redirect' | 'callback' | 'token' | 'link'; reason: string };
  'passkey.registered': { passkey_id: number; device_type: string; backed_up: boolean };
  'passkey.login': { passkey_id: number; stage: 'login' | 'two_factor'; via: 'session' | 'token'; user_verified: boolean };
  'passkey.removed': { passkey_id: number };
  'passkey.failed': { stage: 'register' | 'login' | 'two_factor'; reason: string; passkey_id: number | null };
  'passkey.cloned': { passkey_id: number; stage: 'login' | 'two_factor'; detail: string };
  'ldap.login': { dn: string; via: 'login' | 'cli' };
  'ldap.provisioned': { dn: string; guid: string };
  'ldap.failed': { login: string; reason: string };
  'ldap.disabled': { dn: string | null; guid: string | null; sessions_ended: number; tokens_revoked: number };
}

export type GatehouseEventName = keyof GatehouseEventMap;

/** What a listener receives: plain facts, never the request or an entity (no password hash can leak). */
export interface GatehouseEvent<N extends GatehouseEventName = GatehouseEventName> {
  name: N;
  /** The user the event is about; null when there is none (a failed login for an unknown email). */
  userId: number | null;
  ip: string | null;
  userAgent: string | null;
  metadata: GatehouseEventMap[N];
  occurredAt: Date;
}

export type GatehouseEventListener<N extends GatehouseEventName = GatehouseEventName> = (
  event: GatehouseEvent<N>,
) => void | Promise<void>;

export const GATEHOUSE_EVENT_NAMES: readonly GatehouseEventName[] = [
  'user.registered', 'user.deleted',
  'login.succeeded', 'login.failed', 'login.throttled', 'logout',
  'two_factor.enabled', 'two_factor.confirmed', 'two_factor.disabled', 'two_factor.failed', 'recovery_code.used',
  'token.created', 'token.revoked',
  'password.changed', 'password.reset', 'session.revoked', 'email.verified',
  'social.login', 'social.registered', 'social.linked', 'social.unlinked', 'social.failed',
  'passkey.registered', 'passkey.login', 'passkey.removed', 'passkey.failed', 'passkey.cloned',
  'ldap.login', 'ldap.provisioned', 'ldap.failed', 'ldap.disabled',
];
