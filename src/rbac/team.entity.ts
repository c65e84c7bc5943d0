import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A scope for roles and assignments (Jetstream's team, XetaSuite's site). */
@Entity('teams')
export class Team {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** The host's extra fields (`teams.fields`), loaded with the team where it is answered; not a TypeORM column. */
  fields?: Record<string, unknown>;
}
