import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A listener's like of a track: what makes `GET /tracks` personal for a signed-in caller. */
@Entity('track_likes')
export class TrackLike {
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @PrimaryColumn({ type: 'bigint' })
  trackId: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
