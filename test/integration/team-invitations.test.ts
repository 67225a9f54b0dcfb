import { useLocalStack } from '../support/local-stack';
import { teamInvitationsContract } from '../support/team-invitations-contract';

const local = useLocalStack({ seed: false });

teamInvitationsContract('DynamoTeamInvitations on DynamoDB Local', () => local().adapters);
