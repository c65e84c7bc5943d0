import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthAnswers } from './auth-answers';
import { HostLookup } from './host-lookup';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { UserLifecycle } from './user-lifecycle';
import { UserPresenter } from './user-presenter';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [AuthAnswers, UsersService, PasswordHasher, UserLifecycle, UserPresenter, HostLookup],
  exports: [AuthAnswers, UsersService, PasswordHasher, UserLifecycle, UserPresenter, TypeOrmModule],
})
export class UsersModule {}
