/**
 * A service's waiting line on the table (gsi1 `WAITING#<service>` / `<county>#<0 urgent, 1
 * normal>#<createdAt>#<id>`), read for an area of any level. Within a county: its line, page by
 * page, keeping the requests inside the area. Above (a city, a province): each county with
 * requests waiting in it, walked through the line by its keys' county codes (the division code
 * makes an area's counties one contiguous range of keys), one query a county that names it and
 * reads the head of its line, no more than `limit`; a province's cities are walked side by side,
 * `WAITING_LINE_PARALLEL` queries at a time. The county lines are merged.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isWithin } from '#shared/domain/area';
import { WAITING_LINE_PAGE, WAITING_LINE_PAGES, WAITING_LINE_PARALLEL } from '#shared/ports/request-repository';
import { keys } from './keys';

type Item = Record<string, unknown>;
const countyOf = (item: Item) => String(item.gsi1sk).split('#')[0]!;

/** The line's first `limit` items in the area, urgent first, then oldest (then by id). */
export async function waitingLineItems(
  db: DynamoDBDocumentClient,
  tableName: string,
  serviceCode: string,
  areaId: string,
  limit: number,
): Promise<Item[]> {
  if (limit <= 0) return [];
  const pk = keys.waitingPartition(serviceCode);
  if (areaId.length >= 6) return countyLine(db, tableName, pk, areaId.slice(0, 6), areaId, limit);
  const query = queryLimiter(WAITING_LINE_PARALLEL);
  /** The first county waiting in `[from, to]`: its code and the head of its line, up to `limit`. */
  const nextCounty = async (from: string, to: string): Promise<{ county: string; items: Item[] } | undefined> => {
    const items: Item[] = [];
    let county: string | undefined;
    let startKey: Item | undefined;
    do {
      const out = await query(() =>
        db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
            Limit: limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      const page = out.Items ?? [];
      county ??= page[0] && countyOf(page[0]);
      const own = page.filter((item) => countyOf(item) === county);
      items.push(...own);
      // Only a page cut short by its 1 MB, wholly of this county, leaves more of its head to read.
      startKey = own.length === page.length ? out.LastEvaluatedKey : undefined;
    } while (startKey && items.length < limit);
    return county === undefined ? undefined : { county, items };
  };
  /** Every county waiting in `[from, to]`, one after the other. */
  const walk = async (from: string, to: string): Promise<Item[]> => {
    const items: Item[] = [];
    for (let next = await nextCounty(from, to); next; next = await nextCounty(`${keys.waitingCountyPrefix(next.county)}~`, to)) {
      items.push(...next.items);
    }
    return items;
  };
  const lines: Promise<Item[]>[] = [];
  let failed = false;
  /**
   * A walk run beside the search for the next city: its failure is handled the moment it is
   * started (`Promise.all` below reports it), never left unhandled while the search awaits its
   * query (in Lambda, Runtime.UnhandledPromiseRejection), or after the search itself failed.
   */
  const started = (line: Promise<Item[]>) => {
    line.catch(() => {
      failed = true;
    });
    lines.push(line);
  };
  if (areaId.length >= 4) started(walk(areaId, `${areaId}~`));
  else {
    // A province: its cities found one after the other, each city's counties walked beside the others'.
    // `~` sorts after every key character: past the county's, or the city's, whole line.
    for (let first = await nextCounty(areaId, `${areaId}~`); first && !failed; ) {
      const city = first.county.slice(0, 4);
      lines.push(Promise.resolve(first.items));
      started(walk(`${keys.waitingCountyPrefix(first.county)}~`, `${city}~`));
      first = await nextCounty(`${city}~`, `${areaId}~`);
    }
  }
  return linedUp((await Promise.all(lines)).flat()).slice(0, limit);
}

/** Urgent first, then oldest (then by id): past the county, a key is `<0 or 1>#<createdAt>#<id>`, the line's order in every county. */
function linedUp(items: Item[]): Item[] {
  const inLine = (item: Item) => String(item.gsi1sk).slice(String(item.gsi1sk).indexOf('#') + 1);
  return items.sort((a, b) => (inLine(a) < inLine(b) ? -1 : inLine(a) > inLine(b) ? 1 : 0));
}

/** Runs the queries given it at most `parallel` at a time, the others waiting their turn. */
function queryLimiter(parallel: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(run: () => Promise<T>): Promise<T> => {
    while (running >= parallel) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await run();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
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
        // A county's own line is all inside it: no more than asked for. A street's or community's is filtered.
        Limit: areaId.length === 6 ? Math.min(limit - kept.length, WAITING_LINE_PAGE) : WAITING_LINE_PAGE,
        ExclusiveStartKey: startKey,
      }),
    );
    kept.push(...(out.Items ?? []).filter((item) => isWithin(String(item.areaId), areaId)));
    startKey = out.LastEvaluatedKey;
    if (!startKey) break;
  }
  return kept.slice(0, limit);
}
