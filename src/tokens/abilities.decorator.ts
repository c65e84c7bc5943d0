import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { requirementDecorator } from '../common/requirements';
import { ANY_ABILITY } from './abilities';

/** An empty list demands nothing (as `abilities:` with no arguments). */
const abilityRequirement = (mode: 'all' | 'any', abilities: string[]): ClassDecorator & MethodDecorator =>
  abilities.length === 0 ? () => undefined : requirementDecorator({ kind: 'ability', mode, abilities: Object.freeze([...abilities]) });

/**
 * Sanctum's `abilities:` middleware: a token caller needs every listed ability, else 403
 * `Invalid ability provided.` Session callers pass (Sanctum's transient token).
 */
export const Abilities = (...abilities: string[]) => abilityRequirement('all', abilities);

/** Sanctum's `ability:` middleware: a token caller needs at least one of the listed abilities. */
export const AnyAbility = (...abilities: string[]) => abilityRequirement('any', abilities);

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
