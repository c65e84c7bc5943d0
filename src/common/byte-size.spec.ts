import { parseByteSize } from './byte-size';

describe('parseByteSize', () => {
  it.each([
    ['1024', 1024],
    ['0', 0],
    ['100b', 100],
    ['1kb', 1024],
    ['512KB', 512 * 1024],
    ['1mb', 1024 ** 2],
    ['1.5mb', 1.5 * 1024 ** 2],
    ['2Gb', 2 * 1024 ** 3],
    ['0.5gb', 512 * 1024 ** 2],
    [' 10 mb ', 10 * 1024 ** 2],
    ['1.1kb', 1126],
  ])('parses %p as %p bytes', (input, expected) => {
    expect(parseByteSize(input)).toBe(expected);
  });

  it.each(['', '   ', '-1', '-1kb', '10xb', 'mb', '1.5', '1.5b', '1e3', '.5mb', '1,5mb', '0x10', '1 k b', 'Infinity'])(
    'rejects %p',
    (input) => {
      expect(() => parseByteSize(input)).toThrow(/^Invalid byte size/);
    },
  );

  it('names the unknown unit in the message', () => {
    expect(() => parseByteSize('10xb')).toThrow('Invalid byte size "10xb": unknown unit "xb" (use b, kb, mb or gb)');
  });

  it('rejects sizes beyond the safe integer range', () => {
    expect(() => parseByteSize('99999999999gb')).toThrow('Invalid byte size "99999999999gb": too large');
  });
});
