import { SetMetadata } from '@nestjs/common';

export const REQUIRES_VERIFIED_EMAIL = 'gatehouse:requires-verified-email';

/** Laravel's `verified`: with MUST_VERIFY_EMAIL=true, unverified users get 403. */
export const Verified = () => SetMetadata(REQUIRES_VERIFIED_EMAIL, true);
