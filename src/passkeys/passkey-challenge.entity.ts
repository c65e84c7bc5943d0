import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type PasskeyChallengePurpose = 'register' | 'login' | 'second_factor';

/** A ceremony challenge waiting for its one answer (written and read with plain SQL, see PasskeyChallenges). */
@Entity('passkey_challenges')
export class PasskeyChallenge {
  /** SHA-256 hex of the base64url challenge. */
  @PrimaryColumn({ type: 'char', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: PasskeyChallengePurpose;

  /** Whose ceremony it is; null for a discoverable login (the credential names the user). */
  @Column({ type: 'bigint', nullable: true })
  userId: number | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
