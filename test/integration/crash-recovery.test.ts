import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, postJson, validSubmission } from '../support/http';
import { eventually } from '../support/local-stack';
import { javaGone, start } from '../support/local-process';

// An outage for real: `npm start` killed with SIGKILL while requests arrive, then started again on
// the same data. What lived only in the local queue server is gone; the outbox relay and the
// sweeper must bring every stored request back to a valid state with consistent team capacity.
const REQUESTS = 24;
const DISPATCHED = new Set(['OFFERED', 'WAITING', 'ESCALATED', 'ACCEPTED']);

interface Detail {
  request: { id: string; status: string; version: number; offersMade?: number; offer?: { teamId: string }; assignedTeam?: { id: string } };
  timeline: Array<{ type: string; status?: string; seq: number }>;
}
interface TeamRow {
  id: string;
  active: number;
  capacity: number;
}

/** The team holding a request: the one it is offered to, or the one that accepted it. */
const holderOf = ({ request }: Detail) =>
  request.status === 'OFFERED' ? request.offer?.teamId : request.status === 'ACCEPTED' ? request.assignedTeam?.id : undefined;

/**
 * No request offered twice at once: one holder at most (an open offer only while OFFERED, an
 * assigned team only once ACCEPTED, never both), and in its timeline every offer closed (by a
 * release, an acceptance…) before the next was made, one status change per version, as many
 * offers as the request counts, and the last change is the stored status.
 */
function expectOneOfferAtATime(detail: Detail): void {
  const { request } = detail;
  const changes = detail.timeline.filter((e) => e.type === 'STATUS_CHANGED');
  const where = `request ${request.id}: ${changes.map((e) => `${e.seq}:${e.status}`).join(' ')}`;
  expect(request.offer !== undefined, where).toBe(request.status === 'OFFERED');
  if (request.status === 'OFFERED') expect(request.assignedTeam, where).toBeUndefined();
  if (request.status === 'ACCEPTED') expect(request.assignedTeam, where).toBeDefined();
  expect(
    changes.some((e, i) => e.status === 'OFFERED' && changes[i + 1]?.status === 'OFFERED'),
    where,
  ).toBe(false);
  expect(new Set(changes.map((e) => e.seq)).size, where).toBe(changes.length);
  expect(changes.filter((e) => e.status === 'OFFERED').length, where).toBe(request.offersMade ?? 0);
  expect(changes.at(-1)?.status, where).toBe(request.status);
}

describe('a crash of the whole local stack', () => {
  it('loses no stored request, and leaves every request valid and every capacity count equal to its holders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paidan-crash-'));
    try {
      const first = await start(['--data-dir', dir]);
      const replies: Array<{ id: string }> = [];
      const posts = Array.from({ length: REQUESTS }, (_, i) =>
        postJson(`${first.url}/requests`, validSubmission({ phone: `1380000${String(i).padStart(4, '0')}` })).then(
          (r) => void (r.status === 201 && replies.push(r.json())),
          () => undefined,
        ),
      );
      await eventually(async () => replies.length >= REQUESTS / 3);
      first.child.kill('SIGKILL');
      await Promise.all(posts);
      await first.exited;
      expect(await javaGone(first.dynamoPort)).toBe(true);
      expect(replies.length).toBeGreaterThanOrEqual(REQUESTS / 3);

      const second = await start(['--data-dir', dir]);
      const admin = { authorization: `Bearer ${second.adminToken}` };
      const detail = async (id: string) => (await call(`${second.url}/admin/requests/${id}`, { headers: admin })).json() as Detail;
      // Every request the first run confirmed is there; the reconciler dispatches what the crash stranded.
      const ids = replies.map((r) => r.id);
      await eventually(async () => (await Promise.all(ids.map(detail))).every((d) => DISPATCHED.has(d.request?.status)), 90_000);
      const listed = (await call(`${second.url}/admin/requests?limit=200`, { headers: admin })).json().requests as Array<{
        id: string;
        status: string;
      }>;
      expect(listed.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
      // Requests stored without a reply before the kill must come back too. Requests and teams
      // are read twice, the second time after the first: when both reads agree (same version of
      // every request, same count on every team), nothing changed in between, and the second read
      // is one consistent state to compare capacity counts with holders in.
      const read = async () => ({
        details: await Promise.all(listed.map((r) => detail(r.id))),
        teams: (await call(`${second.url}/admin/teams`, { headers: admin })).json().teams as TeamRow[],
      });
      const fingerprint = ({ details, teams }: Awaited<ReturnType<typeof read>>) =>
        JSON.stringify([details.map((d) => [d.request.id, d.request.version]), teams.map((t) => [t.id, t.active])]);
      const { details: all, teams } = await eventually(async () => {
        const first = await read();
        if (!first.details.every((d) => DISPATCHED.has(d.request.status))) return undefined;
        const again = await read();
        return fingerprint(again) === fingerprint(first) && again;
      }, 90_000);
      for (const d of all) expectOneOfferAtATime(d);
      const holders = new Map<string, number>();
      for (const d of all) {
        const holder = holderOf(d);
        if (holder) holders.set(holder, (holders.get(holder) ?? 0) + 1);
      }
      for (const team of teams) {
        expect(team.active, team.id).toBe(holders.get(team.id) ?? 0);
        expect(team.active, team.id).toBeLessThanOrEqual(team.capacity);
      }
      expect([...holders.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(await javaGone(second.dynamoPort)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 }); // Java may still be closing its files after a failed start
    }
  }, 240_000);
});
