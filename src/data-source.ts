import { DataSource } from 'typeorm';
import { readEnv } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { ENTITIES } from './entities';

// Used by the TypeORM CLI (migration:run / revert / generate); needs DATABASE_URL.
const url = readEnv().DATABASE_URL;
if (!url) throw new Error('The TypeORM CLI needs DATABASE_URL (the embedded database is migrated by `npm start`).');

export default new DataSource(dataSourceOptions(url, undefined, ENTITIES));
