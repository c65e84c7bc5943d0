import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The host's `tokens.defaultDeviceName`, or null (then `device_name` is required). */
export const DEFAULT_DEVICE_NAME = Symbol('DEFAULT_DEVICE_NAME');

/**
 * `tokens.defaultDeviceName`: a token login or registration without `device_name` is named by the default
 * (as a Laravel app's `prepareForValidation` would merge it). Guards run before the credentials guard and
 * the validation pipe, so the body is completed here; without the option `device_name` stays required.
 */
@Injectable()
export class DefaultDeviceNameGuard implements CanActivate {
  constructor(@Inject(DEFAULT_DEVICE_NAME) private readonly fallback: string | null) {}

  canActivate(context: ExecutionContext): boolean {
    const body = context.switchToHttp().getRequest<FastifyRequest>().body;
    if (this.fallback !== null && isPlainObject(body) && isBlank(body.device_name)) body.device_name = this.fallback;
    return true;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Laravel's ConvertEmptyStringsToNull makes '' absent too; anything else (a number, an array) is still validated.
const isBlank = (value: unknown): boolean => value === undefined || value === null || value === '';
