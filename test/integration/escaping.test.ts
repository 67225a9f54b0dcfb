import { describe, expect, it } from 'vitest';
import type { DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { call, postForm, postJson, validFormFields, validSubmission } from '../support/http';
import { teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';

// Free text is data, never markup: on every page that shows it and in every notice.
const local = useLocalStack();
const NAME = '<img src=x onerror=alert(1)>';
const TEXT = '<script>alert("paidan")</script> 收音机坏了';
const html = { accept: 'text/html' };

function expectInert(page: string) {
  expect(page).not.toContain('<script>alert');
  expect(page).not.toContain('<img src=x');
}

describe('HTML in free text', () => {
  it('is escaped on the status, lookup, offer and refused-form pages, and inert in notices', async () => {
    const { url, adapters } = local();
    await adapters.teams.register(teamFixture('escape-team', { channels: [{ kind: 'email', address: 'escape@example.invalid' }] }), [
      'appliance-repair',
    ]);
    const created = (
      await postJson(
        `${url}/requests`,
        validSubmission({ contactName: NAME, description: TEXT, address: '<b>3号楼</b>', phone: '13911110000' }),
      )
    ).json();
    const status = await call(`${url}/requests/${created.id}?token=${created.accessToken}`, { headers: html });
    expectInert(status.text);
    expect(status.text).toContain('&lt;script&gt;alert');

    const lookedUp = await postForm(`${url}/lookup`, { code: created.trackingCode, phone4: '0000' });
    expect(lookedUp.status).toBe(200);
    expectInert(lookedUp.text);

    const offer = await eventually(async () =>
      ((await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[]).find(
        (e) => e.kind === 'offer' && e.eventId.startsWith(created.id),
      ),
    );
    for (const text of [offer.text, offer.markdown, offer.title]) expect(text).not.toMatch(/<img|<script|<b>/);
    const view = (offer.data.links as { view: string }).view;
    expectInert((await call(view, { headers: html })).text);
    await call((offer.data.links as { accept: string }).accept, { method: 'POST' });
    const accepted = await call(view, { headers: html });
    expect(accepted.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(accepted.text).toContain('&lt;b&gt;3号楼&lt;/b&gt;');
    expectInert(accepted.text);
    const sms = await eventually(async () =>
      ((await call(`${url}/dev/outbox`)).json().entries as DevOutboxEntry[]).find(
        (e) => e.kind === 'accepted' && e.to === '+8613911110000',
      ),
    );
    expect(sms.text).not.toMatch(/[<>]/);

    const refused = await postForm(`${url}/requests`, validFormFields({ description: TEXT, phone: 'x<script>' }));
    expect(refused.status).toBe(400);
    expectInert(refused.text);
    expect((await adapters.requests.get(created.id))!.contact.name).toBe(NAME);
  });
});
