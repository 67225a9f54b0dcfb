/**
 * Who each row of an hours correction names (`correct-hours.ts`). The console sends back every
 * row of the visit's record, so a row is first matched to the record's own entries: by volunteer
 * id, then a name-only row to a guest of that name of this team's visits (a guest whose name a
 * member has since taken stays the guest), then to a member of this team of that name; a name only
 * a guest of an earlier visit by another team, and no member's, is refused (400): only the last
 * visit is corrected, and that guest's ledger is the other team's.
 * Anyone else as a report names them (`namedHours`). A person already on the
 * record, or credited for the request, is corrected even after leaving the team. A guest's row
 * whose ledger line was merged into a registered person's (the ledger answers with that person's
 * key) names the person, who replaces the guest on the record (`replaces`): the record then
 * names whom the ledger credits.
 */
import { volunteerKey } from '#shared/domain/credit';
import { personKey, sameName, volunteerIdOf } from '#shared/domain/volunteer';
import { ValidationError, type FieldIssue } from '#shared/domain/errors';
import type { CorrectionRow, HoursCorrectionInput } from '#shared/domain/hours-correction';
import { visitsOf, type ServiceRequest } from '#shared/domain/service-request';
import type { CreditLedger } from '#shared/ports/credit-ledger';
import type { VolunteerRegistry } from '#shared/ports/volunteer-registry';

export async function correctionRows(
  deps: { readonly volunteers: Pick<VolunteerRegistry, 'members' | 'get'>; readonly credits: Pick<CreditLedger, 'creditFor'> },
  request: ServiceRequest,
  teamId: string,
  rows: HoursCorrectionInput['hours'],
): Promise<CorrectionRow[]> {
  const visits = visitsOf(request);
  const recorded = visits.flatMap((visit) => visit.hours);
  const guestOf = (visit: (typeof visits)[number], name: string) => visit.hours.some((r) => !r.volunteerId && r.volunteer === name);
  const memberships = await deps.volunteers.members(teamId);
  const people = (await Promise.all(memberships.map((m) => deps.volunteers.get(m.volunteerId)))).filter((p) => p !== undefined);
  const issues: FieldIssue[] = [];
  const named: CorrectionRow[] = [];
  for (const [i, row] of rows.entries()) {
    const { minutes } = row;
    if (row.volunteerId) {
      const id = row.volunteerId;
      const onRecord = recorded.filter((r) => r.volunteerId === id).at(-1);
      const member = people.find((p) => p.id === id);
      if (onRecord) named.push({ volunteer: onRecord.volunteer, volunteerId: id, minutes });
      else if (member) named.push({ volunteer: member.name, volunteerId: id, minutes });
      else if (await deps.credits.creditFor(personKey(id), request.id))
        named.push({ volunteer: (await deps.volunteers.get(id))?.name ?? id, volunteerId: id, minutes });
      else issues.push({ field: `hours.${i}.volunteerId`, message: 'Not a member of this team' });
      continue;
    }
    const name = row.volunteer ?? '';
    // A guest's ledger is the team's (`<team>:<name>`): a guest of this team's visits, the last one's or an earlier one's.
    const guest = visits.some((visit) => visit.team?.id === teamId && guestOf(visit, name));
    const same = people.filter((p) => sameName(p.name, name));
    if (!guest && same.length === 0 && visits.some((visit) => guestOf(visit, name))) {
      // Only a guest of an earlier visit by another team (or by no team), and no member's name: its credit is that team's.
      issues.push({
        field: `hours.${i}.volunteer`,
        message: "A guest of an earlier visit by another team: only the last visit, this team's, is corrected",
      });
      continue;
    }
    if (guest) {
      const key = volunteerKey(teamId, name);
      const home = (await deps.credits.creditFor(key, request.id))?.entry.volunteerKey ?? key;
      const id = volunteerIdOf(home);
      if (home !== key && !id)
        issues.push({ field: `hours.${i}.volunteer`, message: "This guest's hours were merged into another ledger" });
      if (home !== key && id)
        named.push({ volunteer: (await deps.volunteers.get(id))?.name ?? name, volunteerId: id, minutes, replaces: key });
      if (home === key) named.push({ volunteer: name, minutes });
      continue;
    }
    const person = !guest && same.length === 1 ? same[0] : undefined;
    named.push(person ? { volunteer: person.name, volunteerId: person.id, minutes } : { volunteer: name, minutes });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return named;
}
