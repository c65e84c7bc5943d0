import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';
import { AuditSubscriber } from './audit.subscriber';

/** Global: every feature records security events (most of them by emitting Gatehouse events). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent]), EventsModule],
  providers: [AuditService, AuditSubscriber],
  exports: [AuditService],
})
export class AuditModule {}
