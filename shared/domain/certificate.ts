/**
 * The volunteer-service record certificate (志愿服务记录证明), after 《志愿服务记录与证明出具办法
 * （试行）》: the volunteer's identity (name, identity document's type and masked number,
 * volunteer number), each service in the period (date, activity, place, team, hours), the
 * issuing organization (name, person in charge, contact), and the certificate's number and date.
 * What was issued is kept as issued; a revocation, and a mark of a service record corrected since,
 * are added beside it, never a change to it.
 */
import * as z from '#shared/domain/zod';
import { ValidationError } from './errors';
import { calendarDay, parseOrThrow, plainText } from './validation';
import type { IdentityType } from './volunteer';

export interface CertifiedService {
  /** The Shanghai day the service was completed, `YYYY-MM-DD`. */
  readonly date: string;
  readonly requestId: string;
  /** The service's name on the menu (活动名称). */
  readonly activity: string;
  /** The community where it was done (服务地点). */
  readonly place: string;
  /** The team that organized it (服务内容 names the team's work); `OWN_CLAIM` for a wish the volunteer claimed themselves. */
  readonly team: string;
  readonly hours: number;
}

export interface CertificateIssuer {
  readonly organization: string;
  readonly personInCharge: string;
  readonly contact: string;
}

export interface Certificate {
  /** `2026-000017-K7QX`: the year, a sequence, and a check part nobody can guess. */
  readonly number: string;
  readonly volunteerId: string;
  readonly person: {
    readonly name: string;
    readonly identity?: { readonly type: IdentityType; readonly masked: string };
    readonly volunteerNumber?: string;
  };
  readonly period: { readonly from: string; readonly to: string };
  readonly services: readonly CertifiedService[];
  readonly totalHours: number;
  readonly issuer: CertificateIssuer;
  readonly issuedAt: string;
  readonly issuedBy: { readonly id: string; readonly name: string };
  /** The issuing admin's area (谁记录谁证明): its center admins see and revoke it; absent when the deployment's own admin issued it. */
  readonly issuerAreaId?: string;
  readonly revocation?: { readonly at: string; readonly by: { readonly id: string; readonly name: string }; readonly reason: string };
  /**
   * The certified requests whose hours no longer stand as certified (a complaint upheld, an hours
   * correction, after issue), by request id: when that was found and the hours that stand now.
   * Added beside the certificate as issued, never a change to it; staff revoke and reissue.
   */
  readonly corrected?: Readonly<Record<string, CertificateCorrection>>;
}

export interface CertificateCorrection {
  readonly at: string;
  /** The request's hours on the person's ledger now: 0 when voided. */
  readonly hours: number;
}

/** When a certificate was first found to hold a service record corrected after issue, if ever. */
export function correctedSince(c: Certificate): string | undefined {
  return Object.values(c.corrected ?? {})
    .map((mark) => mark.at)
    .sort()[0];
}

const issueSchema = z.strictObject({
  from: calendarDay(),
  to: calendarDay(),
  organization: plainText().check(z.trim(), z.minLength(2), z.maxLength(60)),
  personInCharge: plainText().check(z.trim(), z.minLength(1), z.maxLength(30)),
  contact: plainText().check(z.trim(), z.minLength(3), z.maxLength(40)),
});

export type CertificateRequest = z.output<typeof issueSchema>;

/** The issue form's body; `today` (Shanghai) bounds the period's end. */
export function parseCertificateRequest(body: unknown, today: string): CertificateRequest {
  const input = parseOrThrow(issueSchema, body ?? {});
  if (input.to < input.from) throw new ValidationError([{ field: 'to', message: 'The period ends before it starts' }]);
  if (input.to > today) throw new ValidationError([{ field: 'to', message: 'The period ends after today' }]);
  return input;
}

const revokeSchema = z.strictObject({ reason: plainText().check(z.trim(), z.minLength(2), z.maxLength(200)) });

export function parseRevocation(body: unknown): string {
  return parseOrThrow(revokeSchema, body ?? {}).reason;
}

/** Services one certificate lists at most (a longer record is split into periods): the stored item stays far below DynamoDB's 400 KB. */
export const MAX_CERTIFIED_SERVICES = 1000;

/** Numbers one address may check on the public page per window. */
export const CHECKS_PER_ADDRESS = { limit: 60, windowSeconds: 10 * 60 } as const;

const NUMBER = /^(\d{4})-(\d{6})-([0-9A-HJ-NP-Z]{4})$/;
const CHECK_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** The number of the `sequence`th certificate of `year`, with a check part from `random` bytes. */
export function certificateNumber(year: string, sequence: number, random: Uint8Array): string {
  const check = Array.from(random.subarray(0, 4), (b) => CHECK_ALPHABET[b % CHECK_ALPHABET.length]).join('');
  return `${year}-${String(sequence).padStart(6, '0')}-${check}`;
}

/** A number as typed (spaces, lower case), or undefined when it cannot be one. */
export function normalizeCertificateNumber(text: string): string | undefined {
  const number = text.replace(/\s/g, '').toUpperCase();
  return NUMBER.test(number) ? number : undefined;
}

/** Hours as printed: at most two decimals, no trailing zeros. */
export function formatHours(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

/** `王*明`, `王*`: enough for whoever holds the certificate to see it is theirs. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** What the public verify page shows: no identity number, the name masked. */
export function publicView(c: Certificate) {
  return {
    ...certificateSummary(c),
    name: maskName(c.person.name),
    ...(c.revocation ? { revokedAt: c.revocation.at } : {}),
  };
}

export const identityTypeNames: Record<IdentityType, string> = {
  'resident-id': '居民身份证',
  passport: '护照',
  'hk-macao-permit': '港澳居民来往内地通行证',
  'taiwan-permit': '台湾居民来往大陆通行证',
  'foreign-permanent-id': '外国人永久居留身份证',
};

/** `2026年12月5日` */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The person's identity document and volunteer number, as printed. */
function particulars(c: Certificate): string[] {
  const identity = c.person.identity ? `${identityTypeNames[c.person.identity.type]}：${c.person.identity.masked}` : '';
  const number = c.person.volunteerNumber ? `志愿者编号：${c.person.volunteerNumber}` : '';
  return [identity, number].filter(Boolean);
}

/**
 * The person as labelled lines (姓名：…, the identity document, the volunteer number), printed
 * above the statement for every name: set apart in its own field, whatever a name holds (a stored
 * `张三（居民身份证：…）`, or letters such as `張三 累计服务时长五百小时`) cannot read as the
 * certificate's own words.
 */
export function labelledPerson(c: Certificate): string[] {
  return [`姓名：${c.person.name}`, ...particulars(c)];
}

/** The certificate's statement (兹证明 上列志愿者 …), the same on paper, in the PDF and on the page: never the name itself. */
export function certificateStatement(c: Certificate): string {
  return `兹证明 上列志愿者于 ${chineseDate(c.period.from)} 至 ${chineseDate(c.period.to)} 期间参加志愿服务 ${c.services.length} 次，累计服务时长 ${formatHours(c.totalHours)} 小时。服务记录如下：`;
}

/** A line of a person's list of certificates. */
export function certificateSummary(c: Certificate) {
  return {
    number: c.number,
    period: c.period,
    services: c.services.length,
    totalHours: c.totalHours,
    organization: c.issuer.organization,
    issuedAt: c.issuedAt,
    status: c.revocation ? ('revoked' as const) : ('valid' as const),
    ...(correctedSince(c) ? { correctedAt: correctedSince(c), correctedRequests: Object.keys(c.corrected ?? {}).sort() } : {}),
  };
}
