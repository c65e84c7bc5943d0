import { ApiError, csrfMismatch, fieldError, Messages, tooManyAttempts, unauthenticated, validationError, validationSummary } from './api-error';

describe('validationSummary (Laravel ValidationException::summarize)', () => {
  it('is the only message when there is one', () => {
    expect(validationSummary({ email: ['The email field is required.'] })).toBe('The email field is required.');
  });

  it('adds "(and 1 more error)" in the singular', () => {
    expect(validationSummary({ email: ['First.'], password: ['Second.'] })).toBe('First. (and 1 more error)');
  });

  it('counts every other message, including several on one field', () => {
    expect(validationSummary({ email: ['A.', 'B.'], password: ['C.'], name: ['D.'] })).toBe('A. (and 3 more errors)');
  });

  it('starts from the first field in insertion order', () => {
    expect(validationSummary({ password: ['P.'], email: ['E.'] })).toBe('P. (and 1 more error)');
  });

  it('falls back to Laravel\'s generic text when there are no messages', () => {
    expect(validationSummary({})).toBe('The given data was invalid.');
    expect(validationSummary({ email: [] })).toBe('The given data was invalid.');
  });
});

describe('error constructors', () => {
  it('validationError builds the 422 shape with the summary', () => {
    const error = validationError({ email: ['E1.', 'E2.'] });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.getStatus()).toBe(422);
    expect(error.body).toEqual({ message: 'E1. (and 1 more error)', errors: { email: ['E1.', 'E2.'] } });
  });

  it('validationError can carry another status and headers (the login lockout, §10.1)', () => {
    const error = validationError({ email: ['Too many login attempts. Please try again in 30 seconds.'] }, 429, { 'Retry-After': '30' });
    expect(error.getStatus()).toBe(429);
    expect(error.headers).toEqual({ 'Retry-After': '30' });
    expect(error.body.message).toBe('Too many login attempts. Please try again in 30 seconds.');
  });

  it('fieldError is a single-field 422', () => {
    expect(fieldError('email', 'These credentials do not match our records.').body).toEqual({
      message: 'These credentials do not match our records.',
      errors: { email: ['These credentials do not match our records.'] },
    });
  });

  it('unauthenticated carries a reason only when given one', () => {
    expect(unauthenticated().body).toEqual({ message: Messages.unauthenticated });
    expect(unauthenticated('token_expired').body).toEqual({ message: 'Unauthenticated.', reason: 'token_expired' });
    expect(csrfMismatch('xsrf_mismatch').getStatus()).toBe(419);
  });

  it.each([
    [0.2, '1'],
    [1, '1'],
    [29.1, '30'],
    [-5, '1'],
  ])('tooManyAttempts(%p) sends Retry-After: %s (whole seconds, at least 1)', (seconds, header) => {
    const error = tooManyAttempts(seconds);
    expect(error.getStatus()).toBe(429);
    expect(error.headers).toEqual({ 'Retry-After': header });
    expect(error.body).toEqual({ message: 'Too Many Attempts.' });
  });
});
