/**
 * Abuse limits on the public intake and lookup: per phone number (its keyed hash) and per client
 * address, in fixed windows. Generous for people (a station's shared Wi-Fi, a family ordering
 * for grandparents), tight for scripts. Staff ordering for residents (代点单) is not limited here.
 */
import { RateLimitedError } from '#shared/domain/errors';
import { keyedPhoneHash } from '#shared/domain/phone-hash';
import type { Clock } from '#shared/ports/clock';
import type { IntakeLimits, LimitRule, LimitsConfig, RateLimiter } from '#shared/ports/rate-limiter';
import type { SigningKeys } from '#shared/ports/signing-keys';

/** The defaults; a deployment may store others (`LimitsConfig`). */
export const defaultIntakeLimits: IntakeLimits = {
  /** Requests one phone number may make per hour. */
  perPhone: { limit: 5, windowSeconds: 3600 },
  /** Requests from one client address per 10 minutes. */
  perAddress: { limit: 30, windowSeconds: 600 },
  /** Tracking-code lookups from one client address per 10 minutes (each guesses 1 in 10,000). */
  lookupsPerAddress: { limit: 20, windowSeconds: 600 },
};

type LookupDeps = { readonly limiter: RateLimiter & LimitsConfig; readonly clock: Clock };
type Deps = LookupDeps & { readonly signingKeys: Pick<SigningKeys, 'identityKey'> };

/**
 * The rate-limit key of a phone (E.164): its keyed hash, for this purpose alone (`keyedPhoneHash`).
 * A plain hash gave a mainland number back within a minute to anyone reading the items.
 */
export const intakePhoneKey = (identityKey: Buffer, phone: string) => `phone:${keyedPhoneHash(identityKey, 'intake rate phones', phone)}`;

async function take(deps: LookupDeps, key: string, rule: LimitRule, now = deps.clock.now()) {
  if (!(await deps.limiter.take(key, rule.limit, rule.windowSeconds, now))) throw RateLimitedError.untilWindowEnds(rule.windowSeconds, now);
}

/** A submission let in: what it counted, to give back if it turns out to make no request. */
export interface Admission {
  giveBack(): Promise<void>;
}

/**
 * Throws RateLimitedError (429) when this address or phone has submitted too often. Counted
 * before the request is written, so the limit holds whatever runs at once.
 */
export async function admitSubmission(deps: Deps, sourceIp: string, phone: string): Promise<Admission> {
  const limits = await deps.limiter.intakeLimits();
  const now = deps.clock.now();
  const ip = `ip:${sourceIp}`;
  const phoneKey = intakePhoneKey(await deps.signingKeys.identityKey(), phone);
  await take(deps, ip, limits.perAddress, now);
  try {
    await take(deps, phoneKey, limits.perPhone, now);
  } catch (error) {
    // Refused for the phone: the address's slot goes back, as a refused one uses up nothing.
    await deps.limiter.giveBack(ip, limits.perAddress.windowSeconds, now).catch(() => undefined);
    throw error;
  }
  return {
    giveBack: async () => {
      await deps.limiter.giveBack(ip, limits.perAddress.windowSeconds, now);
      await deps.limiter.giveBack(phoneKey, limits.perPhone.windowSeconds, now);
    },
  };
}

export async function admitLookup(deps: LookupDeps, sourceIp: string): Promise<void> {
  await take(deps, `lookup-ip:${sourceIp}`, (await deps.limiter.intakeLimits()).lookupsPerAddress);
}
