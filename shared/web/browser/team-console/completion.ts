/**
 * The completion report of an accepted order: a row per volunteer (name and minutes as people
 * write them), checked here first, and the API's field errors named by row.
 */
import { ApiError, errorText, statusOf } from '../common/api';
import { add, clear, field, h, nextId } from '../common/dom';
import { LANG, parseMinutes } from '../common/texts';
import { api, flash, refused, session } from './context';
import { memberNamed } from './members';
import { rowProblems } from './row-problems';
import { t } from './texts';

/** The rows a refused report carried, as the team typed them, for the station to add. */
const typedHours = (rows: readonly string[]): string => t('typedHours', { rows: rows.join(LANG === 'zh' ? '、' : ', ') });

export function completionForm(id: string): HTMLElement {
  const rows = h('div', {});
  const errors = h('div', { role: 'alert' });
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 1000 });
  const addRow = () => {
    const n = rows.children.length + 1;
    const name = h('input', { type: 'text', name: 'volunteer', maxlength: 60, autocomplete: 'off', list: 'member-names' });
    const minutes = h('input', { type: 'text', name: 'minutes', inputmode: 'decimal', maxlength: 12, autocomplete: 'off' });
    rows.appendChild(
      h(
        'fieldset',
        { class: 'row' },
        h('legend', { text: t('row', { n }) }),
        field(t('volunteer'), name).cell,
        field(t('minutes'), minutes, n === 1 ? t('minutesHint') : '').cell,
      ),
    );
    return name;
  };
  for (let i = 0; i < 3; i++) addRow();
  const showProblems = (problems: readonly string[]) => {
    clear(errors);
    if (problems.length)
      add(
        errors,
        h(
          'ul',
          { class: 'error' },
          problems.map((p) => h('li', { text: p })),
        ),
      );
  };
  const submit = h('button', { type: 'submit', text: t('complete') });
  const send = () => {
    const problems: string[] = [];
    const hours: { volunteer?: string; volunteerId?: string; minutes: number | undefined }[] = [];
    const rowOf: number[] = [];
    const typed: string[] = [];
    Array.from(rows.children).forEach((row, index) => {
      const inputs = row.querySelectorAll('input');
      const volunteer = (inputs[0]?.value ?? '').trim();
      const given = (inputs[1]?.value ?? '').trim();
      if (!volunteer && !given) return;
      const minutes = given ? parseMinutes(given) : undefined;
      if (!volunteer) problems.push(t('rowVolunteerMissing', { n: index + 1 }));
      if (!given) problems.push(t('rowMinutesMissing', { n: index + 1 }));
      else if (minutes === undefined || minutes < 1 || minutes > 1440) problems.push(t('rowMinutesBad', { n: index + 1 }));
      // A member named exactly is credited as that person; anyone else as a guest of the team.
      const volunteerId = volunteer ? memberNamed(volunteer) : undefined;
      hours.push(volunteerId ? { volunteerId, minutes } : { volunteer, minutes });
      rowOf.push(index + 1);
      typed.push(t('typedRow', { name: volunteer, minutes }));
    });
    if (!hours.length) problems.push(t('noRows'));
    showProblems(problems);
    if (problems.length) return;
    const body: { hours: typeof hours; note?: string } = { hours };
    if (note.value.trim()) body.note = note.value.trim();
    submit.disabled = true;
    api('POST', `/requests/${encodeURIComponent(id)}/complete`, body).then(
      () => {
        flash(t('completed'));
        return session.load(false);
      },
      (e) => {
        submit.disabled = false;
        const status = statusOf(e);
        // The order is gone or no longer the team's: said at the top, and the lists read again.
        // The typed rows go with the lists: say them, so the team can give them to the station.
        if (status === 404 || status === 409) return refused(e, typedHours(typed));
        if (status === 401) return refused(e);
        const named = rowProblems(e instanceof ApiError ? e.fields : [], rowOf, LANG, t);
        // Anything else (the network, a field no row holds) beside the button just tapped.
        showProblems(named.length ? named : [errorText(e)]);
        errors.scrollIntoView({ block: 'nearest' });
      },
    );
  };
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        send();
      },
    },
    h('p', { text: t('completeIntro') }),
    errors,
    rows,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', text: t('addRow'), onclick: () => addRow().focus() })),
    field(t('note'), note).cell,
    submit,
  );
  const headingId = nextId('complete');
  // A group, not a landmark: one per order, every one named 报告完成 (axe: landmarks must differ by name).
  return h('div', { role: 'group', 'aria-labelledby': headingId }, h('h4', { id: headingId, text: t('completeTitle') }), form);
}
