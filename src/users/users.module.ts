import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthAnswers } from './auth-answers';
import { HostLookup } from './host-lookup';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { UserLifecycle } from './user-lifecycle';
import { UserPresenter } from './user-presenter';
import { UserTwoFactorColumns } from './user-two-factor-columns';
import { UsersService } from './users.service';

/** Owns the users table: other modules change a user through UsersService and UserTwoFactorColumns. */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [AuthAnswers, UsersService, PasswordHasher, UserLifecycle, UserPresenter, UserTwoFactorColumns, HostLookup],
  exports: [AuthAnswers, UsersService, PasswordHasher, UserLifecycle, UserPresenter, UserTwoFactorColumns],
})
export class UsersModule {}
