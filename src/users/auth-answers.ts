import { Inject, Injectable, Optional } from '@nestjs/common';
import { GatehouseHost, HostLookup } from './host-lookup';
import { User } from './user.entity';
import { PresentedUser, UserPresenter } from './user-presenter';
import type { UserAccess } from './user.response';

/** How the caller was authenticated (the auth folder's AuthVia). */
type AuthVia = 'session' | 'token';

/** A JSON-serialisable answer body. */
export type AuthAnswer = object;

/** What a `responses` function returns: the body, or a promise of it (a host reading its own tables). */
type Shaped<T> = T | Promise<T>;

/** What every answer function receives: plain facts about the user. */
export interface AuthAnswerContext {
  /** The user JSON (after `users.present`). */
  user: PresentedUser;
  /** The user entity itself. */
  entity: User;
  /** The user's roles and effective permissions in its current team. */
  access: UserAccess;
  /** The host's own providers (`host.get(BusinessProfiles)`). */
  host: GatehouseHost;
}

export interface TokenAnswerContext extends AuthAnswerContext {
  /** The plain-text token, shown this once. */
  token: string;
}

export interface SessionLoginAnswerContext extends AuthAnswerContext {
  /** True when the login waits for a two-factor challenge (no session yet). */
  twoFactor: boolean;
}

export interface LogoutAnswerContext extends AuthAnswerContext {
  /** The credential that was ended: a token (revoked) or a session (logged out). */
  via: AuthVia;
}

/**
 * The host's `responses` option: each function shapes one success answer (the body only). Errors, the
 * two-factor challenge of `POST api/login` and `POST two-factor-challenge` keep their contract shapes.
 */
export interface GatehouseResponses {
  /** `POST api/login` and `POST api/two-factor-challenge` (201); default `{ token, token_type, user }`. */
  tokenLogin?: (ctx: TokenAnswerContext) => Shaped<AuthAnswer>;
  /** `POST api/register` (201); default `{ token, token_type, user }`. */
  tokenRegister?: (ctx: TokenAnswerContext) => Shaped<AuthAnswer>;
  /** `POST api/logout`; default none (204). A body is answered with 200. */
  tokenLogout?: (ctx: LogoutAnswerContext) => Shaped<AuthAnswer | undefined>;
  /** `POST login` (200); default `{ two_factor }`. */
  sessionLogin?: (ctx: SessionLoginAnswerContext) => Shaped<AuthAnswer>;
  /** `POST register` (201); default the user JSON. */
  register?: (ctx: AuthAnswerContext) => Shaped<AuthAnswer>;
  /** `POST logout`; default none (204). A body is answered with 200. */
  logout?: (ctx: LogoutAnswerContext) => Shaped<AuthAnswer | undefined>;
}

export const AUTH_RESPONSES = Symbol('AUTH_RESPONSES');

/** Builds the login, registration and logout answers: the contract's shapes, or the host's. */
@Injectable()
export class AuthAnswers {
  private readonly shapes: GatehouseResponses;

  constructor(
    private readonly presenter: UserPresenter,
    private readonly host: HostLookup,
    @Optional() @Inject(AUTH_RESPONSES) shapes?: GatehouseResponses | null,
  ) {
    this.shapes = shapes ?? {};
  }

  async token(user: User, token: string, via: 'login' | 'register'): Promise<AuthAnswer> {
    const facts = await this.factsOf(user);
    const shape = via === 'register' ? this.shapes.tokenRegister : this.shapes.tokenLogin;
    if (shape) return shape({ ...facts, token });
    return { token, token_type: 'Bearer', user: facts.user };
  }

  async sessionLogin(user: User, twoFactor: boolean): Promise<AuthAnswer> {
    const shape = this.shapes.sessionLogin;
    // The default needs no user JSON: skip the roles lookup.
    if (!shape) return { two_factor: twoFactor };
    return shape({ ...(await this.factsOf(user)), twoFactor });
  }

  async register(user: User): Promise<AuthAnswer> {
    const facts = await this.factsOf(user);
    return this.shapes.register ? this.shapes.register(facts) : facts.user;
  }

  /** undefined: no body (204). `route`: `api/logout` or `logout`; `via`: the caller's credential. */
  async logout(user: User, via: AuthVia, route: 'api' | 'web'): Promise<AuthAnswer | undefined> {
    const shape = route === 'api' ? this.shapes.tokenLogout : this.shapes.logout;
    if (!shape) return undefined;
    return shape({ ...(await this.factsOf(user)), via });
  }

  private async factsOf(entity: User): Promise<AuthAnswerContext> {
    const { presented, access } = await this.presenter.presentWithAccess(entity);
    return { user: presented, entity, access, host: this.host };
  }
}
