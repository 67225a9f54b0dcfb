/**
 * A certificate vouches for hours as they stood when it was issued. When a complaint is upheld
 * or a closed request's hours are corrected after that, the certificates of the people it
 * credited are looked up (by person: certificates are rare, so an ordinary order writes nothing
 * more) and each certified request whose hours no longer stand is marked on the certificate: its
 * public check says it holds a record corrected after issue, and staff are told its number, to
 * revoke and reissue it (docs/operations.md). What is compared is the ledger as it stands, so a
 * repeat (or a retry after a crash between the ledger's write and the mark) marks what is missing.
 */
import type { Certificate } from '#shared/domain/certificate';
import { creditedLedgers } from '#shared/domain/credit';
import type { ServiceRequest } from '#shared/domain/service-request';
import { personKey, volunteerIdOf } from '#shared/domain/volunteer';
import type { CertificateStore } from '#shared/ports/certificate-store';
import type { Clock } from '#shared/ports/clock';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import { servedHours } from './served-hours';

export interface CertificateCorrectionDeps {
  readonly certificates: Pick<CertificateStore, 'listFor' | 'markCorrected'>;
  readonly credits: Pick<CreditLedger, 'history' | 'creditFor'>;
  readonly clock: Clock;
}

/**
 * Marks the person's unrevoked certificates whose certified hours of a request differ from what
 * their ledger holds for it now (voided: none). Answers the numbers of those that certify
 * `requestId` so (or of any request, without one), marked now or before. `issued`, a certificate
 * just stored, is checked whether or not the person's listing shows it yet.
 */
export async function markCorrectedCertificates(
  deps: CertificateCorrectionDeps,
  volunteerId: string,
  requestId?: string,
  issued?: Certificate,
): Promise<string[]> {
  const listed = await deps.certificates.listFor(volunteerId);
  if (issued && !listed.some((c) => c.number === issued.number)) listed.push(issued);
  const certificates = listed.filter((c) => !c.revocation);
  if (certificates.length === 0) return [];
  const standing = servedHours(await deps.credits.history(personKey(volunteerId)));
  const at = deps.clock.now().toISOString();
  const affected: string[] = [];
  for (const certificate of certificates) {
    let names = false;
    for (const service of certificate.services) {
      const hours = standing.get(service.requestId)?.hours ?? 0;
      if (hours === service.hours) continue;
      if (!certificate.corrected?.[service.requestId])
        await deps.certificates.markCorrected(certificate.number, service.requestId, { at, hours });
      names ||= requestId === undefined || service.requestId === requestId;
    }
    if (names) affected.push(certificate.number);
  }
  return affected;
}

/**
 * The certificates a request's void or correction affects: of every registered person whose
 * ledger the request credited (a guest's line merged into a person's, there), in number order.
 */
export async function certificatesAffectedBy(deps: CertificateCorrectionDeps, request: ServiceRequest): Promise<string[]> {
  const people = new Set<string>();
  for (const key of creditedLedgers(request)) {
    const home = volunteerIdOf(key) ? key : (await deps.credits.creditFor(key, request.id))?.entry.volunteerKey;
    const id = home && volunteerIdOf(home);
    if (id) people.add(id);
  }
  const numbers: string[] = [];
  for (const id of people) numbers.push(...(await markCorrectedCertificates(deps, id, request.id)));
  return numbers.sort();
}
