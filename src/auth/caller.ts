import type { User } from '../users/user.entity';
import type { AuthContext } from './auth-context';

export type { AuthContext };

/** The user behind a request: what @CurrentUser() gives (null on an @OptionalAuth route for a guest). */
export type Caller = User;
