import { Injectable } from '@nestjs/common';

/**
 * The current time, in one injectable place, for decisions that compare against a stored moment
 * (token expiry, cache deadlines). Tests replace `now` to cross a deadline without waiting for it.
 */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
