import { Body, ConflictException, Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Column, Entity, MigrationInterface, PrimaryGeneratedColumn, QueryRunner, Repository } from 'typeorm';
import { DataSource } from 'typeorm';
import {
  GatehouseApp,
  GatehouseCliCommand,
  GatehouseCliError,
  GatehouseHttpError,
  validationError,
  GatehouseModule,
  GatehouseUsers,
  gatehouseOptionsFromEnv,
  OptionalAuth,
  prepareGatehouseApp,
  runGatehouseCli,
  serveGatehouseApp,
} from '../../src';
import { TEST_APP_KEY } from '../support/app';
import { useHostDatabase } from './host-module';

@Entity('tracks')
class Track {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  title: string;
}

class CreateTracks1899000000000 implements MigrationInterface {
  name = 'CreateTracks1899000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE tracks (id serial PRIMARY KEY, title varchar(255) NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tracks');
  }
}

@Injectable()
class TracksService {
  constructor(@InjectRepository(Track) readonly tracks: Repository<Track>) {}
}

@Controller('tracks')
class TracksController {
  constructor(private readonly service: TracksService) {}
  @Get()
  @OptionalAuth()
  async list() {
    return { data: await this.service.tracks.find({ order: { id: 'ASC' } }) };
  }

  /** A host's own errors: Laravel-shaped when thrown through Gatehouse's helpers, never Nest's text otherwise. */
  @Post('errors')
  @OptionalAuth()
  fail(@Body() body: { kind?: string }) {
    if (body.kind === 'validation') throw validationError({ title: ['The title has already been taken.'] });
    if (body.kind === 'conflict') throw new GatehouseHttpError(409, { message: 'The slot is taken.' });
    throw new ConflictException('duplicate key value violates unique constraint "uq_tracks_title"');
  }
}

/** A host command: seeds a track and a user through the host's and Gatehouse's services. */
const seedCommand: GatehouseCliCommand = {
  name: 'demo:seed',
  usage: '[--title T]',
  description: 'Creates a demo track and user',
  needs: 'app',
  async run(ctx, args) {
    if (args.includes('--fail')) throw new GatehouseCliError('Nothing to seed with --fail');
    await ctx.app.get(TracksService).tracks.save({ title: 'Intro' });
    const user = await ctx.app.get(GatehouseUsers).create({ name: 'Demo', email: 'demo@example.com', password: 'demo-password-1' });
    ctx.out(JSON.stringify({ accounts: [{ id: user.id, email: 'demo@example.com' }] }));
  },
};

const host: GatehouseApp = {
  options: (env) => ({
    ...gatehouseOptionsFromEnv(env),
    database: { entities: [Track], migrations: [CreateTracks1899000000000] },
  }),
  module(options) {
    @Module({ imports: [GatehouseModule.forRoot(options), TypeOrmModule.forFeature([Track])], controllers: [TracksController], providers: [TracksService] })
    class HostRoot {}
    return HostRoot;
  },
  commands: [seedCommand],
};

const database = useHostDatabase();
const env = () => ({ NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'silent', PRUNE_INTERVAL_MINUTES: '0', DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: '0' });

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (line: string) => lines.out.push(line), err: (line: string) => lines.err.push(line) } };
}

describe('a host app served and run like the standalone server', () => {
  it('runs the host migrations with Gatehouse’s, once', async () => {
    const first = await prepareGatehouseApp(host, env());
    await first.database.close();
    expect(first.migrations).toEqual(['CreateTracks1899000000000']);
    const again = await prepareGatehouseApp(host, env());
    await again.database.close();
    expect(again.migrations).toEqual([]);
  });

  it('runs Gatehouse’s commands and the host’s own on the host module, which serves what they wrote and renders its errors', async () => {
    const seeded = capture();
    expect(await runGatehouseCli(host, ['demo:seed'], env(), seeded.io)).toBe(0);
    expect(JSON.parse(seeded.lines.out[0])).toEqual({ accounts: [{ id: expect.any(Number), email: 'demo@example.com' }] });

    const created = capture();
    expect(await runGatehouseCli(host, ['role:create', 'editor'], env(), created.io)).toBe(0);

    const served = await serveGatehouseApp(host, env(), { handleSignals: false });
    try {
      const res = await fetch(`${served.url.replace('[::1]', '127.0.0.1')}/tracks`, { headers: { Accept: 'application/json' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: [{ id: 1, title: 'Intro' }] });
      const post = (kind: string) =>
        fetch(`${served.url.replace('[::1]', '127.0.0.1')}/tracks/errors`, {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
          body: JSON.stringify({ kind }),
        });
      const invalid = await post('validation');
      expect([invalid.status, await invalid.json()]).toEqual([422, { message: 'The title has already been taken.', errors: { title: ['The title has already been taken.'] } }]);
      const conflict = await post('conflict');
      expect([conflict.status, await conflict.json()]).toEqual([409, { message: 'The slot is taken.' }]);
      const internal = await post('nest');
      expect([internal.status, await internal.json()]).toEqual([409, { message: 'Conflict.' }]);
      const roles: Array<{ name: string }> = await served.app.get(DataSource).query('SELECT name FROM roles ORDER BY name');
      expect(roles.map((role) => role.name)).toContain('editor');
    } finally {
      await served.close();
    }
  });

  it('lists the host’s commands in help, and prints a host command’s CliError as one line with exit code 1', async () => {
    const help = capture();
    expect(await runGatehouseCli(host, ['help'], env(), help.io)).toBe(0);
    expect(help.lines.out.join('\n')).toMatch(/demo:seed\s+Creates a demo track and user/);
    const failed = capture();
    expect(await runGatehouseCli(host, ['demo:seed', '--fail'], env(), failed.io)).toBe(1);
    expect(failed.lines.err).toEqual(['Nothing to seed with --fail']);
  });
});
