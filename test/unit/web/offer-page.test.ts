/** The offer page behind a team's link: what the team learns of the order before and after it accepts. */
import { describe, expect, it } from 'vitest';
import { attributeAnswers } from '#shared/domain/attributes';
import { demoServices } from '#shared/seed/menu';
import type { TeamOfferView } from '#shared/use-cases/team-offer';
import { renderOfferPage } from '#shared/web/offer-page';

const visit = demoServices.find((s) => s.code === 'elderly-visit')!;

const openOffer = (attributes: Record<string, unknown>): TeamOfferView => ({
  requestId: 'r1',
  state: 'open',
  service: { code: visit.code, name: visit.name },
  areaNames: [{ zh: '科大社区', en: 'Keda' }],
  urgency: 'normal',
  description: '老人腿脚不便，想请志愿者每周来看看',
  attributes,
  answers: attributeAnswers(visit.fields, attributes),
  deadline: '2026-03-01T02:00:00.000Z',
  resident: { name: '郑**', phone: '139****2222' },
  completable: false,
});

const urls = {
  selfUrl: 'https://x.example/offers/r1?team=t&v=2&exp=9&sig=s',
  acceptUrl: 'https://x.example/offers/r1/accept?team=t&v=2&exp=9&sig=s',
  declineUrl: 'https://x.example/offers/r1/decline?team=t&v=2&exp=9&sig=s',
};

function answersOf(page: string): string {
  return /<dl class="answers">([\s\S]*?)<\/dl>/.exec(page)?.[1] ?? '';
}

describe('the offer page', () => {
  it('says the description cannot be read, in both languages, for a request read without its details', () => {
    const view: TeamOfferView = { ...openOffer({}), description: '', answers: [], detailsUnavailable: true };
    const zh = renderOfferPage({ view, ...urls, lang: 'zh', large: false });
    expect(zh).toContain(
      '<dt>需求描述</dt><dd class="pre">（需求描述、希望时间和填写的内容暂时无法读取，不是居民没有填写。请联系居民确认。）</dd>',
    );
    const en = renderOfferPage({ view, ...urls, lang: 'en', large: false });
    expect(en).toContain('it is not that the resident wrote nothing');
    expect(renderOfferPage({ view: openOffer({}), ...urls, lang: 'en', large: false })).not.toContain('cannot be read');
  });

  it('shows the answers to the service’s own fields while the offer is open, by label and option name', () => {
    const zh = renderOfferPage({ view: openOffer({ livesAlone: true, mobility: 'wheelchair' }), ...urls, lang: 'zh', large: false });
    expect(answersOf(zh)).toBe('<dt>是否独居</dt><dd class="pre">是</dd><dt>行动能力</dt><dd class="pre">需坐轮椅</dd>');
    const en = renderOfferPage({ view: openOffer({ livesAlone: false }), ...urls, lang: 'en', large: false });
    expect(answersOf(en)).toBe('<dt>Lives alone</dt><dd class="pre">No</dd>');
    // Still no contact before accepting.
    expect(zh).toContain('139****2222');
    expect(zh).not.toContain('<dt>地址</dt>');
  });

  it('escapes an answer as it came, and has no list without answers', () => {
    const page = renderOfferPage({ view: openOffer({ mobility: '<b>x</b>' }), ...urls, lang: 'zh', large: false });
    expect(answersOf(page)).toBe('<dt>行动能力</dt><dd class="pre">&lt;b&gt;x&lt;/b&gt;</dd>');
    expect(renderOfferPage({ view: openOffer({}), ...urls, lang: 'zh', large: false })).not.toContain('class="answers"');
  });

  it('heads an accepted order by where it stands: get in touch, reported done, over (review 55)', () => {
    const accepted: TeamOfferView = { ...openOffer({}), state: 'accepted', resident: { name: '郑桂芳', phone: '+8613911112222' } };
    const headline = (view: TeamOfferView, lang: 'zh' | 'en' = 'zh') =>
      /<p><strong>(.*?)<\/strong><\/p>/.exec(renderOfferPage({ view, ...urls, lang, large: false }))?.[1];
    expect(headline(accepted)).toBe('您已接单。以下是居民的联系方式，请尽快联系。');
    const reported = { ...accepted, completedAt: '2026-03-01T05:00:00.000Z' };
    expect(headline(reported)).toBe('您已报告完成。如需回访，可以使用下面居民的联系方式。');
    const over = { ...reported, contactWithdrawn: true, resident: { name: '郑**', phone: '139****2222' } };
    expect(headline(over)).toBe('这个订单已经结束，感谢服务！');
    expect(headline(over, 'en')).toBe('This order is over. Thank you!');
    expect(headline(over)).not.toContain('联系');
  });

  it('says an earlier link’s request is offered again, and a declined offer was declined, with no form', () => {
    const superseded = renderOfferPage({ view: { ...openOffer({}), state: 'superseded' }, ...urls, lang: 'zh', large: false });
    expect(superseded).toContain('这个需求已重新派给您的服务队：这是之前的链接，请打开最新的派单通知接单或婉拒。');
    expect(superseded).not.toContain('<form');
    expect(superseded).not.toContain('已经结束');
    const declined = renderOfferPage({ view: { requestId: 'r1', state: 'declined' }, ...urls, lang: 'zh', large: false });
    expect(declined).not.toContain('<form');
    // It promises no other team: a decline may send it to the center, or back to this team later.
    const headline = (lang: 'zh' | 'en') =>
      /<p><strong>(.*?)<\/strong><\/p>/.exec(
        renderOfferPage({ view: { requestId: 'r1', state: 'declined' }, ...urls, lang, large: false }),
      )?.[1];
    expect(headline('zh')).toBe('您的服务队已婉拒这个派单。');
    expect(headline('en')).toBe('Your team declined this offer.');
  });
});
