import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A pending password reset: one per address, single use, valid for 60 minutes. */
@Entity('password_reset_tokens')
export class PasswordResetToken {
  /** Lower-cased, as users.email. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  email: string;

  @Column({ type: 'bigint' })
  userId: number;

  /** SHA-256 hex of the mailed secret. */
  @Column({ type: 'char', length: 64 })
  token: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
