import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A WebAuthn credential registered by a user (written and read through PasskeysStore). */
@Entity('passkeys')
export class Passkey {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'bigint' })
  userId: number;

  /** base64url, as the browser sends it; unique across all users. */
  @Column({ type: 'varchar', length: 1400 })
  credentialId: string;

  /** The COSE public key. */
  @Column({ type: 'bytea' })
  publicKey: Buffer;

  /** The last signature counter seen; a lower (or equal, non-zero) one means a cloned authenticator. */
  @Column({ type: 'bigint', default: 0 })
  counter: number;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  transports: string[];

  @Column({ type: 'boolean', default: false })
  backedUp: boolean;

  /** `singleDevice` or `multiDevice` (a synced passkey). */
  @Column({ type: 'varchar', length: 16 })
  deviceType: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
