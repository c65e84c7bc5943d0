import type { Passkey } from './passkey.entity';

/** A passkey as GET /user/passkeys lists it (never the key or the credential id). */
export interface PasskeyResponse {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  transports: string[];
  backed_up: boolean;
  device_type: string;
}

export function passkeyResponse(passkey: Passkey): PasskeyResponse {
  return {
    id: Number(passkey.id),
    name: passkey.name,
    created_at: passkey.createdAt.toISOString(),
    last_used_at: passkey.lastUsedAt ? passkey.lastUsedAt.toISOString() : null,
    transports: passkey.transports,
    backed_up: passkey.backedUp,
    device_type: passkey.deviceType,
  };
}
