/**
 * The area hierarchy: city > district/county > street/township > community/village.
 * An area id is the dot-joined path of its ancestors' slugs (`taian.taishan.daimiao.huayuan`),
 * so "is X inside Y" is a prefix test and a subtree is one `begins_with` query.
 */
import * as z from 'zod';
import { localizedText } from './catalog';

export const areaLevels = ['city', 'district', 'street', 'community'] as const;
export type AreaLevel = (typeof areaLevels)[number];

export const areaId = z.string().regex(/^[a-z0-9-]{1,40}(\.[a-z0-9-]{1,40}){0,3}$/, 'Not an area id');

export const area = z.strictObject({
  id: areaId,
  level: z.enum(areaLevels),
  name: localizedText,
  /** 社区 (urban community) or 村 (village), for communities; 区/县/县级市 and 街道/镇 above. */
  kind: z.string().max(20),
});
export type Area = z.infer<typeof area>;

export function parentId(id: string): string | undefined {
  const cut = id.lastIndexOf('.');
  return cut < 0 ? undefined : id.slice(0, cut);
}

/** The ids of an area and all its ancestors, nearest first. */
export function lineage(id: string): string[] {
  const out: string[] = [];
  for (let current: string | undefined = id; current; current = parentId(current)) out.push(current);
  return out;
}

export function isWithin(id: string, ancestor: string): boolean {
  return id === ancestor || id.startsWith(`${ancestor}.`);
}

export function levelOfDepth(id: string): AreaLevel {
  const depth = id.split('.').length - 1;
  const level = areaLevels[depth];
  if (!level) throw new Error(`Area id too deep: ${id}`);
  return level;
}
