import { describeLaravelImport } from './laravel-import.scenario';

// The Laravel app on PostgreSQL (its own database on the tests' server), spatie without teams, APP_CIPHER=aes-256-gcm.
jest.setTimeout(60_000);
describeLaravelImport('postgres', false, 'AES-256-GCM');
