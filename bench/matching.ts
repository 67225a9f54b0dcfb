/**
 * Time per dispatch as the number of teams grows (100, 1,000, 10,000, 100,000), on DynamoDB
 * Local. The request's community always has the same 10 candidate teams; the other teams are
 * spread over the demo communities with one demo service each. Measured at each size (after 5
 * unmeasured rounds):
 *  - find + rank: `teams.candidates` (4 gsi1 queries and a consistent BatchGet) and `rankCandidates`;
 *  - dispatch: the whole `dispatchRequest` use case on a new request (read, find, rank, offer transaction);
 *  - find + rank with 1 in 100 of all teams as candidates (teams serving the whole city).
 * The other teams are written as raw items (25 a BatchWriteItem): the team and coverage items
 * `teams.register` writes, without its read-back, so 100,000 teams take a minute or two, not ten.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { tableAdapters } from '#shared/wiring/composition';
import { batchWriteAll } from '#shared/adapters/dynamo/batch';
import { keys } from '#shared/adapters/dynamo/keys';
import { coverageItem } from '#shared/adapters/dynamo/team-repository';
import { lineage } from '#shared/domain/area';
import { rankCandidates } from '#shared/domain/matching';
import type { Team } from '#shared/domain/team';
import { TrackingCodeTakenError } from '#shared/ports/request-repository';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { requestFixture, teamFixture } from '../test/support/fixtures';
import { median } from './percentiles';

export interface MatchPoint {
  readonly teams: number;
  readonly findRankMs: number;
  readonly dispatchMs: number;
  readonly wideCandidates: number;
  readonly wideFindRankMs: number;
}

const TARGET = '370902003001';
const CITY = '3709';
const FIXED = 'bench-fixed';
const WIDE = 'bench-wide';

function teamItems(team: Team, services: readonly string[]): Array<Record<string, unknown>> {
  return [
    { ...keys.team(team.id), entity: 'Team', ...keys.teamListing(team.stationAreaId, team.id), ...team, active: 0, recentOrders: {} },
    ...services.map((code) => coverageItem(team, code)),
  ];
}

async function writeAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: Array<Record<string, unknown>>,
  concurrency = 16,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const start = next;
        next += 25;
        await batchWriteAll(
          db,
          tableName,
          items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
        );
      }
    }),
  );
}

/** A new SUBMITTED request; a fixture's tracking code may meet one the stack drew, so draw again. */
async function storedRequest(adapters: ReturnType<typeof tableAdapters>) {
  for (;;) {
    const request = requestFixture({ serviceCode: FIXED, areaId: TARGET, description: 'bench' });
    try {
      await adapters.requests.create({ request, events: [], outbox: [] });
      return request;
    } catch (error) {
      if (!(error instanceof TrackingCodeTakenError)) throw error;
    }
  }
}

export async function matchingScale(
  adapters: ReturnType<typeof tableAdapters>,
  db: DynamoDBDocumentClient,
  tableName: string,
  communities: string[],
  services: string[],
  sizes: number[],
  samples = 30,
  progress: (line: string) => void = () => undefined,
): Promise<MatchPoint[]> {
  const deps = { ...adapters, clock: { now: () => new Date() } };
  for (let i = 0; i < 10; i++) {
    const t = teamFixture(`fixed-${i}`, { stationAreaId: TARGET, servesAreaId: TARGET, services: [FIXED], capacity: 1000 });
    await adapters.teams.register(t, [FIXED]);
  }
  let registered = 10;
  const points: MatchPoint[] = [];
  for (const size of sizes) {
    const started = performance.now();
    const items: Array<Record<string, unknown>> = [];
    for (let i = registered; i < size; i++) {
      const station = communities[i % communities.length]!;
      const wide = i % 100 === 50;
      const handles = wide ? [WIDE] : [services[(i * 7) % services.length]!];
      const team = teamFixture(`other-${i}`, {
        stationAreaId: station,
        servesAreaId: wide ? CITY : i % 3 === 0 ? station.split('.').slice(0, 3).join('.') : station,
        services: handles,
        rating: 3 + (i % 20) / 10,
      });
      items.push(...teamItems(team, team.services));
    }
    await writeAll(db, tableName, items);
    registered = Math.max(size, registered);
    progress(`matching: ${size.toLocaleString('en')} teams written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const probe = requestFixture({ serviceCode: FIXED, areaId: TARGET });
    const wideProbe = requestFixture({ serviceCode: WIDE, areaId: TARGET });
    const findRank: number[] = [];
    const wideTimes: number[] = [];
    let wideCandidates = 0;
    const dispatchTimes: number[] = [];
    for (let i = -5; i < samples; i++) {
      const keep = i >= 0;
      let t0 = performance.now();
      rankCandidates(probe, await adapters.teams.candidates(FIXED, lineage(TARGET)), new Date());
      if (keep) findRank.push(performance.now() - t0);
      t0 = performance.now();
      const wideTeams = await adapters.teams.candidates(WIDE, lineage(TARGET));
      rankCandidates(wideProbe, wideTeams, new Date());
      if (keep) wideTimes.push(performance.now() - t0);
      wideCandidates = wideTeams.length;
      const request = await storedRequest(adapters);
      t0 = performance.now();
      const outcome = await dispatchRequest(deps, { requestId: request.id, version: 1 });
      if (keep) dispatchTimes.push(performance.now() - t0);
      if (outcome.kind !== 'offered') throw new Error(`matching probe was not offered (${outcome.kind})`);
    }
    points.push({
      teams: size,
      findRankMs: median(findRank),
      dispatchMs: median(dispatchTimes),
      wideCandidates,
      wideFindRankMs: median(wideTimes),
    });
  }
  return points;
}
