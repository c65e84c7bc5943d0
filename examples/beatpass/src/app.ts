import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatehouseApp, GatehouseModule, GatehouseOptions, gatehouseOptionsFromEnv } from 'gatehouse';
import { demoSeedCommand } from './demo/demo-seed.command';
import { CreateTracks1796188288740 } from './migrations/1796188288740-CreateTracks';
import { TrackLike } from './tracks/track-like.entity';
import { Track } from './tracks/track.entity';
import { TracksController } from './tracks/tracks.controller';
import { TracksService } from './tracks/tracks.service';

/** BeatPass's "Sign in with …" buttons: GitHub (OAuth 2.0) and Google (OpenID Connect), each once its client id is set. */
const SOCIAL_PROVIDERS = ['github', 'google'];

/**
 * BeatPass: a cookie-only SPA backend. Sessions and CSRF from the stateful domains (SANCTUM_STATEFUL_DOMAINS),
 * no personal access tokens (the token routes are not mounted), its own tracks table beside Gatehouse's.
 */
export const beatpass: GatehouseApp = {
  options: (env) => ({
    // OAUTH_PROVIDERS, when set, still decides; the credentials always come from OAUTH_<NAME>_CLIENT_ID / _SECRET.
    ...gatehouseOptionsFromEnv({ OAUTH_PROVIDERS: SOCIAL_PROVIDERS.filter((name) => env[`OAUTH_${name.toUpperCase()}_CLIENT_ID`]).join(','), ...env }),
    routes: { tokens: false },
    database: { entities: [Track, TrackLike], migrations: [CreateTracks1796188288740] },
  }),
  module(options: GatehouseOptions) {
    @Module({
      imports: [GatehouseModule.forRoot(options), TypeOrmModule.forFeature([Track, TrackLike])],
      controllers: [TracksController],
      providers: [TracksService],
    })
    class BeatPassModule {}
    return BeatPassModule;
  },
  commands: [demoSeedCommand],
};
