import type { Certificate, CertificateCorrection } from '#shared/domain/certificate';

export type Revocation = NonNullable<Certificate['revocation']>;

/**
 * Issued certificates, kept as issued: a certificate is written once and never changed, except
 * that a revocation may be added to it, once, and a mark per certified request corrected since.
 */
export interface CertificateStore {
  /** The next sequence number of `year` (1, 2, …): each number once, under any concurrency. */
  nextSequence(year: string): Promise<number>;
  /** Stores a new certificate with the person's index of it; `number-taken` if that number exists (nothing written). */
  issue(certificate: Certificate): Promise<'issued' | 'number-taken'>;
  get(number: string): Promise<Certificate | undefined>;
  /** Adds the revocation if the certificate exists and has none yet. */
  revoke(number: string, revocation: Revocation): Promise<'revoked' | 'already-revoked' | 'not-found'>;
  /** Marks a certified request as corrected after issue, once per request (a later mark leaves the first). */
  markCorrected(number: string, requestId: string, mark: CertificateCorrection): Promise<'marked' | 'already-marked' | 'not-found'>;
  /** A person's certificates, newest first. */
  listFor(volunteerId: string): Promise<Certificate[]>;
}
