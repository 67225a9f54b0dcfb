/**
 * A service's waiting line on the table (gsi1 `WAITING#<service>` / `<county>#<0 urgent, 1
 * normal>#<createdAt>#<id>`), read for an area of any level. Within a county: its line, page by
 * page, keeping the requests inside the area. Above: each county with requests waiting, found by
 * skipping through the line by its keys' county codes (the division code makes a city's or
 * province's counties one contiguous range of keys), read as above, the lines merged.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isWithin } from '#shared/domain/area';
import { WAITING_LINE_PAGE, WAITING_LINE_PAGES } from '#shared/ports/request-repository';
import { keys } from './keys';

type Item = Record<string, unknown>;

/** The line's first `limit` items in the area, urgent first, then oldest (then by id). */
export async function waitingLineItems(
  db: DynamoDBDocumentClient,
  tableName: string,
  serviceCode: string,
  areaId: string,
  limit: number,
): Promise<Item[]> {
  const pk = keys.waitingPartition(serviceCode);
  if (areaId.length >= 6) return countyLine(db, tableName, pk, areaId.slice(0, 6), areaId, limit);
  const items: Item[] = [];
  // Past the county, a key is `<0 or 1>#<createdAt>#<id>`: the line's order in every county.
  const inLine = (item: Item) => String(item.gsi1sk).slice(String(item.gsi1sk).indexOf('#') + 1);
  const merged = () => items.sort((a, b) => (inLine(a) < inLine(b) ? -1 : inLine(a) > inLine(b) ? 1 : 0)).slice(0, limit);
  // The first entry at or after `from` within the area names the next county waiting in it.
  for (let from = areaId; ; ) {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': `${areaId}~` },
        Limit: 1,
      }),
    );
    const first = out.Items?.[0];
    if (!first) return merged();
    const county = String(first.gsi1sk).split('#')[0]!;
    items.push(...(await countyLine(db, tableName, pk, county, areaId, limit)));
    // `~` sorts after every key character: past the county's whole line.
    from = `${keys.waitingCountyPrefix(county)}~`;
  }
}

/** A county's line from its head, pages of `WAITING_LINE_PAGE`, at most `WAITING_LINE_PAGES` of them. */
async function countyLine(db: DynamoDBDocumentClient, tableName: string, pk: string, county: string, areaId: string, limit: number) {
  const kept: Item[] = [];
  let startKey: Item | undefined;
  for (let pages = 0; pages < WAITING_LINE_PAGES && kept.length < limit; pages++) {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :county)',
        ExpressionAttributeValues: { ':pk': pk, ':county': keys.waitingCountyPrefix(county) },
        Limit: WAITING_LINE_PAGE,
        ExclusiveStartKey: startKey,
      }),
    );
    kept.push(...(out.Items ?? []).filter((item) => isWithin(String(item.areaId), areaId)));
    startKey = out.LastEvaluatedKey;
    if (!startKey) break;
  }
  return kept.slice(0, limit);
}
