import { Module } from '@nestjs/common';
import { DeferredTasks } from './deferred-tasks';
import { MailService } from './mail.service';

@Module({
  providers: [MailService, DeferredTasks],
  exports: [MailService, DeferredTasks],
})
export class MailModule {}
