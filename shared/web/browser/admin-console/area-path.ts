/** Digits of a division code at the district, street and community levels. */
const BELOW_CITY = [6, 9, 12];

/**
 * District · street · community of `code` (the province and city go without saying), by `name`;
 * a level the table leaves out (东莞's district 441900, `known` says) is left out rather than
 * shown as its code. No DOM here: the unit tests read it as the console does.
 */
export function areaPathOf(code: string, known: (id: string) => boolean, name: (id: string) => string): string {
  const levels = BELOW_CITY.filter((length) => code.length >= length && (length === code.length || known(code.slice(0, length))));
  return levels.length > 0 ? levels.map((length) => name(code.slice(0, length))).join(' · ') : name(code);
}
