/**
 * Write units as DynamoDB charges them on AWS (on demand), computed from the items themselves.
 * DynamoDB Local's ConsumedCapacity cannot be priced for transactions: it does not grow with the
 * items (measured: a transaction of a marker, an outbox delete and 5 counter updates reports 12
 * units, the same with 10 updates; 5 updates alone report 4). So the recorder reads each written
 * item before and after the write (consistent reads, not recorded) and this module prices it:
 *
 * - the table: ceil(max(old, new item size) / 1 KB), at least 1 (a delete: the old size); twice
 *   that inside TransactWriteItems; a transaction's ConditionCheck as a write of its item;
 * - each global secondary index: a put of the new entry, a delete of the old one, both when its
 *   keys change, or one write when its keys stay and any attribute it projects changed (`ALL`:
 *   any of the item's; `KEYS_ONLY`, `INCLUDE`: the keys and its `nonKeyAttributes`); 1 unit per
 *   KB of the entry (what it projects), not doubled in a transaction.
 *
 * Item sizes follow DynamoDB's rules closely enough for whole units: attribute names and string
 * values in UTF-8 bytes, numbers about one byte per two digits plus one, 3 bytes per list or map
 * plus 1 per element.
 */
import { topology, type IndexSpec } from '#shared/topology/topology';

type Native = Record<string, unknown>;

export interface WriteTarget {
  readonly table: string;
  readonly key: Native;
  readonly kind: 'put' | 'update' | 'delete' | 'check';
  readonly transactional: boolean;
}

export interface WriteUnits {
  readonly table: number;
  readonly indexes: number;
}

const keyNames = [topology.table.partitionKey, topology.table.sortKey];
const keyOf = (item: Native): Native => Object.fromEntries(keyNames.map((k) => [k, item[k]]));

/** The items a write call touches, keys in plain values (a raw client's input is unmarshalled). */
export function writeTargets(operation: string, input: Native, document: boolean): WriteTarget[] {
  const plain = (v: unknown) => (document ? (v as Native) : (unmarshall(v as Native) as Native));
  const target = (table: unknown, key: Native, kind: WriteTarget['kind'], transactional = false): WriteTarget => ({
    table: String(table),
    key: keyOf(key),
    kind,
    transactional,
  });
  switch (operation) {
    case 'PutItem':
      return [target(input.TableName, plain(input.Item), 'put')];
    case 'UpdateItem':
      return [target(input.TableName, plain(input.Key), 'update')];
    case 'DeleteItem':
      return [target(input.TableName, plain(input.Key), 'delete')];
    case 'BatchWriteItem':
      return Object.entries((input.RequestItems ?? {}) as Record<string, Native[]>).flatMap(([table, requests]) =>
        requests.map((r) => {
          const put = r.PutRequest as Native | undefined;
          return put ? target(table, plain(put.Item), 'put') : target(table, plain((r.DeleteRequest as Native).Key), 'delete');
        }),
      );
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Native[]).map((item) => {
        const [action, body] = Object.entries(item)[0] as [string, Native];
        const kind = ({ Put: 'put', Update: 'update', Delete: 'delete', ConditionCheck: 'check' } as const)[action as 'Put'];
        return target(body.TableName, plain(action === 'Put' ? body.Item : body.Key), kind, true);
      });
    default:
      return [];
  }
}

/** What a write of `target` costs, given the item before and after it (undefined: absent). */
export function unitsOf(target: WriteTarget, before: Native | undefined, after: Native | undefined): WriteUnits {
  const units = (item: Native | undefined) => Math.max(1, Math.ceil(itemSize(item ?? {}) / 1024));
  const base = target.kind === 'delete' || target.kind === 'check' ? units(before) : Math.max(units(before), units(after));
  let indexes = 0;
  if (target.kind !== 'check') {
    for (const index of topology.table.indexes as readonly IndexSpec[]) {
      const entry = (item: Native | undefined) =>
        item && item[index.partitionKey] !== undefined && item[index.sortKey] !== undefined
          ? `${String(item[index.partitionKey])}\u0000${String(item[index.sortKey])}`
          : undefined;
      const [was, is] = [entry(before), entry(after)];
      const copied = [...keyNames, index.partitionKey, index.sortKey, ...(index.nonKeyAttributes ?? [])];
      const projected = (item: Native | undefined) =>
        item && index.projection !== 'ALL' ? Object.fromEntries(Object.entries(item).filter(([k]) => copied.includes(k))) : item;
      const [old, now] = [projected(before), projected(after)];
      if (was !== undefined && is !== undefined && was === is) {
        if (JSON.stringify(sorted(old!)) !== JSON.stringify(sorted(now!))) indexes += units(now);
      } else {
        if (was !== undefined) indexes += units(old);
        if (is !== undefined) indexes += units(now);
      }
    }
  }
  return { table: base * (target.transactional ? 2 : 1), indexes };
}

/** An item's size in bytes, by DynamoDB's rules (close enough for whole units). */
export function itemSize(item: Native): number {
  return Object.entries(item).reduce((n, [name, value]) => n + utf8(name) + valueSize(value), 0);
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value).replace(/[-.]/g, '').replace(/^0+/, '').replace(/e.*$/i, '');
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + valueSize(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((n, [k, v]) => n + 1 + utf8(k) + valueSize(v), 0);
  return 0;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function sorted(item: Native): Native {
  return Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)));
}

/** DynamoDB's attribute value JSON to plain values (what a raw client reads and writes). */
export function unmarshall(item: Native): Native {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttribute(v as Native)]));
}

function fromAttribute(v: Native): unknown {
  if ('S' in v) return v.S;
  if ('N' in v) return Number(v.N);
  if ('BOOL' in v) return v.BOOL;
  if ('NULL' in v) return null;
  if ('B' in v) return v.B;
  if ('M' in v) return unmarshall(v.M as Native);
  if ('L' in v) return (v.L as Native[]).map(fromAttribute);
  if ('SS' in v) return new Set(v.SS as string[]);
  if ('NS' in v) return new Set((v.NS as string[]).map(Number));
  if ('BS' in v) return new Set(v.BS as unknown[]);
  return undefined;
}

/** A plain key as DynamoDB's attribute value JSON (keys here are strings). */
export function marshallKey(key: Native): Native {
  return Object.fromEntries(Object.entries(key).map(([k, v]) => [k, { S: String(v) }]));
}
