/**
 * The team's offer page as its link's steps render it (review 70): a teammate's late decline, a
 * refused completion report, and the accepted page's phone and buttons.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { parseCompletion } from '#shared/domain/completion';
import { offerLinkQuery, signOfferLink, type OfferLinkParams } from '#shared/domain/offer-link';
import { completionRefusalPage, offerRefusalPage } from '#shared/http/offer-refusal';
import type { HttpRequest } from '#shared/http/request';
import type { HttpResult } from '#shared/http/response';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptByLink, declineByLink, viewTeamOffer } from '#shared/use-cases/team-offer';
import { completeRequest } from '#shared/use-cases/team-work';
import { offerPageUrls } from '#shared/web/links';
import { renderOfferPage } from '#shared/web/offer-page';
import { teamFixture } from '../../support/fixtures';
import { offeredRadio } from '../../support/offered-radio';

const KEY = { id: 'k', secret: Buffer.alloc(32, 7) };
const ORIGIN = 'https://paidan.example';
let mem: MemoryDeps;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-11-29T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas, signingKey: KEY });
  await mem.teams.register(teamFixture('fixers', { servesAreaId: '370902', capacity: 2 }), ['appliance-repair']);
});

async function offered(): Promise<{ id: string; link: OfferLinkParams; teamId: string }> {
  const request = (await mem.requests.get(await offeredRadio(mem)))!;
  return { id: request.id, link: signOfferLink(request, KEY), teamId: request.offer!.teamId };
}

/** A form post from the offer page, as `toHttpRequest` reads it. */
function formPost(id: string, link: OfferLinkParams): HttpRequest {
  return {
    routeKey: 'POST /offers/{id}/decline',
    method: 'POST',
    path: `/offers/${id}/decline`,
    pathParameters: { id },
    query: Object.fromEntries(new URLSearchParams(offerLinkQuery(link))),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: {},
    bodyKind: 'form',
    wantsHtml: true,
    origin: ORIGIN,
    sourceIp: '127.0.0.1',
    cookies: {},
    staff: () => {
      throw new Error('no staff here');
    },
  };
}

/** The page a refusal renders (not the generic error page's `undefined`, nor JSON). */
async function pageOf(result: Promise<HttpResult | undefined>): Promise<{ status: number; html: string }> {
  const page = await result;
  if (!page || !('html' in page)) throw new Error('No offer page');
  return { status: page.status, html: page.html };
}

const refusalOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => expect.fail('should be refused'),
    (error: unknown) => error,
  );

describe('the offer page of a member whose teammate accepted first, declining from a stale page', () => {
  it('says the team holds the order and to call the station, not that it went to another team', async () => {
    const { id, link } = await offered();
    await acceptByLink(mem, id, link);
    const error = await refusalOf(declineByLink(mem, id, link, { reason: 'busy' }));
    const page = await pageOf(offerRefusalPage(mem, error, formPost(id, link)));
    expect(page.status).toBe(409);
    expect(page.html).toContain('<p>本队已经接了这个订单（其他队员先接了）；如果去不了，请打电话给服务站退回</p>');
    expect(page.html).toContain('您已接单');
    expect(page.html).not.toContain('其他服务队');
  });
});

describe('a refused completion report on the offer page', () => {
  it('says whom to ask for missing hours, and lists the volunteers and minutes the first report recorded', async () => {
    const { id, link, teamId } = await offered();
    await acceptByLink(mem, id, link);
    now = new Date(now.getTime() + 3_600_000);
    await completeRequest(
      mem,
      id,
      teamId,
      parseCompletion({
        hours: [
          { volunteer: '李同学', minutes: 50 },
          { volunteer: '王师傅', minutes: 45 },
        ],
      }),
    );
    // A teammate's report of the same visit, a moment later.
    const error = await refusalOf(completeRequest(mem, id, teamId, parseCompletion({ hours: [{ volunteer: '张阿姨', minutes: 40 }] })));
    const posted = {
      ...formPost(id, link),
      body: { 'volunteer-1': '张阿姨', 'minutes-1': '40', 'volunteer-2': '王师傅', 'minutes-2': '1.5小时' },
    };
    const page = await pageOf(completionRefusalPage(mem, error, posted));
    expect(page.status).toBe(409);
    // The rows typed are not on the page again (the form is gone): said, for the station to add.
    expect(page.html).toContain(
      '这个订单已经报告过完成，或已不是本队的订单</p><p>您填写的时长没有记入：张阿姨 40 分钟、王师傅 90 分钟。如需补记，请联系服务站。</p>',
    );
    expect(page.html).toContain('<h2>报告的志愿者和服务时长</h2>\n<ul><li>李同学：50 分钟</li><li>王师傅：45 分钟</li></ul>');
    // A refused report of which nothing was typed (a JSON call) is told whom to ask.
    const empty = await pageOf(completionRefusalPage(mem, error, formPost(id, link)));
    expect(empty.html).toContain('这个订单已经报告过完成，或已不是本队的订单</p><p>如需补记时长，请联系服务站</p>');
    // Another refusal of a step is told as before, without the hint.
    const other = await pageOf(offerRefusalPage(mem, error, formPost(id, link)));
    expect(other.html).not.toContain('如需补记时长');
  });
});

describe('the accepted offer page on a phone', () => {
  it('gives the phone as a number to tap, grouped as it is read out; the open page makes 婉拒 the secondary button', async () => {
    const { id, link } = await offered();
    const urls = offerPageUrls(ORIGIN, id, link, { lang: 'zh', large: false });
    const open = renderOfferPage({ view: await viewTeamOffer(mem, id, link), ...urls, lang: 'zh', large: false });
    expect(open).toContain('<button type="submit">接单</button>');
    expect(open).toContain('<button type="submit" class="secondary">婉拒</button>');
    expect(open).toContain('<dd>139****2222</dd>');
    expect(open).not.toContain('tel:');

    await acceptByLink(mem, id, link);
    const accepted = renderOfferPage({ view: await viewTeamOffer(mem, id, link), ...urls, lang: 'zh', large: false });
    expect(accepted).toContain('<dt>电话</dt><dd><a href="tel:+8613911112222">139 1111 2222</a></dd>');
  });
});
