import { SetMetadata } from '@nestjs/common';

export const REQUIRES_ALL_ABILITIES = 'gatehouse:requires-all-abilities';
export const REQUIRES_ANY_ABILITY = 'gatehouse:requires-any-ability';

/**
 * Sanctum's `abilities:` middleware: a token caller needs every listed ability, else 403
 * `Invalid ability provided.` Session callers pass (Sanctum's transient token).
 */
export const Abilities = (...abilities: string[]) => SetMetadata(REQUIRES_ALL_ABILITIES, abilities);

/** Sanctum's `ability:` middleware: a token caller needs at least one of the listed abilities. */
export const AnyAbility = (...abilities: string[]) => SetMetadata(REQUIRES_ANY_ABILITY, abilities);
