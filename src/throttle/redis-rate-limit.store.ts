import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { sha256Hex } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { EMPTY_WINDOW, RateLimitState, RateLimitStore, secondsLeft } from './rate-limiter';

const KEY_PREFIX = 'gatehouse:throttle:';
// Shown by CLIENT LIST, so an operator can tell our connections apart.
export const CONNECTION_NAME = 'gatehouse:throttle';

// Scripts run atomically in Redis, so INCR and the expiry cannot be split by another client or a crash.
// The expiry is set only when the key has none (PEXPIRE NX semantics): the first hit starts the window
// and later hits never extend it. Testing the TTL rather than `count == 1` also heals a key that
// somehow lost its expiry instead of leaving it locked forever.
const HIT_LUA = `
local attempts = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {attempts, ttl}`;

const READ_LUA = `
local attempts = redis.call('GET', KEYS[1])
if not attempts then return {0, 0} end
return {tonumber(attempts), redis.call('PTTL', KEYS[1])}`;

type Window = [attempts: number, ttlMs: number];

interface ThrottleCommands {
  throttleHit(key: string, decayMs: number): Promise<Window>;
  throttleRead(key: string): Promise<Window>;
}

/** Used when REDIS_URL is set; Redis expires the windows itself, so there is nothing to prune. */
@Injectable()
export class RedisRateLimitStore extends RateLimitStore implements OnModuleDestroy {
  private readonly logger = new Logger(RedisRateLimitStore.name);
  private readonly redis: Redis;
  private readonly commands: ThrottleCommands;
  private connectionErrorLogged = false;

  constructor(@InjectConfig() config: Pick<AppConfig, 'redisUrl'>) {
    super();
    if (!config.redisUrl) throw new Error('RedisRateLimitStore needs REDIS_URL');
    // Few retries: while Redis is down a throttled request should fail fast, not hang on a queue.
    this.redis = new Redis(config.redisUrl, {
      connectionName: CONNECTION_NAME,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
    });
    this.redis.defineCommand('throttleHit', { numberOfKeys: 1, lua: HIT_LUA });
    this.redis.defineCommand('throttleRead', { numberOfKeys: 1, lua: READ_LUA });
    this.commands = this.redis as unknown as ThrottleCommands;
    this.watchConnection();
  }

  async hit(key: string, decaySeconds: number): Promise<RateLimitState> {
    const decayMs = Math.max(Math.round(decaySeconds * 1000), 1);
    return toState(await this.commands.throttleHit(redisKey(key), decayMs));
  }

  async attempts(key: string): Promise<RateLimitState> {
    const [attempts, ttlMs] = await this.commands.throttleRead(redisKey(key));
    return attempts > 0 ? toState([attempts, ttlMs]) : EMPTY_WINDOW;
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(redisKey(key));
  }

  /** Redis expires the windows itself. */
  async prune(): Promise<number> {
    return 0;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status === 'end') return;
    // QUIT lets in-flight commands finish; disconnect if Redis is unreachable and QUIT cannot be sent.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** ioredis emits 'error' on every reconnect attempt; one line per outage is enough. */
  private watchConnection(): void {
    this.redis.on('error', (error: Error) => {
      if (this.connectionErrorLogged) return;
      this.connectionErrorLogged = true;
      this.logger.warn({ msg: 'rate limit store: Redis connection error', error: error.message });
    });
    this.redis.on('ready', () => (this.connectionErrorLogged = false));
  }
}

function redisKey(key: string): string {
  return KEY_PREFIX + sha256Hex(key);
}

function toState([attempts, ttlMs]: Window): RateLimitState {
  return { attempts, resetInSeconds: secondsLeft(ttlMs) };
}
