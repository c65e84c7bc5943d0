import { Controller, Get } from '@nestjs/common';
import { CurrentUser, OptionalAuth } from 'gatehouse';

@Controller('tracks')
export class TracksController {
  @Get()
  @OptionalAuth()
  list(@CurrentUser() user: { id: number } | null) {
    return { data: [], personalised: user !== null };
  }
}
