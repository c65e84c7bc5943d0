import { validate } from 'class-validator';
import { IsAbilityList, IsAfterNow, uniqueAbilities } from './token-validators';

class Probe {
  @IsAbilityList()
  abilities: unknown;

  @IsAfterNow()
  expires_at: unknown;
}

async function messages(abilities: unknown, expiresAt: unknown = undefined) {
  const probe = Object.assign(new Probe(), { abilities, expires_at: expiresAt });
  const errors = await validate(probe);
  return Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})]));
}

describe('IsAbilityList', () => {
  it.each([[['*']], [['posts.read', 'posts.*']], [[]]])('accepts %j', async (abilities) => {
    expect(await messages(abilities)).toEqual({});
  });

  it.each([
    ['read', 'The :attribute field must be an array.'],
    [{ 0: 'read' }, 'The :attribute field must be an array.'],
    [['read', 1], 'The :attribute.1 field must be a string.'],
    [['read', ['nested']], 'The :attribute.1 field must be a string.'],
    [[null], 'The :attribute.0 field is required.'],
    [['a', 'b', ''], 'The :attribute.2 field is required.'],
  ])('rejects %j with Laravel’s message for the first bad element', async (abilities, message) => {
    expect(await messages(abilities)).toEqual({ abilities: [message] });
  });
});

describe('IsAfterNow', () => {
  it('accepts a future date and rejects a past one', async () => {
    expect(await messages([], new Date(Date.now() + 60_000).toISOString())).toEqual({});
    expect(await messages([], '2000-01-01T00:00:00Z')).toEqual({ expires_at: ['The :attribute field must be a date after now.'] });
  });

  it('leaves values that are not dates to the date rule', async () => {
    expect(await messages([], 'soon')).toEqual({});
    expect(await messages([], 42)).toEqual({});
  });
});

describe('uniqueAbilities', () => {
  it('drops duplicates and keeps the order', () => {
    expect(uniqueAbilities(['b', 'a', 'b', '*', 'a'])).toEqual(['b', 'a', '*']);
  });
});
