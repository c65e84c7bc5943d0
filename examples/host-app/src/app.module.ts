import { Controller, Get, Module, Post, Body } from '@nestjs/common';
import { GatehouseModule, gatehouseOptionsFromEnv, OptionalAuth, Permissions, CurrentUser } from 'gatehouse';

@Controller('tracks')
class TracksController {
  @Get() @OptionalAuth()
  list(@CurrentUser() user: { id: number } | null) { return { tracks: [], personalised: user !== null }; }
  @Post() @Permissions('tracks.create')
  create(@Body() body: { title: string }) { return { title: body.title }; }
}

@Module({
  imports: [GatehouseModule.forRoot({
    ...gatehouseOptionsFromEnv(),
    users: { present: (user, access) => ({ data: { id: user.id, email: user.email, role_names: access.roles } }) },
  })],
  controllers: [TracksController],
})
export class AppModule {}
