export type SameSite = 'lax' | 'strict' | 'none';

/** The one validated configuration object; built once from the environment by loadConfig(). */
export interface AppConfig {
  nodeEnv: string;
  isProduction: boolean;
  port: number;
  host: string;
  appName: string;
  appUrl: string;
  appKey: Buffer;
  databaseUrl: string | null;
  dbPoolSize: number;
  dataDir: string;
  redisUrl: string | null;
  statefulDomains: string[];
  sanctum: { expirationMinutes: number | null; tokenPrefix: string };
  session: {
    cookie: string;
    lifetimeMinutes: number;
    rememberLifetimeDays: number;
    sameSite: SameSite;
    secure: boolean;
    domain: string | null;
  };
  bcryptRounds: number;
  passwordTimeoutSeconds: number;
  login: { maxAttempts: number; decaySeconds: number };
  mail: { url: string | null; from: string };
  resetPasswordUrl: string;
  mustVerifyEmail: boolean;
  defaultRole: string;
  superAdminRole: string;
  authRoutePrefix: string;
  apiPrefix: string;
  trustProxy: boolean;
  bodyLimit: number;
  logLevel: string;
  /** In-server pruning of expired rows; 0 minutes = never scheduled, 0 days = audit events kept forever. */
  prune: { intervalMinutes: number; auditRetentionDays: number };
}
