import { AcceptsHostFields, HostFieldDefinition, ResolvedHostField, resolveHostFields } from './host-field-rules';

/** One extra team field the host declares (XetaSuite's `is_headquarters`); its column is added by the host's migration. */
export type TeamFieldDefinition = HostFieldDefinition<TeamFieldPurpose>;
export type TeamFieldDefinitions = Record<string, TeamFieldDefinition>;
/** `create`: POST /api/teams; `update`: PUT /api/teams/:id. */
export type TeamFieldPurpose = 'create' | 'update';

/** The host's `teams.fields` option, checked at start; empty = none. */
export const TEAM_FIELDS = Symbol('TEAM_FIELDS');

/** The team JSON is flat (`{ id, name, ...fields }`), so a field may not take a built-in key. */
const TEAM_KEYS = ['id', 'name', 'created_at', 'updated_at'];

export const resolveTeamFields = (definitions: TeamFieldDefinitions | undefined): ResolvedHostField[] => resolveHostFields('teams.fields', definitions, TEAM_KEYS);

/** Marks a team DTO whose body may carry the host's extra team fields; an update leaves absent ones as they are. */
export const AcceptsTeamFields = (purpose: TeamFieldPurpose): ClassDecorator => AcceptsHostFields({ table: 'teams', purpose, partial: purpose === 'update' });
