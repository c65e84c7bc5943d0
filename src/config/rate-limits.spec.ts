import { parseThrottleSpec } from './rate-limits';

const fallback = { maxAttempts: 60, decaySeconds: 60 };

describe('parseThrottleSpec', () => {
  it.each([
    ['60,1', { maxAttempts: 60, decaySeconds: 60 }],
    ['3, 2', { maxAttempts: 3, decaySeconds: 120 }],
    ['10', { maxAttempts: 10, decaySeconds: 60 }],
  ])('reads Laravel throttle syntax %s', (value, expected) => {
    expect(parseThrottleSpec('RATE_LIMIT_API', value, fallback)).toEqual(expected);
  });

  it('falls back when unset or empty', () => {
    expect(parseThrottleSpec('RATE_LIMIT_API', undefined, fallback)).toBe(fallback);
    expect(parseThrottleSpec('RATE_LIMIT_API', '', fallback)).toBe(fallback);
  });

  it.each(['0,1', '5,0', 'sixty', '60,1,1', '-1,1', '1.5,1'])('rejects %s naming the variable', (value) => {
    expect(() => parseThrottleSpec('RATE_LIMIT_API', value, fallback)).toThrow(/^RATE_LIMIT_API must be/);
  });
});
