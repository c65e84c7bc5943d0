import { abilitiesCover, abilityAllows } from './abilities';

describe('abilityAllows', () => {
  it('allows everything with *', () => {
    expect(abilityAllows(['*'], 'posts.create')).toBe(true);
    expect(abilityAllows(['read', '*'], 'anything')).toBe(true);
  });

  it('matches exact abilities case-sensitively', () => {
    expect(abilityAllows(['posts.create'], 'posts.create')).toBe(true);
    expect(abilityAllows(['posts.create'], 'Posts.create')).toBe(false);
    expect(abilityAllows(['posts.create'], 'posts.update')).toBe(false);
  });

  it('lets P.* cover anything below P. but not P itself', () => {
    expect(abilityAllows(['posts.*'], 'posts.create')).toBe(true);
    expect(abilityAllows(['posts.*'], 'posts.create.x')).toBe(true);
    expect(abilityAllows(['posts.*'], 'posts')).toBe(false);
    expect(abilityAllows(['posts.*'], 'postsX.create')).toBe(false);
    expect(abilityAllows(['posts.*'], 'comments.create')).toBe(false);
  });

  it('does not treat other asterisks as wildcards', () => {
    expect(abilityAllows(['posts*'], 'posts.create')).toBe(false);
    expect(abilityAllows(['*.create'], 'posts.create')).toBe(false);
  });

  it('allows nothing with no abilities', () => {
    expect(abilityAllows([], 'posts.create')).toBe(false);
    expect(abilityAllows([], '*')).toBe(false);
  });
});

describe('abilitiesCover', () => {
  it('covers plain abilities the same way abilityAllows does', () => {
    expect(abilitiesCover(['posts.*', 'read'], ['posts.create', 'read'])).toBe(true);
    expect(abilitiesCover(['posts.*'], ['posts.create', 'read'])).toBe(false);
    expect(abilitiesCover(['read'], [])).toBe(true);
  });

  it('lets only * request *', () => {
    expect(abilitiesCover(['*'], ['*'])).toBe(true);
    expect(abilitiesCover(['posts.*', 'read'], ['*'])).toBe(false);
  });

  it('covers a requested P.* with an equal or broader held wildcard', () => {
    expect(abilitiesCover(['*'], ['posts.*'])).toBe(true);
    expect(abilitiesCover(['posts.*'], ['posts.*'])).toBe(true);
    expect(abilitiesCover(['posts.*'], ['posts.drafts.*'])).toBe(true);
  });

  it('refuses a requested P.* that would widen the held abilities', () => {
    expect(abilitiesCover(['posts.create'], ['posts.*'])).toBe(false);
    expect(abilitiesCover(['posts.drafts.*'], ['posts.*'])).toBe(false);
    expect(abilitiesCover(['posts.*'], ['postsX.*'])).toBe(false);
    expect(abilitiesCover(['posts'], ['posts.*'])).toBe(false);
  });
});
