import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SessionPayload } from './session.record';

@Entity('sessions')
export class Session {
  /** SHA-256 hex of the cookie's random id. */
  @PrimaryColumn({ type: 'char', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  publicId: string;

  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'boolean', default: false })
  remember: boolean;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ipAddress: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ type: 'jsonb', default: {} })
  payload: SessionPayload;

  @Column({ type: 'timestamptz' })
  lastActivity: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
