import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { GatehouseEventsExplorer } from './gatehouse-events.explorer';
import { GatehouseEvents } from './gatehouse-events.service';

/** The typed events features emit and hosts (and the audit trail) subscribe to. */
@Module({
  imports: [DiscoveryModule],
  providers: [GatehouseEvents, GatehouseEventsExplorer],
  exports: [GatehouseEvents],
})
export class EventsModule {}
