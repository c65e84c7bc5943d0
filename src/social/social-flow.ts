import { DecryptError, Encrypter } from '../common/crypto';
import type { FlowSecrets } from './social-client';

export const SOCIAL_FLOW_COOKIE = 'gatehouse_social';
export const SOCIAL_FLOW_TTL_SECONDS = 600;

/** One redirect-to-callback round trip, sealed (AES-256-GCM, APP_KEY) into an HttpOnly cookie of this browser. */
export interface SocialFlow extends FlowSecrets {
  provider: string;
  redirectTo: string;
  /** `link`: the signed-in user adding a provider in account settings; `login`: everyone else. */
  intent: 'login' | 'link';
  userId: number | null;
  expiresAt: number;
}

export function sealFlow(encrypter: Encrypter, flow: SocialFlow): string {
  return encrypter.encrypt(JSON.stringify(flow));
}

/** The flow, or null when the cookie is missing, forged, expired or for another provider. */
export function openFlow(encrypter: Encrypter, sealed: string | undefined, provider: string, now = Date.now()): SocialFlow | null {
  if (!sealed) return null;
  let flow: SocialFlow;
  try {
    flow = JSON.parse(encrypter.decrypt(sealed)) as SocialFlow;
  } catch (error) {
    if (error instanceof DecryptError || error instanceof SyntaxError) return null;
    throw error;
  }
  if (typeof flow !== 'object' || flow === null || flow.provider !== provider || !(flow.expiresAt > now)) return null;
  if (typeof flow.state !== 'string' || typeof flow.codeVerifier !== 'string' || typeof flow.redirectTo !== 'string') return null;
  return flow;
}
