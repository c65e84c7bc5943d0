import { MigrationInterface, QueryRunner } from 'typeorm';

/** BeatPass's own tables, beside Gatehouse's; a like goes with its user or its track. */
export class CreateTracks1796188288740 implements MigrationInterface {
  name = 'CreateTracks1796188288740';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tracks (
        id bigint GENERATED ALWAYS AS IDENTITY,
        title varchar(255) NOT NULL,
        artist varchar(255) NOT NULL,
        duration_seconds integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_tracks PRIMARY KEY (id),
        CONSTRAINT uq_tracks_title_artist UNIQUE (title, artist)
      )`);
    await q.query(`
      CREATE TABLE track_likes (
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        track_id bigint NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_track_likes PRIMARY KEY (user_id, track_id)
      )`);
    await q.query('CREATE INDEX ix_track_likes_track ON track_likes (track_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE track_likes');
    await q.query('DROP TABLE tracks');
  }
}
