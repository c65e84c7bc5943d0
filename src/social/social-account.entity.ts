import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A provider identity linked to a user: unique on (provider, subject), the provider's own user id. */
@Entity('social_accounts')
export class SocialAccount {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 32 })
  provider: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  displayName: string | null;

  /** AES-256-GCM ciphertext (APP_KEY); null unless the provider is configured to keep tokens. */
  @Column({ type: 'text', nullable: true, select: false })
  accessToken: string | null;

  @Column({ type: 'text', nullable: true, select: false })
  refreshToken: string | null;

  @Column({ type: 'timestamptz' })
  linkedAt: Date;
}
