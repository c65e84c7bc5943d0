import { Injectable, Logger } from '@nestjs/common';
import type { RequestFacts } from '../common/request-facts';
import type { GatehouseEvent, GatehouseEventListener, GatehouseEventMap, GatehouseEventName } from './gatehouse-event.types';

/** What an emitter knows: plain facts, never the request (listeners see the same). */
export interface EmitEntry<N extends GatehouseEventName> {
  /** Where the action came from (the edge turns the request into these: requestFacts). */
  facts?: RequestFacts;
  userId?: number | null;
  metadata: GatehouseEventMap[N];
}

/**
 * The typed event bus hosts subscribe to (`events.on('login.succeeded', handler)` or
 * `@OnGatehouseEvent`). Emitters call it after the action; every listener runs, and one that throws
 * or rejects is logged and never fails the request nor keeps the others (the audit trail) from running.
 * emit() resolves once every listener has settled, as Laravel's synchronous listeners do.
 */
@Injectable()
export class GatehouseEvents {
  private readonly logger = new Logger(GatehouseEvents.name);
  private readonly listeners = new Map<GatehouseEventName, Set<GatehouseEventListener<never>>>();

  /** Subscribes; returns a function that unsubscribes. */
  on<N extends GatehouseEventName>(name: N, listener: GatehouseEventListener<N>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as GatehouseEventListener<never>);
    this.listeners.set(name, set);
    return () => set.delete(listener as GatehouseEventListener<never>);
  }

  async emit<N extends GatehouseEventName>(name: N, entry: EmitEntry<N>): Promise<void> {
    const listeners = [...(this.listeners.get(name) ?? [])] as GatehouseEventListener<N>[];
    if (listeners.length === 0) return;
    // Frozen through: listeners run side by side, and none may change what the others (the audit trail) see.
    const event = deepFreeze(toEvent(name, entry));
    const results = await Promise.allSettled(listeners.map(async (listener) => listener(event)));
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      // Only the event name and the error's message: the payload carries emails and addresses.
      const error = result.reason as { message?: string } | undefined;
      this.logger.error({ msg: 'gatehouse event listener failed', event: name, error: error?.message ?? String(error) });
    }
  }
}

function toEvent<N extends GatehouseEventName>(name: N, entry: EmitEntry<N>): GatehouseEvent<N> {
  const { facts } = entry;
  return {
    name,
    userId: entry.userId ?? null,
    ip: facts?.ip ?? null,
    userAgent: facts?.userAgent ?? null,
    // A copy: freezing must not reach the caller's own objects (a token's abilities list).
    metadata: structuredClone(entry.metadata),
    occurredAt: new Date(),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
