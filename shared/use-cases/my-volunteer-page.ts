/**
 * The volunteer's own page (`GET /me`): their teams, hours and points, the services credited and
 * the points spent, their certificates and the wishes they claimed; and one of their own
 * certificates to print.
 */
import { maskPhone } from '#shared/domain/contact';
import { certificateSummary, normalizeCertificateNumber } from '#shared/domain/certificate';
import type { LocalizedText } from '#shared/domain/catalog';
import { servicesAsOrdered } from '#shared/domain/service-forms';
import type { ServiceRequest } from '#shared/domain/service-request';
import { personKey } from '#shared/domain/volunteer';
import { OWN_CLAIM } from '#shared/domain/wish';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { CertificateStore } from '#shared/ports/certificate-store';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { TeamRepository } from '#shared/ports/team-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { placeNamer } from './place-names';

export interface MyPageDeps {
  readonly volunteers: Pick<VolunteerRegistry, 'get' | 'teamsOf'>;
  readonly credits: Pick<CreditLedger, 'balance' | 'history'>;
  readonly teams: Pick<TeamRepository, 'get'>;
  readonly requests: Pick<RequestRepository, 'get' | 'claimedBy'>;
  readonly catalog: Pick<CatalogRepository, 'menu' | 'earlierForms'>;
  readonly certificates: Pick<CertificateStore, 'listFor' | 'get'>;
  readonly areas: Pick<AreaRepository, 'get' | 'getMany'>;
}

/** Open claims the volunteer's page lists. */
const MY_CLAIMS = 20;

/** What the volunteer's page shows; undefined when the person is gone. */
export async function myVolunteerPage(deps: MyPageDeps, volunteerId: string) {
  const person = await deps.volunteers.get(volunteerId);
  if (!person) return undefined;
  const key = personKey(person.id);
  const [memberships, balance, history, menu, earlier, certificates, claimed] = await Promise.all([
    deps.volunteers.teamsOf(person.id),
    deps.credits.balance(key),
    deps.credits.history(key),
    deps.catalog.menu(),
    deps.catalog.earlierForms(),
    deps.certificates.listFor(person.id),
    deps.requests.claimedBy({ kind: 'volunteer', id: person.id }, MY_CLAIMS),
  ]);
  const teamIds = [...new Set([...memberships.map((m) => m.teamId), ...history.flatMap((l) => (l.teamId ? [l.teamId] : []))])];
  const teams = new Map((await Promise.all(teamIds.map((id) => deps.teams.get(id)))).flatMap((t) => (t ? [[t.id, t.name] as const] : [])));
  const requestIds = [...new Set(history.flatMap((l) => (l.requestId ? [l.requestId] : [])))];
  const requests = new Map(
    (await Promise.all(requestIds.map((id) => deps.requests.get(id)))).flatMap((r) => (r ? [[r.id, r] as const] : [])),
  );
  // Each under the name it was ordered under, not today's.
  const asOrdered = servicesAsOrdered(menu.services, earlier);
  const serviceName = (request: ServiceRequest | undefined) => request && asOrdered(request.serviceCode, request.createdAt).name;
  const place = placeNamer(deps.areas);
  const services = history
    .filter((l) => l.kind !== 'spend')
    .map((l) => {
      const request = l.requestId ? requests.get(l.requestId) : undefined;
      return {
        kind: l.kind as 'earn' | 'void' | 'adjust',
        at: l.at,
        hours: l.hours ?? 0,
        points: l.points,
        trackingCode: request?.trackingCode,
        service: serviceName(request),
        team: l.teamId ? teams.get(l.teamId) : OWN_CLAIM,
      };
    });
  const redemptions = history
    .filter((l) => l.kind === 'spend')
    .map((l) => ({ at: l.at, points: l.points, item: l.item ?? '', pickupCode: l.pickupCode ?? '' }));
  return {
    name: person.name,
    /** Masked (`138****5678`), for them to check which number they sign in with. */
    phone: maskPhone(person.phone),
    volunteerNumber: person.volunteerNumber,
    teams: memberships.map((m) => ({ id: m.teamId, name: teams.get(m.teamId), since: m.since })),
    hours: balance.hours,
    pointsEarned: balance.pointsEarned,
    pointsSpent: balance.pointsSpent,
    balance: balance.balance,
    services,
    redemptions,
    certificates: certificates.map(certificateSummary),
    claims: await Promise.all(claimed.map((r) => myClaim(r, serviceName(r), place))),
  };
}

/**
 * A wish the volunteer claimed, with what they need to make it come true: the wisher's contact
 * (theirs alone, as the winner of the claim), what the resident wrote, and the deadline.
 */
async function myClaim(request: ServiceRequest, service: LocalizedText | undefined, place: (areaId: string) => Promise<string>) {
  return {
    id: request.id,
    text: request.wish?.text ?? '',
    service,
    place: await place(request.areaId),
    description: request.description,
    ...(request.detailsUnavailable ? { detailsUnavailable: true as const } : {}),
    contact: request.contact,
    deadline: request.claim?.deadline ?? '',
  };
}

/** One of the person's own certificates; undefined for a number that is not theirs. */
export async function myCertificate(deps: Pick<MyPageDeps, 'certificates'>, volunteerId: string, text: string) {
  const number = normalizeCertificateNumber(text);
  const certificate = number ? await deps.certificates.get(number) : undefined;
  return certificate?.volunteerId === volunteerId ? certificate : undefined;
}
export type MyVolunteerPage = NonNullable<Awaited<ReturnType<typeof myVolunteerPage>>>;
