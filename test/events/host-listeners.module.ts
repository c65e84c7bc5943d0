import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { EventsModule } from '../../src/events/events.module';
import type { GatehouseEvent, GatehouseEventName } from '../../src/events/gatehouse-event.types';
import { GatehouseEvents } from '../../src/events/gatehouse-events.service';
import { OnGatehouseEvent } from '../../src/events/on-gatehouse-event.decorator';

/** What a host listener saw, with whether the action's effect was already visible to it. */
export interface Received {
  event: GatehouseEvent;
  /** For token.created: whether the token row existed when the listener ran ("after the action"). */
  tokenRowExisted?: boolean;
}

/** A host provider subscribed by decorator. */
@Injectable()
export class DecoratedHostListener {
  readonly received: GatehouseEvent[] = [];

  @OnGatehouseEvent('login.succeeded')
  onLogin(event: GatehouseEvent<'login.succeeded'>): void {
    this.received.push(event);
  }

  @OnGatehouseEvent('login.failed', 'logout', 'password.changed', 'user.deleted')
  async onOther(event: GatehouseEvent<'login.failed' | 'logout' | 'password.changed' | 'user.deleted'>): Promise<void> {
    await Promise.resolve();
    this.received.push(event);
  }
}

/** A host provider subscribed through events.on(), as a host wiring listeners by hand does. */
@Injectable()
export class ProgrammaticHostListener implements OnModuleInit {
  readonly received: Received[] = [];
  /** Set by the test: looks the token up in the database while the listener runs. */
  tokenExists: (id: number) => Promise<boolean> = () => Promise.resolve(false);

  constructor(private readonly events: GatehouseEvents) {}

  onModuleInit(): void {
    this.events.on('token.created', async (event) => {
      this.received.push({ event, tokenRowExisted: await this.tokenExists(event.metadata.token_id) });
    });
  }
}

/** Listeners that fail, synchronously and asynchronously: neither may break the request. */
@Injectable()
export class FailingHostListener {
  calls: GatehouseEventName[] = [];

  @OnGatehouseEvent('login.succeeded')
  throwSync(event: GatehouseEvent): void {
    this.calls.push(event.name);
    throw new Error('host listener exploded');
  }

  @OnGatehouseEvent('login.succeeded', 'token.created')
  async reject(event: GatehouseEvent): Promise<void> {
    this.calls.push(event.name);
    await Promise.resolve();
    throw new Error('host listener rejected');
  }
}

@Module({
  imports: [EventsModule],
  providers: [DecoratedHostListener, ProgrammaticHostListener, FailingHostListener],
})
export class HostListenersModule {}
