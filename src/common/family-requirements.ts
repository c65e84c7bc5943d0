import type { AccessRequirement } from './requirements';

/**
 * The controllers of a mounted route family that sit behind Laravel's `verified` as a group
 * (`routes.api: { verified: true }`): their routes that need a caller also need a verified email.
 */
export const VERIFIED_CONTROLLERS = Symbol('VERIFIED_CONTROLLERS');

export type VerifiedControllers = ReadonlySet<object>;

const VERIFIED: AccessRequirement = Object.freeze({ kind: 'verified' });

// A route's requirements are one frozen array fixed at boot (routePolicy): its `verified` form is built once.
const verifiedForms = new WeakMap<readonly AccessRequirement[], readonly AccessRequirement[]>();

/** The route's requirements with `verified` added once, in its place: after the abilities, before the rest. */
export function withVerified(requirements: readonly AccessRequirement[]): readonly AccessRequirement[] {
  if (requirements.some((r) => r.kind === 'verified')) return requirements;
  let verified = verifiedForms.get(requirements);
  if (!verified) {
    const abilities = requirements.filter((r) => r.kind === 'ability');
    verified = Object.freeze([...abilities, VERIFIED, ...requirements.filter((r) => r.kind !== 'ability')]);
    verifiedForms.set(requirements, verified);
  }
  return verified;
}
