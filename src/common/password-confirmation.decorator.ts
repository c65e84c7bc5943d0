import { requirementDecorator } from './requirements';

/** Fortify's `password.confirm`: 423 unless the credential in use confirmed its password recently. */
export const RequirePasswordConfirmation = () => requirementDecorator({ kind: 'password-confirmed' });
