import { describe, expect, it } from 'vitest';
import { topology } from '#shared/topology/topology';
import { call, postForm, validFormFields } from '../support/http';
import { uniquePhone } from '../support/served-order';
import { useLocalStack } from '../support/local-stack';

const local = useLocalStack();

/** A service whose own text field takes the most a field may (2,000 characters, no maxLength). */
const letterHelp = {
  category: 'appliance-repair',
  name: { zh: '代写书信', en: 'Letter writing' },
  description: { zh: '帮忙写信、填表', en: 'Help with letters and forms' },
  kind: 'menu',
  audience: 'everyone',
  fields: [{ code: 'letter', label: { zh: '想写的内容', en: 'What to write' }, type: 'text', required: true }],
  slaHours: 72,
  urgentAllowed: false,
  dispatch: { acceptNormalMinutes: 120 },
  active: true,
};

/** The order form at every text limit its page states, in Chinese (9 bytes a character once percent-encoded). */
const longestForm = () =>
  validFormFields({
    serviceCode: 'letter-help',
    'attr.letter-help.letter': '写'.repeat(2000),
    description: '修'.repeat(2000),
    preferredTime: '周'.repeat(100),
    contactName: '王'.repeat(40),
    phone: uniquePhone(),
    address: '科'.repeat(200),
  });

describe('form posts refused before their page reads them', () => {
  it('takes the order form filled to every limit it states, and answers a longer one with a page in the resident’s language', async () => {
    const { url, stack } = local();
    const put = await call(`${url}/admin/services/letter-help`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.adminTokens.center}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...letterHelp, version: 0 }),
    });
    expect(put.status).toBe(201);
    const { 'attr.appliance-repair.applianceType': _, ...fields } = longestForm();
    expect(new URLSearchParams(fields).toString().length).toBeGreaterThan(36 * 1024);
    const taken = await postForm(`${url}/requests`, fields);
    expect([taken.status, taken.headers.get('content-type')]).toEqual([201, expect.stringContaining('text/html')]);

    const oversize = { ...fields, description: '修'.repeat(Math.ceil(topology.api.maxBodyBytes / 9)) };
    const refused = await postForm(`${url}/requests?lang=en`, oversize, { accept: '*/*' });
    expect([refused.status, refused.headers.get('content-type')]).toEqual([413, expect.stringContaining('text/html')]);
    expect(refused.text).toContain('Too much text');
    const inChinese = await postForm(`${url}/requests`, oversize);
    expect([inChinese.status, inChinese.headers.get('content-type')]).toEqual([413, expect.stringContaining('text/html')]);
    expect(inChinese.text).toContain('填写的内容太长了');
  });

  it('answers a post of a type it does not read with a page when a browser asks for one, and JSON otherwise', async () => {
    const { url } = local();
    const post = (accept: string) =>
      call(`${url}/requests?lang=en`, { method: 'POST', headers: { 'content-type': 'text/plain', accept }, body: 'description=x' });
    const page = await post('text/html');
    expect([page.status, page.headers.get('content-type')]).toEqual([415, expect.stringContaining('text/html')]);
    expect(page.text).toContain('Unsupported submission');
    const api = await post('application/json');
    expect([api.status, api.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('names a field the sign-in page has not as itself, not as the phone', async () => {
    const { url } = local();
    const reply = await postForm(`${url}/me/code?lang=en`, { foo: '1', phone: uniquePhone() });
    expect([reply.status, reply.headers.get('content-type')]).toEqual([400, expect.stringContaining('text/html')]);
    expect(reply.text).toContain('Invalid input: foo');
    expect(reply.text).not.toContain('Unknown field');
  });
});
