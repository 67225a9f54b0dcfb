/**
 * The period's service records, for upload into the provincial or national volunteer
 * information system (全国志愿服务信息系统): one row per registered person × request in the center
 * admin's area whose last visit by the person was in the period, with the hours the person's
 * ledger credits for it (earned less voided, every visit of a reopened request). Rows come from
 * the completion records, which name who served: a guest (named, not registered) has none, even
 * after staff merge the guest's hours into a person.
 */
import * as z from '#shared/domain/zod';
import { areaId, isWithin } from '#shared/domain/area';
import { identityTypeNames } from '#shared/domain/certificate';
import { servedByLedger } from '#shared/domain/credit';
import { servicesAsOrdered } from '#shared/domain/service-forms';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { assertInScope, type Staff } from '#shared/domain/staff';
import { addDays, daysInPeriod, monthsBetween, statsDay } from '#shared/domain/stats-calendar';
import { calendarDay, parseOrThrow } from '#shared/domain/validation';
import { personKey, volunteerIdOf, type Volunteer } from '#shared/domain/volunteer';
import { OWN_CLAIM } from '#shared/domain/wish';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { districtsHolding } from './districts';
import { placeNamer } from './place-names';
import { servedHours } from './served-hours';

export interface ServiceRecordDeps {
  readonly requests: Pick<RequestRepository, 'listCreated'>;
  readonly volunteers: Pick<VolunteerRegistry, 'get'>;
  readonly credits: Pick<CreditLedger, 'history'>;
  readonly catalog: Pick<CatalogRepository, 'menu' | 'earlierForms'>;
  readonly areas: Pick<AreaRepository, 'get' | 'getMany' | 'childrenOf'>;
  readonly clock: Clock;
}

export interface ServiceRecord {
  /** `<requestId>-<volunteerId>`: the same row on every export, so an upload can skip what it has. */
  readonly recordId: string;
  readonly volunteerNumber: string;
  readonly name: string;
  readonly identityType: string;
  readonly identityMasked: string;
  /** 11 digits for a mainland number, else E.164. */
  readonly phone: string;
  readonly date: string;
  readonly activity: string;
  readonly place: string;
  readonly organization: string;
  readonly hours: number;
}

const recordsQuery = z.object({ from: calendarDay(), to: calendarDay(), area: z.optional(areaId) });

/** How long before the period a request may have been created and still be completed in it. */
const OPEN_DAYS_AT_MOST = 92;

export async function serviceRecords(deps: ServiceRecordDeps, staff: Staff, rawQuery: unknown) {
  if (staff.role !== 'center') throw new NotFoundError('Service records (center admins export them)');
  const query = parseOrThrow(recordsQuery, rawQuery);
  const { from, to } = query;
  if (from > to) throw new ValidationError([{ field: 'from', message: 'Must not be after `to`' }]);
  if (to > statsDay(deps.clock.now())) throw new ValidationError([{ field: 'to', message: 'The period ends after today' }]);
  if (daysInPeriod(from, to) > 366) throw new ValidationError([{ field: 'from', message: 'At most a year at once' }]);
  const area = query.area ?? staff.areaId;
  if (area) assertInScope(staff, area, 'Area');
  const districts = await districtsHolding(deps.areas, area);
  const months = monthsBetween(addDays(from, -OPEN_DAYS_AT_MOST), to);
  const batches = await Promise.all(months.flatMap((month) => districts.map((d) => deps.requests.listCreated(d, month, d))));
  // A row per registered person and request, on the day of the person's last visit (a reopened
  // request has more than one), with their hours of every visit.
  const visited = batches
    .flat()
    .filter((r) => !area || isWithin(r.areaId, area))
    .flatMap((request) =>
      [...servedByLedger(request)].flatMap(([key, { lastVisit }]) => {
        const volunteerId = volunteerIdOf(key);
        const date = statsDay(lastVisit.completedAt);
        return volunteerId && date >= from && date <= to ? [{ request, volunteerId, date, team: lastVisit.team }] : [];
      }),
    );

  const [{ services }, earlier] = await Promise.all([deps.catalog.menu(), deps.catalog.earlierForms()]);
  // The name each was ordered under: a service renamed since is uploaded as what was done.
  const asOrdered = servicesAsOrdered(services, earlier);
  const placeOf = placeNamer(deps.areas);
  const people = new Map<string, Promise<{ person: Volunteer | undefined; served: ReturnType<typeof servedHours> }>>();
  const personOf = (id: string) => {
    let found = people.get(id);
    if (!found) {
      found = Promise.all([deps.volunteers.get(id), deps.credits.history(personKey(id))]).then(([person, history]) => ({
        person,
        served: servedHours(history),
      }));
      people.set(id, found);
    }
    return found;
  };

  const rows = await Promise.all(
    visited.map(async ({ request, volunteerId, date, team }): Promise<ServiceRecord | undefined> => {
      const { person, served } = await personOf(volunteerId);
      const hours = served.get(request.id)?.hours;
      if (!person || hours === undefined) return undefined;
      return {
        recordId: `${request.id}-${person.id}`,
        volunteerNumber: person.volunteerNumber ?? '',
        name: person.name,
        identityType: person.identity ? identityTypeNames[person.identity.type] : '',
        identityMasked: person.identity?.masked ?? '',
        phone: person.phone.startsWith('+86') ? person.phone.slice(3) : person.phone,
        date,
        activity: asOrdered(request.serviceCode, request.createdAt).name?.zh ?? request.serviceCode,
        place: await placeOf(request.areaId),
        organization: team?.name ?? OWN_CLAIM.zh,
        hours,
      };
    }),
  );
  const records = rows
    .filter((r): r is ServiceRecord => r !== undefined)
    .sort((a, b) => a.date.localeCompare(b.date) || a.recordId.localeCompare(b.recordId));
  return { area: area ?? 'all', from, to, records };
}
