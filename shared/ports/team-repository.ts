import type { Team } from '#shared/domain/team';

/** Volunteer teams. */
export interface TeamRepository {
  get(id: string): Promise<Team | undefined>;
  put(team: Team): Promise<void>;
}
