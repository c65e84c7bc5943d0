import type { DataSource, EntityManager } from 'typeorm';
import { insertImportedTokens, moveTokenIdsPastImported } from '../tokens/token-import.writer';
import { findUsersLike, importTwoFactor, insertImportedUsers, moveUserIdsPastImported } from '../users/user-import.writer';
import {
  insertImportedGrants,
  insertImportedPermissions,
  insertImportedRoles,
  insertImportedTeams,
  insertImportedUserPermissions,
  insertImportedUserRoles,
  moveTeamIdsPastImported,
} from '../rbac/rbac-import.writer';
import type { ImportCount, ImportOptions, ImportSummary, Progress } from './import-types';
import { ImportTarget, inBatches } from './import-target';
import {
  assignmentPages,
  countRows,
  emailsOf,
  largestId,
  readDuplicateEmails,
  readSpatieCatalogue,
  SpatieCatalogue,
  teamsColumnOf,
  tokenPages,
  twoFactorUserPages,
  userPages,
} from './laravel-source';
import { AssignmentTally, planAssignments, planRbacCatalogue, RbacCatalogPlan } from './plan-rbac';
import { otherTypeProblems, planTokens } from './plan-tokens';
import { checkDecryptable, planTwoFactor, planUsers } from './plan-users';
import type { SourceDatabase } from './source-database';

/** One run: the source, where it writes, and the summary it builds up page by page. */
interface Run {
  source: SourceDatabase;
  target: ImportTarget;
  options: ImportOptions;
  progress: Progress;
  counts: ImportCount[];
  problems: string[];
}

const count = (what: string, found: number, added: number, skipped = 0): ImportCount => ({ what, found, added, skipped });

/** Adds one page's numbers to a line of the summary. */
function tally(line: ImportCount, found: number, added: number, skipped: number): void {
  line.found += found;
  line.added += added;
  line.skipped += skipped;
}

/** The Laravel users with these ids who are here under the same email (imported now or before): id → email. */
async function usersHere(run: Run, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const laravel = await emailsOf(run.source, unique);
  const here = await findUsersLike(run.target.reader, unique, []);
  return new Map(here.filter((user) => laravel.get(user.id) === user.email).map((user) => [user.id, user.email]));
}

/** Users and their two-factor columns, one transaction per page. */
async function importUsers(run: Run): Promise<void> {
  const { options } = run;
  const withUsers = options.parts.has('users');
  const withTwoFactor = options.parts.has('two-factor');
  const duplicates = await readDuplicateEmails(run.source);
  const users = count('users', 0, 0);
  const twoFactor = count('two-factor', 0, 0);
  let enrolledNotImported = 0;
  for await (const page of userPages(run.source, options.batchSize)) {
    const plan = await planUsers(run.target.reader, page, options, duplicates);
    const tf = withTwoFactor ? planTwoFactor(page, plan.accepted, options) : null;
    if (!tf) enrolledNotImported += page.filter((u) => u.twoFactorSecret).length;
    const [added, tfAdded] = await run.target.batch(async (manager) => [
      withUsers ? (await insertImportedUsers(manager, plan.rows)).length : 0,
      tf ? (await importTwoFactor(manager, tf.rows)).length : 0,
    ]);
    tally(users, page.length, added, plan.skipped);
    if (tf) tally(twoFactor, tf.found, tfAdded, tf.skipped);
    run.problems.push(...plan.problems, ...(tf?.problems ?? []));
    run.progress.advance(page.length);
  }
  if (enrolledNotImported > 0) {
    run.problems.push(`${enrolledNotImported} user(s) have two-factor authentication in Laravel: without the two-factor part they sign in with a password alone`);
  }
  if (withUsers) run.counts.push(users);
  if (withTwoFactor) run.counts.push(twoFactor);
}

async function importTokens(run: Run): Promise<void> {
  const { options } = run;
  const tokens = count('tokens', 0, 0);
  const otherTypes = new Map<string, number>();
  for await (const page of tokenPages(run.source, options.batchSize)) {
    const owners = await usersHere(run, page.filter((t) => t.tokenableType === options.userModel).map((t) => t.tokenableId));
    const plan = await planTokens(run.target.reader, page, owners, options.userModel, otherTypes);
    const added = await run.target.batch(async (manager) => (await insertImportedTokens(manager, plan.rows)).length);
    tally(tokens, plan.found, added, plan.skipped);
    run.problems.push(...plan.problems);
    run.progress.advance(page.length);
  }
  run.problems.push(...otherTypeProblems(otherTypes, options.userModel));
  run.counts.push(tokens);
}

type Write<T> = (manager: EntityManager, batch: T[]) => Promise<number>;

/** Teams go first: users keep their current_team_id only when the team exists. */
async function importTeams(run: Run, rbac: RbacCatalogPlan): Promise<ImportCount> {
  const write: Write<(typeof rbac.teams)[number]> = async (manager, batch) => (await insertImportedTeams(manager, batch)).length;
  const added = await inBatches(run.target, rbac.teams, write, () => undefined, run.options.batchSize);
  return count('teams', rbac.found.teams, added);
}

async function importAssignments(run: Run, rbac: RbacCatalogPlan, teamsColumn: string | null, kind: 'role' | 'permission'): Promise<ImportCount> {
  const { options } = run;
  const assignments = new AssignmentTally(kind === 'role' ? 'role assignment(s)' : 'direct permission(s)');
  const table = kind === 'role' ? 'model_has_roles' : 'model_has_permissions';
  let added = 0;
  for await (const page of assignmentPages(run.source, table, teamsColumn, options.batchSize)) {
    const holders = await usersHere(run, page.filter((a) => a.modelType === options.userModel).map((a) => a.modelId));
    const rows = planAssignments(page, kind, rbac, holders, options.userModel, assignments);
    added += await run.target.batch((manager) => (kind === 'role' ? insertImportedUserRoles(manager, rows) : insertImportedUserPermissions(manager, rows)));
    run.progress.advance(page.length);
  }
  run.problems.push(...assignments.problems(options.userModel));
  return count(kind === 'role' ? 'user roles' : 'user permissions', assignments.found, added, assignments.skipped);
}

/** spatie's catalogue (permissions, roles, their grants), then the assignments page by page. */
async function importRbac(run: Run, rbac: RbacCatalogPlan, teams: ImportCount, teamsColumn: string | null): Promise<void> {
  const { target, options } = run;
  const batches = <T>(rows: T[], write: Write<T>) => inBatches(target, rows, write, (n) => run.progress.advance(n), options.batchSize);
  run.problems.push(...rbac.problems);
  run.counts.push(
    teams,
    count('permissions', rbac.found.permissions, await batches(rbac.permissions, insertImportedPermissions), rbac.skipped.permissions),
    count('roles', rbac.found.roles, await batches(rbac.roles, insertImportedRoles), rbac.skipped.roles),
    count('role permissions', rbac.found.grants, await batches(rbac.grants, insertImportedGrants), rbac.skipped.grants),
  );
  run.counts.push(await importAssignments(run, rbac, teamsColumn, 'role'), await importAssignments(run, rbac, teamsColumn, 'permission'));
}

/** What the progress bar counts: every source row a page or a batch goes through. */
async function rowsToRead(source: SourceDatabase, options: ImportOptions, catalogue: SpatieCatalogue | null, rbac: RbacCatalogPlan | null): Promise<number> {
  let total = 0;
  if (options.parts.has('users') || options.parts.has('two-factor')) total += await countRows(source, 'users');
  if (options.parts.has('tokens')) total += await countRows(source, 'personal_access_tokens');
  if (catalogue && rbac) {
    total += rbac.permissions.length + rbac.roles.length + rbac.grants.length;
    total += (await countRows(source, 'model_has_roles')) + (await countRows(source, 'model_has_permissions'));
  }
  return total;
}

/**
 * Reads the Laravel app page by page (keyset pagination, `batchSize` rows) and writes what is missing
 * here, one transaction per page; a dry run does the same and keeps nothing. A wrong key, a missing
 * teams column or an unreadable source fails before the first write.
 */
export async function importLaravel(source: SourceDatabase, dataSource: DataSource, options: ImportOptions, progress: Progress): Promise<ImportSummary> {
  const teamsColumn = options.parts.has('roles') ? await teamsColumnOf(source, options.teamsColumn) : null;
  if (options.decrypter) for await (const page of twoFactorUserPages(source, options.batchSize)) checkDecryptable(page, options);
  const catalogue = options.parts.has('roles') ? await readSpatieCatalogue(source, teamsColumn) : null;
  const target = await ImportTarget.open(dataSource, options.dryRun);
  const run: Run = { source, target, options, progress, counts: [], problems: [] };
  try {
    const rbac = catalogue ? await planRbacCatalogue(target.reader, catalogue, options) : null;
    progress.start(await rowsToRead(source, options, catalogue, rbac));
    const teams = rbac ? await importTeams(run, rbac) : null;
    if (options.parts.has('users') || options.parts.has('two-factor')) await importUsers(run);
    if (options.parts.has('tokens')) await importTokens(run);
    if (rbac && teams) await importRbac(run, rbac, teams, teamsColumn);
    const largest = {
      users: options.parts.has('users') ? await largestId(source, 'users') : 0,
      tokens: options.parts.has('tokens') ? await largestId(source, 'personal_access_tokens') : 0,
      teams: catalogue && teamsColumn ? Math.max(await largestId(source, 'teams'), ...catalogue.teams.map((t) => t.id)) : 0,
    };
    await target.finish(async (manager) => {
      if (options.parts.has('users')) await moveUserIdsPastImported(manager, largest.users);
      if (options.parts.has('tokens')) await moveTokenIdsPastImported(manager, largest.tokens);
      if (rbac) await moveTeamIdsPastImported(manager, largest.teams);
    });
    return { dryRun: options.dryRun, counts: run.counts, problems: run.problems };
  } finally {
    progress.stop();
    await target.close();
  }
}
