/** After the retention rule or an erasure: every view of the request says its resident's data was removed, with no blank contact or masked emptiness. */
import { describe, expect, it } from 'vitest';
import { memoryDeps } from '#shared/adapters/memory/deps';
import { newAccessToken, sha256 } from '#shared/domain/identifiers';
import { anonymised } from '#shared/domain/retention';
import { demoAreas } from '#shared/seed/areas';
import { demoCategories, demoServices } from '#shared/seed/menu';
import { teamView } from '#shared/use-cases/team-offer';
import { viewRequest } from '#shared/use-cases/view-request';
import { renderOfferPage } from '#shared/web/offer-page';
import { renderStatusPage } from '#shared/web/status-page';
import { requestFixture } from '../../support/fixtures';

const now = new Date('2026-12-05T02:00:00Z');
const token = newAccessToken();
const stored = requestFixture({
  status: 'CLOSED',
  contact: { name: '蔺雪梅', phone: '+8613987654321', address: '花园社区8号楼' },
  description: '收音机坏了',
  accessTokenHash: sha256(token),
  assignedTeam: { id: 'ruidi-repair', name: '瑞迪e修站' },
  completion: { completedAt: '2026-05-01T02:00:00Z', note: '已修好', hours: [{ volunteer: '小李', minutes: 30 }] },
});
const request = anonymised(stored, now.toISOString());
const deps = memoryDeps({ clock: { now: () => now }, categories: demoCategories, services: demoServices, areas: demoAreas });

describe('an anonymised request', () => {
  it('tells the resident its contact and description were removed', async () => {
    await deps.requests.create({ request, events: [], outbox: [] });
    const view = await viewRequest(deps, request.id, token);
    expect(view).toMatchObject({ personalDataRemoved: true, contact: { name: '', phone: '' } });
    const page = renderStatusPage({ view, lang: 'zh', large: false });
    expect(page).toContain('联系方式和需求说明已删除');
    expect(page).not.toContain('****');
  });

  it('tells the team that did the work, on its old offer link', async () => {
    const view = await teamView(deps, request, 'accepted', now);
    expect(view).toMatchObject({ personalDataRemoved: true, resident: { name: '', phone: '' } });
    const links = { selfUrl: '/o', acceptUrl: '/a', declineUrl: '/d' };
    const page = renderOfferPage({ view, lang: 'zh', large: false, ...links });
    expect(page).toContain('居民的联系方式和需求描述已删除');
    expect(page).not.toContain('****');
  });
});
