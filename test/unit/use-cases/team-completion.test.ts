/**
 * A team reports its order done (shared/use-cases/team-work.ts): who served, named once each, as
 * the form invites (a name or a number); a finished order is a 409 before its rows are read; a
 * twin of the report taken is answered as the first was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryDeps, type MemoryDeps } from '#shared/adapters/memory/deps';
import { parseCompletion } from '#shared/domain/completion';
import { creditsFor, defaultCreditRules } from '#shared/domain/credit';
import { ConflictError, ValidationError } from '#shared/domain/errors';
import type { ServiceRequest } from '#shared/domain/service-request';
import { parseSubmission } from '#shared/domain/submission';
import { parseRegistration } from '#shared/domain/volunteer';
import { demoAreas } from '#shared/seed/areas';
import { demoServices } from '#shared/seed/menu';
import { acceptOffer } from '#shared/use-cases/answer-offer';
import { dispatchRequest } from '#shared/use-cases/dispatch-request';
import { submitRequest } from '#shared/use-cases/submit-request';
import { completeRequest } from '#shared/use-cases/team-work';
import { errorMessage } from '#shared/web/browser/common/error-words';
import { rowProblems } from '#shared/web/browser/team-console/row-problems';
import { completionForm, completionFromForm, issuesAtRows } from '#shared/web/completion-form';
import { teamConsoleTexts } from '#shared/web/team-console-texts';
import { KEDA, teamFixture } from '../../support/fixtures';
import { validSubmission } from '../../support/http';

const WANG = 'p1p1p1p1p1p1p1p1p1p1';
const ZHAO = 'p2p2p2p2p2p2p2p2p2p2';

let mem: MemoryDeps;
let clock: Date;
let memberReads: number;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** The team's deps, counting its reads of the member list. */
const deps = () => ({
  ...mem,
  volunteers: {
    members: (teamId: string) => ((memberReads += 1), mem.volunteers.members(teamId)),
    get: (id: string) => mem.volunteers.get(id),
  },
});

/** An order of team `a`, accepted two hours ago. */
async function accepted(): Promise<string> {
  const { submitted } = await submitRequest(mem, { submission: parseSubmission(validSubmission()), channel: 'api' });
  await dispatchRequest(mem, { requestId: submitted.id, version: 1 });
  await acceptOffer(mem, submitted.id, 'a');
  clock = new Date(clock.getTime() + 120 * 60_000);
  return submitted.id;
}

const credited = (request: ServiceRequest) =>
  creditsFor({ ...request, status: 'CLOSED' }, defaultCreditRules, clock.toISOString()).map((e) => ({
    key: e.volunteerKey,
    minutes: e.minutes,
    hours: e.hours,
  }));

beforeEach(async () => {
  clock = new Date('2026-03-09T02:00:00.000Z');
  memberReads = 0;
  mem = memoryDeps({ services: demoServices, areas: demoAreas, clock: { now: () => clock } });
  await mem.teams.register(teamFixture('a', { servesAreaId: '370902', capacity: 2, services: ['appliance-repair'] }), ['appliance-repair']);
  const since = clock.toISOString();
  for (const [id, name, volunteerNumber] of [
    [WANG, '王芳', 'SD2026-001'],
    [ZHAO, '赵志愿', 'SD2026-002'],
  ] as const) {
    await mem.volunteers.register({
      id,
      name,
      phone: id === WANG ? '+8613700001111' : '+8613700002222',
      volunteerNumber,
      homeAreaId: KEDA,
      registeredAt: since,
      registeredBy: { kind: 'self' },
    });
    await mem.volunteers.addMember({ teamId: 'a', volunteerId: id, since });
  }
});

describe('one row per person', () => {
  it('refuses a guest split into rows (400 naming each repeat), changing nothing; one row of the minutes is one service', async () => {
    const id = await accepted();
    const split = parseCompletion({ hours: Array.from({ length: 7 }, () => ({ volunteer: '小李', minutes: 16 })) });
    const refused = await failure(completeRequest(deps(), id, 'a', split));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => ({ field: `hours.${n}.volunteer`, message: 'Listed twice' })),
    );
    expect(mem.requests.requests.get(id)!.status).toBe('ACCEPTED');

    const done = await completeRequest(deps(), id, 'a', parseCompletion({ hours: [{ volunteer: '小李', minutes: 112 }] }));
    expect(credited(done)).toEqual([{ key: 'a:小李', minutes: 112, hours: 2 }]);
  });

  it('refuses a member named by id, number, name and id again, each repeat at its own field', async () => {
    const id = await accepted();
    const report = parseCompletion({
      hours: [
        { volunteerId: WANG, minutes: 16 },
        { volunteer: 'SD2026-001', minutes: 16 },
        { volunteer: '王芳', minutes: 16 },
        { volunteerId: WANG, minutes: 16 },
        { volunteerId: ZHAO, minutes: 16 },
      ],
    });
    expect(((await failure(completeRequest(deps(), id, 'a', report))) as ValidationError).issues).toEqual([
      { field: 'hours.1.volunteer', message: 'Listed twice' },
      { field: 'hours.2.volunteer', message: 'Listed twice' },
      { field: 'hours.3.volunteerId', message: 'Listed twice' },
    ]);
    expect(mem.requests.requests.get(id)!.status).toBe('ACCEPTED');
  });
});

describe('a name two members share', () => {
  it('is refused at its row in either form, asking for the number; the numbers credit each person', async () => {
    const id = await accepted();
    const FANG = 'p3p3p3p3p3p3p3p3p3p3';
    const since = clock.toISOString();
    await mem.volunteers.register({
      id: FANG,
      name: '王芳',
      phone: '+8613700003333',
      volunteerNumber: 'SD2026-003',
      homeAreaId: KEDA,
      registeredAt: since,
      registeredBy: { kind: 'self' },
    });
    await mem.volunteers.addMember({ teamId: 'a', volunteerId: FANG, since });
    const shared = { field: 'hours.0.volunteer', message: 'More than one member of the team goes by this name: give the volunteer number' };
    const byName = parseCompletion({ hours: [{ volunteer: '王芳', minutes: 60 }] });
    expect(((await failure(completeRequest(deps(), id, 'a', byName))) as ValidationError).issues).toEqual([shared]);
    const both = completionFromForm({ 'volunteer-1': '王芳', 'minutes-1': '60', 'volunteer-2': '王芳', 'minutes-2': '50' });
    expect(((await failure(completeRequest(deps(), id, 'a', both))) as ValidationError).issues).toEqual([
      shared,
      { ...shared, field: 'hours.1.volunteer' },
    ]);
    expect(mem.requests.requests.get(id)!.status).toBe('ACCEPTED');
    // As the offer page's form and the team console say it, at the row.
    const form = (lang: 'zh' | 'en') =>
      completionForm({ action: '/x', lang, issues: issuesAtRows({ 'volunteer-1': '王芳', 'minutes-1': '60' }, [shared]) }).toString();
    expect(form('zh')).toContain('错误：本队有不止一位队员叫这个名字，请改填这位队员的志愿者编号');
    expect(form('en')).toContain('More than one member of your team has this name: write this member’s volunteer number instead');
    const say = (lang: 'zh' | 'en') => (key: 'rowProblem', vars: { n: number; problem: string }) =>
      teamConsoleTexts[lang][key].replace('{n}', String(vars.n)).replace('{problem}', vars.problem);
    expect(rowProblems([shared], [2], 'zh', say('zh'))).toEqual(['第 2 位：本队有不止一位队员叫这个名字，请改填志愿者编号']);
    expect(rowProblems([shared], [2], 'en', say('en'))).toEqual([
      'Volunteer 2: More than one member of your team has this name: give the volunteer number',
    ]);

    const numbers = completionFromForm({ 'volunteer-1': 'SD2026-001', 'minutes-1': '60', 'volunteer-2': 'sd2026-003', 'minutes-2': '50' });
    const done = await completeRequest(deps(), id, 'a', numbers);
    expect(credited(done).map((c) => c.key)).toEqual([`person#${WANG}`, `person#${FANG}`]);
  });
});

describe('members named as the form invites', () => {
  it('credits a member written by volunteer number (any case) or by id to the person; other text is a guest', async () => {
    const id = await accepted();
    const report = completionFromForm({
      'volunteer-1': 'sd2026-001',
      'minutes-1': '60',
      'volunteer-2': ZHAO,
      'minutes-2': '1小时',
      'volunteer-3': '临时帮手',
      'minutes-3': '30',
    });
    const done = await completeRequest(deps(), id, 'a', report);
    expect(done.completion!.hours).toEqual([
      { volunteer: '王芳', volunteerId: WANG, minutes: 60 },
      { volunteer: '赵志愿', volunteerId: ZHAO, minutes: 60 },
      { volunteer: '临时帮手', minutes: 30 },
    ]);
    expect(credited(done).map((c) => c.key)).toEqual([`person#${WANG}`, `person#${ZHAO}`, 'a:临时帮手']);
  });

  it('matches a member by name however the leader writes its dots and spaces, stored normalised or from before the rule', async () => {
    const since = clock.toISOString();
    const members = [
      ['p3p3p3p3p3p3p3p3p3p3', '+8613700003333', parseRegistration({ name: '麦麦提 · 艾力', phone: '13700003333', homeAreaId: KEDA }).name],
      [
        'p4p4p4p4p4p4p4p4p4p4',
        '+8613700004444',
        parseRegistration({ name: '玛依拉．阿不都', phone: '13700004444', homeAreaId: KEDA }).name,
      ],
      // Stored before names were normalised.
      ['p5p5p5p5p5p5p5p5p5p5', '+8613700005555', 'Anna  Li'],
    ] as const;
    for (const [volunteerId, phone, name] of members) {
      await mem.volunteers.register({
        id: volunteerId,
        name,
        phone,
        homeAreaId: KEDA,
        registeredAt: since,
        registeredBy: { kind: 'self' },
      });
      await mem.volunteers.addMember({ teamId: 'a', volunteerId, since });
    }
    const id = await accepted();
    const report = completionFromForm({
      'volunteer-1': '麦麦提 · 艾力',
      'minutes-1': '60',
      'volunteer-2': '玛依拉•阿不都',
      'minutes-2': '60',
      'volunteer-3': 'Anna Li',
      'minutes-3': '60',
    });
    const done = await completeRequest(deps(), id, 'a', report);
    expect(done.completion!.hours.map((h) => h.volunteerId)).toEqual(members.map(([volunteerId]) => volunteerId));
  });

  it('refuses the form that names one member by number and by name (at the volunteer row)', async () => {
    const id = await accepted();
    const body = { 'volunteer-1': 'SD2026-002', 'minutes-1': '60', 'volunteer-2': '赵志愿', 'minutes-2': '60' };
    const refused = (await failure(completeRequest(deps(), id, 'a', completionFromForm(body)))) as ValidationError;
    expect(refused.issues).toEqual([{ field: 'hours.1.volunteer', message: 'Listed twice' }]);
  });
});

describe('an order no longer accepted', () => {
  it('is a 409 before the rows are read, even with rows that would be refused', async () => {
    const id = await accepted();
    await completeRequest(deps(), id, 'a', parseCompletion({ hours: [{ volunteerId: WANG, minutes: 50 }] }));
    memberReads = 0;
    const bad = parseCompletion({
      hours: [
        { volunteerId: 'x0x0x0x0x0x0x0x0x0x0', minutes: 50 },
        { volunteer: '小李', minutes: 5 },
      ],
    });
    expect(await failure(completeRequest(deps(), id, 'a', bad))).toBeInstanceOf(ConflictError);
    expect(memberReads).toBe(0);
  });

  it('answers a twin of the report taken as the first, and anything else with a 409', async () => {
    const id = await accepted();
    const report = parseCompletion({ note: '换了保险丝', hours: [{ volunteer: '王芳', minutes: 50 }] });
    const first = await completeRequest(deps(), id, 'a', report);
    clock = new Date(clock.getTime() + 60_000);
    const again = await completeRequest(deps(), id, 'a', report);
    expect(again.completion!.completedAt).toBe(first.completion!.completedAt);
    expect(again.version).toBe(first.version);
    // The same person by id is the same report as stored.
    expect(
      await completeRequest(deps(), id, 'a', parseCompletion({ note: '换了保险丝', hours: [{ volunteerId: WANG, minutes: 50 }] })),
    ).toEqual(first);
    for (const other of [
      { note: '换了保险丝', hours: [{ volunteer: '王芳', minutes: 51 }] },
      { hours: [{ volunteer: '王芳', minutes: 50 }] },
      {
        note: '换了保险丝',
        hours: [
          { volunteer: '王芳', minutes: 50 },
          { volunteer: '小李', minutes: 5 },
        ],
      },
    ])
      expect(await failure(completeRequest(deps(), id, 'a', parseCompletion(other)))).toBeInstanceOf(ConflictError);
  });

  it('is a 409 to reload when another change kept it accepted by the team meanwhile (a claim reminder), completing nothing', async () => {
    const id = await accepted();
    const report = parseCompletion({ hours: [{ volunteerId: ZHAO, minutes: 40 }] });
    // A change that keeps the order ACCEPTED lands between the read and the completion's write.
    const reminded = {
      ...deps(),
      volunteers: {
        ...deps().volunteers,
        members: async (teamId: string) => {
          const read = mem.requests.requests.get(id)!;
          expect(await mem.requests.update(read, { ...read, version: read.version + 1 })).toBe(true);
          return mem.volunteers.members(teamId);
        },
      },
    };
    const refused = await failure(completeRequest(reminded, id, 'a', report));
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).message).toBe('The order changed in the meantime; reload and try again');
    const words = (key: string) => teamConsoleTexts.zh[key as keyof typeof teamConsoleTexts.zh];
    expect(errorMessage({ status: 409, code: 'CONFLICT', message: (refused as ConflictError).message }, 'zh', words)).toBe(
      '状态已经变化，请刷新后再试',
    );
    expect(mem.requests.requests.get(id)!.status).toBe('ACCEPTED');
    expect(mem.teams.teams.get('a')!.active).toBe(1);
    // Sent again, it completes.
    expect((await completeRequest(deps(), id, 'a', report)).status).toBe('COMPLETED');
    expect(mem.teams.teams.get('a')!.active).toBe(0);
  });

  it('answers two taps at once alike, giving the capacity back once', async () => {
    const id = await accepted();
    const report = parseCompletion({ hours: [{ volunteerId: ZHAO, minutes: 40 }] });
    const [one, two] = await Promise.all([completeRequest(deps(), id, 'a', report), completeRequest(deps(), id, 'a', report)]);
    expect(two.completion).toEqual(one.completion);
    expect(mem.teams.teams.get('a')!.active).toBe(0);
  });
});
