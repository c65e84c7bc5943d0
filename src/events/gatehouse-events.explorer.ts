import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { GatehouseEventListener, GatehouseEventName } from './gatehouse-event.types';
import { GatehouseEvents } from './gatehouse-events.service';
import { GATEHOUSE_EVENT_LISTENER } from './on-gatehouse-event.decorator';

/** Subscribes every `@OnGatehouseEvent` method of the application's singleton providers. */
@Injectable()
export class GatehouseEventsExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly events: GatehouseEvents,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      // Request-scoped providers have no instance to call at start-up.
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      this.subscribe(instance as Record<string, unknown>);
    }
  }

  private subscribe(instance: Record<string, unknown>): void {
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const method of this.scanner.getAllMethodNames(prototype)) {
      const handler = instance[method];
      if (typeof handler !== 'function') continue;
      const names = this.reflector.get<GatehouseEventName[] | undefined>(GATEHOUSE_EVENT_LISTENER, handler);
      for (const name of names ?? []) this.events.on(name, handler.bind(instance) as GatehouseEventListener);
    }
  }
}
