/**
 * Service-record certificates (志愿服务记录证明): a center admin issues one for a person and a
 * period, from the person's one ledger (hours earned, less hours voided, per request) and only
 * for services done in the admin's own area (谁记录谁证明), whatever the person's home community;
 * anyone checks a number on the public page; a center admin revokes one, and the issued text
 * never changes. Staff see (list, open, print, revoke) the certificates issued in their area.
 */
import { randomBytes } from 'node:crypto';
import {
  type Certificate,
  type CertifiedService,
  certificateNumber,
  certificateSummary,
  MAX_CERTIFIED_SERVICES,
  normalizeCertificateNumber,
  parseCertificateRequest,
  parseRevocation,
  publicView,
} from '#shared/domain/certificate';
import { servedByLedger } from '#shared/domain/credit';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { servicesAsOrdered } from '#shared/domain/service-forms';
import { visitsOf, type ServiceRequest, type Visit } from '#shared/domain/service-request';
import { inScope, type Staff } from '#shared/domain/staff';
import { statsDay } from '#shared/domain/stats-calendar';
import { personKey, type Volunteer } from '#shared/domain/volunteer';
import { OWN_CLAIM } from '#shared/domain/wish';
import type { AreaRepository } from '#shared/ports/area-repository';
import type { CatalogRepository } from '#shared/ports/catalog-repository';
import type { CertificateStore } from '#shared/ports/certificate-store';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { RequestRepository } from '#shared/ports/request-repository';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';
import { markCorrectedCertificates } from './certificate-corrections';
import { placeNamer } from './place-names';
import { servedHours } from './served-hours';

export interface CertificateDeps {
  readonly volunteers: Pick<VolunteerRegistry, 'get'>;
  readonly credits: Pick<CreditLedger, 'history' | 'creditFor'>;
  readonly requests: Pick<RequestRepository, 'get'>;
  readonly catalog: Pick<CatalogRepository, 'menu' | 'earlierForms'>;
  readonly areas: Pick<AreaRepository, 'get' | 'getMany'>;
  readonly certificates: CertificateStore;
  readonly clock: Clock;
}

/** Center admins issue and revoke; station staff keep records but do not certify them. */
function assertCenterAdmin(staff: Staff): void {
  if (staff.role !== 'center') throw new NotFoundError('Certificate (center admins issue certificates)');
}

/** A person by id, wherever their home is; 404 for no such id. Callers decide what staff may see of them. */
async function personById(deps: Pick<CertificateDeps, 'volunteers'>, id: string): Promise<Volunteer> {
  const person = /^[0-9a-z]{20}$/.test(id) ? await deps.volunteers.get(id) : undefined;
  if (!person) throw new NotFoundError('Volunteer');
  return person;
}

/**
 * 谁记录谁证明: an admin certifies the services done in their area, so they may certify a person of
 * another home community who served there in the period. For one outside their area with no such
 * service it is 404, as for no such person; the body is read first, so a 400 tells nothing either.
 */
export async function issueCertificate(deps: CertificateDeps, staff: Staff, volunteerId: string, body: unknown): Promise<Certificate> {
  assertCenterAdmin(staff);
  const now = deps.clock.now();
  const today = statsDay(now);
  const input = parseCertificateRequest(body, today);
  const person = await personById(deps, volunteerId);
  const services = await certifiedServices(deps, staff, person.id, input.from, input.to);
  if (services.length === 0 && !inScope(staff, person.homeAreaId)) throw new NotFoundError('Volunteer');
  if (services.length === 0)
    throw new ValidationError([{ field: 'from', message: 'No service of this volunteer in your area was recorded in this period' }]);
  if (services.length > MAX_CERTIFIED_SERVICES)
    throw new ValidationError([
      { field: 'to', message: `More than ${MAX_CERTIFIED_SERVICES} services in this period: issue one certificate per shorter period` },
    ]);
  const year = today.slice(0, 4);
  const certificate: Certificate = {
    number: certificateNumber(year, await deps.certificates.nextSequence(year), randomBytes(4)),
    volunteerId: person.id,
    person: {
      name: person.name,
      ...(person.identity ? { identity: { type: person.identity.type, masked: person.identity.masked } } : {}),
      ...(person.volunteerNumber ? { volunteerNumber: person.volunteerNumber } : {}),
    },
    period: { from: input.from, to: input.to },
    services,
    totalHours: Math.round(services.reduce((sum, s) => sum + s.hours, 0) * 100) / 100,
    issuer: { organization: input.organization, personInCharge: input.personInCharge, contact: input.contact },
    issuedAt: now.toISOString(),
    issuedBy: { id: staff.id, name: staff.name },
    ...(staff.areaId ? { issuerAreaId: staff.areaId } : {}),
  };
  // A sequence number is never handed out twice, so the number is new; the condition guards it anyway.
  if ((await deps.certificates.issue(certificate)) === 'number-taken') throw new ConflictError('Certificate number taken; try again');
  // A void or correction that read the person's certificates before this one was stored: its
  // ledger write came before, so the ledger read again now shows it (and marks this certificate,
  // checked here itself, not only through the person's listing).
  const marked = await markCorrectedCertificates(deps, person.id, undefined, certificate);
  return marked.includes(certificate.number) ? ((await deps.certificates.get(certificate.number)) ?? certificate) : certificate;
}

/**
 * The person's services completed in the period in the staff member's area, one per request:
 * the hours earned less any voided, oldest first; a request voided in full is left out.
 */
async function certifiedServices(
  deps: CertificateDeps,
  staff: Staff,
  volunteerId: string,
  from: string,
  to: string,
): Promise<CertifiedService[]> {
  // Credit is posted when a request closes, after it was completed: lines before the period cannot be in it.
  const history = (await deps.credits.history(personKey(volunteerId))).filter((line) => statsDay(line.at) >= from);
  const byRequest = servedHours(history);
  const placeOf = placeNamer(deps.areas);
  const [{ services: menu }, earlier] = await Promise.all([deps.catalog.menu(), deps.catalog.earlierForms()]);
  const asOrdered = servicesAsOrdered(menu, earlier);
  const services = await Promise.all(
    [...byRequest].map(async ([requestId, entry]): Promise<CertifiedService | undefined> => {
      const request = await deps.requests.get(requestId);
      if (!request || !inScope(staff, request.areaId)) return undefined;
      const visit = lastVisitOf(request, volunteerId, entry.teamId);
      const date = statsDay(visit?.completedAt ?? entry.at);
      if (date < from || date > to) return undefined;
      // The name it was ordered under: a service renamed since is certified as what was done.
      return {
        date,
        requestId,
        activity: asOrdered(request.serviceCode, request.createdAt).name?.zh ?? request.serviceCode,
        place: await placeOf(request.areaId),
        team: visit?.team?.name ?? entry.teamId ?? OWN_CLAIM.zh,
        hours: entry.hours,
      };
    }),
  );
  return services
    .filter((s): s is CertifiedService => s !== undefined)
    .sort((a, b) => a.date.localeCompare(b.date) || a.requestId.localeCompare(b.requestId));
}

/**
 * The person's last visit of a request: the day and team their service is certified with. A line
 * merged from a guest's ledger names the guest, not the person: then the last visit of its team.
 */
function lastVisitOf(request: ServiceRequest, volunteerId: string, teamId: string | undefined): Visit | undefined {
  const visits = visitsOf(request);
  return (
    servedByLedger(request).get(personKey(volunteerId))?.lastVisit ??
    visits.filter((visit) => visit.team?.id === teamId).at(-1) ??
    visits.at(-1)
  );
}

/**
 * Whose a certificate is among staff: the issuing area's center admins (and those above it) see,
 * print and revoke it (谁记录谁证明); one the deployment's own admin issued, only they. The one rule
 * for the list and for each certificate.
 */
function issuedInScope(staff: Staff, certificate: Certificate): boolean {
  return certificate.issuerAreaId ? inScope(staff, certificate.issuerAreaId) : staff.areaId === undefined;
}

export async function certificateForStaff(deps: Pick<CertificateDeps, 'certificates'>, staff: Staff, text: string): Promise<Certificate> {
  assertCenterAdmin(staff);
  const number = normalizeCertificateNumber(text);
  const certificate = number ? await deps.certificates.get(number) : undefined;
  if (!certificate || !issuedInScope(staff, certificate)) throw new NotFoundError('Certificate');
  return certificate;
}

/**
 * A person's certificates the admin can open: those issued in their area, whoever's home it is
 * (one issued above it, or elsewhere, is the issuer's and left out). 404 for a person outside
 * their area who has none of them.
 */
export async function certificatesOf(deps: CertificateDeps, staff: Staff, volunteerId: string) {
  assertCenterAdmin(staff);
  const person = await personById(deps, volunteerId);
  const visible = (await deps.certificates.listFor(person.id)).filter((certificate) => issuedInScope(staff, certificate));
  if (visible.length === 0 && !inScope(staff, person.homeAreaId)) throw new NotFoundError('Volunteer');
  return visible.map(certificateSummary);
}

export async function revokeCertificate(deps: CertificateDeps, staff: Staff, text: string, body: unknown): Promise<Certificate> {
  const certificate = await certificateForStaff(deps, staff, text);
  const reason = parseRevocation(body);
  const outcome = await deps.certificates.revoke(certificate.number, {
    at: deps.clock.now().toISOString(),
    by: { id: staff.id, name: staff.name },
    reason,
  });
  if (outcome === 'already-revoked') throw new ConflictError('The certificate is revoked already');
  if (outcome === 'not-found') throw new NotFoundError('Certificate');
  return (await deps.certificates.get(certificate.number))!;
}

/** The public check of a number: what the verify page shows, or undefined for no such certificate. */
export async function verifyCertificate(deps: Pick<CertificateDeps, 'certificates'>, text: string) {
  const number = normalizeCertificateNumber(text);
  const certificate = number ? await deps.certificates.get(number) : undefined;
  return certificate && publicView(certificate);
}
