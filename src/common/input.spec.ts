import { ApiError } from './api-error';
import { checkQuery, isMalformedString, isPlainObject, MAX_INPUT_DEPTH, normaliseInput } from './input';

function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected an ApiError');
}

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

describe('normaliseInput refuses what no handler can store', () => {
  it('names every field holding a NUL byte or a lone surrogate, by its dotted path', () => {
    const error = thrown(() => normaliseInput({ email: 'a\u0000b', list: ['ok', '\ud800'], nested: { user_name: '\udc00x' }, fine: '🚀' }));
    expect(error.getStatus()).toBe(422);
    expect(error.body.errors).toEqual({
      email: ['The email field must be a valid string.'],
      'list.1': ['The list.1 field must be a valid string.'],
      'nested.user_name': ['The nested.user name field must be a valid string.'],
    });
  });

  it('answers 400 for nesting deeper than MAX_INPUT_DEPTH, without recursing further', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const error = thrown(() => normaliseInput({ a: deep }));
    expect(error.getStatus()).toBe(400);
    expect(error.body).toEqual({ message: 'The request body is nested too deeply.' });
    let fits: unknown = 'x';
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) fits = [fits];
    expect(() => normaliseInput({ a: fits })).not.toThrow();
  });

  it('checks query values (strings and repeated parameters) without changing them', () => {
    expect(() => checkQuery({ search: ' x ', page: ['1', '2'] })).not.toThrow();
    expect(thrown(() => checkQuery({ event: ['ok', 'a\u0000'] })).body.errors).toEqual({ event: ['The event field must be a valid string.'] });
  });

  it('isMalformedString accepts surrogate pairs and refuses halves', () => {
    expect(isMalformedString('emoji 🚀 fine')).toBe(false);
    for (const bad of ['\u0000', 'a\ud83d', '\ude80b', '\ude80\ud83d']) expect(isMalformedString(bad)).toBe(true);
  });
});

describe('isPlainObject', () => {
  it('is true only for non-null, non-array, non-buffer objects', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ a: 1 })).toBe(true);
    for (const value of [null, undefined, [], 'x', 1, Buffer.alloc(1)]) expect(isPlainObject(value)).toBe(false);
  });
});
