import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A track in the catalogue: public to guests. */
@Entity('tracks')
export class Track {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'varchar', length: 255 })
  artist: string;

  @Column({ type: 'integer' })
  durationSeconds: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
