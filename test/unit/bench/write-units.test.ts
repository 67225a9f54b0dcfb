/** The cost benchmark's pricing of writes as AWS charges them (bench/write-units.ts). */
import { describe, expect, it } from 'vitest';
import { itemSize, unitsOf, writeTargets, type WriteTarget } from '../../../bench/write-units';

const target = (kind: WriteTarget['kind'], transactional = false): WriteTarget => ({
  table: 't',
  key: { pk: 'A', sk: 'B' },
  kind,
  transactional,
});
const request = (status: string, extra: Record<string, unknown> = {}) => ({
  pk: 'REQ#1',
  sk: 'REQ',
  gsi3pk: 'REQS#370902#2026-12',
  gsi3sk: '370902003009#x',
  status,
  ...extra,
});

describe('write units as AWS charges them', () => {
  it('charges a unit per started KB of the larger of the old and new item, twice in a transaction', () => {
    const small = { pk: 'A', sk: 'B', n: 1 };
    const large = { pk: 'A', sk: 'B', text: 'x'.repeat(1500) };
    expect(unitsOf(target('put'), undefined, small)).toEqual({ table: 1, indexes: 0 });
    expect(unitsOf(target('put'), large, small)).toEqual({ table: 2, indexes: 0 });
    expect(unitsOf(target('update', true), small, small)).toEqual({ table: 2, indexes: 0 });
    expect(unitsOf(target('delete'), large, undefined)).toEqual({ table: 2, indexes: 0 });
  });

  it('writes an index entry when it appears, goes, moves or changes, and not when nothing in it changed', () => {
    expect(unitsOf(target('put'), undefined, request('SUBMITTED')).indexes).toBe(1);
    expect(unitsOf(target('put', true), request('SUBMITTED'), request('WAITING')).indexes).toBe(1);
    expect(unitsOf(target('put'), request('WAITING'), request('WAITING')).indexes).toBe(0);
    const listed = request('OFFERED', { gsi1pk: 'TEAM#a#OFFERED', gsi1sk: 'x' });
    expect(unitsOf(target('put'), listed, request('ACCEPTED', { gsi1pk: 'TEAM#a#ACCEPTED', gsi1sk: 'x' })).indexes).toBe(1 + 2);
    expect(unitsOf(target('delete'), listed, undefined).indexes).toBe(2);
  });

  it('writes an INCLUDE index (gsi4) only when its keys or the attributes it includes change, whatever else changes', () => {
    const created = { createdAt: '2026-12-01T00:00:00.000Z', areaId: '370902003009' };
    expect(unitsOf(target('put'), undefined, request('SUBMITTED', created)).indexes).toBe(1 + 1);
    expect(unitsOf(target('put', true), request('SUBMITTED', created), request('WAITING', created)).indexes).toBe(1);
    // gsi3 (ALL) and gsi4, which copies `areaId` (no request's area changes: the pricing's own case).
    expect(unitsOf(target('put'), request('WAITING', created), request('WAITING', { ...created, areaId: '370902003010' })).indexes).toBe(
      1 + 1,
    );
    expect(unitsOf(target('delete'), request('WAITING', created), undefined).indexes).toBe(1 + 1);
  });

  it('sizes names and values in UTF-8 bytes, numbers by their digits', () => {
    expect(itemSize({ pk: '请求' })).toBe(2 + 6);
    expect(itemSize({ n: 12345 })).toBe(1 + 4);
    expect(itemSize({ m: { a: 'b' } })).toBe(1 + 3 + 1 + 1 + 1);
  });

  it('finds every item a call writes, a raw client’s input unmarshalled', () => {
    const tx = {
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: 'A', sk: '1', x: 1 } } },
        { Update: { TableName: 't', Key: { pk: 'A', sk: '2' } } },
        { ConditionCheck: { TableName: 't', Key: { pk: 'A', sk: '3' } } },
      ],
    };
    expect(writeTargets('TransactWriteItems', tx, true).map((t) => [t.kind, t.key.sk, t.transactional])).toEqual([
      ['put', '1', true],
      ['update', '2', true],
      ['check', '3', true],
    ]);
    expect(
      writeTargets('PutItem', { TableName: 't', Item: { pk: { S: 'DELIVERY' }, sk: { S: 'd#1' }, n: { N: '1' } } }, false)[0]!.key,
    ).toEqual({
      pk: 'DELIVERY',
      sk: 'd#1',
    });
  });
});
