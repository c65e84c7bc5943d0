import type { SessionRecord } from '../sessions/session.record';
import { ParsedUserAgent, parseUserAgent } from '../sessions/user-agent';

export interface BrowserSessionResponse {
  /** The public handle: never the cookie value nor its hash. */
  id: string;
  ip_address: string | null;
  user_agent: string | null;
  agent: ParsedUserAgent;
  is_current_device: boolean;
  last_active_at: string;
}

/** One row of Jetstream's "Browser Sessions" list (docs/http-contract.md §5). */
export function toBrowserSessionResponse(session: SessionRecord, currentHash: string | null): BrowserSessionResponse {
  return {
    id: session.publicId,
    ip_address: session.ipAddress,
    user_agent: session.userAgent,
    agent: parseUserAgent(session.userAgent),
    is_current_device: session.hash === currentHash,
    last_active_at: session.lastActivity.toISOString(),
  };
}
