import type { AuthContext } from '../auth/auth-context';
import { isPasswordConfirmationStale, passwordConfirmedAt } from '../auth/password-confirmation';
import { ApiError, forbidden, Messages, passwordConfirmationRequired } from '../common/api-error';
import type { AccessRequirement } from '../common/requirements';
import type { AppConfig } from '../config/config.types';
import { Caller, satisfies } from '../rbac/effective-access';
import { rbacRequirement } from '../rbac/rbac.decorators';
import { abilityAllows } from '../tokens/abilities';

export interface CheckFacts {
  caller: AuthContext | null;
  /** The caller's roles and permissions, loaded only when a roles/permissions requirement is checked. */
  rbacCaller: Caller | null;
  config: Pick<AppConfig, 'mustVerifyEmail' | 'passwordTimeoutSeconds'>;
}

/** Why a requirement failed: the error to answer with, and what `authorization.denied` records (if anything). */
export interface Denial {
  error: ApiError;
  audit: 'ability' | 'rbac' | null;
  metadata: Record<string, unknown>;
}

/** Null when the requirement holds. Pure: the guard loads the facts and owns the deny path. */
export function evaluate(requirement: AccessRequirement, facts: CheckFacts): Denial | null {
  const { caller } = facts;
  switch (requirement.kind) {
    case 'ability': {
      if (!caller) return noCaller();
      // Session callers hold every ability (Sanctum's TransientToken).
      if (caller.via === 'session') return null;
      const held = caller.token.abilities;
      const { mode, abilities } = requirement;
      const ok = mode === 'all' ? abilities.every((a) => abilityAllows(held, a)) : abilities.some((a) => abilityAllows(held, a));
      if (ok) return null;
      return {
        error: forbidden(Messages.invalidAbility),
        audit: 'ability',
        metadata: { reason: 'missing_ability', required: abilities, mode, token_id: caller.token.id },
      };
    }
    case 'verified':
      if (!facts.config.mustVerifyEmail || caller?.user.emailVerifiedAt) return null;
      return { error: forbidden(Messages.unverified), audit: null, metadata: {} };
    case 'password-confirmed':
      if (!caller) return noCaller();
      if (!isPasswordConfirmationStale(passwordConfirmedAt(caller), facts.config.passwordTimeoutSeconds)) return null;
      return { error: passwordConfirmationRequired(), audit: null, metadata: {} };
    case 'roles':
    case 'permissions': {
      if (!caller || !facts.rbacCaller) return noCaller();
      const failed = rbacRequirement(requirement);
      if (satisfies(facts.rbacCaller, failed)) return null;
      return {
        error: forbidden(),
        audit: 'rbac',
        metadata: { via: caller.via, team_id: caller.user.currentTeamId ?? null, required: failed.kind, names: failed.names },
      };
    }
  }
}

/** Unreachable: the authenticate guard already answered a guest on such a route with its 401. Deny regardless. */
function noCaller(): Denial {
  return { error: forbidden(), audit: null, metadata: {} };
}
