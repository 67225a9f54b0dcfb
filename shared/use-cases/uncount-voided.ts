/**
 * A complaint upheld (credits voided, or withheld before they were posted) takes the registered
 * people's service of the request back out of the volunteer statistics (/admin/volunteer-stats):
 * each person once, however often it runs (`uncountService`, keyed by person and request), and a
 * posting or correction that counts after it counts nothing. Run after the void, and again by a
 * repeated void or by a posting that finds the credits withheld, so a crash in between is made good.
 */
import { creditedLedgers } from '#shared/domain/credit';
import type { ServiceRequest } from '#shared/domain/service-request';
import { volunteerIdOf } from '#shared/domain/volunteer';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';

export interface UncountDeps {
  readonly credits: Pick<CreditLedger, 'creditFor'>;
  readonly volunteers: Pick<VolunteerRegistry, 'uncountService'>;
}

export async function uncountVoidedService(deps: UncountDeps, request: ServiceRequest): Promise<number> {
  const people = new Set<string>();
  // Every ledger the request credited (before a reopening too, and those a correction took off
  // the record), and the person a guest's line was merged into since: a correction counts that person.
  for (const key of creditedLedgers(request)) {
    const home = (await deps.credits.creditFor(key, request.id))?.entry.volunteerKey;
    for (const ledger of [key, home]) {
      const id = ledger === undefined ? undefined : volunteerIdOf(ledger);
      if (id) people.add(id);
    }
  }
  for (const id of people) await deps.volunteers.uncountService(id, request.id);
  return people.size;
}
