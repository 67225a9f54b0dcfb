/**
 * The completion report as a plain HTML form (the offer page, no JavaScript): a note and rows
 * of volunteer and minutes, named `volunteer-<row>` and `minutes-<row>` (rows count from 1).
 * Rows left empty are skipped; the rest become the same input `parseCompletion` takes from
 * API clients, and every problem is reported against the row the team typed it in.
 */
import { parseCompletion, type CompletionReport } from '#shared/domain/completion';
import { ValidationError, type FieldIssue } from '#shared/domain/errors';
import { html, type SafeHtml } from './html';
import type { Lang } from './i18n';
import { translateIssue } from './issue-words';

/** Rows the form shows; a refused post shows at least as many as were filled in. */
export const COMPLETION_ROWS = 5;
/** `parseCompletion` takes at most 50 volunteers. */
const MAX_ROWS = 50;

export interface CompletionRow {
  readonly volunteer: string;
  readonly minutes: string;
}

export interface CompletionFormValues {
  readonly note: string;
  readonly rows: readonly CompletionRow[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '');

/** The posted fields, rows in order (trailing empty rows dropped). */
export function completionFormValues(body: unknown): CompletionFormValues {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const rows: CompletionRow[] = [];
  for (let i = 1; i <= MAX_ROWS; i++) rows.push({ volunteer: text(form[`volunteer-${i}`]), minutes: text(form[`minutes-${i}`]) });
  while (rows.length > 0 && !rows.at(-1)!.volunteer.trim() && !rows.at(-1)!.minutes.trim()) rows.pop();
  return { note: text(form.note), rows };
}

/**
 * Minutes as people write them: `50`, `50分钟`, `50 min`, or hours: `1.5小时`, `2h`. Full-width
 * digits (from a Chinese keyboard) count too. Undefined when it is none of these.
 */
export function parseMinutes(raw: string): number | undefined {
  const value = raw.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  const hours = /^(\d+(?:\.\d+)?)(h|hr|hrs|hours?|小时|个小时|时)$/.exec(value);
  if (hours) return Math.round(Number(hours[1]) * 60);
  const minutes = /^(\d+)(m|min|mins|minutes?|分钟|分)?$/.exec(value);
  return minutes ? Number(minutes[1]) : undefined;
}

/** The form row (from 1) of each record of the report: rows left empty are skipped. */
function rowsOfRecords(rows: readonly CompletionRow[]): number[] {
  return rows.flatMap((row, i) => (row.volunteer.trim() || row.minutes.trim() ? [i + 1] : []));
}

/**
 * Issues that name a record of the report (`hours.<n>.minutes`, as the API and the use case
 * name them) named by the form's row instead (`minutes-<row>`), where the page shows them.
 */
export function issuesAtRows(body: unknown, issues: readonly FieldIssue[]): FieldIssue[] {
  const rowOf = rowsOfRecords(completionFormValues(body).rows);
  return issues.map((issue) => {
    const match = /^hours\.(\d+)\.(volunteer|volunteerId|minutes)$/.exec(issue.field);
    const row = match ? rowOf[Number(match[1])] : undefined;
    return match && row ? { field: `${match[2] === 'minutes' ? 'minutes' : 'volunteer'}-${row}`, message: issue.message } : issue;
  });
}

/** The form as a completion report; a ValidationError names fields `volunteer-<row>`, `minutes-<row>`, `note` or `hours`. */
export function completionFromForm(body: unknown): CompletionReport {
  const { note, rows } = completionFormValues(body);
  const issues: FieldIssue[] = [];
  const hours: Array<{ volunteer: string; minutes: number | string }> = [];
  rows.forEach((row, i) => {
    const volunteer = row.volunteer.trim();
    const given = row.minutes.trim();
    if (!volunteer && !given) return;
    if (!volunteer) issues.push({ field: `volunteer-${i + 1}`, message: 'Name the volunteer' });
    const minutes = given ? parseMinutes(given) : undefined;
    if (!given) issues.push({ field: `minutes-${i + 1}`, message: 'Give the minutes served' });
    else if (minutes === undefined) issues.push({ field: `minutes-${i + 1}`, message: 'Write the minutes as a number, e.g. 50' });
    hours.push({ volunteer, minutes: minutes ?? given });
  });
  if (issues.length > 0) throw new ValidationError(issues);
  try {
    return parseCompletion({ note, hours });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(issuesAtRows(body, error.issues));
  }
}

const labels = {
  zh: {
    title: '报告完成',
    intro:
      '服务完成后，请写下每位志愿者的姓名（本队队员也可写志愿者编号）和服务时长（分钟），每人一行、时长合计，用于记录志愿时长和积分。没有用到的行留空即可。',
    more: '超过 {n} 位志愿者？请使用服务队工作台（/team）报告。',
    note: '完成情况说明（选填）',
    row: '第 {n} 行',
    volunteer: '志愿者',
    minutes: '时长（分钟）',
    minutesHint: '例如 50，也可以写 1.5小时',
    submit: '提交完成报告',
    summary: '完成报告未提交，请修改以下内容：',
    errorPrefix: '错误：',
    'Name the volunteer': '请填写志愿者姓名',
    'Give the minutes served': '请填写服务时长',
    'Write the minutes as a number, e.g. 50': '请用数字填写分钟数，例如 50',
    'List at least one volunteer and the minutes served': '请至少填写一位志愿者和服务时长',
    'Listed twice': '这位志愿者已填在前面的行里：每人只填一行，时长合计',
    'More than one member of the team goes by this name: give the volunteer number':
      '本队有不止一位队员叫这个名字，请改填这位队员的志愿者编号',
    // From a team's own software (the API); the form always sends a name.
    "A volunteer id from the team's members": '请填写本队队员的编号',
    "Give volunteerId (a member) or volunteer (a guest's name)": '请填写志愿者姓名或队员编号',
  },
  en: {
    title: 'Report the order done',
    intro:
      'When the work is done, write each volunteer’s name (or a member’s volunteer number) and the minutes they served, one row per person with their minutes in all; they become volunteer hours and points. Leave unused rows empty.',
    more: 'More than {n} volunteers? Report through the team console (/team).',
    note: 'How it went (optional)',
    row: 'Row {n}',
    volunteer: 'Volunteer',
    minutes: 'Minutes',
    minutesHint: 'For example 50, or 1.5h',
    submit: 'Send the report',
    summary: 'The report was not sent. Please correct the following:',
    errorPrefix: 'Error: ',
    'Name the volunteer': 'Name the volunteer',
    'Give the minutes served': 'Give the minutes served',
    'Write the minutes as a number, e.g. 50': 'Write the minutes as a number, e.g. 50',
    'List at least one volunteer and the minutes served': 'List at least one volunteer and the minutes served',
    'Listed twice': 'This volunteer is on a row above: one row per person, with their minutes in all',
    'More than one member of the team goes by this name: give the volunteer number':
      'More than one member of your team has this name: write this member’s volunteer number instead',
    "A volunteer id from the team's members": "A volunteer id from the team's members",
    "Give volunteerId (a member) or volunteer (a guest's name)": "Give the volunteer's name or a member's id",
  },
} as const;

function message(issue: FieldIssue, lang: Lang): string {
  const own = (labels[lang] as Record<string, string>)[issue.message];
  if (own) return own;
  if (/^Too (big|small): expected (number|int)/.test(issue.message))
    return lang === 'zh' ? '时长应在 1 到 1440 分钟之间' : 'Between 1 and 1,440 minutes';
  return translateIssue(issue.message, lang);
}

export interface CompletionFormInput {
  readonly action: string;
  readonly lang: Lang;
  readonly values?: CompletionFormValues;
  readonly issues?: readonly FieldIssue[];
}

/** The form; after a refused post, the values again and each problem at its row. */
export function completionForm(input: CompletionFormInput): SafeHtml {
  const { lang } = input;
  const l = labels[lang];
  const issues = input.issues ?? [];
  const errorOf = (field: string) => issues.find((i) => i.field === field);
  const rows = input.values?.rows ?? [];
  const count = Math.min(MAX_ROWS, Math.max(COMPLETION_ROWS, rows.length));
  const rowLabel = (field: string) => {
    const match = /^(volunteer|minutes)-(\d+)$/.exec(field);
    return match ? `${l.row.replace('{n}', match[2]!)} ${l[match[1] as 'volunteer' | 'minutes']}` : field === 'note' ? l.note : l.volunteer;
  };
  const summary =
    issues.length > 0
      ? html`<div class="error-summary" role="alert" aria-labelledby="completion-errors" tabindex="-1">
<h3 id="completion-errors">${l.summary}</h3>
<ul>${issues.map((i) => {
          const target = /^(volunteer|minutes)-\d+$/.test(i.field) || i.field === 'note' ? `#c-${i.field}` : '#c-volunteer-1';
          return html`<li><a href="${target}">${rowLabel(i.field)}${lang === 'zh' ? '：' : ': '}${message(i, lang)}</a></li>`;
        })}</ul>
</div>`
      : '';
  const field = (name: string, label: string, value: string, attrs: SafeHtml) => {
    const error = errorOf(name);
    return html`<div class="cell${error ? ' field-error' : ''}"><label for="c-${name}">${label}</label>${
      error ? html`<p class="error" id="c-${name}-error">${l.errorPrefix}${message(error, lang)}</p>` : ''
    }<input type="text" id="c-${name}" name="${name}" value="${value}"${attrs}${error ? html` aria-invalid="true" aria-describedby="c-${name}-error"` : ''}></div>`;
  };
  const rowHtml = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const row = rows[i] ?? { volunteer: '', minutes: '' };
    return html`<fieldset class="row"><legend>${l.row.replace('{n}', String(n))}</legend>
${field(`volunteer-${n}`, l.volunteer, row.volunteer, html` maxlength="60" autocomplete="off"`)}
${field(`minutes-${n}`, l.minutes, row.minutes, html` inputmode="decimal" maxlength="12" autocomplete="off"`)}
</fieldset>`;
  });
  const noteError = errorOf('note');
  return html`<h2 id="complete">${l.title}</h2>
${summary}
<form method="post" action="${input.action}">
<p>${l.intro}</p>
<p class="hint">${l.minutesHint}</p>
${rowHtml}
<p class="hint">${l.more.replace('{n}', String(count))}</p>
<div class="field${noteError ? ' field-error' : ''}"><label for="c-note">${l.note}</label>${
    noteError ? html`<p class="error" id="c-note-error">${l.errorPrefix}${message(noteError, lang)}</p>` : ''
  }<textarea id="c-note" name="note" maxlength="1000" rows="3"${noteError ? html` aria-invalid="true" aria-describedby="c-note-error"` : ''}>${input.values?.note ?? ''}</textarea></div>
<button type="submit">${l.submit}</button>
</form>`;
}
