import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import { sha256Hex } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { AuditService } from '../audit/audit.service';
import { formatPlainToken, generateTokenSecret } from './access-token';
import { PersonalAccessToken } from './personal-access-token.entity';
import { toTokenRecord } from './token-authenticator';
import { TokenRecord } from './token.record';

export interface NewToken {
  /** `<id>|<secret>`: shown once, never stored. */
  plainTextToken: string;
  token: TokenRecord;
}

/** Personal access tokens: creation (plain text shown once, SHA-256 stored) and revocation. */
@Injectable()
export class TokensService {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async create(userId: number, name: string, abilities: string[] = ['*'], expiresAt: Date | null = null): Promise<NewToken> {
    const secret = generateTokenSecret(this.config.sanctum.tokenPrefix);
    const row = await this.tokens.save(this.tokens.create({ userId, name, token: sha256Hex(secret), abilities, expiresAt }));
    return { plainTextToken: formatPlainToken(row.id, secret), token: toTokenRecord(row) };
  }

  /** The calling token revokes itself (POST /api/logout, POST /logout with a bearer token). */
  async revokeCurrent(request: FastifyRequest, token: TokenRecord): Promise<void> {
    await this.tokens.delete({ id: token.id });
    await this.audit.record('token.revoked', { request, userId: token.userId, metadata: { token_id: token.id, scope: 'current' } });
  }
}
