import { SetMetadata } from '@nestjs/common';
import type { GatehouseEventName } from './gatehouse-event.types';

export const GATEHOUSE_EVENT_LISTENER = Symbol('gatehouse:event-listener');

/**
 * Marks a method of any provider as a listener: `@OnGatehouseEvent('login.succeeded') onLogin(event)`.
 * Found at start-up (singleton providers only) and subscribed through GatehouseEvents.
 */
export const OnGatehouseEvent = (...names: GatehouseEventName[]): MethodDecorator => SetMetadata(GATEHOUSE_EVENT_LISTENER, names);
