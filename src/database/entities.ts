import { User } from '../users/user.entity';

/** Every entity, for the Nest data source and the TypeORM CLI alike. */
export const ENTITIES = [User];
