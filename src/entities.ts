import { PasswordResetToken } from './account/password-reset-token.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { Session } from './sessions/session.entity';
import { Permission } from './rbac/permission.entity';
import { Role } from './rbac/role.entity';
import { Team } from './rbac/team.entity';
import { PersonalAccessToken } from './tokens/personal-access-token.entity';
import { PendingLogin } from './two-factor/pending-login.entity';
import { User } from './users/user.entity';
import { SocialAccount } from './social/social-account.entity';
import { Passkey } from './passkeys/passkey.entity';
import { PasskeyChallenge } from './passkeys/passkey-challenge.entity';

/** Every entity, for the Nest data source and the TypeORM CLI alike. */
export const ENTITIES = [User, Session, PersonalAccessToken, AuditEvent, PendingLogin, PasswordResetToken, Team, Permission, Role, SocialAccount, Passkey, PasskeyChallenge];
