/**
 * A wish's public page names who holds it (review 64): a team or unit by name, a volunteer
 * never, also when staff gave a team's claim to another team by hand and that team accepted.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { reassign } from '#shared/use-cases/admin-requests';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { claimAsTeam, claimAsVolunteer, giveUpClaim } from '#shared/use-cases/wish-claims';
import { WALL_PAGE_SIZE, wallView, wishView } from '#shared/use-cases/wish-wall-view';
import type { ValidationError } from '#shared/domain/errors';
import { renderWallPage, renderWishPage } from '#shared/web/wall-pages';
import { formatShanghaiTime } from '#shared/web/time';
import { KEDA, teamFixture } from '../../support/fixtures';
import { publishedWish } from '../../support/memory-wish';

const CENTER = { id: 'center', name: 'center', role: 'center' } as const;
let mem: MemoryDeps;
let now: Date;

beforeEach(() => {
  now = new Date('2026-12-01T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
});

const published = () => publishedWish(mem);

const status = async (id: string) =>
  renderWishPage({ lang: 'zh', large: false, wish: await wishView(mem, id) }).match(/<p class="status">.*?<\/p>/s)?.[0];

describe('who holds a wish, on its public page', () => {
  it('names the team staff gave a team’s claim to, once it accepted', async () => {
    for (const [id, zh] of [
      ['first', '第一服务队'],
      ['second', '第二服务队'],
    ] as const) {
      await mem.teams.register(teamFixture(id, { name: { zh, en: zh }, services: ['micro-wish'], servesAreaId: '370902' }), ['micro-wish']);
    }
    const id = await published();
    await claimAsTeam(mem, 'first', id);
    expect(await status(id)).toContain('已被认领：第一服务队');
    await reassign(mem, CENTER, id, { teamId: 'second', reason: '第一队人手不足' });
    await acceptOffer(mem, id, 'second');
    expect(await wishView(mem, id)).toMatchObject({ state: 'claimed', claimedBy: { kind: 'team', name: '第二服务队' } });
    expect(await status(id)).toBe('<p class="status"><strong>已被认领：第二服务队</strong></p>');
    // A team or unit the view cannot name is no volunteer either.
    const unnamed = renderWishPage({ lang: 'zh', large: false, wish: { ...(await wishView(mem, id)), claimedBy: { kind: 'unit' } } });
    expect(unnamed).toContain('<strong>已被认领</strong>');
  });

  it('calls a volunteer only 一位志愿者', async () => {
    await mem.volunteers.register({
      id: 'v1',
      name: '张三丰',
      phone: '+8613900001111',
      homeAreaId: KEDA,
      registeredAt: '2026-12-01T00:00:00.000Z',
      registeredBy: { kind: 'self' },
    });
    const id = await published();
    await claimAsVolunteer(mem, 'v1', id);
    const line = await status(id);
    expect(line).toContain('已被一位志愿者认领');
    expect(line).not.toContain('张三丰');
  });
});

describe('a wall page’s cursor', () => {
  it('pages on by a page’s next, and refuses anything else as `after` (review 64)', async () => {
    for (let i = 0; i <= WALL_PAGE_SIZE; i++) await published();
    const first = await wallView(mem, KEDA);
    expect(first.items).toHaveLength(WALL_PAGE_SIZE);
    expect((await wallView(mem, KEDA, first.next)).items).toHaveLength(1);
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
    for (const bad of ['!!!', 'abc', b64('##'), b64('2026#'), b64('2026-13-45T00:00:00.000Z#abc'), '', 'a'.repeat(300)]) {
      const refused = await wallView(mem, KEDA, bad).catch((e: ValidationError) => e);
      expect(refused, bad).toMatchObject({ issues: [{ field: 'after' }] });
    }
  });
});

describe('a wish listed again', () => {
  it('says on the wall when it went back on it, and on its page beside when it was first published (review 64)', async () => {
    await mem.teams.register(teamFixture('t', { services: ['micro-wish'], servesAreaId: '370902' }), ['micro-wish']);
    const id = await published();
    const [first, again] = [formatShanghaiTime(now.toISOString(), 'zh'), formatShanghaiTime('2026-12-05T02:00:00.000Z', 'zh')];
    const wall = async () => renderWallPage({ lang: 'zh', large: false, paged: false, view: await wallView(mem, KEDA) });
    expect(await wall()).toContain(`发布于 ${first}`);
    await claimAsTeam(mem, 't', id);
    now = new Date('2026-12-05T02:00:00.000Z');
    await giveUpClaim(mem, { kind: 'team', id: 't' }, id);
    const listed = await wall();
    expect(listed).toContain(`重新上墙于 ${again}`);
    expect(listed).not.toContain(first);
    const page = renderWishPage({ lang: 'zh', large: false, wish: await wishView(mem, id) });
    expect(page).toContain(`<dt>发布于</dt><dd>${first}</dd>`);
    expect(page).toContain(`<dt>重新上墙于</dt><dd>${again}</dd>`);
  });
});
