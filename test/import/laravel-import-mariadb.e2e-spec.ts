import { describeLaravelImport } from './laravel-import.scenario';

// A real MariaDB (`.ci/run` makes sure one runs on 127.0.0.1:3306), spatie with teams, Laravel's default cipher.
jest.setTimeout(60_000);
describeLaravelImport('mariadb', true, 'AES-256-CBC');
