import { requirementDecorator } from './requirements';

/** Laravel's `verified`: with MUST_VERIFY_EMAIL=true, unverified users get 403. */
export const Verified = () => requirementDecorator({ kind: 'verified' });
