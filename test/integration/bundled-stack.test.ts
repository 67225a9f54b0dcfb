import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { issueTeamToken } from '#shared/domain/team-token';
import { KEDA, teamFixture } from '../support/fixtures';
import { call, postJson } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';
import { residentId } from '../support/resident-id';
import { serveOrder, uniquePhone } from '../support/served-order';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

// The local stack on the bundles `cdk deploy` uploads (infra/function-bundles.ts), not on the
// TypeScript sources the other tests run: every function is imported from its bundle at start,
// and one order goes through the ones it meets, so a bundling change that breaks a function
// (an alias, a provider left out, a data file missing) fails here rather than in AWS.
const local = useLocalStack({ bundled: true });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const SECRET = 'bundled-team-webhook-secret-0123';
let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  await hook?.close();
});

describe('the local stack on the deployed bundles', () => {
  it('serves one order from the form to the certificate: submit, signed offer, accept, SMS, complete, rate, points, statistics', async () => {
    const { url, adapters, stack } = local();
    const center = bearer(stack.adminTokens.center);
    await adapters.teams.register(
      teamFixture('bundled-team', {
        capacity: 5,
        channels: [{ kind: 'webhook', url: `${hook.url}/paidan`, format: 'json', secret: SECRET }],
      }),
      ['appliance-repair'],
    );
    const issued = issueTeamToken('bundled-team');
    await adapters.teams.setTokenHash('bundled-team', issued.hash);
    const team = bearer(issued.token);
    const phone = uniquePhone();
    const identity = { type: 'resident-id', number: residentId('37090219850317123') };
    const made = await postJson(`${url}/admin/volunteers`, { name: '王小明', phone, identity, homeAreaId: KEDA }, center);
    expect(made.status, made.text).toBe(201);
    const person = made.json();
    expect((await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId: 'bundled-team' }, center)).status).toBe(200);

    // The form's page, then one order through the API, its offer signed to the team's webhook.
    expect((await call(`${url}/`)).status).toBe(200);
    const offerOf = (id: string) => eventually(async () => hook.received.find((r) => r.body.includes(id)));
    const id = await serveOrder(local(), team, [{ volunteerId: person.id, minutes: 150 }], offerOf);
    const offer = await offerOf(id);
    const sentAt = offer.headers['x-paidan-timestamp'] as string;
    expect(offer.headers['x-paidan-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(`${sentAt}.${offer.body}`).digest('hex')}`,
    );
    const outbox = async () => (await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[];
    await eventually(async () => (await outbox()).find((e) => e.kind === 'accepted'));
    expect((await adapters.requests.get(id))?.status).toBe('CLOSED');

    // Points through the credits consumer, the statistics through theirs, read by staff.
    await eventually(async () => (await adapters.credits.balance(`person#${person.id}`)).hours === 2.5);
    const stats = await eventually(async () => {
      const s = (await call(`${url}/admin/stats?area=${KEDA}`, { headers: center })).json();
      // Completion and rating are separate facts, each counted when its own message is consumed.
      return s.totals?.completed >= 1 && s.totals?.satisfaction?.meanStars != null ? s : undefined;
    });
    expect(stats.totals).toMatchObject({ requests: 1, accepted: 1, completed: 1, satisfaction: { meanStars: 5 } });

    // The certificate: a PDF set in the font shipped beside its function's bundle.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const certificate = await postJson(
      `${url}/admin/volunteers/${person.id}/certificates`,
      {
        from: `${today.slice(0, 4)}-01-01`,
        to: today,
        organization: '泰安市新时代文明实践中心',
        personInCharge: '李主任',
        contact: '0538-1234567',
      },
      center,
    );
    expect(certificate.status, certificate.text).toBe(201);
    const pdf = await fetch(`${url}/admin/certificates/${certificate.json().number}/pdf`, { headers: center });
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 8))).toBe('%PDF-1.7');
    expect(new TextDecoder('latin1').decode(bytes)).toContain('/FontFile2');
  });
});
