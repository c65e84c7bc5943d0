import { Injectable } from '@nestjs/common';
import { Encrypter, safeEqual } from '../common/crypto';
import { fieldError, notFound } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import type { SessionHandle, SessionHandoff } from '../auth/session-handle';
import { SessionLoginService } from '../auth/session-login.service';
import { StatefulMatcher } from '../auth/stateful-domains';
import { TwoFactorLoginGate } from '../auth/two-factor-login.gate';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { User } from '../users/user.entity';
import { openFlow, sealFlow, SOCIAL_FLOW_TTL_SECONDS, SocialFlow } from './social-flow';
import { SocialLoginError, socialTooManyAttempts } from './social-error';
import { SocialLoginService } from './social-login.service';
import { SocialProviders } from './social-providers';
import { LoginAddressThrottle } from '../throttle/login-address.throttle';

/** Where the browser goes next, the flow cookie to set (null: clear it), and the new session, if any. */
export interface SocialRedirect {
  location: string;
  flowCookie: string | null;
  session: SessionHandoff | null;
}

export interface CallbackInput {
  provider: string;
  query: URLSearchParams;
  flowCookie: string | undefined;
  session: SessionHandle;
  /** The signed-in user, for a link flow started in account settings. */
  callerId: number | null;
}

/** What a form_post answer carries that the GET callback reads (not error_description: it is never shown). */
const FORM_POST_FIELDS = ['code', 'state', 'iss', 'error'] as const;

/** The SPA's redirect flow (docs/http-contract.md §12): redirect → provider → callback → back to `redirect_to`. */
@Injectable()
export class SocialWebService {
  private readonly encrypter: Encrypter;
  private readonly allowed: StatefulMatcher;

  constructor(
    private readonly providers: SocialProviders,
    private readonly social: SocialLoginService,
    private readonly sessionLogin: SessionLoginService,
    private readonly twoFactor: TwoFactorLoginGate,
    private readonly throttle: LoginAddressThrottle,
    private readonly events: GatehouseEvents,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.encrypter = new Encrypter(config.appKey);
    this.allowed = new StatefulMatcher(config.statefulDomains);
  }

  /** 422 for a `redirect_to` off the stateful domains (no open redirect); 404 for an unknown provider. */
  async start(name: string, redirectTo: string | undefined, intent: SocialFlow['intent'], userId: number | null): Promise<SocialRedirect> {
    const client = this.providers.get(name);
    const target = this.checkedRedirect(redirectTo);
    try {
      const { url, secrets } = await client.authorizationUrl(this.providers.callbackUri(name));
      const flow: SocialFlow = { ...secrets, provider: name, redirectTo: target, intent, userId, expiresAt: Date.now() + SOCIAL_FLOW_TTL_SECONDS * 1000 };
      return { location: url.toString(), flowCookie: sealFlow(this.encrypter, flow), session: null };
    } catch (error) {
      return this.failed(null, name, 'redirect', target, error);
    }
  }

  /**
   * A form_post provider's answer (a cross-site POST, which carries no SameSite=Lax cookie) as the GET callback's
   * URL: the browser's next request is then a top-level navigation of ours, which carries the flow cookie.
   */
  formPostTarget(name: string, body: unknown): string {
    if (this.providers.get(name).provider.responseMode !== 'form_post') throw notFound();
    const form = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const url = new URL(this.providers.callbackUri(name));
    for (const key of FORM_POST_FIELDS) {
      const value = form[key];
      if (typeof value === 'string' && value.length <= 4096) url.searchParams.set(key, value);
    }
    return url.toString();
  }

  async callback(facts: RequestFacts, input: CallbackInput): Promise<SocialRedirect> {
    const client = this.providers.get(input.provider);
    const flow = openFlow(this.encrypter, input.flowCookie, input.provider);
    const target = flow?.redirectTo ?? this.config.social.defaultRedirectUrl;
    try {
      await this.throttle.hit('social', facts, socialTooManyAttempts);
      const state = input.query.get('state') ?? '';
      if (!flow || !safeEqual(state, flow.state)) throw new SocialLoginError('invalid_state');
      const callbackUrl = new URL(this.providers.callbackUri(input.provider));
      callbackUrl.search = input.query.toString();
      const identity = await client.completeCallback(callbackUrl, flow);
      if (flow.intent === 'link') {
        if (flow.userId === null || flow.userId !== input.callerId) throw new SocialLoginError('invalid_state', 'link by another session');
        await this.social.link(facts, client.provider, flow.userId, identity);
        return { location: withQuery(target, { linked: input.provider }), flowCookie: null, session: null };
      }
      const user = await this.social.userFor(facts, client.provider, identity, 'session');
      return await this.logIn(facts, input.session, user, target);
    } catch (error) {
      return this.failed(facts, input.provider, flow?.intent === 'link' ? 'link' : 'callback', target, error);
    }
  }

  /** As /login ends: the two-factor challenge when it is on, else a session under a new id. */
  private async logIn(facts: RequestFacts, current: SessionHandle, user: User, target: string): Promise<SocialRedirect> {
    const pending = await this.twoFactor.challengeSessionLogin(current, user, false);
    if (pending) return { location: withQuery(target, { two_factor: '1' }), flowCookie: null, session: pending.session };
    await this.throttle.clear('social', facts);
    const session = await this.sessionLogin.login(facts, current, user, false, user.password === null);
    return { location: target, flowCookie: null, session };
  }

  private async failed(facts: RequestFacts | null, provider: string, stage: 'redirect' | 'callback' | 'link', target: string, error: unknown): Promise<SocialRedirect> {
    if (!(error instanceof SocialLoginError)) throw error;
    await this.events.emit('social.failed', { facts: facts ?? undefined, metadata: { provider, stage, reason: error.detail } });
    return { location: withQuery(target, { error: error.code }), flowCookie: null, session: null };
  }

  private checkedRedirect(redirectTo: string | undefined): string {
    if (redirectTo === undefined || redirectTo === '') return this.config.social.defaultRedirectUrl;
    let url: URL | null = null;
    try {
      url = new URL(redirectTo);
    } catch {
      // reported below
    }
    const ok = url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && this.allowed.originAllowed(url.origin);
    if (!ok && redirectTo !== this.config.social.defaultRedirectUrl) throw fieldError('redirect_to', 'The redirect to must be an address of this application.');
    return redirectTo;
  }
}

function withQuery(target: string, params: Record<string, string>): string {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}
