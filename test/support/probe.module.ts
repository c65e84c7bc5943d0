import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsDefined, IsEmail, IsString, MaxLength, MinLength, ValidateBy, ValidationArguments } from 'class-validator';
import { DataSource } from 'typeorm';
import { Public } from '../../src/common/public.decorator';

/** Laravel's `confirmed` rule: `<field>_confirmation` must equal the field. */
const Confirmed = () =>
  ValidateBy({
    name: 'confirmed',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        value === (args?.object as Record<string, unknown>)[`${args?.property}_confirmation`],
      defaultMessage: () => 'The :attribute field confirmation does not match.',
    },
  });

/** The rules of a typical registration form (required|string|max:255, email, min:8|confirmed). */
export class ProbeDto {
  @IsDefined()
  @IsString()
  @MaxLength(255)
  name: string;

  @IsDefined()
  @IsString()
  @IsEmail()
  @MaxLength(255)
  email: string;

  @IsDefined()
  @IsString()
  @MinLength(8)
  @Confirmed()
  password: string;

  // Declared so the whitelist keeps it for @Confirmed(); not validated on its own (as in Laravel).
  @ValidateBy({ name: 'any', validator: { validate: () => true } })
  password_confirmation?: unknown;
}

/** Under the default API prefix: a non-stateful API request carries no session, so no CSRF applies. */
export const PROBE = '/api/__probe';

/** A bcrypt hash (of "password") that must never appear in a log line. */
export const PROBE_HASH = '$2b$04$Wq9LhTzq2m0Ue6qE6m9f5u3R5yH2E0V3pZ8mNnQ1xK7hJf9Yk2b6a';

/**
 * Test-only routes that exercise the foundation (validation pipe, error filter, database outage
 * mapping) without depending on any feature module. Mounted through startApp({ extraModules }).
 */
@Controller(PROBE.slice(1))
export class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Echoes the validated DTO, so tests can see what survived trimming and the whitelist. */
  @Public()
  @Post()
  @HttpCode(200)
  echo(@Body() body: ProbeDto) {
    return { received: body, keys: Object.keys(body).sort() };
  }

  /** An unexpected failure carrying internal details that must never reach the client. */
  @Public()
  @Get('boom')
  boom(): never {
    throw new Error('relation "secret_table" does not exist at /srv/app/internal.ts:42 password=hunter2');
  }

  /**
   * A failed write whose driver error carries the values: the bcrypt hash is in the query's
   * parameters and in PostgreSQL's "Failing row contains (…)" detail (the NOT NULL email).
   */
  @Public()
  @Get('query-failure')
  async queryFailure() {
    await this.dataSource.query('INSERT INTO users (name, email, password) VALUES ($1, NULL, $2)', ['Probe', PROBE_HASH]);
  }

  /** Touches the database, so an outage surfaces as the error filter renders it. */
  @Public()
  @Get('db')
  async db() {
    const [row] = await this.dataSource.query('SELECT 1 AS one');
    return { one: row.one };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
