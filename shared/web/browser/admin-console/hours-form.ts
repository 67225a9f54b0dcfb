/**
 * 登记服务时长: staff record a team's visit hours past the bound of the team's own report
 * (POST /admin/requests/{id}/hours), for an order the team accepted (it becomes completed) or
 * completed (these minutes replace its own), with a reason. 更正服务时长: once the request is
 * closed, the same form corrects them per volunteer (POST /admin/requests/{id}/hours-correction;
 * 0 minutes: not there). The rows start as the report's. A member's row keeps their volunteer id
 * while the name is left as it was.
 */
import { add, field, h, submitOnce } from '../common/dom';
import { list, loc, num } from '../common/texts';
import { api, failed, flash } from './context';
import { t } from './texts';

interface Row {
  readonly name: HTMLInputElement;
  readonly minutes: HTMLInputElement;
  /** A member's id, sent while the name is the one it came with. */
  readonly volunteerId?: string;
  readonly nameAsGiven?: string;
}

type HoursRecord = { volunteerId: string; minutes: number } | { volunteer: string; minutes: number };

/** What differs between recording the hours of an open visit and correcting a closed one's. */
const modes = {
  record: {
    form: 'hours-form',
    path: 'hours',
    min: 1,
    title: 'hoursTitle',
    intro: 'hoursIntro',
    minutes: 'hoursMinutes',
    hint: 'hoursReasonHint',
    submit: 'hoursRecord',
  },
  correct: {
    form: 'correct-form',
    path: 'hours-correction',
    min: 0,
    title: 'correctTitle',
    intro: 'correctIntro',
    minutes: 'correctMinutes',
    hint: 'correctReasonHint',
    submit: 'correctSubmit',
  },
} as const;

/** A correction's answer: whether any volunteer's credit changed. */
function correctedAnything(answer: unknown): boolean {
  return list<{ outcome?: unknown }>((answer as { volunteers?: unknown } | undefined)?.volunteers).some((v) => v.outcome !== 'unchanged');
}

/** What a correction did: the certificates it marked (to revoke and reissue), if any, by number. */
function correctedMessage(answer: unknown): string {
  const numbers = list((answer as { certificates?: unknown } | undefined)?.certificates).filter((n) => typeof n === 'string');
  if (numbers.length) return t('correctedCertificates', { numbers: numbers.join(' ') });
  return t(correctedAnything(answer) ? 'corrected' : 'correctedNothing');
}

export function hoursForm(
  id: string,
  reported: unknown,
  done: (message: string) => Promise<void>,
  mode: keyof typeof modes = 'record',
): HTMLElement {
  const m = modes[mode];
  const rows: Row[] = [];
  const rowsBox = h('div', { id: `${m.form}-rows` });
  const addRow = (given?: { volunteer?: unknown; volunteerId?: unknown; minutes?: unknown }) => {
    const n = rows.length + 1;
    const name = h('input', { type: 'text', name: `volunteer-${n}`, maxlength: 60, value: given ? loc(given.volunteer) : '' });
    const minutes = h('input', {
      type: 'number',
      name: `minutes-${n}`,
      min: m.min,
      max: 1440,
      step: 1,
      inputmode: 'numeric',
      value: given?.minutes === undefined ? '' : String(num(given.minutes)),
    });
    const volunteerId = typeof given?.volunteerId === 'string' ? given.volunteerId : undefined;
    rows.push({ name, minutes, ...(volunteerId ? { volunteerId, nameAsGiven: name.value } : {}) });
    add(
      rowsBox,
      h(
        'fieldset',
        { class: 'row' },
        h('legend', { text: t('hoursRow', { n }) }),
        field(t('hoursVolunteer'), name).cell,
        field(t(m.minutes), minutes).cell,
      ),
    );
  };
  for (const record of list<{ volunteer?: unknown; volunteerId?: unknown; minutes?: unknown }>(reported)) addRow(record);
  addRow();

  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 500 });
  const submit: HTMLButtonElement = h('button', { type: 'submit', text: t(m.submit) });
  const form = h(
    'form',
    {
      id: m.form,
      novalidate: true,
      // Sent once per tap: a second click while the first is on its way would only earn a 409,
      // whose "changed meanwhile" could land after the success.
      onsubmit: submitOnce(
        submit,
        () => {
          const filled = rows.filter((r) => r.name.value.trim() || r.minutes.value.trim());
          // A blank field is never sent as 0 (which, correcting, takes the volunteer off): named by its row.
          for (const r of filled) {
            const n = rows.indexOf(r) + 1;
            const blank = !r.name.value.trim() ? r.name : !r.minutes.value.trim() ? r.minutes : undefined;
            if (blank) {
              flash(t(blank === r.name ? 'hoursRowVolunteerMissing' : 'hoursRowMinutesMissing', { n }), true);
              blank.focus();
              return undefined;
            }
          }
          const hours: HoursRecord[] = filled.map((r) => {
            const minutes = Number(r.minutes.value);
            const name = r.name.value.trim();
            return r.volunteerId && name === r.nameAsGiven ? { volunteerId: r.volunteerId, minutes } : { volunteer: name, minutes };
          });
          if (!hours.length) {
            flash(t('hoursEmpty'), true);
            rows[0]?.name.focus();
            return undefined;
          }
          if (!reason.value.trim()) {
            flash(t('reasonMissing'), true);
            reason.focus();
            return undefined;
          }
          return api('POST', `/admin/requests/${encodeURIComponent(id)}/${m.path}`, { hours, reason: reason.value.trim() }).then(
            (answer: unknown) => done(mode === 'record' ? t('hoursRecorded') : correctedMessage(answer)),
          );
        },
        failed,
      ),
    },
    h('p', { text: t(m.intro) }),
    rowsBox,
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'button', class: 'inline secondary', text: t('hoursAddRow'), onclick: () => addRow() }),
    ),
    field(t('hoursReason'), reason, t(m.hint)).cell,
    h('div', { class: 'actions' }, submit),
  );
  return h('section', { 'aria-labelledby': `${m.form}-h` }, h('h3', { id: `${m.form}-h`, text: t(m.title) }), form);
}
