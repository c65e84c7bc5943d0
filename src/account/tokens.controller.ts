import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/current-user.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { Verified } from '../common/verified.decorator';
import { forbidden, Messages, notFound } from '../common/api-error';
import { abilitiesCover } from '../tokens/abilities';
import { CreateTokenDto } from '../tokens/dto/create-token.dto';
import { uniqueAbilities } from '../tokens/dto/token-validators';
import { UpdateTokenDto } from '../tokens/dto/update-token.dto';
import { TokenRecord } from '../tokens/token.record';
import { toTokenResponse } from '../tokens/token.response';
import { TokensService } from '../tokens/tokens.service';
import { RequiresFullAccess } from '../tokens/abilities.decorator';
import { ApiRoutes } from '../common/route-family.decorator';

// Path ids are bigint keys; anything else (or too long to be one) is simply not found (docs/http-contract.md §10.12).
const TOKEN_ID = /^[1-9][0-9]{0,17}$/;

/** docs/http-contract.md §4: a user manages their own personal access tokens (Jetstream's API tokens page, as JSON). */
@RequiresFullAccess()
@ApiRoutes()
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  async list(@Auth() auth: AuthContext) {
    const tokens = await this.tokens.listForUser(auth.user.id);
    return tokens.map(toTokenResponse);
  }

  @Verified()
  @Post()
  @HttpCode(201)
  async create(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Body() body: CreateTokenDto) {
    const abilities = uniqueAbilities(body.abilities ?? callerAbilities(auth));
    assertWithinCaller(auth, abilities);
    const expiresAt = body.expires_at ? new Date(body.expires_at) : null;
    const parent = auth.via === 'token' ? auth.token : undefined;
    const created = await this.tokens.issue(auth.user.id, body.name, abilities, expiresAt, { facts, via: 'api', parent });
    return { token: created.plainTextToken, access_token: toTokenResponse(created.token) };
  }

  @Verified()
  @Put(':id')
  async update(@Auth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateTokenDto) {
    const token = await this.ownToken(auth, id);
    const abilities = uniqueAbilities(body.abilities);
    assertWithinCaller(auth, abilities);
    return toTokenResponse(await this.tokens.updateAbilities(token, abilities));
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    if (!TOKEN_ID.test(id) || !(await this.tokens.revoke(facts, auth.user.id, Number(id)))) throw notFound();
  }

  @Delete()
  @HttpCode(204)
  async revokeAll(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext): Promise<void> {
    await this.tokens.revokeAll(facts, auth.user.id);
  }

  private async ownToken(auth: AuthContext, id: string): Promise<TokenRecord> {
    const token = TOKEN_ID.test(id) ? await this.tokens.findOwned(auth.user.id, Number(id)) : null;
    if (!token) throw notFound();
    return token;
  }
}

/** A session caller holds every ability (Sanctum's transient token); a token caller only its own. */
function callerAbilities(auth: AuthContext): string[] {
  return auth.via === 'token' ? [...auth.token.abilities] : ['*'];
}

/** A token may not mint or widen a token beyond itself (docs/http-contract.md §4, §10.4). */
function assertWithinCaller(auth: AuthContext, requested: string[]): void {
  if (auth.via === 'token' && !abilitiesCover(auth.token.abilities, requested)) throw forbidden(Messages.invalidAbility);
}
