import { withVerified } from './family-requirements';
import type { AccessRequirement } from './requirements';

describe('withVerified', () => {
  const ability: AccessRequirement = { kind: 'ability', mode: 'all', abilities: ['reports:read'] };
  const roles: AccessRequirement = { kind: 'roles', names: ['admin'] };

  it('adds verified after the abilities and before the rest (the order of the separate Laravel middlewares)', () => {
    expect(withVerified([roles, ability])).toEqual([ability, { kind: 'verified' }, roles]);
    expect(withVerified([])).toEqual([{ kind: 'verified' }]);
  });

  it('keeps a route that already has verified as it is (once only)', () => {
    const declared: AccessRequirement[] = [ability, { kind: 'verified' }, roles];
    expect(withVerified(declared)).toBe(declared);
  });

  it('builds the verified form of one route\'s requirements once (the guard asks on every request)', () => {
    const route: readonly AccessRequirement[] = Object.freeze([roles, ability]);
    const first = withVerified(route);
    expect(withVerified(route)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(withVerified([roles, ability])).not.toBe(first);
  });
});
