import { Module } from '@nestjs/common';
import { GatehouseApp, GatehouseModule, GatehouseOptions, gatehouseOptionsFromEnv } from 'gatehouse';
import { TracksController } from './tracks.controller';

/** BeatPass: a cookie-only SPA backend (no token routes). */
export const beatpass: GatehouseApp = {
  options: (env) => ({ ...gatehouseOptionsFromEnv(env), routes: { tokens: false } }),
  module(options: GatehouseOptions) {
    @Module({ imports: [GatehouseModule.forRoot(options)], controllers: [TracksController] })
    class BeatPassModule {}
    return BeatPassModule;
  },
};
