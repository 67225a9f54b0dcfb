/**
 * What staff may do with one request, as its status allows: dispatch by hand to a ranked
 * candidate, reject or cancel with a reason, a team's visit hours recorded by staff, or corrected
 * once the request is closed (`hours-form.ts`), and for a completed request staff ordered (代点单) the resident's rating or
 * reopening taken on a callback (回访); for center admins, the certificates of the volunteers who served, and erasure. Each action, once done, hands its message to `done`, which shows the request again.
 */
import { add, busyButton, field, h, select, submitOnce } from '../common/dom';
import { list, loc, num } from '../common/texts';
import { openCertificatesOf } from './certificates';
import { api, failed, flash, isCenter } from './context';
import { hoursForm } from './hours-form';
import { t } from './texts';

const REJECTABLE: readonly unknown[] = ['SUBMITTED', 'WAITING', 'ESCALATED', 'REVIEW', 'PUBLISHED'];
const CANCELLABLE: readonly unknown[] = ['SUBMITTED', 'WAITING', 'OFFERED', 'ACCEPTED', 'ESCALATED', 'REVIEW', 'PUBLISHED'];
/** Ended (`isSettled`): its resident's data may be erased on request (the center's; a station is refused). */
const ENDED: readonly unknown[] = ['CLOSED', 'CANCELLED', 'EXPIRED', 'REJECTED'];

export interface Candidate {
  readonly teamId?: unknown;
  readonly name?: unknown;
  readonly free?: unknown;
  readonly capacity?: unknown;
  readonly reason?: unknown;
  readonly widened?: unknown;
  readonly declinedBefore?: unknown;
}

/** Shows the request again, saying what was done. */
type Done = (message: string) => Promise<void>;

/** A team's visit: the request is with a team (`teamHeld`), and the hours reported so far. */
export interface TeamVisit {
  readonly teamHeld: boolean;
  readonly hours?: unknown;
}

/** The request as the page shows it. */
export interface ShownRequest {
  readonly id: string;
  readonly status: unknown;
  /** Sent with dispatch, reject and cancel: refused (409) when someone changed the request since. */
  readonly version: unknown;
  /** Its resident's data was anonymised already: nothing left to erase. */
  readonly anonymised?: boolean;
}

export function requestActions(shown: ShownRequest, candidates: unknown, done: Done, visit?: TeamVisit): HTMLElement[] {
  const { id, status } = shown;
  const hoursOpen = visit?.teamHeld && (status === 'ACCEPTED' || status === 'COMPLETED');
  // Closed with a visit: its hours are on the ledger, corrected per volunteer.
  const hoursClosed = visit?.teamHeld && status === 'CLOSED' && Array.isArray(visit.hours);
  return [
    ...(Array.isArray(candidates) ? [dispatchForm(shown, candidates as Candidate[], done)] : []),
    ...(REJECTABLE.indexOf(status) >= 0 ? [reasonForm(shown, 'reject', done)] : []),
    ...(hoursOpen ? [hoursForm(id, visit.hours, done)] : []),
    ...(hoursClosed ? [hoursForm(id, visit.hours, done, 'correct')] : []),
    ...(CANCELLABLE.indexOf(status) >= 0 ? [reasonForm(shown, 'cancel', done)] : []),
    ...(status === 'COMPLETED' ? [callbackForm(id, done)] : []),
    // The center's alone (the API refuses station staff), as are the certificates.
    ...(hoursClosed && isCenter() ? certifySection(id, visit.hours) : []),
    ...(ENDED.indexOf(status) >= 0 && !shown.anonymised && isCenter() ? [eraseForm(id, done)] : []),
  ];
}

/**
 * The registered volunteers of a closed request's report, each a way to their certificates (谁记录谁证明):
 * the only way to one who lives outside the admin's area, whose card the API shows only at home.
 */
function certifySection(id: string, hours: unknown): HTMLElement[] {
  const people = list<{ volunteer?: unknown; volunteerId?: unknown }>(hours).filter(
    (x): x is { volunteer?: unknown; volunteerId: string } => typeof x.volunteerId === 'string' && /^[0-9a-z]{20}$/.test(x.volunteerId),
  );
  if (!people.length) return [];
  const buttons = people.map((x) =>
    h('button', {
      type: 'button',
      class: 'inline secondary',
      'data-certify': x.volunteerId,
      text: loc(x.volunteer),
      onclick: () => openCertificatesOf(x.volunteerId, loc(x.volunteer), id),
    }),
  );
  return [
    h(
      'section',
      { 'aria-labelledby': 'certify-h' },
      h('h3', { id: 'certify-h', text: t('certifyTitle') }),
      h('p', { class: 'actions' }, buttons),
    ),
  ];
}

/** Erasure on the resident's request (PIPL art. 47): confirmed by a box ticked first, as nothing brings the data back. */
function eraseForm(id: string, done: Done): HTMLElement {
  const asked = h('input', { type: 'checkbox', name: 'asked', id: 'erase-asked' });
  const submit: HTMLButtonElement = h('button', { type: 'submit', class: 'danger', text: t('erase') });
  const form = h(
    'form',
    {
      id: 'erase-form',
      novalidate: true,
      onsubmit: submitOnce(
        submit,
        () => {
          if (!asked.checked) {
            flash(t('eraseNotConfirmed'), true);
            asked.focus();
            return undefined;
          }
          return api('POST', `/admin/requests/${encodeURIComponent(id)}/erase`).then(() => done(t('erased')));
        },
        failed,
      ),
    },
    h('p', { text: t('eraseHint') }),
    h('p', {}, asked, ' ', h('label', { for: 'erase-asked', text: t('eraseConfirm') })),
    submit,
  );
  return h('section', { 'aria-labelledby': 'erase-h' }, h('h3', { id: 'erase-h', text: t('eraseTitle') }), form);
}

/** 回访: the resident's rating, or that the problem is back, as they said it on the phone. */
function callbackForm(id: string, done: Done): HTMLElement {
  const stars = select(
    'stars',
    [5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t('starsOption', { n }) })),
    '5',
  );
  const comment = h('textarea', { name: 'comment', rows: 2, maxlength: 500 });
  const path = (action: 'rating' | 'reopen') => `/admin/requests/${encodeURIComponent(id)}/${action}`;
  // Sent once per tap, as every action here: a second click while the first is on its way would
  // only earn a 409, whose "changed meanwhile" could land after the success.
  const submit: HTMLButtonElement = h('button', { type: 'submit', class: 'inline', text: t('rateForResident') });
  const form = h(
    'form',
    {
      id: 'callback-form',
      onsubmit: submitOnce(
        submit,
        () => {
          const rating: { stars: number; comment?: string } = { stars: Number(stars.value) };
          if (comment.value.trim()) rating.comment = comment.value.trim();
          return api('POST', path('rating'), rating).then(() => done(t('ratedForResident')));
        },
        failed,
      ),
    },
    h('p', { text: t('callbackIntro') }),
    field(t('callbackStars'), stars).cell,
    field(t('callbackComment'), comment).cell,
    h('div', { class: 'actions' }, submit),
  );
  const reopen = busyButton(
    { class: 'inline secondary', text: t('reopenForResident') },
    () => api('POST', path('reopen'), {}).then(() => done(t('reopenedForResident'))),
    failed,
  );
  return h(
    'section',
    { 'aria-labelledby': 'callback-h' },
    h('h3', { id: 'callback-h', text: t('callbackTitle') }),
    form,
    h('p', { class: 'actions' }, reopen),
  );
}

function dispatchForm({ id, version }: ShownRequest, candidates: readonly Candidate[], done: Done): HTMLElement {
  const section = h('section', { 'aria-labelledby': 'dispatch-h' }, h('h3', { id: 'dispatch-h', text: t('dispatchTitle') }));
  if (!candidates.length) {
    add(section, h('p', { text: t('noCandidates') }));
    return section;
  }
  const note = h('input', { type: 'text', name: 'note', maxlength: 500 });
  const choices = candidates.map((c, i) => {
    const choiceId = `cand-${i}`;
    return h(
      'div',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'teamId', id: choiceId, value: loc(c.teamId), checked: i === 0 }),
      h(
        'label',
        { for: choiceId },
        `${loc(c.name)} — ${t('free', { free: num(c.free), capacity: num(c.capacity) })} — ${loc(c.reason)} `,
        c.widened ? h('span', { class: 'badge', text: t('widened') }) : null,
        c.declinedBefore ? h('span', { class: 'badge warn', text: t('declinedBefore') }) : null,
      ),
    );
  });
  const submit: HTMLButtonElement = h('button', { type: 'submit', text: t('dispatch') });
  const form: HTMLFormElement = h(
    'form',
    {
      id: 'dispatch-form',
      onsubmit: submitOnce(
        submit,
        () => {
          const chosen = form.querySelector<HTMLInputElement>('input[name=teamId]:checked');
          if (!chosen) {
            flash(t('chooseTeamFirst'), true);
            return undefined;
          }
          const payload: { teamId: string; note?: string; version: number } = { teamId: chosen.value, version: num(version) };
          if (note.value.trim()) payload.note = note.value.trim();
          return api('POST', `/admin/requests/${encodeURIComponent(id)}/dispatch`, payload).then(() => done(t('dispatched')));
        },
        failed,
      ),
    },
    h('p', { text: t('dispatchIntro') }),
    h('fieldset', {}, h('legend', { text: t('chooseTeam') }), choices),
    field(t('dispatchNote'), note).cell,
    submit,
  );
  add(section, form);
  return section;
}

function reasonForm({ id, version }: ShownRequest, action: 'reject' | 'cancel', done: Done): HTMLElement {
  const headingId = `${action}-h`;
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 500 });
  const submit: HTMLButtonElement = h('button', { type: 'submit', class: 'danger', text: t(action) });
  const form = h(
    'form',
    {
      id: `${action}-form`,
      novalidate: true,
      onsubmit: submitOnce(
        submit,
        () => {
          if (!reason.value.trim()) {
            flash(t('reasonMissing'), true);
            reason.focus();
            return undefined;
          }
          return api('POST', `/admin/requests/${encodeURIComponent(id)}/${action}`, {
            reason: reason.value.trim(),
            version: num(version),
          }).then(() => done(t(action === 'reject' ? 'rejected' : 'cancelled')));
        },
        failed,
      ),
    },
    field(t(action === 'reject' ? 'rejectReason' : 'cancelReason'), reason).cell,
    submit,
  );
  return h(
    'section',
    { 'aria-labelledby': headingId },
    h('h3', { id: headingId, text: t(action === 'reject' ? 'rejectTitle' : 'cancelTitle') }),
    form,
  );
}
