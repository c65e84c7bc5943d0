import { AuditEvent } from '../audit/audit-event.entity';
import { Session } from '../sessions/session.entity';
import { PersonalAccessToken } from '../tokens/personal-access-token.entity';
import { User } from '../users/user.entity';

/** Every entity, for the Nest data source and the TypeORM CLI alike. */
export const ENTITIES = [User, Session, PersonalAccessToken, AuditEvent];
