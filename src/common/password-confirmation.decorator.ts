import { SetMetadata } from '@nestjs/common';

export const REQUIRES_PASSWORD_CONFIRMATION = 'gatehouse:requires-password-confirmation';

/** Fortify's `password.confirm`: 423 unless the credential in use confirmed its password recently. */
export const RequirePasswordConfirmation = () => SetMetadata(REQUIRES_PASSWORD_CONFIRMATION, true);
