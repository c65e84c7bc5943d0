import { Global, Module } from '@nestjs/common';
import { CredentialCache } from './credential-cache';
import { InvalidationBus } from './invalidation-bus';

/** Global: every module that changes a credential publishes on the bus. */
@Global()
@Module({ providers: [InvalidationBus, CredentialCache], exports: [InvalidationBus, CredentialCache] })
export class CacheModule {}
