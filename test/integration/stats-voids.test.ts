/**
 * A complaint upheld on the local stack (POST /admin/requests/{id}/void-credits) takes what the
 * request's close counted off the statistics: the dashboard's volunteer figures for the void's
 * day and period drop by what was credited, once (twins and a repeat take nothing more), read
 * from the day's facts and once the day is folded; /admin/volunteer-stats drops the service.
 */
import { describe, expect, it } from 'vitest';
import { KEDA } from '../support/fixtures';
import { call, postJson } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';
import { serveOrder } from '../support/served-order';
import { foldsTo, plus, storedFactsOf, teamWithMembers, today, volunteerDashboard } from '../support/volunteer-figures';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const month = () => today().slice(0, 7);

describe('a complaint upheld for a closed, credited request', () => {
  it('takes its volunteers off the dashboard on the void’s day and period, once, and the service off the volunteer statistics', async () => {
    const { url, adapters } = local();
    const from = today();
    const { read: dashboard, shows } = volunteerDashboard(local(), from);
    const volunteerStats = async () => {
      const reply = await call(`${url}/admin/volunteer-stats?area=${KEDA}&from=${month()}&to=${month()}`, { headers: center() });
      expect(reply.status, reply.text).toBe(200);
      const { services, hours } = reply.json();
      return { services, hours };
    };
    const earlier = await dashboard();
    const servedBefore = await volunteerStats();
    const { team, people } = await teamWithMembers(local(), 'void-team', ['郑志愿']);
    const person = people[0]!;
    // A guest of 2 h and the person's 10 h, capped at 8 h a service: 10 h credited, 2.5 points at 4 h a point.
    const id = await serveOrder(local(), team, [
      { volunteerId: person.id, minutes: 600 },
      { volunteer: '老张', minutes: 120 },
    ]);
    await adapters.teams.setPaused('void-team', true);
    await eventually(async () => (await adapters.credits.balance(person.key)).hours === 8);
    const closed = plus(earlier, { people: 2, minutes: 720, hours: 10, points: 2.5 });
    await shows(closed);
    expect(await volunteerStats()).toEqual({ services: servedBefore.services + 1, hours: servedBefore.hours + 8 });

    // Twins at once, then a repeat: the request's facts are its changes, one each.
    const twins = await Promise.all(
      [0, 1].map(() => postJson(`${url}/admin/requests/${id}/void-credits`, { reason: '居民投诉未上门，核实属实' }, station())),
    );
    expect(twins.map((reply) => reply.status)).toEqual([200, 200]);
    expect((await postJson(`${url}/admin/requests/${id}/void-credits`, { reason: '再次' }, center())).json()).toMatchObject({
      voided: 0,
      alreadyVoided: true,
    });
    await shows(earlier);
    expect(await adapters.credits.balance(person.key)).toMatchObject({ hours: 0, pointsEarned: 0 });
    expect(await volunteerStats()).toEqual(servedBefore);

    const voided = (await adapters.requests.get(id))!;
    expect((await storedFactsOf(local(), id, from)).filter((f) => f.volunteersBefore)).toEqual([
      expect.objectContaining({ version: voided.version, at: voided.creditsVoided!.at, volunteers: [] }),
    ]);
    await foldsTo(local(), from, earlier);
    await shows(earlier);
  });
});
