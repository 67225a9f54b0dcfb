/**
 * Abuse limits on the public intake and lookup: per phone number (hashed) and per client
 * address, in fixed windows. Generous for people (a station's shared Wi-Fi, a family ordering
 * for grandparents), tight for scripts. Staff ordering for residents (代点单) is not limited here.
 */
import { createHash } from 'node:crypto';
import { RateLimitedError } from '#shared/domain/errors';
import type { Clock } from '#shared/ports/clock';
import type { IntakeLimits, LimitRule, LimitsConfig, RateLimiter } from '#shared/ports/rate-limiter';

/** The defaults; a deployment may store others (`LimitsConfig`). */
export const defaultIntakeLimits: IntakeLimits = {
  /** Requests one phone number may make per hour. */
  perPhone: { limit: 5, windowSeconds: 3600 },
  /** Requests from one client address per 10 minutes. */
  perAddress: { limit: 30, windowSeconds: 600 },
  /** Tracking-code lookups from one client address per 10 minutes (each guesses 1 in 10,000). */
  lookupsPerAddress: { limit: 20, windowSeconds: 600 },
};

type Deps = { readonly limiter: RateLimiter & LimitsConfig; readonly clock: Clock };

const phoneKey = (phone: string) => `phone:${createHash('sha256').update(phone).digest('base64url').slice(0, 22)}`;

async function take(deps: Deps, key: string, rule: LimitRule, now = deps.clock.now()) {
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
  await take(deps, ip, limits.perAddress, now);
  try {
    await take(deps, phoneKey(phone), limits.perPhone, now);
  } catch (error) {
    // Refused for the phone: the address's slot goes back, as a refused one uses up nothing.
    await deps.limiter.giveBack(ip, limits.perAddress.windowSeconds, now).catch(() => undefined);
    throw error;
  }
  return {
    giveBack: async () => {
      await deps.limiter.giveBack(ip, limits.perAddress.windowSeconds, now);
      await deps.limiter.giveBack(phoneKey(phone), limits.perPhone.windowSeconds, now);
    },
  };
}

export async function admitLookup(deps: Deps, sourceIp: string): Promise<void> {
  await take(deps, `lookup-ip:${sourceIp}`, (await deps.limiter.intakeLimits()).lookupsPerAddress);
}
