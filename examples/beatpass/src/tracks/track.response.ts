/** A track as the catalogue lists it; `liked` only for a signed-in caller (BeatPass's optional-auth endpoints). */
export interface TrackJson {
  id: number;
  title: string;
  artist: string;
  duration_seconds: number;
  likes_count: number;
  created_at: string;
  liked?: boolean;
}

export interface TrackRow {
  id: number;
  title: string;
  artist: string;
  duration_seconds: number;
  likes_count: number;
  created_at: Date;
  liked: boolean;
}

export function presentTrack(row: TrackRow, signedIn: boolean): TrackJson {
  const track: TrackJson = {
    id: row.id,
    title: row.title,
    artist: row.artist,
    duration_seconds: row.duration_seconds,
    likes_count: row.likes_count,
    created_at: row.created_at.toISOString(),
  };
  return signedIn ? { ...track, liked: row.liked } : track;
}
