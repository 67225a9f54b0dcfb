/**
 * Whether a wish's public text names the resident or their home, read as a reader would: a space
 * or an invisible character hides nothing (李 秀珍, 4 0 1室), but a mark ends a word or a number as
 * it does on the page (陪老王，明天 names no 王明; 身高170，户外 no door 170户). A building and unit
 * alone (2号楼3单元) name no home and stay allowed; a door does not (401室, 302户, 3单元401, 3-2-401).
 */
import { DATE } from './dates-in-text';
import { asciiDigits, DASH, DIGITISH } from './digits-in-text';

/** NFKC in lower case, digits however written as ASCII, and no spaces, punctuation, symbols or invisible characters. */
export function comparable(text: string): string {
  return asciiDigits(text.normalize('NFKC').toLowerCase()).replace(/[\s\p{P}\p{S}\p{Z}\p{C}]/gu, '');
}

/** What may stand between the characters of a name and still spell it: spaces, middle dots, dashes, invisible characters. */
const WITHIN_NAME = `[\\s\\p{Z}\\p{Cf}\u00b7\u2022\u2027\u30fb\uff65${DASH}]*`;

/** A pattern for these characters of a name in a row, parted at most by what `WITHIN_NAME` allows (李 秀珍, 李·秀珍). */
export function spelledName(chars: readonly string[]): string {
  return chars.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(WITHIN_NAME);
}

/** The resident's full name (two characters or more) appears in the text, its characters not parted by any other mark. */
export function namesResident(text: string, name: string): boolean {
  const chars = [...comparable(name)];
  if (chars.length < 2) return false;
  return new RegExp(spelledName(chars), 'u').test(asciiDigits(text.normalize('NFKC').toLowerCase()));
}

/**
 * What follows a number that counts or measures (101岁, 2026年, 100斤, 302路公交): no door. A door
 * is followed by anything else (家住401的, 401王奶奶) or ends the text (住四〇一).
 */
const QUANTITY =
  '(?:[岁年月日天周点分秒元块角毛斤两克吨米里个件台只把根袋箱瓶盒包本张次人位名份双条套辆间层粒片支枚盆桶床副顶对头升度瓦路多余来%]|小时|公|千克|毫升|星期|cm|mm|km|kg|ml|g|m|w|l)';
/** A number ends here: no digit follows, nor a word that makes it a quantity. */
const DOOR_ENDS = `(?!\\d)(?!${QUANTITY})`;
/** A building or a unit: what may be public of an address. */
const BUILDING_OR_UNIT = /\d+(?:号楼|栋|幢|座|单元)/g;
/**
 * A door, in any address: a room (401室, 5号房; not 3室2厅, rooms to clean), a door by 户 (302户, not
 * 170户外; 3单元5户; not a count: 全楼120户, 共300户), a number right after a building or unit (3单元401,
 * 3栋401), or building, unit and door of three digits or more in dashes (3-2-401, 13#2-502; not a model,
 * JSQ30-16-3, nor a countdown, 3-2-1).
 */
const DOOR = new RegExp(
  [
    `\\d+(?:室(?![\\d两]?厅)|号房)`,
    `(?<!\\d)(?<!全楼|全小区|全村|全单元|[共约多有近超达计])\\d{3,}户(?![外口籍主型])`,
    `单元\\d+户`,
    `(?:号楼|栋|幢|座|单元)\\d{3,}${DOOR_ENDS}`,
    `(?<![\\da-z${DASH}#])\\d+[${DASH}#]\\d+[${DASH}]\\d{3,}${DOOR_ENDS}`,
  ].join('|'),
  'u',
);
/** Dates, which are no door: `2026-12-24` (the wall's digit check exempts the same) and 12月25号. */
const DATES = new RegExp(`${DATE}|(?<!\\d)\\d{1,2}月\\d{1,2}[日号]`, 'g');
const CHINESE_DIGIT = /^[零〇○一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]$/;

/** A reading of a text and, for each of its characters, the text's characters it comes from (`[start, end)`). */
interface Reading {
  readonly text: string;
  readonly from: readonly (readonly [number, number])[];
}

/** The text character by character in NFKC and lower case, digits however written as ASCII, without what `drop` matches. */
function readingOf(text: string, drop: RegExp): { chars: string[]; from: [number, number][] } {
  const chars: string[] = [];
  const from: [number, number][] = [];
  let at = 0;
  for (const ch of text) {
    for (const c of ch.normalize('NFKC').toLowerCase()) {
      if (drop.test(c)) continue;
      chars.push(c);
      from.push([at, at + ch.length]);
    }
    at += ch.length;
  }
  return { chars, from };
}

/** `comparable`, with where each of its characters comes from. */
function comparableReading(text: string): Reading {
  const { chars, from } = readingOf(text, /[\s\p{P}\p{S}\p{Z}\p{C}]/u);
  return { text: asciiDigits(chars.join('')), from };
}

/**
 * The text as doors are looked for in it: NFKC in lower case, without spaces or invisible
 * characters but with its marks (a comma still ends a number), digits however written as ASCII
 * but a lone Chinese numeral before 室, 户 or 厅 (一室一厅, 三室, 一户老人: counts, no door), and
 * dates blanked out; with where each of its characters comes from.
 */
function doorReading(text: string): Reading {
  const { chars, from } = readingOf(text, /[\s\p{Z}\p{Cf}\p{Cc}]/u);
  const digits = chars
    .join('')
    .replace(new RegExp(`${DIGITISH}+`, 'gu'), (run, at: number, whole: string) =>
      CHINESE_DIGIT.test(run) && /^[室户厅]/.test(whole.slice(at + run.length)) ? run : asciiDigits(run),
    );
  // Every replacement keeps the length: a digit for a digit, a space for each character of a date.
  return { text: digits.replace(DATES, (date) => ' '.repeat(date.length)), from };
}

/** Between building, unit and door written as numbers: 3-2-401, 13#2-502, 13/2/502 (／ is / in NFKC). */
const TRIPLE_MARK = `[${DASH}#/]`;
/** A door's digits end here: no digit follows, nor a building, unit or floor word, nor a mark before more numbers (13#2-502's 2). */
const LAST_NUMBER = `(?!\\d|${TRIPLE_MARK}\\d|号楼|号院|栋|幢|座|单元|楼|层)`;
/** The door's digits and the suffix it was written with, if any, however an address leads to it. */
const ADDRESS_DOORS = [
  // Building, unit and door: 3-2-401, 13#2-502, 13/2/502.
  `(?<!\\d)\\d+${TRIPLE_MARK}\\d+${TRIPLE_MARK}(\\d+)${LAST_NUMBER}(室|户|号房|号)?`,
  // What follows a building, unit or floor: 401室 of …3单元401室, 1号 of …4楼1号, 502 of 13栋502, 13#502, 5层502.
  `(?:号楼|栋|幢|座|单元|楼|层|#)(\\d+)${LAST_NUMBER}(室|户|号房|号)?`,
  // A room however the address leads to it: 1203室 of …大厦1203室.
  `(?<!\\d)(\\d+)(室|户|号房)`,
  // A house in a village or on a street: 25号 of 张庄村三组25号 (not 108号院, 5号楼).
  `(?:村|组|路|街|巷|弄)(\\d+)(号)(?![楼院])`,
  // Room 502, Rm. 502, Apt 5B, Flat 12.
  `(?<![a-z])(?:room|rm|apt|apartment|suite|flat)\\.?(?:no\\.?)?#?(\\d+)(?!\\d)()`,
].map((door) => new RegExp(door, 'gu'));

/**
 * The resident's door, the last one the address names wherever it stands (…502室（东户）, …502室，电梯右手,
 * 13栋502（电梯房）, Room 502, Building 13), a note in brackets left out unless the door is only there:
 * its digits and the suffix it was written with, if any.
 */
function doorOf(address: string): { digits: string; suffix: string } | undefined {
  const home = asciiDigits(address.normalize('NFKC').toLowerCase()).replace(/[\s\p{Z}\p{Cf}\p{Cc}]/gu, '');
  const unbracketed = home.replace(/[([【〔][^()[\]【】〔〕]*[)\]】〕]/g, '');
  return lastDoorIn(unbracketed) ?? lastDoorIn(home);
}

/** The door whose digits end last in an address read as `doorOf` reads it. */
function lastDoorIn(home: string): { digits: string; suffix: string } | undefined {
  let last: { digits: string; suffix: string; end: number } | undefined;
  for (const pattern of ADDRESS_DOORS)
    for (const m of home.matchAll(pattern)) {
      const digits = m[1]!;
      const end = m.index + m[0].lastIndexOf(digits) + digits.length;
      if (!last || end > last.end) last = { digits, suffix: m[2] ?? '', end };
    }
  return last && { digits: last.digits, suffix: last.suffix };
}

/** Where, in `reading`, `pattern` (global) matches: as spans of the text read. */
const spansOf = (reading: Reading, pattern: RegExp): [number, number][] =>
  Array.from(reading.text.matchAll(pattern), (m) => [reading.from[m.index]![0], reading.from[m.index + m[0].length - 1]![1]]);

/**
 * Where the text names a home (as `[start, end)` spans of it): a door number of any address, this
 * resident's address (when it is more than a building and unit), or the door at its end: its digits
 * alone when three or more (家住401的, 3号楼401, 住四〇一), a shorter one with its suffix (25号) or
 * after a building or unit.
 */
export function homeSpansIn(text: string, address: string): [number, number][] {
  const read = doorReading(text);
  const spans = spansOf(read, new RegExp(DOOR.source, 'gu'));
  const home = comparable(address);
  if (home && /\d/.test(home.replace(BUILDING_OR_UNIT, ''))) {
    const escaped = home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    spans.push(...spansOf(comparableReading(text), new RegExp(escaped, 'gu')));
  }
  const door = doorOf(address);
  if (!door) return spans;
  const at = `(?<!\\d)${door.digits}`;
  const shortDoor = door.suffix
    ? `${at}(?:室|户|号房)|${SHORT_HOUSE(at)}`
    : `(?:(?:号楼|栋|幢|座|单元|楼|层|#)|\\d${TRIPLE_MARK}\\d+${TRIPLE_MARK})${door.digits}${DOOR_ENDS}`;
  return spans.concat(spansOf(read, new RegExp(door.digits.length >= 3 ? `${at}${DOOR_ENDS}` : shortDoor, 'gu')));
}

/**
 * A short house number (`at`, the digits) by 号: after its village, group, road or floor (张庄村12号,
 * 三组12号, 4楼1号), or elsewhere unless it is a day (12号上午, 12号前, 每月12号), a battery or a line
 * (5号电池, 5号线) or a building (12号楼).
 */
const SHORT_HOUSE = (at: string) =>
  `(?<=(?:村|组|路|街|巷|弄|楼|层))${at}号(?![楼院线]|电池)|(?<!月)${at}号(?![楼院线]|电池|上午|下午|晚上|早上|中午|凌晨|傍晚|前|后|之前|以前|以后|左右)`;

/** The text names a home (`homeSpansIn`): what the wish wall refuses. */
export function namesHome(text: string, address: string): boolean {
  return homeSpansIn(text, address).length > 0;
}

/** A character that names a door within a span: a digit however written (十三 too), or a letter standing alone or next to digits. */
const DOOR_CHAR = new RegExp(`${DIGITISH}|[十百两\u2460-\u2473]`, 'u');
const LETTER = /[a-z\uff21-\uff3a\uff41-\uff5a]/i;

/**
 * Free text with the door numbers it names starred (`homeSpansIn`): `幸福里3-2-502` → `幸福里*-*-***`
 * for a resident of 幸福里小区3号楼2单元502室; the words around them stay.
 */
export function maskHomeIn(text: string, address: string): string {
  const spans = homeSpansIn(text, address);
  if (spans.length === 0) return text;
  const inSpan = new Uint8Array(text.length);
  for (const [start, end] of spans) inSpan.fill(1, start, end);
  // Character by character (a code point, as 𝟱 is one), each read as NFKC reads it (𝟱 is 5).
  const chars = Array.from(text);
  const read = chars.map((c) => c.normalize('NFKC'));
  const letterAt = (i: number) => LETTER.test(read[i] ?? '');
  let at = 0;
  return chars
    .map((c, i) => {
      const within = inSpan[at] === 1;
      at += c.length;
      return within && (DOOR_CHAR.test(read[i]!) || (letterAt(i) && !letterAt(i - 1) && !letterAt(i + 1))) ? '*' : c;
    })
    .join('');
}
