import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** Stored trimmed and lower-cased; unique on lower(email). */
  @Column({ type: 'varchar', length: 255 })
  email: string;

  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  /** bcrypt hash; null for an account created by a social login until a password is set (reset flow). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  password: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  locale: string | null;

  /** AES-256-GCM ciphertext of the base32 TOTP secret (APP_KEY). */
  @Column({ type: 'text', nullable: true })
  twoFactorSecret: string | null;

  /** AES-256-GCM ciphertext of a JSON array of recovery codes (APP_KEY). */
  @Column({ type: 'text', nullable: true })
  twoFactorRecoveryCodes: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  twoFactorConfirmedAt: Date | null;

  /** Last accepted TOTP time step: a code is refused for the rest of its window once used. */
  @Column({ type: 'bigint', nullable: true })
  twoFactorLastStep: number | null;

  @Column({ type: 'bigint', nullable: true })
  currentTeamId: number | null;

  /** Signs in by binding as its directory entry, never by a local password (which stays null). */
  @Column({ type: 'boolean', default: false })
  isLdapUser: boolean;

  /** The directory's stable id (entryUUID, or objectGUID in AD's string form): a renamed DN is still this user. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  ldapGuid: string | null;

  /** The entry's DN at the last sync (informational: matching is by ldapGuid). */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  ldapDn: string | null;

  /** Set when the directory sync found the entry gone: every login is refused. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** The host's extra fields (`users.fields`), loaded with the user; not a TypeORM column. */
  fields?: Record<string, unknown>;
}
