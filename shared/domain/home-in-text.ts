/**
 * Whether a wish's public text names the resident or their home: compared as a reader would read
 * it, not character for character, so a space, a mark or an invisible character put inside the
 * name (李 秀珍, 李·秀珍) or the address hides nothing. A building and unit alone (2号楼3单元) name
 * no home and stay allowed; a door does not (401室, 302户, 3单元401).
 */
import { asciiDigits } from './digits-in-text';

/** NFKC in lower case, digits however written as ASCII, and no spaces, punctuation, symbols or invisible characters. */
export function comparable(text: string): string {
  return asciiDigits(text.normalize('NFKC').toLowerCase()).replace(/[\s\p{P}\p{S}\p{Z}\p{C}]/gu, '');
}

/** A building or a unit: what may be public of an address. */
const BUILDING_OR_UNIT = /\d+(?:号楼|栋|幢|座|单元)/g;
/** A door, in any address: a room (401室, 5号房), a door by 户 (302户, 3单元5户), a number right after the unit (3单元401). */
const DOOR = /\d+(?:室|号房)|\d{3,}户|单元\d+户|单元\d{3,}/;
/** The door at the end of an address: what follows its last building or unit (401室 of …3单元401室). */
const DOOR_AT_END = /(?:号楼|栋|幢|座|单元|楼)(\d+(?:室|户|号房|号)?)$/;

/** The resident's full name (two characters or more) appears in the text. */
export function namesResident(text: string, name: string): boolean {
  const whole = comparable(name);
  return [...whole].length >= 2 && comparable(text).includes(whole);
}

/**
 * The text names a home: a door number of any address, or this resident's address (when it is
 * more than a building and unit) or the door at its end (three characters or more: 302, 401室).
 */
export function namesHome(text: string, address: string): boolean {
  const said = comparable(text);
  if (DOOR.test(said)) return true;
  const home = comparable(address);
  if (/\d/.test(home.replace(BUILDING_OR_UNIT, '')) && said.includes(home)) return true;
  const door = DOOR_AT_END.exec(home)?.[1];
  return door !== undefined && door.length >= 3 && said.includes(door);
}
