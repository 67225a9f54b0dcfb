/**
 * A report of more minutes than the time since acceptance, as each page says it: the team
 * console at the volunteer's row (shared/web/browser/team-console/row-problems.ts), the offer
 * page's form at its row, the volunteer's own page for a wish; in Chinese, from the API's answer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { parseSubmission } from '#shared/domain/submission';
import { type FieldIssue, ValidationError } from '#shared/domain/errors';
import { minutesBoundMessage } from '#shared/domain/visit-minutes';
import { errorBody } from '#shared/http/error-response';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { completeRequest } from '#shared/use-cases/team-work';
import { rowProblems } from '#shared/web/browser/team-console/row-problems';
import { completionForm, completionFromForm, issuesAtRows } from '#shared/web/completion-form';
import { translateIssue } from '#shared/web/issue-words';
import { myClaimsSection } from '#shared/web/my-claims';
import { teamConsoleTexts } from '#shared/web/team-console-texts';
import { KEDA, teamFixture } from '../../support/fixtures';

const MINUTE = 60_000;
let mem: MemoryDeps;
let now: Date;

/** An order the team `fixers` accepted 30 minutes ago. */
async function acceptedHalfAnHourAgo(): Promise<string> {
  const submission = parseSubmission({
    serviceCode: 'appliance-repair',
    areaId: KEDA,
    description: '收音机没有声音',
    contactName: '陈奶奶',
    phone: '13600005555',
    address: '1号楼',
    attributes: { applianceType: 'radio' },
  });
  const { submitted } = await submitRequest(mem, { submission, channel: 'web' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  await acceptOffer(mem, submitted.id, 'fixers');
  now = new Date(now.getTime() + 30 * MINUTE);
  return submitted.id;
}

/** The 400's fields as the console gets them: through the API's JSON. */
async function refusedFields(attempt: Promise<unknown>): Promise<FieldIssue[]> {
  const error = await attempt.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (JSON.parse(JSON.stringify(errorBody(error))) as { error: { fields: FieldIssue[] } }).error.fields;
}

beforeEach(async () => {
  now = new Date('2026-12-01T02:00:00.000Z');
  mem = memoryDeps({ clock: { now: () => now }, services: demoServices, areas: demoAreas });
  await mem.teams.register(teamFixture('fixers'), ['appliance-repair']);
});

describe('the team console', () => {
  it('names the row of each volunteer past the time since acceptance, in Chinese and in English', async () => {
    const id = await acceptedHalfAnHourAgo();
    // The console sent the filled rows 1 and 4 (2 and 3 left empty).
    const fields = await refusedFields(
      completeRequest(mem, id, 'fixers', {
        hours: [
          { volunteer: '小李', minutes: 30 },
          { volunteer: 'v-1024', minutes: 120 },
        ],
      }),
    );
    expect(fields).toEqual([{ field: 'hours.1.minutes', message: 'At most 30 minutes: the time since the order was accepted' }]);
    const say = (lang: 'zh' | 'en') => (key: 'rowProblem', vars: { n: number; problem: string }) =>
      teamConsoleTexts[lang][key].replace('{n}', String(vars.n)).replace('{problem}', vars.problem);
    expect(rowProblems(fields, [1, 4], 'zh', say('zh'))).toEqual(['第 4 位：最多 30 分钟，不能超过接单以来的时间']);
    expect(rowProblems(fields, [1, 4], 'en', say('en'))).toEqual([
      'Volunteer 4: At most 30 minutes: the time since the order was accepted',
    ]);
    expect((await mem.requests.get(id))!.status).toBe('ACCEPTED');
  });
});

describe('the offer page’s form', () => {
  it('shows the refusal at the row it was typed in, in Chinese', async () => {
    const id = await acceptedHalfAnHourAgo();
    const body = { 'volunteer-2': '李同学', 'minutes-2': '20', 'volunteer-3': '王师傅', 'minutes-3': '1小时' };
    const issues = issuesAtRows(body, await refusedFields(completeRequest(mem, id, 'fixers', completionFromForm(body))));
    expect(issues).toEqual([{ field: 'minutes-3', message: 'At most 30 minutes: the time since the order was accepted' }]);
    const page = completionForm({ action: '/x', lang: 'zh', issues }).toString();
    expect(page).toContain('<p class="error" id="c-minutes-3-error">错误：最多 30 分钟，不能超过接单以来的时间</p>');
    expect(page).toContain('第 3 行 时长（分钟）：最多 30 分钟，不能超过接单以来的时间');
  });
});

describe('the words', () => {
  it('has Chinese for each way past the bound', () => {
    const zh = (by: 'accepted' | 'claimed' | 'day', minutes: number, inAll: boolean) =>
      translateIssue(minutesBoundMessage({ minutes, by }, inAll), 'zh');
    expect(zh('accepted', 45, false)).toBe('最多 45 分钟，不能超过接单以来的时间');
    expect(zh('claimed', 20, false)).toBe('最多 20 分钟，不能超过认领以来的时间');
    expect(zh('accepted', 45, true)).toBe('这位志愿者合计最多 45 分钟，不能超过接单以来的时间');
    expect(zh('day', 1440, true)).toBe('这位志愿者合计最多 1440 分钟，一次服务最多记一天');
  });

  it('says "1 minute" in English, one of them in Chinese too', () => {
    expect(minutesBoundMessage({ minutes: 1, by: 'accepted' }, false)).toBe('At most 1 minute: the time since the order was accepted');
    expect(minutesBoundMessage({ minutes: 2, by: 'claimed' }, true)).toBe(
      'At most 2 minutes in all for this volunteer: the time since the wish was claimed',
    );
    expect(translateIssue(minutesBoundMessage({ minutes: 1, by: 'accepted' }, true), 'zh')).toBe(
      '这位志愿者合计最多 1 分钟，不能超过接单以来的时间',
    );
  });

  it('tells a volunteer on their own page why a wish’s report was refused', () => {
    const page = myClaimsSection([], { lang: 'zh', large: false }, { notice: 'minutes-bound' }).toString();
    expect(page).toContain('没有提交成功：服务时长不能超过从认领到现在的时间，一次也不能超过 1440 分钟（一天）。');
  });
});
