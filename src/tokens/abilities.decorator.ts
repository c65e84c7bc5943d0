import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { ANY_ABILITY } from './abilities';

export const REQUIRES_ALL_ABILITIES = 'gatehouse:requires-all-abilities';
export const REQUIRES_ANY_ABILITY = 'gatehouse:requires-any-ability';

/**
 * Sanctum's `abilities:` middleware: a token caller needs every listed ability, else 403
 * `Invalid ability provided.` Session callers pass (Sanctum's transient token).
 */
export const Abilities = (...abilities: string[]) => SetMetadata(REQUIRES_ALL_ABILITIES, abilities);

/** Sanctum's `ability:` middleware: a token caller needs at least one of the listed abilities. */
export const AnyAbility = (...abilities: string[]) => SetMetadata(REQUIRES_ANY_ABILITY, abilities);

/**
 * Account and token management (docs/http-contract.md §2.7): a session, or a token holding `*`. A narrower
 * token — even `tokens.*` — must not change the email, the password, 2FA or other tokens, or a
 * leaked read-only token becomes an account takeover.
 */
export const RequiresFullAccess = () =>
  applyDecorators(
    Abilities(ANY_ABILITY),
    ApiForbiddenResponse({ description: 'A token caller needs the `*` ability: `{"message":"Invalid ability provided."}`' }),
  );
