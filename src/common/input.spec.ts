import { isPlainObject, normaliseInput } from './input';

describe('normaliseInput (TrimStrings + ConvertEmptyStringsToNull)', () => {
  it('trims strings and turns "" (and whitespace-only strings) into null', () => {
    expect(normaliseInput({ name: '  Ada  ', email: '\tada@example.com\n', empty: '', blank: '   ' })).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      empty: null,
      blank: null,
    });
  });

  it('never trims password fields, but an empty password is still null', () => {
    expect(
      normaliseInput({ password: ' secret ', password_confirmation: ' secret ', current_password: '  ', other: ' x ' }),
    ).toEqual({ password: ' secret ', password_confirmation: ' secret ', current_password: '  ', other: 'x' });
    expect(normaliseInput({ password: '' })).toEqual({ password: null });
  });

  it('recurses into nested objects and arrays', () => {
    expect(normaliseInput({ profile: { name: ' Ada ', password: ' p ' }, abilities: [' read ', '', 7] })).toEqual({
      profile: { name: 'Ada', password: ' p ' },
      abilities: ['read', null, 7],
    });
  });

  it('leaves numbers, booleans and null alone', () => {
    expect(normaliseInput({ n: 0, b: false, z: null, f: 1.5 })).toEqual({ n: 0, b: false, z: null, f: 1.5 });
  });

  it.each([null, undefined, 1, 'x', true, [], [{ name: 'Ada' }], Buffer.from('{}')])(
    'treats the non-object body %p as {}',
    (body) => {
      expect(normaliseInput(body)).toEqual({});
    },
  );

  it('drops prototype-polluting keys at any depth', () => {
    const body = JSON.parse('{"__proto__":{"admin":true},"nested":{"constructor":{"prototype":{"x":1}},"ok":1},"prototype":1}');
    const result = normaliseInput(body);
    expect(result).toEqual({ nested: { ok: 1 } });
    expect(Object.prototype.hasOwnProperty.call(result, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('returns a copy: the parsed body is not modified', () => {
    const body = { name: ' Ada ' };
    normaliseInput(body);
    expect(body.name).toBe(' Ada ');
  });
});

describe('isPlainObject', () => {
  it('is true only for non-null, non-array, non-buffer objects', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ a: 1 })).toBe(true);
    for (const value of [null, undefined, [], 'x', 1, Buffer.alloc(1)]) expect(isPlainObject(value)).toBe(false);
  });
});
