import { checkHostFields } from './host-field-rules';
import { resolveUserFields } from './user-field-rules';

const checkUserFields = (fields: ReturnType<typeof resolveUserFields>, purpose: 'register' | 'profile', body: unknown) =>
  checkHostFields(fields, { table: 'users', purpose }, body);

describe('users.fields oneOf (Laravel in:)', () => {
  const fields = resolveUserFields({ role: { type: 'string', oneOf: ['cliente', 'empresa'], input: { register: true } } });

  it('accepts a listed value and leaves an absent one to the column default', () => {
    expect(checkUserFields(fields, 'register', { role: 'empresa' })).toEqual({ errors: {}, values: { role: 'empresa' } });
    expect(checkUserFields(fields, 'register', {})).toEqual({ errors: {}, values: {} });
  });

  it('refuses a value not listed with Laravel’s message', () => {
    for (const role of ['admin', 'Cliente', 3]) {
      expect(checkUserFields(fields, 'register', { role })).toEqual({ errors: { role: [role === 3 ? 'The role field must be a string.' : 'The selected role is invalid.'] }, values: {} });
    }
  });

  it('is checked at start: the values must have the field’s type', () => {
    expect(() => resolveUserFields({ age: { type: 'number', oneOf: ['1'] } })).toThrow('users.fields.age.oneOf must list values of type number');
    expect(() => resolveUserFields({ age: { type: 'number', oneOf: [1, 2] } })).not.toThrow();
  });
});
