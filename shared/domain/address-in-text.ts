/**
 * Street addresses typed into free text (the description, a free answer) under a harmless label:
 * `我家在泰山区财源街道13号楼2单元501室`. Before a team accepts, the numbers and letters that
 * name the door are masked, as a phone number's digits are (`contact.ts`); the words around them
 * stay, so the text still reads. Teams learn the community from the request's area, so nothing a
 * team needs to decide is lost. Only numbers that name a building, unit, room, lane or house
 * count: `5号电池`, `12月2号`, `12月1号楼下见`, `地铁2号线`, `住3楼`, `三室一厅` and `需要2个人` stay.
 */

/**
 * A number as an address writes it: ASCII or full-width digits, or Chinese numerals (十三号楼).
 * Never the head of a longer run of digits: 门牌号：13812345678 is a phone, masked as one.
 */
const N = '(?:[0-9\uff10-\uff19]{1,5}(?![0-9\uff10-\uff19])|[零〇○一二三四五六七八九十百幺两]{1,5})';
/** A room number: three digits or more (501室, 五零一室); fewer are a flat's layout (三室一厅). */
const ROOM_N = '(?:[0-9\uff10-\uff19]{3,5}(?![0-9\uff10-\uff19])|[零〇○一二三四五六七八九十百幺]{3,5})';
const LETTER = '[A-Za-z\uff21-\uff3a\uff41-\uff5a]';
/** A building's, unit's or floor's name: 13, 十三, B, B2, 第3. */
const ID = `第?(?:${LETTER}?${N}|${LETTER})`;

/** Between the parts of an address: a space or a dash, or both (13号楼 2单元 501室, 8栋-601, 3 号楼 - 2 单元). */
const SPACE = '\\s?[\\-－]?\\s?';
/** What follows a number that counts, measures or costs, a space between or not (100斤, 200 元, 100多平, 2019 年): no room. */
const NOT_A_QUANTITY =
  '(?!\\s?(?:[岁年月日天周点分秒元块角毛斤克吨米个件台只把根袋箱瓶盒包本张次人位名份双条套辆粒片支枚桶平㎡%多余]|小时|千克|公斤|毫升))';
/** A floor, only next to a door (13号楼3楼, 2单元5层): on its own (住3楼) it helps a team plan and names no home. */
const FLOOR = `${ID}(?:楼|层)`;
/** A room: 501室, 五零一室, 301房. */
const ROOM = `${ROOM_N}\\s?(?:号房|室|房)(?![一二两三四五六七八九0-9]?厅)`;
/** A room's number right after its building, unit or floor: 2单元501, 13栋-501, 3号楼 502, 2单元五零一 (never 3号楼 100斤). */
const BARE_ROOM = `${SPACE}(?:[0-9\uff10-\uff19]{3,4}(?![0-9\uff10-\uff19])|[零〇○一二三四五六七八九幺]{3,4}(?![零〇○一二三四五六七八九十百千万幺两]))${NOT_A_QUANTITY}`;
/** A unit (单元) names a door next to a building, room or floor only: 第三单元 is also a textbook's. */
const UNIT = `${ID}\\s?单元`;
const DIGITS = '[0-9\uff10-\uff19]';
/** Between building, unit and room written as numbers: 13-2-501, 13#2-501, 13/2/501. */
const TRIPLE_MARK = '[-－#/／]';

/** A day of a month just before (12月1号, 每月1号): `12月1号楼下见` is a date and 楼下 downstairs, not building 1 (a day has at most 6 characters: bounded, so a long run of numerals is read in linear time). */
const NOT_A_DAY = '(?<!月\\s?[0-9\uff10-\uff19零〇○一二三四五六七八九十百幺两]{0,6})';

/** What names a door on its own, and so may begin an address. */
const DOOR = [
  `${NOT_A_DAY}${ID}\\s?(?:号楼|号院)`,
  `${ID}\\s?(?:栋|幢)`,
  // A building by 号 or 楼 before its unit (13号2单元, 13楼2单元501), a floor before its room (5楼502).
  `${NOT_A_DAY}${ID}\\s?(?:号|楼)(?=${SPACE}${UNIT})`,
  `${ID}(?:楼|层)(?=${BARE_ROOM})`,
  `${LETTER}座`,
  // A building by 座 before its room or unit (13座502, 13座2单元): 7座车 is a car's seats.
  `${ID}\\s?座(?=${BARE_ROOM}|${SPACE}(?:${ROOM}|${UNIT}|${FLOOR}))`,
  `${UNIT}(?=${SPACE}(?:${ROOM}|${FLOOR}|${BARE_ROOM}))`,
  ROOM,
  `(?:房间|房号)号?(?:是|为|[:：])?\\s?${ROOM_N}`,
  `门牌号?(?:是|为|[:：])?\\s?${ID}号?`,
  // Shanghai's lanes (弄) take digits only: 一弄就坏 is no address.
  `${DIGITS}{1,4}弄`,
  // A house on a road, lane or village: 财源大街108号, 中山路十八号, 北集村3号 (not 2号线).
  `(?<=路|街|巷|胡同|大道|弄|村)\\s?${N}号(?!线)`,
  `(?<=村)\\s?${N}组`,
  // 13-2-501, 13#2-501, 13/2/501: building, unit and room, wherever they stand (科大花园13-2-501), but not
  // inside a longer code (MB-13-2-501) nor a date (12/25/2026, 10-12-2026).
  `(?<![0-9\uff10-\uff19A-Za-z\\-－/.])(?!${DIGITS}{1,2}${TRIPLE_MARK}${DIGITS}{1,2}${TRIPLE_MARK}[12１２][09０９]${DIGITS}{2}(?!${DIGITS}))${DIGITS}{1,3}${TRIPLE_MARK}${DIGITS}{1,2}${TRIPLE_MARK}${DIGITS}{3,4}(?![0-9\uff10-\uff19A-Za-z\\-－/.])${NOT_A_QUANTITY}`,
].join('|');

/** A house number right after a door: 北集村3组12号. */
const HOUSE = `${N}号(?!线)`;
/** A unit and room in a dash right after a building: 13号楼2-501. */
const UNIT_ROOM = `${SPACE}${DIGITS}{1,2}[-－#]${DIGITS}{3,4}(?!${DIGITS})`;

const chinese = new RegExp(`(?:${DOOR})(?:${SPACE}(?:${DOOR}|${UNIT}|${FLOOR})|${HOUSE}|${UNIT_ROOM})*(?:${BARE_ROOM})?`, 'g');
/** The characters of an address that name the door; the words (号楼, 单元, 室) are not among them. */
const idChar = new RegExp(`[0-9\uff10-\uff19零〇○一二三四五六七八九十百幺两]|${LETTER}`, 'g');

/** English words that name a door, capitalized or not: Room 501, apt 5B, bldg 13. */
const doorWords = ['room', 'rm', 'apt', 'apartment', 'suite', 'bldg', 'blk'];
/** Words that name a door only when no lower-case word follows the number: Building 13, not Building 3 shelves or Unit 2 of a book. */
const looseDoorWords = ['unit', 'building', 'block', 'tower', 'flat'];
const either = (words: readonly string[]) => words.map((w) => `[${w[0]!.toUpperCase()}${w[0]}]${w.slice(1)}`).join('|');
/** 501, 5B, A, A2 (never I: the room I rent). */
const EN_ID = '(?:\\d{1,5}[A-Z]?|[A-HJ-Z]\\d{0,4})(?![\\w-])';
const roadWords = '(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr)';
const english = [
  new RegExp(`\\b(?:${either(doorWords)})\\.?\\s?(?:No\\.?\\s?)?#?\\s?(${EN_ID})`, 'g'),
  new RegExp(`\\b(?:${either(looseDoorWords)})\\s?(?:No\\.?\\s?)?#?\\s?(${EN_ID})(?!\\s+[a-z])`, 'g'),
  // 88 Taishan Road, No. 88 Taishan Rd
  new RegExp(`\\b(?:No\\.?\\s?)?(\\d{1,5}[A-Z]?),?\\s(?=(?:[A-Z][a-z]+\\s){1,3}${roadWords}\\b)`, 'g'),
  // Caiyuan Street No. 13
  new RegExp(`\\b${roadWords}\\.?,?\\s(?:No\\.?|#)\\s?(\\d{1,5}[A-Z]?)\\b`, 'g'),
];

const starred = (text: string) => text.replace(idChar, '*');

/** An invisible character (a zero-width space or joiner, a word joiner, a soft hyphen): dropped next to a numeral, where it only hides a door (5\u200b01室). */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]+/g;
const NUMERAL = /[0-9\uff10-\uff19零〇○一二三四五六七八九十百幺两]/;
/** The text without the invisible characters next to a numeral; each run of them is read once. */
const withoutInvisibleByNumerals = (text: string) =>
  text.replace(INVISIBLE, (run, at: number) => (NUMERAL.test(text[at - 1] ?? '') || NUMERAL.test(text[at + run.length] ?? '') ? '' : run));

/**
 * Free text with the numbers and letters naming a door masked: `13号楼2单元501室` → `**号楼*单元***室`, `Room 501` → `Room ***`.
 * Where a door is masked, the invisible characters next to numerals are gone; elsewhere the text stays as it came.
 */
export function maskAddressesIn(text: string): string {
  const visible = withoutInvisibleByNumerals(text);
  const doors = visible.replace(chinese, starred);
  const masked = doors === visible ? text : doors;
  return english.reduce(
    (t, pattern) =>
      t.replace(pattern, (found, id: string) => {
        const at = found.lastIndexOf(id);
        return found.slice(0, at) + '*'.repeat(id.length) + found.slice(at + id.length);
      }),
    masked,
  );
}
