import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { CurrentUser, OptionalAuth, Roles } from 'gatehouse';
import { NewTrackDto } from './new-track.dto';
import { presentTrack, TrackJson } from './track.response';
import { TracksService } from './tracks.service';

const ID = /^[1-9][0-9]{0,15}$/;

/** A path id that cannot be a track is an unknown track: 404, as Gatehouse answers malformed ids. */
function trackId(value: string): number {
  if (!ID.test(value) || !Number.isSafeInteger(Number(value))) throw new NotFoundException();
  return Number(value);
}

/** API routes (no family declared): the session counts only from a stateful origin, as `auth:sanctum`. */
@Controller('tracks')
export class TracksController {
  constructor(private readonly tracks: TracksService) {}

  /** Guests get the catalogue; a signed-in listener also gets `liked` on every track. */
  @Get()
  @OptionalAuth()
  async list(@CurrentUser() user: { id: number } | null): Promise<{ data: TrackJson[] }> {
    const rows = await this.tracks.list(user?.id ?? null);
    return { data: rows.map((row) => presentTrack(row, user !== null)) };
  }

  /** Admins only: 401 for a guest, 403 for a listener. */
  @Post()
  @Roles('admin')
  async create(@Body() body: NewTrackDto): Promise<{ data: TrackJson }> {
    return { data: presentTrack(await this.tracks.create(body), true) };
  }

  @Post(':id/like')
  @HttpCode(204)
  async like(@CurrentUser() user: { id: number }, @Param('id') id: string): Promise<void> {
    if (!(await this.tracks.like(user.id, trackId(id)))) throw new NotFoundException();
  }

  @Delete(':id/like')
  @HttpCode(204)
  async unlike(@CurrentUser() user: { id: number }, @Param('id') id: string): Promise<void> {
    if (!(await this.tracks.unlike(user.id, trackId(id)))) throw new NotFoundException();
  }
}
