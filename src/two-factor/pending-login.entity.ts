import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type PendingLoginKind = 'session' | 'token';

/** A password login waiting for its second factor (written and read with plain SQL, see PendingLogins). */
@Entity('pending_logins')
export class PendingLogin {
  /** SHA-256 hex of the challenge id (the challenge token of a token login). */
  @PrimaryColumn({ type: 'char', length: 64 })
  id: string;

  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 8 })
  kind: PendingLoginKind;

  /** SHA-256 hex of the browser's session cookie id (session logins only). */
  @Column({ type: 'char', length: 64, nullable: true })
  sessionHash: string | null;

  @Column({ type: 'boolean', default: false })
  remember: boolean;

  @Column({ type: 'text', nullable: true })
  deviceName: string | null;

  @Column({ type: 'jsonb', nullable: true })
  abilities: string[] | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
