/**
 * Places, by the national statistical division codes (统计用区划代码, published yearly by the
 * National Bureau of Statistics): province (2 digits) > city (4) > district, the county level
 * (6: 区, 县, 县级市) > street, the township level (9: 街道, 镇, 乡) > community, the community or
 * village level (12: 居委会, 村委会). An area id is the code in its significant form
 * (`3709` 泰安市, `370902003009` 科大社区), so "is X inside Y" is a prefix test and a subtree is
 * one `begins_with` query; the 12-digit padded form (`370900000000`) is accepted and shortened.
 */
import * as z from './zod';
import { localizedText } from './catalog';

export const areaLevels = ['province', 'city', 'district', 'street', 'community'] as const;
export type AreaLevel = (typeof areaLevels)[number];

/** Digits of an area id at each level. */
const LENGTHS: Readonly<Record<AreaLevel, number>> = { province: 2, city: 4, district: 6, street: 9, community: 12 };
const BY_LENGTH = new Map(areaLevels.map((level) => [LENGTHS[level], level]));

/** `370900000000` → `3709`: a 12-digit code with its empty lower levels cut off. */
export function significantCode(code: string): string {
  if (!/^\d{12}$/.test(code)) return code;
  let id = code;
  for (const [cut, zeros] of [
    [9, '000'],
    [6, '000'],
    [4, '00'],
    [2, '00'],
  ] as const) {
    if (id.length === cut + zeros.length && id.endsWith(zeros)) id = id.slice(0, cut);
  }
  return id;
}

export const areaId = z.pipe(
  z
    .string()
    .check(
      z.trim(),
      z.regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'Not an area code: 2, 4, 6, 9 or 12 digits of the national division code'),
    ),
  z.transform(significantCode),
);

export const area = z.strictObject({
  id: areaId,
  level: z.enum(areaLevels),
  /** What people call it (`科大社区` for `科大社区居委会`), in both languages of the pages. */
  name: localizedText,
  /** The name in the published table, e.g. `科大社区居委会`. */
  officialName: z.string().check(z.minLength(1), z.maxLength(100)),
  /** 社区 (urban community) or 村 (village), 街道/镇/乡, 区/县/县级市, …: from the official name. */
  kind: z.string().check(z.maxLength(20)),
  /** The year of the division table the area was last imported from. */
  tableYear: z.optional(z.int().check(z.gte(2009), z.lte(2100))),
  /** When the area was retired (left the published table, or staff retired it): no new orders; history and statistics stay. */
  retiredAt: z.optional(z.iso.datetime()),
  /**
   * Who retired it: `table` (an import, which restores it when a later table has it again) or
   * `staff` (by hand: only staff restore it). None on an area retired before this was kept: as staff's.
   */
  retiredBy: z.optional(z.enum(['table', 'staff'])),
});
export type Area = z.infer<typeof area>;
export type RetiredBy = NonNullable<Area['retiredBy']>;

/** True when any of these areas (an area and its ancestors, as read: missing ones undefined) is retired. */
export function anyRetired(lineageAreas: readonly (Area | undefined)[]): boolean {
  return lineageAreas.some((a) => a?.retiredAt !== undefined);
}

export function levelOf(id: string): AreaLevel {
  const level = BY_LENGTH.get(id.length);
  if (!level || !/^\d+$/.test(id)) throw new Error(`Not an area id: ${id}`);
  return level;
}

export function parentId(id: string): string | undefined {
  const index = areaLevels.indexOf(levelOf(id));
  return index === 0 ? undefined : id.slice(0, LENGTHS[areaLevels[index - 1]!]);
}

/** The ids of an area and all its ancestors, nearest first. */
export function lineage(id: string): string[] {
  const out: string[] = [];
  for (let current: string | undefined = id; current; current = parentId(current)) out.push(current);
  return out;
}

/** The area's ancestor (or itself) at `level`; undefined when the area is above that level. */
export function ancestorAt(id: string, level: AreaLevel): string | undefined {
  return id.length >= LENGTHS[level] ? id.slice(0, LENGTHS[level]) : undefined;
}

export function isWithin(id: string, ancestor: string): boolean {
  return id.startsWith(ancestor) && BY_LENGTH.has(ancestor.length);
}

/**
 * The districts (county level) that `known`, ids of areas at any level, lie in, those within
 * `areaId` (every one when absent). Not the areas at district level: a city without counties (东莞
 * 4419, 中山 4420, 儋州 4604, 嘉峪关 6202) has none in the division table, yet its towns' codes name
 * one (`441900` for 441900003 东城街道), which their requests and counters are kept under.
 */
export function districtsWithin(known: Iterable<string>, areaId?: string): string[] {
  const districts = new Set<string>();
  for (const id of known) {
    const district = ancestorAt(id, 'district');
    if (district && (areaId === undefined || isWithin(district, areaId))) districts.add(district);
  }
  return [...districts].sort();
}

/**
 * The areas of `areas` one level below `parentId` (the top ones when absent), in id order: those of
 * the nearest level under it that has any there (东莞 4419 has no districts: its towns).
 */
export function nextLevelOf(areas: readonly Area[], parentId?: string): Area[] {
  const below = parentId === undefined ? areaLevels : areaLevels.slice(areaLevels.indexOf(levelOf(parentId)) + 1);
  const within = areas.filter((a) => parentId === undefined || (a.id !== parentId && isWithin(a.id, parentId)));
  for (const level of below) {
    const found = within.filter((a) => levelOf(a.id) === level);
    if (found.length > 0) return found.sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return [];
}

/** How many levels two areas share, from the province down (0 when not even the province). */
export function sharedLevels(a: string, b: string): number {
  let shared = 0;
  for (const level of areaLevels) {
    const [x, y] = [ancestorAt(a, level), ancestorAt(b, level)];
    if (x === undefined || x !== y) break;
    shared++;
  }
  return shared;
}

/** What people call a place: the official name without the committee's suffix (`科大社区居委会` → `科大社区`, `西黄村委会` → `西黄村`). */
export function displayName(officialName: string): string {
  const short = officialName.replace(/(社区)?(居民委员会|居委会)$/, '社区').replace(/(村)?(村民委员会|村委会)$/, '村');
  return short.length > 0 ? short : officialName;
}

/** The kind of place an official name ends with (社区, 村, 街道, 镇, 乡, 区, 县, 市…). */
export function kindOf(officialName: string, level: AreaLevel): string {
  const name = displayName(officialName);
  if (level === 'community') return name.endsWith('社区') ? '社区' : '村';
  for (const kind of ['街道', '镇', '乡', '区', '县', '市', '省', '自治区', '自治州', '地区', '盟', '旗']) {
    // A 市 at the county level is a county-level city (县级市), such as 新泰市.
    if (name.endsWith(kind)) return kind === '市' && level === 'district' ? '县级市' : kind;
  }
  return '';
}
