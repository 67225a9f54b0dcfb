import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import type { TeamOfferView } from '#shared/use-cases/team-offer';
import { completionFormValues, completionFromForm, parseMinutes } from '#shared/web/completion-form';
import { renderOfferPage } from '#shared/web/offer-page';

function refusal(body: Record<string, string>): ValidationError {
  try {
    completionFromForm(body);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the form was accepted');
}

describe('parseMinutes', () => {
  it.each([
    ['50', 50],
    [' 50 分钟', 50],
    ['50min', 50],
    ['１．５小时', 90],
    ['2h', 120],
    ['1.5 hours', 90],
    ['４５', 45],
  ])('reads %j as %i minutes', (raw, minutes) => {
    expect(parseMinutes(raw)).toBe(minutes);
  });

  it.each(['', 'abc', '-5', '1,5', '5 days'])('refuses %j', (raw) => {
    expect(parseMinutes(raw)).toBeUndefined();
  });
});

describe('completionFromForm', () => {
  it('turns the filled rows into the report, skipping empty ones', () => {
    const report = completionFromForm({
      note: ' 换了保险丝 ',
      'volunteer-1': '李同学',
      'minutes-1': '50',
      'volunteer-3': '王师傅',
      'minutes-3': '1.5小时',
      'volunteer-2': '',
      'minutes-2': '',
    });
    expect(report).toEqual({
      note: '换了保险丝',
      hours: [
        { volunteer: '李同学', minutes: 50 },
        { volunteer: '王师傅', minutes: 90 },
      ],
    });
  });

  it('names the row of each problem, in its own words and those of parseCompletion', () => {
    const error = refusal({ 'volunteer-1': '李同学', 'minutes-1': 'abc', 'minutes-2': '30', 'volunteer-4': '赵', 'minutes-4': '' });
    expect(error.issues).toEqual([
      { field: 'minutes-1', message: 'Write the minutes as a number, e.g. 50' },
      { field: 'volunteer-2', message: 'Name the volunteer' },
      { field: 'minutes-4', message: 'Give the minutes served' },
    ]);
    // Row 3 is empty, so the domain's hours.1 is the form's row 4.
    expect(refusal({ 'volunteer-1': 'a', 'minutes-1': '5', 'volunteer-4': 'b', 'minutes-4': '2000' }).issues).toEqual([
      { field: 'minutes-4', message: expect.stringMatching(/^Too big/) },
    ]);
  });

  it('asks for at least one volunteer when every row is empty', () => {
    expect(refusal({ note: 'done' }).issues).toEqual([{ field: 'hours', message: 'List at least one volunteer and the minutes served' }]);
  });

  it('keeps what was typed, row by row, for the form shown again', () => {
    expect(completionFormValues({ note: 'n', 'volunteer-2': 'x', 'minutes-1': '5' })).toEqual({
      note: 'n',
      rows: [
        { volunteer: '', minutes: '5' },
        { volunteer: 'x', minutes: '' },
      ],
    });
  });
});

const view = (overrides: Partial<TeamOfferView> = {}): TeamOfferView => ({
  requestId: 'r1',
  state: 'accepted',
  service: { code: 'appliance-repair', name: { zh: '小家电维修', en: 'Small appliance repair' } },
  areaNames: [{ zh: '科大社区', en: 'Keda' }],
  urgency: 'normal',
  description: '收音机',
  attributes: {},
  answers: [],
  resident: { name: '郑桂芳', phone: '+8613911112222', address: '科大社区5号楼' },
  completable: true,
  ...overrides,
});
const urls = {
  selfUrl: 'https://x.example/offers/r1?team=t&v=2&exp=9&sig=s',
  acceptUrl: 'https://x.example/offers/r1/accept?team=t&v=2&exp=9&sig=s',
  declineUrl: 'https://x.example/offers/r1/decline?team=t&v=2&exp=9&sig=s',
  completeUrl: 'https://x.example/requests/r1/complete?team=t&v=2&exp=9&sig=s',
};

describe('the offer page’s completion form', () => {
  it('is offered once the team accepted, posting to the link’s completion url', () => {
    const page = renderOfferPage({ view: view(), ...urls, lang: 'zh', large: false });
    expect(page).toContain(`<form method="post" action="${urls.completeUrl.replaceAll('&', '&amp;')}">`);
    expect(page).toContain('name="volunteer-5"');
    expect(page).not.toContain('name="volunteer-6"');
    expect(renderOfferPage({ view: view({ state: 'open', completable: false }), ...urls, lang: 'zh', large: false })).not.toContain(
      '/complete',
    );
  });

  it('says when the order was reported done instead of offering the form again', () => {
    const page = renderOfferPage({
      view: view({ completable: false, completedAt: '2026-03-01T02:00:00.000Z' }),
      ...urls,
      lang: 'en',
      large: false,
    });
    expect(page).toContain('Reported done on 1 Mar 2026, 10:00');
    expect(page).not.toContain('name="volunteer-1"');
  });

  it('shows a refused report again with each problem at its row, escaped', () => {
    const evil = '<script>alert(1)</script>';
    const page = renderOfferPage({
      view: view(),
      ...urls,
      lang: 'zh',
      large: false,
      completion: {
        values: { note: evil, rows: [{ volunteer: evil, minutes: '' }] },
        issues: [{ field: 'minutes-1', message: 'Give the minutes served' }],
      },
    });
    expect(page).not.toContain('<script>');
    expect(page).toContain('<title>错误：');
    expect(page).toContain('<a href="#c-minutes-1">第 1 行 时长（分钟）：请填写服务时长</a>');
    expect(page).toContain(
      'id="c-minutes-1" name="minutes-1" value="" inputmode="decimal" maxlength="12" autocomplete="off" aria-invalid="true" aria-describedby="c-minutes-1-error"',
    );
  });

  it('shows a volunteer listed twice at the repeated row, in the page’s language', () => {
    const repeated = {
      values: {
        note: '',
        rows: [
          { volunteer: '王芳', minutes: '30' },
          { volunteer: 'SD2026-001', minutes: '30' },
        ],
      },
    };
    const issues = [{ field: 'volunteer-2', message: 'Listed twice' }];
    const page = (lang: 'zh' | 'en') => renderOfferPage({ view: view(), ...urls, lang, large: false, completion: { ...repeated, issues } });
    expect(page('zh')).toContain('<a href="#c-volunteer-2">第 2 行 志愿者：这位志愿者已填在前面的行里：每人只填一行，时长合计</a>');
    expect(page('en')).toContain('This volunteer is on a row above: one row per person, with their minutes in all');
  });
});
