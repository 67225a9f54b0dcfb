/**
 * Back, correct a typo, send again: a different order from the browser whose last order is still
 * open makes nothing until the resident chooses (replace it, or keep both), on the local stack.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { issueTeamToken } from '#shared/domain/team-token';
import { call, postForm, validFormFields, type Reply } from '../support/http';
import { teamFixture } from '../support/fixtures';
import { eventually, useLocalStack } from '../support/local-stack';
import { uniquePhone } from '../support/served-order';

const local = useLocalStack();
const TEAM = 'resubmit-team';
const team = issueTeamToken(TEAM);

beforeAll(async () => {
  const { adapters } = local();
  await adapters.teams.register(teamFixture(TEAM, { capacity: 10 }), ['appliance-repair']);
  await adapters.teams.setTokenHash(TEAM, team.hash);
});

/** The requests the team is offered now. */
const offeredTo = async (): Promise<string[]> => (await local().adapters.requests.openForTeam(TEAM, 'OFFERED', 50)).map((r) => r.id);

const idOf = (reply: Reply) => /\/requests\/([0-9a-z]{20})\?token=/.exec(reply.text)?.[1];
const cookieOf = (reply: Reply) =>
  reply.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');

/** The choice page's form for `choice`, as the browser would post it: its hidden fields. */
function choiceForm(page: string, choice: 'replace' | 'both'): Record<string, string> {
  const form = [...page.matchAll(/<form method="post"[^>]*>([\s\S]*?)<\/form>/g)].find((f) => f[1]!.includes(`value="${choice}"`));
  if (!form) throw new Error(`no ${choice} form on the page`);
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return Object.fromEntries(
    [...form[1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, decode(m[2]!)]),
  );
}

/** The first order, sent from the form; then the same form with the address corrected, from the same browser. */
async function sendThenCorrect(second: Record<string, string> = {}) {
  const { url, adapters } = local();
  const fields = validFormFields({ phone: uniquePhone(), formKey: `resubmit-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  const first = await postForm(`${url}/requests`, fields);
  expect(first.status).toBe(201);
  const firstId = idOf(first)!;
  const cookie = cookieOf(first);
  expect(cookie).toMatch(/^paidan_last_order=/);
  // Back draws the form again (a new form key), filled in as typed; the address corrected.
  const corrected = { ...fields, formKey: `${fields.formKey}-back`, address: '科大社区3号楼2单元502', ...second };
  const asked = await postForm(`${url}/requests`, corrected, { cookie });
  return { url, adapters, fields, firstId, cookie, first, asked };
}

describe('a corrected order sent again while the first is open', () => {
  it('asks first; replacing cancels the first and makes one new order', async () => {
    const { url, adapters, fields, firstId, cookie, first, asked } = await sendThenCorrect();
    expect(asked.status).toBe(409);
    expect(asked.text).toContain('您刚才已提交过一份需求');
    const code = /<strong class="code">([0-9 ]+)<\/strong>/.exec(first.text)![1]!;
    expect(asked.text).toContain(`查询码 ${code}`);
    // Whose it was, masked, so the reader can tell it is theirs; the address is not shown.
    expect(asked.text).toContain(`联系人 王**，电话 ${fields.phone!.slice(0, 3)}****${fields.phone!.slice(-4)}`);
    expect(asked.text).not.toContain('3号楼2单元501');
    // Nothing made by the question.
    expect(idOf(asked)).toBeUndefined();

    const replace = choiceForm(asked.text, 'replace');
    expect(replace.address).toBe('科大社区3号楼2单元502');
    const done = await postForm(`${url}/requests`, replace, { cookie });
    expect(done.status).toBe(201);
    expect(done.text).toContain(`刚才那份需求（查询码 ${code}）已取消`);
    const secondId = idOf(done)!;
    expect(secondId).not.toBe(firstId);
    expect((await adapters.requests.get(firstId))!.status).toBe('CANCELLED');
    expect((await adapters.requests.get(secondId))!.contact.address).toBe('科大社区3号楼2单元502');

    // One offer: the first's went back with its cancel, the second is offered.
    await eventually(async () => (await offeredTo()).includes(secondId));
    expect(await offeredTo()).not.toContain(firstId);

    // The replace sent twice (a double tap, the browser's resend): the same second order, nothing more.
    const retried = await postForm(`${url}/requests`, replace, { cookie });
    expect([retried.status, idOf(retried)]).toEqual([201, secondId]);
  });

  it("makes another person's order from the same browser without asking, and leaves the first open", async () => {
    const neighbour = { contactName: '李建华', phone: uniquePhone(), address: '科大社区7号楼203' };
    const { adapters, firstId, asked } = await sendThenCorrect(neighbour);
    expect(asked.status).toBe(201);
    expect(asked.text).not.toContain('您刚才已提交过一份需求');
    const secondId = idOf(asked)!;
    expect(secondId).not.toBe(firstId);
    expect((await adapters.requests.get(secondId))!.contact.name).toBe('李建华');
    expect((await adapters.requests.get(firstId))!.status).not.toBe('CANCELLED');
  });

  it('keeps both when the resident wants both', async () => {
    const { url, adapters, firstId, cookie, asked } = await sendThenCorrect();
    expect(asked.status).toBe(409);
    const both = await postForm(`${url}/requests`, choiceForm(asked.text, 'both'), { cookie });
    expect(both.status).toBe(201);
    const secondId = idOf(both)!;
    expect(secondId).not.toBe(firstId);
    expect((await adapters.requests.get(firstId))!.status).not.toBe('CANCELLED');
    expect((await adapters.requests.get(secondId))!.status).not.toBe('CANCELLED');
  });

  it('does not cancel a first order a team has accepted: says so and offers only both', async () => {
    const { url, adapters, firstId, cookie, asked } = await sendThenCorrect();
    const replace = choiceForm(asked.text, 'replace');
    // A team accepts the first order while the resident reads the question.
    await eventually(async () => (await offeredTo()).includes(firstId));
    const accepted = await call(`${url}/offers/${firstId}/accept`, { method: 'POST', headers: { authorization: `Bearer ${team.token}` } });
    expect(accepted.status).toBe(200);

    const refused = await postForm(`${url}/requests`, replace, { cookie });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('已有服务队接单，不能在网上替换');
    expect(refused.text).toContain('致电社区服务站');
    expect(refused.text).not.toContain('value="replace"');
    expect(refused.text).toContain('value="both"');
    expect((await adapters.requests.get(firstId))!.status).toBe('ACCEPTED');
  });
});
