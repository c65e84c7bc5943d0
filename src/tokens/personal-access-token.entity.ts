import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('personal_access_tokens')
export class PersonalAccessToken {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'text' })
  name: string;

  /** SHA-256 hex of the secret (the part after `<id>|`). */
  @Column({ type: 'char', length: 64 })
  token: string;

  @Column({ type: 'jsonb', default: ['*'] })
  abilities: string[];

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  passwordConfirmedAt: Date | null;

  /** The token that minted this one (POST /api/tokens by a token caller); deleting it deletes this one. */
  @Column({ type: 'bigint', nullable: true })
  parentId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
