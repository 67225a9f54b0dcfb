import { MemoryTeamInvitations } from '#shared/adapters/memory/team-invitations';
import { MemoryVolunteerRegistry } from '#shared/adapters/memory/volunteer-registry';
import { teamInvitationsContract } from '../../support/team-invitations-contract';

// The same checks as the DynamoDB adapter's on DynamoDB Local (test/integration/team-invitations.test.ts).
const volunteers = new MemoryVolunteerRegistry();
const invitations = new MemoryTeamInvitations(volunteers);
teamInvitationsContract('MemoryTeamInvitations, the in-memory TeamInvitations', () => ({ invitations, volunteers }));
