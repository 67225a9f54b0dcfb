/** Issued certificates on a Map: written once, a revocation and each request's correction mark added once, as the table's conditions make them. */
import type { Certificate, CertificateCorrection } from '#shared/domain/certificate';
import type { CertificateStore, Revocation } from '#shared/ports/certificate-store';

export class MemoryCertificateStore implements CertificateStore {
  private readonly certificates = new Map<string, Certificate>();
  private readonly sequences = new Map<string, number>();

  async nextSequence(year: string): Promise<number> {
    const next = (this.sequences.get(year) ?? 0) + 1;
    this.sequences.set(year, next);
    return next;
  }

  async issue(certificate: Certificate): Promise<'issued' | 'number-taken'> {
    if (this.certificates.has(certificate.number)) return 'number-taken';
    this.certificates.set(certificate.number, structuredClone(certificate));
    return 'issued';
  }

  async get(number: string): Promise<Certificate | undefined> {
    const found = this.certificates.get(number);
    return found && structuredClone(found);
  }

  async revoke(number: string, revocation: Revocation): Promise<'revoked' | 'already-revoked' | 'not-found'> {
    const found = this.certificates.get(number);
    if (!found) return 'not-found';
    if (found.revocation) return 'already-revoked';
    this.certificates.set(number, { ...found, revocation });
    return 'revoked';
  }

  async markCorrected(number: string, requestId: string, mark: CertificateCorrection): Promise<'marked' | 'already-marked' | 'not-found'> {
    const found = this.certificates.get(number);
    if (!found) return 'not-found';
    if (found.corrected?.[requestId]) return 'already-marked';
    this.certificates.set(number, { ...found, corrected: { ...found.corrected, [requestId]: { ...mark } } });
    return 'marked';
  }

  async listFor(volunteerId: string): Promise<Certificate[]> {
    return [...this.certificates.values()]
      .filter((c) => c.volunteerId === volunteerId)
      .sort((a, b) => (b.issuedAt + b.number).localeCompare(a.issuedAt + a.number))
      .map((c) => structuredClone(c));
  }
}
