/**
 * A full set of in-memory adapters, one per port, for the use cases to run on with no server:
 * the unit tests' dependencies and the simulation's. Each part may be given (a subclass with
 * more to it), else a new empty one is made.
 */
import { MemoryRateLimiter } from './rate-limiter';
import { MemoryWorkUnits } from './work-units';
import type { Area } from '#shared/domain/area';
import type { Category, Service } from '#shared/domain/catalog';
import type { Clock } from '#shared/ports/clock';
import type { SigningKey } from '#shared/ports/signing-keys';
import { MemoryCreditLedger } from './credit-ledger';
import { MemoryDeliveryLog, MemoryNoticeDeliveries, RecordingSender } from './notify';
import { RecordingPublisher } from './queue-publisher';
import { MemoryAreas, MemoryCatalog } from './reference-data';
import { MemoryRequests } from './request-repository';
import { MemorySigningKeys } from './signing-keys';
import { MemoryStatsCounters } from './stats-counters';
import { MemoryTeams } from './team-repository';
import { MemoryTeamInvitations } from './team-invitations';
import { MemoryVolunteerRegistry } from './volunteer-registry';
import { MemoryCertificateStore } from './certificate-store';
import { MemorySignInCodes } from './sign-in-codes';

export interface MemoryDepsOptions<R extends MemoryRequests, S extends MemoryStatsCounters> {
  /** The system clock when not given. */
  readonly clock?: Clock;
  readonly categories?: readonly Category[];
  readonly services?: readonly Service[];
  readonly areas?: Iterable<Area>;
  /** The teams; when `requests` is given, its teams. */
  readonly teams?: MemoryTeams;
  readonly requests?: R;
  readonly counters?: S;
  readonly publisher?: RecordingPublisher;
  readonly signingKey?: SigningKey;
}

/** One in-memory adapter per port; the outbox rides with the requests, as in the table. */
export interface MemoryDeps<R extends MemoryRequests = MemoryRequests, S extends MemoryStatsCounters = MemoryStatsCounters> {
  readonly clock: Clock;
  readonly requests: R;
  readonly outbox: R;
  readonly teams: MemoryTeams;
  readonly credits: MemoryCreditLedger;
  readonly volunteers: MemoryVolunteerRegistry;
  readonly invitations: MemoryTeamInvitations;
  readonly certificates: MemoryCertificateStore;
  readonly signInCodes: MemorySignInCodes;
  readonly units: MemoryWorkUnits;
  readonly limiter: MemoryRateLimiter;
  readonly counters: S;
  readonly catalog: MemoryCatalog;
  readonly areas: MemoryAreas;
  readonly publisher: RecordingPublisher;
  readonly deliveries: MemoryDeliveryLog;
  readonly noticeDeliveries: MemoryNoticeDeliveries;
  readonly sender: RecordingSender;
  readonly signingKeys: MemorySigningKeys;
}

export function memoryDeps<R extends MemoryRequests = MemoryRequests, S extends MemoryStatsCounters = MemoryStatsCounters>(
  options: MemoryDepsOptions<R, S> = {},
): MemoryDeps<R, S> {
  const teams = options.requests?.teams ?? options.teams ?? new MemoryTeams();
  const requests = options.requests ?? (new MemoryRequests(teams) as R);
  const clock = options.clock ?? { now: () => new Date() };
  const volunteers = new MemoryVolunteerRegistry();
  return {
    clock,
    requests,
    outbox: requests,
    teams,
    // Marked voided, or withheld before its credits were posted: as the table's check of the request's item.
    credits: new MemoryCreditLedger((id) => requests.requests.get(id)?.creditsVoided ?? requests.requests.get(id)?.creditsWithheld),
    volunteers,
    invitations: new MemoryTeamInvitations(volunteers),
    certificates: new MemoryCertificateStore(),
    signInCodes: new MemorySignInCodes(),
    units: new MemoryWorkUnits(),
    limiter: new MemoryRateLimiter(),
    counters: options.counters ?? (new MemoryStatsCounters() as S),
    catalog: new MemoryCatalog({ categories: options.categories ?? [], services: options.services ?? [] }),
    areas: new MemoryAreas(options.areas),
    publisher: options.publisher ?? new RecordingPublisher(),
    deliveries: new MemoryDeliveryLog(),
    noticeDeliveries: new MemoryNoticeDeliveries(requests),
    sender: new RecordingSender(),
    signingKeys: new MemorySigningKeys(options.signingKey, clock),
  };
}
