/**
 * A service renamed, or its form changed, on the menu (same code): a request made before is named
 * and read as it was ordered, on the certificate, the records export, /me, the team's and the
 * staff's view of the order (rev58 findings 2 and 6), and the resident's status page.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import type { Service } from '#shared/domain/catalog';
import { newAccessToken, sha256 } from '#shared/domain/identifiers';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { Staff } from '#shared/domain/staff';
import { demoAreas } from '#shared/seed/areas';
import { demoCategories, demoServices } from '#shared/seed/menu';
import { putService } from '#shared/use-cases/admin-menu';
import { requestDetail } from '#shared/use-cases/admin-requests';
import { issueCertificate } from '#shared/use-cases/certificates';
import { lookupRequest } from '#shared/use-cases/lookup-request';
import { myVolunteerPage } from '#shared/use-cases/my-volunteer-page';
import { serviceRecords } from '#shared/use-cases/service-records';
import { teamView } from '#shared/use-cases/team-offer';
import { viewRequest } from '#shared/use-cases/view-request';
import { renderStatusPage } from '#shared/web/status-page';
import { requestFixture } from '../../support/fixtures';

const admin: Staff = { id: 'admin', name: 'admin', role: 'center' };
const center: Staff = { id: 'c', name: 'center', role: 'center', areaId: '370902' };
const issue = { from: '2026-01-01', to: '2026-12-04', organization: '泰山区志愿服务中心', personInCharge: '李', contact: '0538-1234567' };
const person = 'certunit000000000001';
const accessToken = newAccessToken();

const repair: Service = {
  ...demoServices.find((s) => s.code === 'appliance-repair')!,
  fields: [
    {
      code: 'kind',
      label: { zh: '电器种类', en: 'Appliance' },
      type: 'singlevaluelist',
      required: false,
      options: [
        { key: 'fan', name: { zh: '电风扇', en: 'Fan' } },
        { key: 'radio', name: { zh: '收音机', en: 'Radio' } },
      ],
    },
    { code: 'floor', label: { zh: '楼层', en: 'Floor' }, type: 'number', required: false },
  ],
};

let deps: MemoryDeps;
let request: ServiceRequest;

beforeEach(async () => {
  deps = memoryDeps({
    clock: { now: () => new Date('2026-12-05T02:00:00Z') },
    categories: demoCategories,
    services: [repair, ...demoServices.filter((s) => s.code !== repair.code)],
    areas: demoAreas,
  });
  await deps.volunteers.register({
    id: person,
    name: '王小明',
    phone: '+8613900000001',
    homeAreaId: '370902003009',
    registeredAt: '2026-01-01T00:00:00Z',
    registeredBy: { kind: 'self' },
  });
  request = requestFixture({
    status: 'CLOSED',
    createdAt: '2026-11-18T02:00:00Z',
    accessTokenHash: sha256(accessToken),
    attributes: { kind: 'fan', floor: 3 },
    assignedTeam: { id: 't', name: '瑞迪e修站' },
    completion: { completedAt: '2026-11-20T02:00:00Z', hours: [{ volunteer: '王小明', volunteerId: person, minutes: 120 }] },
  });
  await deps.requests.create({ request, events: [], outbox: [] });
  await deps.credits.post({
    volunteerKey: `person#${person}`,
    requestId: request.id,
    teamId: 't',
    minutes: 120,
    hours: 2,
    points: 0.5,
    at: '2026-11-20T03:00:00Z',
  });
});

/** The center reuses the entry for another service: a new name, the fan no longer offered, the floor no longer asked. */
async function renamed() {
  const fields = [{ ...repair.fields[0]!, options: [repair.fields[0]!.options![1]!] }];
  const { service } = await putService(deps, admin, repair.code, {
    ...repair,
    name: { zh: '助餐送餐', en: 'Meal delivery' },
    fields,
    version: 0,
  });
  expect(service.name.zh).toBe('助餐送餐');
}

describe('a service renamed after it was ordered', () => {
  it('is certified under the name it had when it was ordered', async () => {
    const before = await issueCertificate(deps, center, person, issue);
    await renamed();
    const after = await issueCertificate(deps, center, person, issue);
    expect(before.services[0]!.activity).toBe('小家电维修');
    expect(after.services[0]!.activity).toBe('小家电维修');
  });

  it('is exported to the national records under that name', async () => {
    await renamed();
    const { records } = await serviceRecords(deps, center, { from: '2026-11-01', to: '2026-11-30' });
    expect(records.map((r) => r.activity)).toEqual(['小家电维修']);
  });

  it('shows under that name on the volunteer’s page', async () => {
    await renamed();
    const page = (await myVolunteerPage(deps, person))!;
    expect(page.services.map((s) => s.service)).toEqual([repair.name]);
  });

  it('shows under that name, with the form’s labels then, to the team and to staff', async () => {
    await renamed();
    const team = await teamView(deps, request, 'accepted', deps.clock.now());
    expect(team.service.name).toEqual(repair.name);
    const fan = { code: 'kind', label: { zh: '电器种类', en: 'Appliance' }, value: { zh: '电风扇', en: 'Fan' } };
    const floor = { code: 'floor', label: { zh: '楼层', en: 'Floor' }, value: { zh: '3', en: '3' } };
    expect(team.answers).toEqual([fan, floor]);
    const detail = await requestDetail(deps, admin, request.id);
    expect(detail.answers).toEqual([fan, floor]);
  });

  it('shows under that name on the resident’s status page, by the private link and by the tracking code', async () => {
    await renamed();
    const view = await viewRequest(deps, request.id, accessToken);
    expect(view.service.name).toEqual(repair.name);
    expect(renderStatusPage({ view, lang: 'zh', large: false })).toContain('<dd>小家电维修</dd>');
    expect(renderStatusPage({ view, lang: 'en', large: false })).toContain('<dd>Small appliance repair</dd>');
    const looked = await lookupRequest(deps, { code: request.trackingCode, phone4: '0000' });
    expect(looked.service.name).toEqual(repair.name);
  });

  it('shows a request made after the rename under the new name, and one made before the history was kept under today’s', async () => {
    await renamed();
    const later = { ...request, id: 'later', createdAt: '2026-12-06T00:00:00Z' };
    expect((await teamView(deps, later, 'accepted', deps.clock.now())).service.name.zh).toBe('助餐送餐');
    // A change that leaves the name and labels as they were keeps nothing more.
    const edited = (await deps.catalog.editedMenu()).services.find((s) => s.code === repair.code)!;
    const { version, updatedAt: _at, updatedBy: _by, ...today } = edited;
    await putService(deps, admin, repair.code, { ...today, slaHours: 48, version });
    expect(await deps.catalog.earlierForms(repair.code)).toHaveLength(1);
  });
});
