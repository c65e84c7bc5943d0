import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ApiError, csrfMismatch, fieldError, tooManyAttempts, unauthenticated } from './api-error';
import { renderError } from './error-rendering';

const render = (error: unknown, isProduction = false) => renderError(error, isProduction);

describe('renderError', () => {
  it('renders our ApiError as is, with its headers', () => {
    expect(render(tooManyAttempts(12))).toEqual({ status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'Retry-After': '12' } });
    expect(render(fieldError('email', 'Taken.'))).toEqual({
      status: 422,
      body: { message: 'Taken.', errors: { email: ['Taken.'] } },
      headers: {},
    });
  });

  it('keeps `reason` outside production and strips it in production', () => {
    expect(render(csrfMismatch('xsrf_mismatch')).body).toEqual({ message: 'CSRF token mismatch.', reason: 'xsrf_mismatch' });
    expect(render(csrfMismatch('xsrf_mismatch'), true).body).toEqual({ message: 'CSRF token mismatch.' });
    expect(render(unauthenticated('session_expired'), true).body).toEqual({ message: 'Unauthenticated.' });
  });

  it('does not mutate the thrown error when stripping `reason`', () => {
    const error = unauthenticated('token_invalid');
    render(error, true);
    expect(error.body.reason).toBe('token_invalid');
  });

  it.each([
    [new BadRequestException('Unexpected token } in JSON'), 400, 'The request body is not valid JSON.'],
    [new UnauthorizedException(), 401, 'Unauthenticated.'],
    [new ForbiddenException('Forbidden resource'), 403, 'This action is unauthorized.'],
    [new NotFoundException('Cannot GET /nope'), 404, 'Not Found.'],
    [new PayloadTooLargeException(), 413, 'Payload Too Large.'],
    [new HttpException('x', 419), 419, 'CSRF token mismatch.'],
    [new HttpException('x', 423), 423, 'Password confirmation required.'],
    [new HttpException('ThrottlerException: Too Many Requests', 429), 429, 'Too Many Attempts.'],
  ])('maps Nest %p to %i with Laravel\'s message, not Nest\'s', (error, status, message) => {
    expect(render(error)).toEqual({ status, body: { message }, headers: {} });
  });

  it('answers a wrong method like an unknown route (§10.3)', () => {
    expect(render(new MethodNotAllowedException())).toEqual({ status: 404, body: { message: 'Not Found.' }, headers: {} });
    expect(render({ statusCode: 405 }).status).toBe(404);
  });

  it('maps an unsupported media type to the 400 of a body it cannot read', () => {
    expect(render(new UnsupportedMediaTypeException()).status).toBe(400);
  });

  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'Payload Too Large.'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 400, 'The request body is not valid JSON.'],
  ])('maps Fastify errors carrying statusCode (%s)', (code, statusCode, message) => {
    const error = Object.assign(new Error('fastify internal text'), { code, statusCode });
    expect(render(error)).toEqual({ status: statusCode, body: { message }, headers: {} });
  });

  it.each([
    ['FST_ERR_MAX_PARAM_LENGTH', 414],
    ['FST_ERR_BAD_URL', 400],
  ])('renders Fastify\'s routing error %s as 404 Not Found. (an unknown route or id)', (code, statusCode) => {
    const error = Object.assign(new Error("'/api/tokens/1111' is exceeding the max param length"), { code, statusCode });
    expect(render(error)).toEqual({ status: 404, body: { message: 'Not Found.' }, headers: {} });
  });

  it('keeps other 4xx statuses with a generic body rather than internal text', () => {
    const rendered = render(new HttpException('Conflict: duplicate key uq_users_email', 409));
    expect(rendered.status).toBe(409);
    expect(rendered.body).toEqual({ message: 'Conflict.' });
  });

  it.each([
    ['a plain Error', new Error('relation "users" does not exist')],
    ['a query error', new QueryFailedError('SELECT secret FROM users', [], new Error('syntax error at "secret"'))],
    ['a 500 HttpException', new InternalServerErrorException('stack and internals')],
    ['a 502', new HttpException('upstream', 502)],
    ['a thrown string', 'boom'],
    ['null', null],
    ['an out-of-range statusCode', { statusCode: 700, message: 'weird' }],
  ])('renders %s as 500 {"message":"Server Error."} and nothing else', (_label, error) => {
    expect(render(error)).toEqual({ status: 500, body: { message: 'Server Error.' }, headers: {} });
  });

  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['admin shutdown', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a wrapped driver error', new QueryFailedError('SELECT 1', [], Object.assign(new Error('x'), { code: '08006' }))],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a cause chain', new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ETIMEDOUT' }) })],
  ])('renders a database outage (%s) as 503 Service Unavailable', (_label, error) => {
    expect(render(error)).toEqual({ status: 503, body: { message: 'Service Unavailable.' }, headers: {} });
  });

  it('does not take an ordinary query failure for an outage', () => {
    const error = new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505' }));
    expect(render(error).status).toBe(500);
  });

  it('an ApiError is never reinterpreted, whatever its status', () => {
    expect(render(new ApiError(503, { message: 'Custom.' })).body).toEqual({ message: 'Custom.' });
  });
});
