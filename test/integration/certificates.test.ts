import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { CHECKS_PER_ADDRESS } from '#shared/domain/certificate';
import { issueTeamToken } from '#shared/domain/team-token';
import { KEDA, teamFixture } from '../support/fixtures';
import { insideOneWindow } from '../support/fixed-windows';
import { call, postJson } from '../support/http';
import { eventually, useLocalStack } from '../support/local-stack';
import { residentId } from '../support/resident-id';
import { serveOrder, uniquePhone } from '../support/served-order';
import { certificateStoreContract } from '../support/certificate-store-contract';

const local = useLocalStack();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const center = () => bearer(local().stack.adminTokens.center);
const station = () => bearer(local().stack.adminTokens.station);
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const fieldsOf = (reply: { json(): { error: { fields: Array<{ field: string }> } } }) => reply.json().error.fields.map((f) => f.field);

/** The text of every page, as a PDF reader extracts it (through the font's ToUnicode map). */
async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  return { pages: doc.numPages, text };
}

/** A registered member of a team that serves one order for 2.5 hours, rated: credits posted. */
async function servedVolunteer(identityNumber: string, teamId: string, guest?: string, name = '王小明') {
  const { url, adapters } = local();
  await adapters.teams.register(teamFixture(teamId, { capacity: 5 }), ['appliance-repair']);
  const issued = issueTeamToken(teamId);
  await adapters.teams.setTokenHash(teamId, issued.hash);
  const team = bearer(issued.token);
  const phone = uniquePhone();
  const person = (
    await postJson(
      `${url}/admin/volunteers`,
      { name, phone, identity: { type: 'resident-id', number: identityNumber }, volunteerNumber: 'SD37-0042', homeAreaId: KEDA },
      station(),
    )
  ).json();
  // Attached by staff at the station, as for someone without a smartphone (no invitation).
  expect((await postJson(`${url}/admin/volunteers/${person.id}/teams`, { teamId }, station())).status).toBe(200);
  const requestId = await serveOrder(local(), team, [
    { volunteerId: person.id, minutes: 150 },
    ...(guest ? [{ volunteer: guest, minutes: 60 }] : []),
  ]);
  // Each team alone takes orders while it serves, so the next order is surely the next team's.
  await adapters.teams.setPaused(teamId, true);
  await eventually(async () => (await adapters.credits.balance(`person#${person.id}`)).hours === 2.5);
  return { person, requestId };
}

describe('service-record certificates (志愿服务记录证明)', () => {
  it('are issued by a center admin as a PDF with the font embedded, checked on the public page, revoked, and never changed', async () => {
    const { url, stack } = local();
    const identityNumber = residentId('37090219850317123');
    const { person, requestId } = await servedVolunteer(identityNumber, 'cert-team');
    const issue = {
      from: `${today().slice(0, 4)}-01-01`,
      to: today(),
      organization: '泰安市新时代文明实践中心',
      personInCharge: '李主任',
      contact: '0538-1234567',
    };

    // Station staff keep records but do not certify; a period that ends tomorrow names its field.
    expect((await postJson(`${url}/admin/volunteers/${person.id}/certificates`, issue, station())).status).toBe(404);
    const future = await postJson(`${url}/admin/volunteers/${person.id}/certificates`, { ...issue, to: '2099-01-01' }, center());
    expect(future.status).toBe(400);
    expect(fieldsOf(future)).toEqual(['to']);
    const empty = await postJson(
      `${url}/admin/volunteers/${person.id}/certificates`,
      { ...issue, from: '2001-01-01', to: '2001-12-31' },
      center(),
    );
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty)).toEqual(['from']);

    const made = await postJson(`${url}/admin/volunteers/${person.id}/certificates`, issue, center());
    expect(made.status, made.text).toBe(201);
    const certificate = made.json();
    expect(certificate.number).toMatch(/^\d{4}-\d{6}-[0-9A-Z]{4}$/);
    expect(certificate).toMatchObject({
      person: {
        name: '王小明',
        identity: { type: 'resident-id', masked: `370902********${identityNumber.slice(-4)}` },
        volunteerNumber: 'SD37-0042',
      },
      services: [{ requestId, activity: expect.any(String), place: expect.stringContaining('科大社区'), hours: 2.5 }],
      totalHours: 2.5,
      issuer: { organization: '泰安市新时代文明实践中心' },
    });
    expect(made.text).not.toContain(identityNumber);

    // The PDF: opened by a PDF reader, its text holds the name, the hours and the number.
    const pdf = await fetch(`${url}/admin/certificates/${certificate.number}/pdf`, { headers: center() });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 8))).toBe('%PDF-1.7');
    const { text } = await pdfText(bytes);
    for (const expected of ['志愿服务记录证明', '王小明', certificate.number, '2.5 小时', '泰安市新时代文明实践中心', '科大社区'])
      expect(text).toContain(expected);
    expect(text).not.toContain(identityNumber);

    // Anyone checks the number: the name masked, the hours, the issuer; a wrong number is a 404 page.
    const checked = await call(`${url}/certificates/${certificate.number}`);
    expect(checked.status).toBe(200);
    expect(checked.text).toContain('王*明');
    expect(checked.text).not.toContain('王小明');
    expect(checked.text).toContain('2.5');
    expect(checked.text).toContain('有效');
    expect((await call(`${url}/certificates?number=${certificate.number.toLowerCase()}`)).text).toContain('王*明');
    // One character changed (the last; a number ending in 0 gets a 1 there instead).
    const wrongNumber = `${certificate.number.slice(0, -1)}${certificate.number.endsWith('0') ? '1' : '0'}`;
    const wrong = await call(`${url}/certificates/${wrongNumber}`);
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain('没有找到');

    // Revoked once, with a reason; the issued content is unchanged beside the revocation.
    expect((await postJson(`${url}/admin/certificates/${certificate.number}/revoke`, {}, center())).status).toBe(400);
    const revoked = await postJson(`${url}/admin/certificates/${certificate.number}/revoke`, { reason: '服务时长登记有误' }, center());
    expect(revoked.status, revoked.text).toBe(200);
    const { revocation, ...asIssued } = revoked.json();
    expect(asIssued).toEqual(certificate);
    expect(revocation).toMatchObject({ reason: '服务时长登记有误' });
    expect((await postJson(`${url}/admin/certificates/${certificate.number}/revoke`, { reason: '再次' }, center())).status).toBe(409);
    expect((await call(`${url}/certificates/${certificate.number}`)).text).toContain('已撤销');
    expect((await call(`${url}/admin/volunteers/${person.id}/certificates`, { headers: center() })).json()).toEqual([
      expect.objectContaining({ number: certificate.number, status: 'revoked', totalHours: 2.5 }),
    ]);

    // Neither the identity number nor its birth date is anywhere in the table.
    const items = (await createDocumentClient(stack.dynamodb).send(new ScanCommand({ TableName: stack.tableName }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain(identityNumber);
    expect(JSON.stringify(items)).not.toContain(identityNumber.slice(6, 14));
  });
});

describe('a certificate after the review of 2026-12 (review 38)', () => {
  const issue = () => ({
    from: `${today().slice(0, 4)}-01-01`,
    to: today(),
    organization: '泰安市新时代文明实践中心',
    personInCharge: '李主任',
    contact: '0538-1234567',
  });

  it('says on its public check that a record on it was voided after issue, and the void names it to staff', async () => {
    const { url } = local();
    const { person, requestId } = await servedVolunteer(residentId('37090219850317223'), 'cert-void-team', undefined, '朱镕基');
    const made = await postJson(`${url}/admin/volunteers/${person.id}/certificates`, issue(), center());
    expect(made.status, made.text).toBe(201);
    const number = made.json().number as string;
    const pdf = await fetch(`${url}/admin/certificates/${number}/pdf`, { headers: center() });
    const printed = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).text;
    expect(printed).toContain('姓名：朱镕基');
    expect(printed).toContain('兹证明 上列志愿者于');

    const voided = await postJson(`${url}/admin/requests/${requestId}/void-credits`, { reason: '居民投诉未上门，核实属实' }, station());
    expect(voided.status, voided.text).toBe(200);
    expect(voided.json()).toMatchObject({ voided: 1, certificates: [number] });
    const checked = await call(`${url}/certificates/${number}`);
    expect(checked.text).toContain('有效</strong> · <strong>含已更正的服务记录</strong>');
    expect(checked.text).toContain(`（${today()}）`);
    expect((await call(`${url}/admin/volunteers/${person.id}/certificates`, { headers: center() })).json()).toEqual([
      expect.objectContaining({ number, status: 'valid', correctedRequests: [requestId], correctedAt: expect.stringMatching(/^20/) }),
    ]);
  });

  it('refuses a name that is more than a name, and a PDF of a character its font lacks, naming the field', async () => {
    const { url } = local();
    const planted = await postJson(
      `${url}/admin/volunteers`,
      { name: '张三（居民身份证：110101199003077777，志愿者编号：A1234）', phone: uniquePhone(), homeAreaId: KEDA },
      station(),
    );
    expect(planted.status).toBe(400);
    expect(fieldsOf(planted)).toEqual(['name']);
    const { person } = await servedVolunteer(residentId('37090219850317323'), 'cert-extb-team', undefined, '赵𠀾');
    const made = await postJson(`${url}/admin/volunteers/${person.id}/certificates`, issue(), center());
    expect(made.status, made.text).toBe(201);
    const pdf = await call(`${url}/admin/certificates/${made.json().number}/pdf`, { headers: center() });
    expect(pdf.status).toBe(400);
    expect(pdf.json().error.fields).toEqual([{ field: 'name', message: expect.stringContaining('「𠀾」 (U+2003E)') }]);
  });

  it('stores a name as normalised (麦麦提 · 艾力 as 麦麦提·艾力) and takes 〇 and Vietnamese letters', async () => {
    const { url } = local();
    for (const [typed, stored] of [
      ['麦麦提 · 艾力', '麦麦提·艾力'],
      ['玛依拉．阿不都', '玛依拉·阿不都'],
      ['曾〇〇', '曾〇〇'],
      ['Trần  Thị Hương', 'Trần Thị Hương'],
    ]) {
      const made = await postJson(`${url}/admin/volunteers`, { name: typed, phone: uniquePhone(), homeAreaId: KEDA }, station());
      expect(made.status, made.text).toBe(201);
      expect(made.json().name).toBe(stored);
      expect((await call(`${url}/admin/volunteers/${made.json().id}`, { headers: station() })).json().name).toBe(stored);
    }
  });
});

describe('the service-record export (CSV for the volunteer information system)', () => {
  it('has one row per registered person and service in the period, with the credited hours; guests and other periods have none', async () => {
    const { url } = local();
    const identityNumber = residentId('37090219900101123');
    const { person, requestId } = await servedVolunteer(identityNumber, 'export-team', '临时帮手');
    const period = `from=${today().slice(0, 4)}-01-01&to=${today()}`;
    const exported = await fetch(`${url}/admin/volunteer-records.csv?${period}&area=370902`, { headers: center() });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toContain('paidan-service-records_370902_');
    // UTF-8 with a byte-order mark, so Excel reads the Chinese right.
    const bytes = new Uint8Array(await exported.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(
      text.startsWith('记录编号,志愿者编号,姓名,证件类型,证件号码（遮盖）,手机号,服务日期,服务项目,服务地点,服务组织,服务时长（小时）\r\n'),
    ).toBe(true);
    const rows = text
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
    const mine = rows.filter((r) => r[0] === `${requestId}-${person.id}`);
    expect(mine).toEqual([
      [
        `${requestId}-${person.id}`,
        'SD37-0042',
        '王小明',
        '居民身份证',
        `370902********${identityNumber.slice(-4)}`,
        person.phone.slice(3),
        today(),
        expect.any(String),
        expect.stringContaining('科大社区'),
        expect.any(String),
        '2.5',
      ],
    ]);
    expect(text).not.toContain('临时帮手');
    expect(text).not.toContain(identityNumber);

    const lastYear = Number(today().slice(0, 4)) - 1;
    const before = await call(`${url}/admin/volunteer-records.csv?from=${lastYear}-01-01&to=${lastYear}-12-31`, { headers: center() });
    expect(before.text.trim().split('\r\n')).toHaveLength(1);
    expect((await call(`${url}/admin/volunteer-records.csv?${period}`, { headers: station() })).status).toBe(404);
    const tooLong = await call(`${url}/admin/volunteer-records.csv?from=2020-01-01&to=${today()}`, { headers: center() });
    expect(tooLong.status).toBe(400);
    expect(fieldsOf(tooLong)).toEqual(['from']);
  });
});

describe('DynamoCertificateStore', () => {
  certificateStoreContract(() => local().adapters.certificates, 'dyn');
});

describe('the public check’s bound', () => {
  it('answers one address a limited number of checks per window, then 429 with the form', async () => {
    const { url } = local();
    await insideOneWindow([CHECKS_PER_ADDRESS.windowSeconds], 30_000);
    const statuses: number[] = [];
    for (let i = 0; i <= CHECKS_PER_ADDRESS.limit; i++) statuses.push((await call(`${url}/certificates/2026-000000-AAA${i % 10}`)).status);
    // Earlier tests in this file checked a few numbers from the same address.
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(CHECKS_PER_ADDRESS.limit);
    const limited = await call(`${url}/certificates/2026-000000-AAAA`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe(String(CHECKS_PER_ADDRESS.windowSeconds));
    expect(limited.text).toContain('核验太频繁');
    expect(limited.text).toContain('name="number"');
  });
});
