import { RecordId, Required, PlainName } from './rbac-fields';

export class CreateTeamDto {
  @Required()
  @PlainName()
  name: string;
}

export class SwitchTeamDto {
  @Required()
  @RecordId()
  team_id: number;
}
