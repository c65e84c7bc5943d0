import { Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { CredentialCache } from './credential-cache';
import { InvalidationBus } from './invalidation-bus';

/** Global: every module that changes a credential publishes on the bus; the Clock is the one time source of the caches and expiry checks. */
@Global()
@Module({ providers: [InvalidationBus, CredentialCache, Clock], exports: [InvalidationBus, CredentialCache, Clock] })
export class CacheModule {}
