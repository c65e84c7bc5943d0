import { Module, OnModuleInit } from '@nestjs/common';
import { UserLifecycle } from '../users/user-lifecycle';
import { UserPresenter } from '../users/user-presenter';
import { UsersModule } from '../users/users.module';
import { LdapModule } from '../ldap/ldap.module';
import { LdapRoleSync } from '../ldap/ldap-role-sync';
import { AccessCache } from './access-cache';
import { AccessService } from './access.service';
import { AdminPolicy } from './admin-policy';
import { AdminUsersService } from './admin-users.service';
import { AssignmentsService } from './assignments.service';
import { AuditEventsReader } from './audit-events.reader';
import { DefaultRoleProvisioner } from './default-role';
import { PermissionsService } from './permissions.service';
import { RbacConsole } from './rbac-console.service';
import { RbacSeeder } from './rbac-seeder';
import { RbacTransactions } from './rbac-transactions';
import { RolesService } from './roles.service';
import { TeamsService } from './teams.service';

/**
 * Roles, permissions and teams: the access cache and its cross-instance invalidation (read by the
 * authorize guard for @Roles/@Permissions/@AnyPermission), the admin services, seeding and the CLI's helpers.
 */
@Module({
  imports: [UsersModule, LdapModule],
  providers: [
    AccessCache,
    AccessService,
    AdminPolicy,
    RbacTransactions,
    PermissionsService,
    RolesService,
    TeamsService,
    AssignmentsService,
    AdminUsersService,
    AuditEventsReader,
    RbacSeeder,
    RbacConsole,
    DefaultRoleProvisioner,
  ],
  exports: [
    AccessService,
    AdminPolicy,
    PermissionsService,
    RolesService,
    TeamsService,
    AssignmentsService,
    AdminUsersService,
    AuditEventsReader,
    RbacSeeder,
    RbacConsole,
  ],
})
export class RbacModule implements OnModuleInit {
  constructor(
    private readonly access: AccessService,
    private readonly assignments: AssignmentsService,
    private readonly presenter: UserPresenter,
    private readonly lifecycle: UserLifecycle,
    private readonly ldapRoles: LdapRoleSync,
  ) {}

  /** Plugs RBAC into users/ without users/ depending on it. */
  onModuleInit(): void {
    this.presenter.setAccessResolver((user) => this.access.forUser(user));
    this.lifecycle.onCreating((user, manager) => this.assignments.giveDefaultRole(user, manager));
    this.ldapRoles.register((userId, scopes, manager) => this.assignments.syncDirectoryRoles(userId, scopes, manager));
  }
}
