/**
 * The consoles' error messages (shared/web/browser/common/error-words.ts): the server's refusals,
 * as the API sends them, in the console's language; the server's English only where nothing
 * knows it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { InvalidCreditRulesError } from '#shared/domain/credit';
import { MergedElsewhereError, RateLimitedError } from '#shared/domain/errors';
import type { Staff } from '#shared/domain/staff';
import { teamOfVisit } from '#shared/domain/staff-hours';
import { errorBody, errorHeaders, statusOf } from '#shared/http/error-response';
import { demoData } from '#shared/seed/seed-demo-data';
import { createTeam, updateTeam } from '#shared/use-cases/admin-teams';
import { adminConsoleTexts } from '#shared/web/admin-console-texts';
import { errorMessage, type ErrorFacts } from '#shared/web/browser/common/error-words';
import type { Lang } from '#shared/web/i18n';
import { teamConsoleTexts } from '#shared/web/team-console-texts';
import { KEDA, requestFixture, teamFixture } from '../../support/fixtures';

const center: Staff = { id: 'c1', name: 'center-admin@paidan.local', role: 'center' };

/** The words a console's page holds for its statuses, `{wait}` filled in. */
const consoleWords = (texts: Record<string, string>) => (key: string, vars?: { wait: string }) =>
  texts[key]!.replace('{wait}', vars?.wait ?? '{wait}');

function inConsole(facts: ErrorFacts, lang: Lang = 'zh', console: 'admin' | 'team' = 'admin'): string {
  const texts = console === 'admin' ? adminConsoleTexts[lang] : teamConsoleTexts[lang];
  return errorMessage(facts, lang, consoleWords(texts));
}

/** What the API answers for an error thrown by a use case: status, body and the Retry-After header. */
async function answered(attempt: Promise<unknown>): Promise<ErrorFacts> {
  const error = await attempt.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  const body = JSON.parse(JSON.stringify(errorBody(error))) as { error: { code: string; message: string; fields?: ErrorFacts['fields'] } };
  const retry = errorHeaders(error)['retry-after'];
  return { status: statusOf(error), ...body.error, ...(retry ? { retryAfterSeconds: Number(retry) } : {}) };
}

let mem: MemoryDeps;
const newTeam = (overrides: Record<string, unknown> = {}) => {
  const { rating: _r, paused: _p, ...team } = teamFixture('new-team', { servesAreaId: KEDA });
  return { ...team, ...overrides };
};

beforeEach(() => {
  mem = memoryDeps({ categories: demoData.categories, services: demoData.services, areas: demoData.areas });
});

describe('a refused team form in the staff console', () => {
  it('names each field by its label and says what is wrong in Chinese, not zod’s English', async () => {
    const facts = await answered(createTeam(mem, center, newTeam({ name: { zh: '', en: '' }, capacity: 5000 })));
    const zh = inConsole(facts);
    expect(zh).toContain('提交的内容有误（');
    expect(zh).toContain('名称（中文）：此项必填');
    expect(zh).toContain('名称（英文）：此项必填');
    expect(zh).toContain('同时接单上限：不能大于 1000');
    expect(zh).not.toMatch(/[A-Za-z]{3,}/);
    const en = inConsole(facts, 'en');
    expect(en).toContain('Name (Chinese): This is required');
    expect(en).toContain('Orders at once: At most 1000');
    expect(en).not.toContain('Too small');
  });

  it('says a team id is taken without claiming the state changed', async () => {
    await createTeam(mem, center, newTeam());
    const facts = await answered(createTeam(mem, center, newTeam()));
    expect(facts.status).toBe(409);
    expect(inConsole(facts)).toBe('已有编号为“new-team”的服务队，请换一个编号');
    expect(inConsole(facts, 'en')).toBe('A team with the id new-team exists already; choose another id');
  });

  it('says how many services a new team may take, and that more come by changing it', async () => {
    const [repair] = demoData.services;
    const many = Array.from({ length: 100 }, (_, i) => ({ ...repair!, code: `extra-${i}` }));
    const big = memoryDeps({ categories: demoData.categories, services: [...demoData.services, ...many], areas: demoData.areas });
    const facts = await answered(createTeam(big, center, newTeam({ services: many.map((s) => s.code) })));
    expect(facts.status).toBe(400);
    expect(inConsole(facts)).toMatch(/：新建服务队最多承接 99 项服务（含所选类别中的服务，现在是 100 项）；请先少选一些，建好后再添加）$/);
    expect(inConsole(facts, 'en')).toContain('A new team takes at most 99 services');
  });

  it('explains a capacity below the open orders', async () => {
    await createTeam(mem, center, newTeam());
    mem.teams.patch('new-team', { active: 3 });
    const facts = await answered(updateTeam(mem, center, 'new-team', { capacity: 2 }));
    expect(inConsole(facts)).toBe('这支服务队现在有 3 个进行中的订单，多于新的上限：请等订单完成后再调低，或先暂停接单');
  });
});

describe('the consoles’ other refusals', () => {
  it('a 429: too many attempts, and how long to wait, from Retry-After', async () => {
    const facts = await answered(Promise.reject(new RateLimitedError(300)));
    expect(inConsole(facts)).toBe('操作太频繁，请 5 分钟后再试');
    expect(inConsole(facts, 'en', 'team')).toBe('Too many attempts; try again in 5 minutes');
    expect(inConsole({ status: 429, retryAfterSeconds: 86_400 }, 'zh', 'team')).toBe('操作太频繁，请 24 小时后再试');
  });

  it('a 409 by its code or its message; one nothing knows keeps its words after a neutral prefix', () => {
    expect(inConsole({ status: 409, code: 'ILLEGAL_TRANSITION', message: 'A request in state CLOSED cannot move to CANCELLED' })).toBe(
      '状态已经变化，请刷新后再试',
    );
    expect(inConsole({ status: 409, code: 'CONFLICT', message: 'The request changed in the meantime; reload and try again' })).toBe(
      '状态已经变化，请刷新后再试',
    );
    // Staff recording hours: a closed request's are corrected instead; one that ended without a visit has none.
    for (const status of ['CLOSED', 'CANCELLED'] as const) {
      const message = (() => {
        try {
          teamOfVisit(requestFixture({ status }));
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(inConsole({ status: 409, code: 'CONFLICT', message })).toBe(
        status === 'CLOSED'
          ? '这条需求已结束，服务时长已按原样记入积分；如有误，请用“更正服务时长”'
          : '这条需求已取消、已过期或被退回，没有上门服务，没有服务时长可登记',
      );
    }
    expect(inConsole({ status: 409, code: 'CONFLICT', message: 'This offer is no longer open' }, 'zh', 'team')).toContain(
      '这个派单已经结束',
    );
    expect(inConsole({ status: 409, code: 'TEAM_UNAVAILABLE', message: 'whatever' }, 'zh', 'team')).toContain('本队已暂停接单');
    // A decline after a teammate accepted; an earlier link's answer (review 70): in the team's words, not "another team" nor English.
    const held = inConsole(
      { status: 409, code: 'CONFLICT', message: 'Your team accepted this order already; to give it back, call the station' },
      'zh',
      'team',
    );
    expect(held).toBe('本队已经接了这个订单（其他队员先接了）；如果去不了，请打电话给服务站退回');
    const earlier = 'This link is for an earlier offer to your team; answer from the latest notice';
    expect(inConsole({ status: 409, code: 'CONFLICT', message: earlier }, 'zh', 'team')).toBe(
      '这是之前的派单链接：这个需求已重新派给本队，请打开最新的派单通知接单或婉拒',
    );
    expect(inConsole({ status: 409, code: 'CONFLICT', message: 'Something new' })).toBe('未能完成（Something new）');
    expect(inConsole({ status: 409, code: 'CONFLICT', message: 'Something new' }, 'en')).toBe('This could not be done (Something new)');
  });

  it('a guest’s name merged into another person: whom by id, in either language', async () => {
    const facts = await answered(Promise.reject(new MergedElsewhereError('p1p1p1p1p1p1p1p1p1p1')));
    expect(inConsole(facts)).toBe('这个名字的时长已合并给另一位志愿者（志愿者 ID：p1p1p1p1p1p1p1p1p1p1），一个名字只能合并给一个人');
    expect(inConsole(facts, 'en')).toBe(
      'This name’s hours went to another volunteer (p1p1p1p1p1p1p1p1p1p1): a name merges into one person only',
    );
  });

  it('stored credit rules that do not validate: what to do, in either language, not the server’s English', () => {
    const facts = {
      status: 409,
      code: 'CREDIT_RULES_INVALID',
      message: new InvalidCreditRulesError([{ field: 'hoursPerPoint', message: 'x' }]).message,
    };
    expect(inConsole(facts)).toBe('保存的积分规则有误，这段时间的统计暂时算不出来；请中心管理员通过 /admin/credit-rules 查看并重新保存');
    expect(inConsole(facts, 'en')).toContain('save them again at /admin/credit-rules');
  });

  it('the wish wall’s rule on a published text, and a field nothing knows as it came', () => {
    const facts: ErrorFacts = {
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [
        { field: 'text', message: 'No phone, identity or house numbers, email, WeChat or QQ ids on the wall' },
        { field: 'gadget.0', message: 'Beyond repair' },
      ],
    };
    expect(inConsole(facts)).toBe(
      '提交的内容有误（心愿内容：心愿墙上不能出现电话、证件号、门牌号、邮箱、微信号或QQ号；gadget.0：Beyond repair）',
    );
  });

  it('a network failure, a 401 and a 404 in the console’s words alone; a 500 without the server’s', () => {
    expect(inConsole({ status: 0 })).toBe(adminConsoleTexts.zh.errNetwork);
    expect(inConsole({ status: 401, message: 'A valid team token is required' }, 'zh', 'team')).toBe(teamConsoleTexts.zh.err401);
    expect(inConsole({ status: 404, code: 'NOT_FOUND', message: 'Team not found' })).toBe(adminConsoleTexts.zh.err404);
    expect(inConsole({ status: 500, code: 'INTERNAL', message: 'Something went wrong on our side.' })).toBe(adminConsoleTexts.zh.errOther);
    expect(inConsole({ status: 503, code: 'BUSY', message: 'We are busy right now. Please try again in a few seconds.' })).toBe(
      '系统暂时忙不过来，请过几秒再试',
    );
  });
});

describe('回访 in the staff console', () => {
  it('says in Chinese why a rating or a reopening taken on a callback was refused', () => {
    const refused = (message: string, fields?: ErrorFacts['fields']) =>
      inConsole({ status: fields ? 400 : 409, code: fields ? 'VALIDATION_FAILED' : 'CONFLICT', message, ...(fields ? { fields } : {}) });
    expect(refused('A request can be reopened only within 7 days of its completion')).toContain('完成 7 天后不能再重新派单');
    expect(refused('Only a completed request can be rated, and only once')).toContain('这条需求已经评价过');
    expect(refused('Invalid input', [{ field: 'stars', message: 'Too small: expected number to be >=1' }])).toContain('居民的评价');
  });
});
