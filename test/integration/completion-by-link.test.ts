import { describe, expect, it } from 'vitest';
import { offerUrls, signOfferLink, type OfferLinkParams } from '#shared/domain/offer-link';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { call, postForm, postJson } from '../support/http';
import { requestFixture, teamFixture } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { acceptedAgo } from '../support/visit-time';

const local = useLocalStack();
const completeUrl = (id: string, link: OfferLinkParams) =>
  `${local().url}/requests/${id}/complete?${new URLSearchParams({ ...link }).toString()}`;

/** A request offered to its own new team (a service code of its own), and the team's signed link. */
async function offered(teamId: string) {
  const { adapters, url } = local();
  const serviceCode = `${teamId}-svc`;
  await adapters.teams.register(teamFixture(teamId, { services: [serviceCode], capacity: 3 }), [serviceCode]);
  const request = requestFixture({ serviceCode, contact: { name: '郑桂芳', phone: '+8613911112222', address: '科大社区5号楼' } });
  await adapters.requests.create({ request, events: [], outbox: [] });
  await dispatchRequest({ ...adapters, clock: { now: () => new Date() } }, { requestId: request.id, version: 1 });
  const key = await adapters.signingKeys.current();
  const link = signOfferLink((await adapters.requests.get(request.id))!, key);
  return { id: request.id, link, urls: offerUrls(url, request.id, link), key };
}

/** Accepted `minutes` ago (the visit's time: no report has more minutes). */
async function accepted(teamId: string, minutes?: number) {
  const offer = await offered(teamId);
  expect((await call(offer.urls.accept, { method: 'POST' })).status).toBe(200);
  await acceptedAgo(local(), offer.id, minutes);
  return offer;
}

const rows = { 'volunteer-1': '李同学', 'minutes-1': '50', 'volunteer-2': '王师傅', 'minutes-2': '1.5小时', note: '换了保险丝' };

describe('completing an order through the signed offer link', () => {
  it('shows the completion form on the accepted offer page, and a form post completes and returns to the page', async () => {
    const { adapters } = local();
    const { id, link, urls } = await accepted('link-finisher');
    const page = await call(urls.view, { headers: { accept: 'text/html' } });
    expect(page.text).toContain(`action="${completeUrl(id, link).replaceAll('&', '&amp;')}"`);

    const posted = await postForm(completeUrl(id, link), rows);
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`${urls.view}#complete`);
    expect(await adapters.requests.get(id)).toMatchObject({
      status: 'COMPLETED',
      completion: {
        note: '换了保险丝',
        hours: [
          { volunteer: '李同学', minutes: 50 },
          { volunteer: '王师傅', minutes: 90 },
        ],
      },
    });
    expect((await adapters.teams.get('link-finisher'))!.active).toBe(0);
    const after = await call(urls.view, { headers: { accept: 'text/html' } });
    expect(after.text).toContain('报告完成，感谢服务');
    expect(after.text).not.toContain('name="volunteer-1"');
    // The form posted again (a double tap, a reload): back to the page, as the first; other rows are a 409.
    const twin = await postForm(completeUrl(id, link), rows);
    expect(twin.status).toBe(303);
    expect(twin.headers.get('location')).toBe(`${urls.view}#complete`);
    expect((await adapters.teams.get('link-finisher'))!.active).toBe(0);
    expect((await postForm(completeUrl(id, link), { ...rows, 'minutes-1': '51' })).status).toBe(409);
  });

  it('shows the form again with the problem at its row, changing nothing', async () => {
    const { adapters } = local();
    const { id, link } = await accepted('link-typo');
    const refused = await postForm(`${completeUrl(id, link)}&lang=en`, { 'volunteer-1': '李同学', 'minutes-1': 'fifty' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Row 1 Minutes: Write the minutes as a number, e.g. 50');
    expect(refused.text).toContain('value="fifty"');
    expect((await adapters.requests.get(id))!.status).toBe('ACCEPTED');
  });

  it('refuses more minutes than the time since acceptance at the row they were typed in, in Chinese, changing nothing', async () => {
    const { adapters } = local();
    const { id, link } = await accepted('link-hurried', 30);
    const before = await adapters.requests.getWithTimeline(id);
    // Row 1 left empty: the second record is the third row.
    const typed = { 'volunteer-2': '李同学', 'minutes-2': '20', 'volunteer-3': '王师傅', 'minutes-3': '2小时' };
    const refused = await postForm(completeUrl(id, link), typed);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('第 3 行 时长（分钟）：最多 31 分钟，不能超过接单以来的时间');
    expect(refused.text).toMatch(/id="c-minutes-3" name="minutes-3" value="2小时"[^>]*aria-invalid="true"/);
    expect(await adapters.requests.getWithTimeline(id)).toEqual(before);
    expect((await adapters.teams.get('link-hurried'))!.active).toBe(1);
  });

  it('still completes after the link’s deadline (it bounds answering the offer, not the accepted order), and answers JSON to JSON', async () => {
    const { adapters } = local();
    const { id, key } = await accepted('link-late');
    const request = (await adapters.requests.get(id))!;
    // The same request, team and offer version, signed with a deadline an hour ago.
    const lapsed = signOfferLink(
      {
        ...request,
        status: 'OFFERED',
        version: request.version - 1,
        offer: {
          teamId: 'link-late',
          teamName: 'x',
          offeredAt: '2020-01-01T00:00:00.000Z',
          deadline: new Date(Date.now() - 3600_000).toISOString(),
          reason: { zh: '', en: '' },
        },
      },
      key,
    );
    // A tap on accept after the deadline is told the team holds the order (review 70), not refused as expired.
    expect((await call(offerUrls(local().url, id, lapsed).accept, { method: 'POST' })).status).toBe(200);
    const done = await postJson(completeUrl(id, lapsed), { hours: [{ volunteer: '小李', minutes: 30 }] });
    expect(done.status).toBe(200);
    expect(done.json()).toMatchObject({ id, status: 'COMPLETED' });
  });

  it('refuses a forged link (404), another team’s valid link (404), and no credentials at all (401)', async () => {
    const { adapters } = local();
    const first = await offered('link-decliner');
    await postJson(first.urls.decline, { reason: 'busy' });
    // The same request offered to a second team, which accepts.
    const serviceCode = 'link-decliner-svc';
    await adapters.teams.register(teamFixture('link-taker', { services: [serviceCode], capacity: 3 }), [serviceCode]);
    await dispatchRequest(
      { ...adapters, clock: { now: () => new Date() } },
      { requestId: first.id, version: (await adapters.requests.get(first.id))!.version },
    );
    const taken = (await adapters.requests.get(first.id))!;
    expect(taken.offer?.teamId).toBe('link-taker');
    const takerLink = signOfferLink(taken, first.key);
    expect((await call(offerUrls(local().url, first.id, takerLink).accept, { method: 'POST' })).status).toBe(200);

    const body = { hours: [{ volunteer: 'x', minutes: 10 }] };
    expect((await postJson(completeUrl(first.id, first.link), body)).status).toBe(404);
    const forged = { ...takerLink, sig: (takerLink.sig.startsWith('A') ? 'B' : 'A') + takerLink.sig.slice(1) };
    expect((await postJson(completeUrl(first.id, forged), body)).status).toBe(404);
    expect((await postForm(completeUrl(first.id, forged), { 'volunteer-1': 'x', 'minutes-1': '10' })).status).toBe(404);
    expect((await postJson(`${local().url}/requests/${first.id}/complete`, body)).status).toBe(401);
    expect((await adapters.requests.get(first.id))!.status).toBe('ACCEPTED');
    await acceptedAgo(local(), first.id);
    expect((await postJson(completeUrl(first.id, takerLink), body)).status).toBe(200);
  });
});
