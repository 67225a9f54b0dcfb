/**
 * What a service was called, and how its form asked, when a request was made: an edit of the menu
 * may rename a service under the same code or change its form, and a request made before is still
 * named and read as it was ordered (on certificates, the records export, /me, order pages and the
 * resident's status page).
 */
import type { LocalizedText, Service, ServiceField } from './catalog';

/** A service's name and form as they stood until `until`, when a save changed them. */
export interface EarlierForm {
  readonly code: string;
  readonly until: string;
  readonly name: LocalizedText;
  readonly fields: readonly ServiceField[];
}

/** A service as a request was ordered: its name then (undefined for a code the menu never had) and its form's fields. */
export interface ServiceAsOrdered {
  readonly name: LocalizedText | undefined;
  readonly fields: readonly ServiceField[];
}

const form = (s: Pick<Service, 'name' | 'fields'>) =>
  JSON.stringify([s.name, s.fields.map((f) => [f.code, f.label, f.type, f.options ?? []])]);

/** The name and form `before` had, to keep when `after` replaces them at `at`; undefined when they stay as they were. */
export function earlierFormReplaced(before: Service | undefined, after: Service, at: string): EarlierForm | undefined {
  if (!before || form(before) === form(after)) return undefined;
  return { code: before.code, until: at, name: before.name, fields: before.fields };
}

/**
 * The service as it was at `createdAt`: the earliest form replaced after that instant, else
 * today's. A field that form lacks is read with today's (a request made before any form was kept).
 */
export function serviceAsOrdered(
  code: string,
  today: Pick<Service, 'name' | 'fields'> | undefined,
  earlier: readonly EarlierForm[],
  createdAt: string,
): ServiceAsOrdered {
  const then = earlier.filter((f) => f.code === code && f.until > createdAt).sort((a, b) => a.until.localeCompare(b.until))[0];
  if (!then) return { name: today?.name, fields: today?.fields ?? [] };
  const known = new Set(then.fields.map((f) => f.code));
  return { name: then.name, fields: [...then.fields, ...(today?.fields ?? []).filter((f) => !known.has(f.code))] };
}

/** `serviceAsOrdered` over the whole menu, for a page naming many requests. */
export function servicesAsOrdered(menu: readonly Service[], earlier: readonly EarlierForm[]) {
  const today = new Map(menu.map((s) => [s.code, s]));
  return (code: string, createdAt: string) => serviceAsOrdered(code, today.get(code), earlier, createdAt);
}
