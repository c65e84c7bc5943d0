import { checkHostFields, resolveHostFields } from './host-field-rules';

const fields = resolveHostFields('teams.fields', {
  is_headquarters: { type: 'boolean', required: true, input: { create: true, update: true } },
  code: { type: 'string', maxLength: 3, nullable: true, input: { create: true } },
});

describe('checkHostFields', () => {
  it('requires a required field on a full body, and reports what is wrong with the others', () => {
    expect(checkHostFields(fields, { table: 'teams', purpose: 'create' }, { code: 'LONG' }).errors).toEqual({
      is_headquarters: ['The is headquarters field is required.'],
      code: ['The code field must not be greater than 3 characters.'],
    });
  });

  it('on a partial body (an update) lets a required field be absent, never null', () => {
    const update = { table: 'teams' as const, purpose: 'update', partial: true };
    expect(checkHostFields(fields, update, {})).toEqual({ errors: {}, values: {} });
    expect(checkHostFields(fields, update, { is_headquarters: null }).errors).toEqual({ is_headquarters: ['The is headquarters field is required.'] });
    expect(checkHostFields(fields, update, { is_headquarters: false, code: 'IGN' })).toEqual({ errors: {}, values: { is_headquarters: false } });
  });

  it('names the option and refuses built-in keys', () => {
    expect(() => resolveHostFields('teams.fields', { id: { type: 'number' } }, ['id'])).toThrow('Gatehouse: teams.fields name "id" is a built-in key');
    expect(() => resolveHostFields('teams.fields', { x: { type: 'date' as 'string' } })).toThrow('Gatehouse: teams.fields.x.type must be string, number or boolean');
  });
});
