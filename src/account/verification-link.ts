import { sha1Hex } from '../common/crypto';
import { signUrl } from './signed-url';

/** Laravel's auth.verification.expire. */
export const VERIFICATION_LINK_MINUTES = 60;

export interface VerificationLinkInput {
  /** APP_URL plus AUTH_ROUTE_PREFIX, without a trailing slash. */
  baseUrl: string;
  userId: number;
  email: string;
  /** Unix seconds. */
  nowSeconds: number;
}

/** `…/email/verify/{id}/{sha1(email)}?expires=…&signature=…`, as Fortify's VerifyEmail mail. */
export function verificationLink(key: Buffer, input: VerificationLinkInput): string {
  const expires = input.nowSeconds + VERIFICATION_LINK_MINUTES * 60;
  return signUrl(key, `${input.baseUrl}/email/verify/${input.userId}/${sha1Hex(input.email)}?expires=${expires}`);
}

/** APP_URL + prefix: links are signed against the public address, whatever host served the request. */
export function publicBaseUrl(appUrl: string, routePrefix: string): string {
  return routePrefix ? `${appUrl}/${routePrefix}` : appUrl;
}
