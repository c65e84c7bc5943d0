import { Injectable } from '@nestjs/common';
import { notFound } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { SocialClient } from './social-client';

/** The configured providers, one client each (its discovery cached), by route name; unknown names are 404s. */
@Injectable()
export class SocialProviders {
  private readonly clients: ReadonlyMap<string, SocialClient>;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.clients = new Map(config.social.providers.map((provider) => [provider.name, new SocialClient(provider, config.social.timeoutMs)]));
  }

  get(name: string): SocialClient {
    const client = this.clients.get(name);
    if (!client) throw notFound();
    return client;
  }

  list(): Array<{ name: string; label: string }> {
    return [...this.clients.values()].map(({ provider }) => ({ name: provider.name, label: provider.label }));
  }

  /** The redirect URI registered with the provider: the callback route on APP_URL. */
  callbackUri(name: string): string {
    const prefix = this.config.authRoutePrefix ? `/${this.config.authRoutePrefix}` : '';
    return `${this.config.appUrl}${prefix}/auth/${name}/callback`;
  }
}
