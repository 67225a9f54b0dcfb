import { describe, expect, it } from 'vitest';
import { newAccessToken, sha256 } from '#shared/domain/identifiers';
import { offerLinkQuery, signOfferLink } from '#shared/domain/offer-link';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { requestFixture, teamFixture } from '../support/fixtures';
import { call, postForm, postJson, validFormFields, validSubmission, type Reply } from '../support/http';
import { useLocalStack } from '../support/local-stack';
import { tapOutput } from '../support/output-tap';

// Links carry a resident's access token or a team's signature, so they are built on the
// deployment's public URL (the local server's URL here) and never on what a client says its
// host is: X-Forwarded-Host and X-Forwarded-Proto change nothing in any answer.
const local = useLocalStack();

const forged: Record<string, Record<string, string>> = {
  none: {},
  'a space in the host': { 'x-forwarded-host': 'a b' },
  'another host': { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
  'another scheme and port': { 'x-forwarded-host': '127.0.0.1:1', 'x-forwarded-proto': 'ftp' },
};

/** Every absolute link of a page or answer: href, action, Location and URLs in the text. */
function absoluteLinks(reply: Reply): string[] {
  const inText = [...reply.text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi)].map((m) => m[0]);
  const location = reply.headers.get('location');
  return [...inText, ...(location ? [location] : [])];
}

function expectOnlyOwnLinks(reply: Reply, url: string, label: string) {
  const links = absoluteLinks(reply);
  expect(links.length, label).toBeGreaterThan(0);
  for (const link of links) expect(link.startsWith(`${url}/`), `${label}: ${link}`).toBe(true);
  expect(reply.text).not.toMatch(/evil\.example|a b\//);
}

async function offeredRequest() {
  const { adapters } = local();
  await adapters.teams.register(teamFixture('fwd-team', { capacity: 50 }), ['appliance-repair']);
  const request = requestFixture({ accessTokenHash: sha256(newAccessToken()) });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
  const offered = (await adapters.requests.get(request.id))!;
  return { id: request.id, query: offerLinkQuery(signOfferLink(offered, await adapters.signingKeys.current())) };
}

describe('forwarded host and scheme headers', () => {
  it('change neither the answer nor its links on the form post, the status page and the offer page', async () => {
    const { url } = local();
    const offer = await offeredRequest();
    const tap = tapOutput();
    try {
      for (const [label, headers] of Object.entries(forged)) {
        const form = await postForm(`${url}/requests`, validFormFields({ phone: '13912340101' }), headers);
        expect(form.status, `form post, ${label}`).toBe(201);
        expectOnlyOwnLinks(form, url, `form post, ${label}`);

        const api = await postJson(`${url}/requests`, validSubmission({ phone: '13912340102' }), headers);
        expect(api.status, `JSON post, ${label}`).toBe(201);
        const created = api.json<{ id: string; accessToken: string; statusUrl: string }>();
        expect(created.statusUrl).toBe(`${url}/requests/${created.id}?token=${created.accessToken}`);
        expect(api.headers.get('location')).toBe(created.statusUrl);

        const status = await call(`${url}/requests/${created.id}?token=${created.accessToken}`, {
          headers: { accept: 'text/html', ...headers },
        });
        expect(status.status, `status page, ${label}`).toBe(200);
        expectOnlyOwnLinks(status, url, `status page, ${label}`);

        const page = await call(`${url}/offers/${offer.id}?${offer.query}`, { headers: { accept: 'text/html', ...headers } });
        expect(page.status, `offer page, ${label}`).toBe(200);
        expectOnlyOwnLinks(page, url, `offer page, ${label}`);
      }
    } finally {
      tap.stop();
    }
    // Nothing failed, and no log line shows a link's secret either way.
    expect(tap.text()).not.toMatch(/token=|sig=|request failed/);
  });
});
