import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Track } from './track.entity';
import type { TrackRow } from './track.response';
import type { NewTrackDto } from './new-track.dto';

// One row per track with its like count and whether `$1` (a user id, or null for a guest) likes it.
const TRACKS_SQL = `
  SELECT t.id, t.title, t.artist, t.duration_seconds, t.created_at,
         count(l.user_id)::int AS likes_count,
         coalesce(bool_or(l.user_id = $1::bigint), false) AS liked
    FROM tracks t LEFT JOIN track_likes l ON l.track_id = t.id
   WHERE $2::bigint IS NULL OR t.id = $2::bigint
   GROUP BY t.id
   ORDER BY t.id`;

@Injectable()
export class TracksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Track) private readonly catalogue: Repository<Track>,
  ) {}

  list(userId: number | null): Promise<TrackRow[]> {
    return this.db.query(TRACKS_SQL, [userId, null]);
  }

  async create(input: NewTrackDto): Promise<TrackRow> {
    const { id } = await this.catalogue.save(
      this.catalogue.create({ title: input.title, artist: input.artist, durationSeconds: input.duration_seconds }),
    );
    const [row] = (await this.db.query(TRACKS_SQL, [null, id])) as TrackRow[];
    return row;
  }

  /** False when there is no such track; liking twice is one like. */
  async like(userId: number, trackId: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH track AS (SELECT id FROM tracks WHERE id = $2),
            liked AS (INSERT INTO track_likes (user_id, track_id) SELECT $1, id FROM track ON CONFLICT DO NOTHING)
       SELECT id FROM track`,
      [userId, trackId],
    );
    return rows.length > 0;
  }

  /** False when there is no such track; unliking what was not liked changes nothing. */
  async unlike(userId: number, trackId: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH track AS (SELECT id FROM tracks WHERE id = $2),
            gone AS (DELETE FROM track_likes WHERE user_id = $1 AND track_id IN (SELECT id FROM track))
       SELECT id FROM track`,
      [userId, trackId],
    );
    return rows.length > 0;
  }
}
