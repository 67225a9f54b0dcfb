/** The RequestRepository port on the single DynamoDB table. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RequestFact } from '#shared/domain/request-fact';
import { refusedChange, type RequestStatus } from '#shared/domain/request-state';
import type { ServiceRequest, TimelineEvent } from '#shared/domain/service-request';
import {
  IdempotencyKeyTakenError,
  TrackingCodeTakenError,
  type IdempotencyRecord,
  type NewRequestRecord,
  type OfferReservation,
  type ReservationOutcome,
  type RequestRepository,
  type ClaimSlotHolder,
  type SweepPlace,
  type ListedRequest,
  type CreatedEntry,
  type CreatedRange,
  type StatusChange,
  type WallPage,
} from '#shared/ports/request-repository';
import type { SigningKeys } from '#shared/ports/signing-keys';
import { cancellationReasons, failedConditionAt, transactWrite, type TransactItem } from './transaction-errors';
import { idempotencyPut, readIdempotency, type Put } from './idempotency-items';
import { keys } from './keys';
import { outboxItem } from './outbox';
import { putNew, statusChangeItems, teamCapacityGivenBack, teamCapacityTaken, teamStillCovers } from './request-change-items';
import { factItem } from './stats-facts';
import { detailsItem, eventItem, requestItem, requestOfItem, storedRequest, withDetails } from './request-items';
import { batchGetAll } from './batch';
import { type DamagedItems, loggedDamage } from './damaged-items';
import { claimItems, reviewQueueItems, wallPage } from './wish-wall-items';
import { ClaimLimitError } from '#shared/domain/wish';
import { capacityHolder } from '#shared/domain/offer-lifecycle';
import { queryAll, stripKeys } from './query';
import { DynamoSigningKeys } from './signing-keys';
import { waitingLineItems } from './waiting-line';
import { CreatedIndex } from './created-index';

/** Request ids are lowercase letters and digits (`newRequestId`), so no request has this one. */
const NEVER_ISSUED_REQUEST_ID = '-';

export class DynamoRequestRepository implements RequestRepository {
  /** The creation index the admins' list reads (gsi4). */
  readonly created: CreatedIndex;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Seals the kept first response (it holds the resident's access token) at rest. */
    private readonly sealingKeys: Pick<SigningKeys, 'current' | 'find'> = new DynamoSigningKeys(db, tableName),
    /** Told of a request read without its details item (`withDetails`). */
    private readonly damaged: DamagedItems = loggedDamage(),
  ) {
    this.created = new CreatedIndex(db, tableName);
  }

  async create(record: NewRequestRecord): Promise<void> {
    const request = storedRequest(record.request);
    const items: Put[] = [
      putNew(this.tableName, requestItem(request)),
      putNew(this.tableName, { ...keys.trackingCode(request.trackingCode), entity: 'TrackingCode', requestId: request.id }),
      ...record.events.map((event) => putNew(this.tableName, eventItem(event))),
      ...record.outbox.map((message) => putNew(this.tableName, outboxItem(message))),
      ...(record.fact ? [putNew(this.tableName, factItem(record.fact))] : []),
      ...(request.detailsApart ? [putNew(this.tableName, detailsItem(request))] : []),
    ];
    const trackingIndex = 1;
    const kept = [record.idempotency, record.repeat].flatMap((r) => (r ? [r] : []));
    const keptFrom = items.length;
    for (const r of kept) {
      const takesOver = r === record.repeat ? record.repeatTakesOver : undefined;
      items.push(await idempotencyPut(this.tableName, this.sealingKeys, r, { now: request.createdAt, requestId: request.id, takesOver }));
    }

    try {
      await this.transact(items);
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[trackingIndex]?.Code === 'ConditionalCheckFailed') throw new TrackingCodeTakenError();
      const taken = kept.find((_, i) => reasons?.[keptFrom + i]?.Code === 'ConditionalCheckFailed');
      if (taken) throw new IdempotencyKeyTakenError(taken.keyHash);
      throw error;
    }
  }

  async get(id: string): Promise<ServiceRequest | undefined> {
    // One read of the request's item and, when its details are kept apart, theirs (`REQ#DETAILS`).
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :request)',
        ExpressionAttributeValues: { ':pk': keys.requestPartition(id), ':request': keys.request(id).sk },
        ConsistentRead: true,
      }),
    );
    const items = out.Items ?? [];
    const item = items.find((i) => i.sk === keys.request(id).sk);
    const details = items.find((i) => i.sk === keys.requestDetails(id).sk);
    return item ? withDetails(toRequest(item), details, this.damaged) : undefined;
  }

  async getWithTimeline(id: string): Promise<{ request: ServiceRequest; timeline: TimelineEvent[] } | undefined> {
    // One query reads the request, its details and its events: they share the partition, and
    // `EVT#` < `REQ` < `REQ#DETAILS` (facts written here before 2026-12-07, `STATFACT#`, sort after
    // and are not read; upgrade shim note, remove after 2027-01-16 when the last of them has expired).
    let request: ServiceRequest | undefined;
    let details: Record<string, unknown> | undefined;
    const timeline: TimelineEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk <= :details',
          ExpressionAttributeValues: { ':pk': keys.requestPartition(id), ':details': keys.requestDetails(id).sk },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk === keys.request(id).sk) request = toRequest(item);
        else if (sk === keys.requestDetails(id).sk) details = item;
        else if (sk.startsWith(keys.timelinePrefix)) timeline.push(toEvent(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return request ? { request: withDetails(request, details, this.damaged), timeline } : undefined;
  }

  async findByTrackingCode(code: string): Promise<ServiceRequest | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.trackingCode(code) }));
    const requestId = typeof out.Item?.requestId === 'string' ? out.Item.requestId : undefined;
    // Two reads whether the code exists or not, so the lookup's timing does not tell which codes
    // exist: an unknown code reads a request that is never stored.
    const request = await this.get(requestId ?? NEVER_ISSUED_REQUEST_ID);
    return requestId ? request : undefined;
  }

  findIdempotency(keyHash: string): Promise<IdempotencyRecord | undefined> {
    return readIdempotency(this.db, this.tableName, this.sealingKeys, keyHash);
  }

  async changeStatus(change: StatusChange): Promise<void> {
    const items = statusChangeItems(this.tableName, change);
    try {
      await this.transact(items);
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons && failedConditionAt(reasons) === 0) {
        throw refusedChange(storedStatus(reasons[0]?.Item) ?? change.before.status, change.after.status);
      }
      // The last item takes the claim slot (`claimSlotChanges`): the volunteer holds their limit already.
      if (change.claimSlot && reasons && failedConditionAt(reasons) === items.length - 1) throw new ClaimLimitError(change.claimSlot.limit);
      throw error;
    }
  }

  async reserveOffer(reservation: OfferReservation): Promise<ReservationOutcome> {
    const [requestPut, ...rest] = statusChangeItems(this.tableName, reservation);
    const takeCapacity = teamCapacityTaken(this.tableName, reservation);
    // An offer judged on the team (dispatch) holds only while the team still handles the service.
    const covered = reservation.teamVersion !== undefined ? [teamStillCovers(this.tableName, reservation)] : [];
    try {
      await this.transact([requestPut!, takeCapacity, ...covered, ...rest]);
      return 'offered';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'request-changed';
      if (reasons?.slice(1, 2 + covered.length).some((r) => r.Code === 'ConditionalCheckFailed')) return 'team-unavailable';
      throw error;
    }
  }

  async releaseOffer(release: OfferReservation): Promise<'released' | 'request-changed'> {
    const [requestPut, ...rest] = statusChangeItems(this.tableName, release);
    const giveBack = teamCapacityGivenBack(this.tableName, release.teamId);
    try {
      await this.transact([requestPut!, giveBack, ...rest]);
      return 'released';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'request-changed';
      throw error;
    }
  }

  async update(before: ServiceRequest, after: ServiceRequest, fact?: RequestFact): Promise<boolean> {
    const put = {
      TableName: this.tableName,
      Item: requestItem(after),
      ConditionExpression: `#status = :from AND #version = :version AND ${before.dueAt ? '#dueAt = :dueAt' : 'attribute_not_exists(#dueAt)'}`,
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version', '#dueAt': 'dueAt' },
      ExpressionAttributeValues: {
        ':from': before.status,
        ':version': before.version,
        ...(before.dueAt ? { ':dueAt': before.dueAt } : {}),
      },
    };
    try {
      // With a fact, one transaction: the new version and its fact, both or neither.
      if (fact) await this.transact([{ Put: put }, putNew(this.tableName, factItem(fact))]);
      else await this.db.send(new PutCommand(put));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      if (fact && failedConditionAt(cancellationReasons(error) ?? []) === 0) return false;
      throw error;
    }
  }

  dueForSweep(now: string, limit: number, after?: SweepPlace): Promise<ServiceRequest[]> {
    // `~` sorts after every id character, so requests due exactly at `now` are included.
    const values = { ':pk': keys.sweepDuePartition, ':upTo': `${now}~` };
    const from = after ? { ...keys.request(after.id), ...keys.sweepDue(after.dueAt, after.id) } : undefined;
    return this.listing('gsi2', 'gsi2pk = :pk AND gsi2sk <= :upTo', values, limit, from);
  }

  escalated(limit: number): Promise<ServiceRequest[]> {
    return this.listing('gsi1', 'gsi1pk = :pk', { ':pk': keys.escalatedPartition }, limit);
  }

  async openForTeam(teamId: string, status: 'OFFERED' | 'ACCEPTED', limit: number): Promise<ServiceRequest[]> {
    // Every page: a team's open work can pass a Query's 1 MB (a thousand orders with their contact).
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
      ExpressionAttributeValues: { ':pk': keys.teamOpenPartition(teamId), ':status': `${status}#` },
    });
    // The index lags a take-back or a cancel, and an order shows the full contact: the requests as
    // they stand decide, with their details, in one consistent batch read of the listed ids.
    const listed = items.slice(0, limit).map(toRequest);
    const wanted = listed.flatMap((r) => [{ ...keys.request(r.id) }, ...(r.detailsApart ? [{ ...keys.requestDetails(r.id) }] : [])]);
    const found = listed.length ? await batchGetAll(this.db, this.tableName, wanted, { consistentRead: true }) : [];
    const current = new Map(found.map((item) => [`${String(item.pk)}/${String(item.sk)}`, item]));
    return listed.flatMap((r) => {
      const base = current.get(`${keys.requestPartition(r.id)}/${keys.request(r.id).sk}`);
      const now = base ? toRequest(base) : undefined;
      if (!now || now.status !== status || capacityHolder(now) !== teamId) return [];
      return [withDetails(now, current.get(`${keys.requestPartition(r.id)}/${keys.requestDetails(r.id).sk}`), this.damaged)];
    });
  }

  async waiting(serviceCode: string, areaId: string, limit: number): Promise<ServiceRequest[]> {
    return this.withStoredDetails(await waitingLineItems(this.db, this.tableName, serviceCode, areaId, limit));
  }

  wall(areaId: string, limit: number, cursor?: string): Promise<WallPage> {
    return wallPage(this.db, this.tableName, areaId, limit, cursor);
  }

  async inReview(districtId: string, limit: number, within?: string): Promise<ServiceRequest[]> {
    return this.withStoredDetails(await reviewQueueItems(this.db, this.tableName, districtId, limit, within));
  }

  async claimedBy(holder: ClaimSlotHolder, limit: number): Promise<ServiceRequest[]> {
    return this.withStoredDetails(await claimItems(this.db, this.tableName, holder, limit));
  }

  async listCreated(districtId: string, month: string, areaPrefix: string): Promise<ListedRequest[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :area)',
      ExpressionAttributeValues: { ':pk': keys.adminListingPartition(districtId, month), ':area': areaPrefix },
    });
    return items.map(toRequest);
  }

  createdEntries(
    districtId: string,
    month: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ entries: CreatedEntry[]; more: boolean }> {
    return this.created.entries(districtId, month, range, limit);
  }

  createdIn(
    districtId: string,
    month: string,
    communityId: string,
    range: CreatedRange,
    limit: number,
  ): Promise<{ requests: ListedRequest[]; more: boolean }> {
    return this.created.inCommunity(districtId, month, communityId, range, limit);
  }

  listedByIds(ids: readonly string[]): Promise<ListedRequest[]> {
    return this.created.requests(ids);
  }

  /** One page of requests from a sparse index listing, in index order. */
  private async listing(
    index: 'gsi1' | 'gsi2',
    condition: string,
    values: Record<string, string>,
    limit: number,
    exclusiveStartKey?: Record<string, string>,
  ): Promise<ServiceRequest[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        Limit: limit,
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    return this.withStoredDetails(out.Items ?? []);
  }

  /** The requests of index entries, with the details of those kept apart (one consistent batch read). */
  private async withStoredDetails(items: Record<string, unknown>[]): Promise<ServiceRequest[]> {
    const requests = items.map(toRequest);
    const apart = requests.filter((r) => r.detailsApart).map((r) => ({ ...keys.requestDetails(r.id) }));
    if (apart.length === 0) return requests;
    const found = await batchGetAll(this.db, this.tableName, apart, { consistentRead: true });
    const byPartition = new Map(found.map((item) => [String(item.pk), item]));
    return requests.map((r) => withDetails(r, byPartition.get(keys.requestPartition(r.id)), this.damaged));
  }

  async addNote(event: TimelineEvent): Promise<void> {
    // Two notes in the same millisecond at the same version would share a key: the later moves on by a sequence number.
    for (let bump = 0; ; bump++) {
      try {
        await this.db.send(new PutCommand({ ...putNew(this.tableName, eventItem({ ...event, seq: event.seq + bump })).Put }));
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || bump >= 20) throw error;
      }
    }
  }

  async addNoteOnce(event: TimelineEvent, once: string): Promise<boolean> {
    const marker = putNew(this.tableName, { ...keys.onceNote(event.requestId, once), entity: 'OnceNote', at: event.at });
    // The note's own key may meet another note of the same millisecond and version: move on as addNote does.
    for (let bump = 0; ; bump++) {
      try {
        await this.transact([marker, putNew(this.tableName, eventItem({ ...event, seq: event.seq + bump }))]);
        return true;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
        if (reasons?.[1]?.Code !== 'ConditionalCheckFailed' || bump >= 20) throw error;
      }
    }
  }

  private transact(items: TransactItem[]) {
    return transactWrite(this.db, items);
  }
}

/** The status in a cancellation reason's item; the SDK leaves that item in wire format. */
function storedStatus(item: Record<string, unknown> | undefined): RequestStatus | undefined {
  const status = item?.status as { S?: string } | string | undefined;
  return (typeof status === 'string' ? status : status?.S) as RequestStatus | undefined;
}

const toRequest = (item: Record<string, unknown>) => requestOfItem(stripKeys(item));

const toEvent = (item: Record<string, unknown>) => stripKeys(item) as unknown as TimelineEvent;
