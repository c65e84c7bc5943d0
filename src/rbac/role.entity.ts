import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A role, global (`teamId` null: it exists in every team) or owned by one team. Its permissions
 * live in role_permissions, and its holders in user_roles; both are written with SQL in
 * rbac-pivots.ts rather than through TypeORM relations, so a "replace the set" is one statement.
 */
@Entity('roles')
export class Role {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'bigint', nullable: true })
  teamId: number | null;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
