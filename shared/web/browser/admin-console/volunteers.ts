/** Volunteers: find by phone (teams, hours, points; attach to a team in person; merge a team's name records in; change the phone; move to another community), register someone (代注册). */
import { ledgerPoints } from '#shared/domain/points';
import { ApiError, statusOf } from '../common/api';
import { add, clear, field, h, select, submitOnce } from '../common/dom';
import { list, loc, num, when } from '../common/texts';
import { certificatesSection } from './certificates';
import { api, coversCommunities, failed, flash, isCenter, newView, view } from './context';
import { download } from './download';
import { areaPath, areaSelect, dateInput, dl, query } from './names';
import { t } from './texts';
import { volunteerStatsSection } from './volunteer-stats';

interface Person {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly phone?: unknown;
  readonly volunteerNumber?: unknown;
  readonly identity?: { readonly type?: unknown; readonly masked?: unknown };
  readonly homeAreaId?: unknown;
  readonly teams?: unknown;
  readonly credits?: { readonly hours?: unknown; readonly balance?: unknown };
  readonly moves?: unknown;
}

interface Move {
  readonly at?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly detail?: unknown;
}

const identityTypes = ['resident-id', 'passport', 'hk-macao-permit', 'taiwan-permit', 'foreign-permanent-id'] as const;

export function showVolunteers(): void {
  newView(t('volunteersTitle'));
  const phone = h('input', { type: 'tel', name: 'phone', maxlength: 20, autocomplete: 'off' });
  const result = h('div', { id: 'volunteer' });
  const find = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        clear(result);
        api<{ id?: unknown }>('GET', `/admin/volunteers${query({ phone: phone.value.trim() })}`).then(
          (found) => showPerson(result, String(found?.id ?? '')),
          (error) => {
            if (statusOf(error) !== 404) failed(error);
            else {
              result.appendChild(h('p', { text: t('noVolunteer') }));
              // 谁记录谁证明: one living elsewhere who served here is certified from the request they served.
              if (isCenter()) result.appendChild(h('p', { text: t('certifyFromRequest') }));
            }
          },
        );
      },
    },
    field(t('findByPhone'), phone).cell,
    h('div', { class: 'cell' }, h('button', { type: 'submit', class: 'inline', text: t('find') })),
  );
  // The records export is the center's (the API refuses station staff).
  add(view, [
    h('p', { text: t('volunteersIntro') }),
    find,
    registerForm(result),
    isCenter() ? exportForm() : null,
    volunteerStatsSection(),
    result,
  ]);
}

/** The period's service records as CSV, for the volunteer information system (center admins). */
function exportForm(): HTMLDetailsElement {
  const year = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4);
  const from = dateInput('from', `${year}-01-01`);
  const to = dateInput('to', new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  const form = h(
    'form',
    {
      id: 'export-records',
      onsubmit: (e) => {
        e.preventDefault();
        download(`/admin/volunteer-records.csv${query({ from: from.value, to: to.value })}`, 'paidan-service-records.csv', t('exported'));
      },
    },
    h('p', { text: t('recordsIntro') }),
    field(t('periodFrom'), from).cell,
    field(t('periodTo'), to).cell,
    h('button', { type: 'submit', class: 'inline', text: t('exportRecords') }),
  );
  return h('details', {}, h('summary', { text: t('recordsTitle') }), form);
}

/**
 * A registration refused as registered already, by what the 409 names (the phone is checked
 * first, so a document refused means the phone is free): a document is someone's under another
 * phone, wherever they are, for any staff member; a phone is the person staff find by it, else
 * someone's outside their area (review 63, review 69).
 */
function registeredAlready(box: HTMLElement, phone: string, conflict: unknown): void {
  if (/identity document/.test(conflict instanceof ApiError ? (conflict.serverMessage ?? '') : '')) {
    flash(t('documentUnderOtherPhone'), true);
    return;
  }
  api<{ id?: unknown }>('GET', `/admin/volunteers${query({ phone })}`).then(
    (found) => {
      flash(t('alreadyRegistered'), true);
      showPerson(box, String(found?.id ?? ''));
    },
    (error) => (statusOf(error) === 404 ? flash(t('phoneOutOfReach'), true) : failed(error)),
  );
}

function showPerson(box: HTMLElement, id: string): void {
  api<Person>('GET', `/admin/volunteers/${encodeURIComponent(id)}`).then((p) => {
    clear(box);
    const card = h('section', { class: 'card', 'data-volunteer': loc(p?.id) });
    add(card, [
      h('h3', { text: loc(p?.name) }),
      dl([
        [t('phone'), loc(p?.phone)],
        [t('volunteerNumber'), loc(p?.volunteerNumber)],
        [
          t('identity'),
          p?.identity
            ? `${t(`identity_${loc(p.identity.type)}` as `identity_${(typeof identityTypes)[number]}`)} ${loc(p.identity.masked)}`
            : '',
        ],
        [t('homeArea'), areaPath(String(p?.homeAreaId ?? ''))],
        [
          t('memberOf'),
          list<{ teamId?: unknown }>(p?.teams)
            .map((m) => loc(m.teamId))
            .join('、'),
        ],
        [t('hoursTotal'), String(num(p?.credits?.hours))],
        [t('pointsBalance'), String(ledgerPoints(num(p?.credits?.balance)))],
        [
          t('movesRecord'),
          list<Move>(p?.moves)
            .map((m) => `${when(m.at)} ${areaPath(m.from)} → ${areaPath(m.to)}（${loc(m.detail)}）`)
            .join('；'),
        ],
      ]),
      attachForm(box, id),
      mergeForm(box, id),
      phoneForm(box, id),
      // A move is between two communities of their area: a station's staff hold one (the API refuses them).
      coversCommunities() ? moveForm(box, id) : null,
      // Certificates are the center's to issue; station staff are told so without asking.
      isCenter() ? certificatesSection(id) : h('p', { text: t('certificatesCenterOnly') }),
    ]);
    add(box, card);
  }, failed);
}

/** Staff attach the person to a team in person (no invitation): the way in for people without a smartphone. */
function attachForm(box: HTMLElement, id: string): HTMLDetailsElement {
  const teamId = h('input', { type: 'text', name: 'teamId', maxlength: 40, autocomplete: 'off' });
  const form = h(
    'form',
    {
      id: 'attach-team',
      onsubmit: (e) => {
        e.preventDefault();
        api('POST', `/admin/volunteers/${encodeURIComponent(id)}/teams`, { teamId: teamId.value.trim() }).then(() => {
          showPerson(box, id);
          flash(t('attached'));
        }, failed);
      },
    },
    h('p', { text: t('attachIntro') }),
    field(t('teamId'), teamId).cell,
    h('button', { type: 'submit', class: 'inline', text: t('attach') }),
  );
  return h('details', {}, h('summary', { text: t('attachTitle') }), form);
}

const phoneChangeReasons = [
  ['new-number', 'reason_new'],
  ['recycled', 'reason_recycled'],
  ['lost', 'reason_lost'],
] as const;

/** Staff give the person a new phone (a new number, or the old one recycled): the old one signs no one in as them, their sessions end. */
function phoneForm(box: HTMLElement, id: string): HTMLDetailsElement {
  const phone = h('input', { type: 'tel', name: 'newPhone', maxlength: 20, autocomplete: 'off' });
  const reason = select(
    'phoneChangeReason',
    phoneChangeReasons.map(([value, key]) => ({ value, label: t(key) })),
    'new-number',
  );
  const form = h(
    'form',
    {
      id: 'change-phone',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        api<{ changed?: unknown }>('PUT', `/admin/volunteers/${encodeURIComponent(id)}/phone`, {
          phone: phone.value.trim(),
          reason: reason.value,
        }).then((r) => {
          showPerson(box, id);
          flash(t(r?.changed === true ? 'phoneChanged' : 'phoneUnchanged'));
        }, failed);
      },
    },
    h('p', { text: t('phoneChangeIntro') }),
    field(t('newPhone'), phone).cell,
    field(t('phoneChangeReason'), reason).cell,
    h('button', { type: 'submit', class: 'inline', text: t('changePhone') }),
  );
  return h('details', {}, h('summary', { text: t('phoneChangeTitle') }), form);
}

/** An admin over both communities moves the person to another (they moved, or were registered in the wrong one). */
function moveForm(box: HTMLElement, id: string): HTMLDetailsElement {
  const to = areaSelect('moveTo', '', true, t('chooseArea'));
  const reason = h('input', { type: 'text', name: 'moveReason', maxlength: 200, autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'inline', text: t('move') });
  const form = h(
    'form',
    {
      id: 'move-home',
      novalidate: true,
      // One move per click: the button waits for the answer (a second click would be refused or change nothing).
      onsubmit: submitOnce(
        submit,
        () =>
          api<{ moved?: unknown }>('PUT', `/admin/volunteers/${encodeURIComponent(id)}/home`, {
            homeAreaId: to.value,
            reason: reason.value.trim(),
          }).then((r) => {
            showPerson(box, id);
            flash(t(r?.moved === true ? 'moved' : 'moveUnchanged'));
          }),
        failed,
      ),
    },
    h('p', { text: t('moveIntro') }),
    field(t('moveTo'), to).cell,
    field(t('moveReason'), reason).cell,
    submit,
  );
  return h('details', {}, h('summary', { text: t('moveTitle') }), form);
}

function mergeForm(box: HTMLElement, id: string): HTMLDetailsElement {
  const teamId = h('input', { type: 'text', name: 'teamId', maxlength: 40, autocomplete: 'off' });
  const name = h('input', { type: 'text', name: 'guestName', maxlength: 60, autocomplete: 'off' });
  const form = h(
    'form',
    {
      onsubmit: (e) => {
        e.preventDefault();
        api<{ moved?: unknown }>('POST', `/admin/volunteers/${encodeURIComponent(id)}/merge`, {
          teamId: teamId.value.trim(),
          name: name.value.trim(),
        }).then((r) => {
          showPerson(box, id);
          flash(t('merged', { n: num(r?.moved) }));
        }, failed);
      },
    },
    h('p', { text: t('mergeIntro') }),
    field(t('teamId'), teamId).cell,
    field(t('guestName'), name).cell,
    h('button', { type: 'submit', class: 'inline', text: t('merge') }),
  );
  return h('details', {}, h('summary', { text: t('mergeTitle') }), form);
}

function registerForm(result: HTMLElement): HTMLDetailsElement {
  const name = h('input', { type: 'text', name: 'name', maxlength: 40, autocomplete: 'off' });
  const phone = h('input', { type: 'tel', name: 'phone', maxlength: 20, autocomplete: 'off' });
  const number = h('input', { type: 'text', name: 'volunteerNumber', maxlength: 30, autocomplete: 'off' });
  const type = select(
    'identityType',
    [{ value: '', label: t('identityNone') }, ...identityTypes.map((v) => ({ value: v, label: t(`identity_${v}`) }))],
    '',
  );
  const idNumber = h('input', { type: 'text', name: 'identityNumber', maxlength: 30, autocomplete: 'off' });
  const home = areaSelect('homeAreaId', '', true, t('chooseArea'));
  const form: HTMLFormElement = h(
    'form',
    {
      id: 'register-volunteer',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const body: Record<string, unknown> = { name: name.value.trim(), phone: phone.value.trim(), homeAreaId: home.value };
        if (number.value.trim()) body.volunteerNumber = number.value.trim();
        if (type.value) body.identity = { type: type.value, number: idNumber.value.trim() };
        api<{ id?: unknown }>('POST', '/admin/volunteers', body).then(
          (made) => {
            form.reset();
            flash(t('registered'));
            showPerson(result, String(made?.id ?? ''));
          },
          (error) => (statusOf(error) === 409 ? registeredAlready(result, phone.value.trim(), error) : failed(error)),
        );
      },
    },
    field(t('personName'), name).cell,
    field(t('phone'), phone).cell,
    field(t('homeArea'), home).cell,
    field(t('volunteerNumber'), number).cell,
    field(t('identityType'), type).cell,
    field(t('identityNumber'), idNumber).cell,
    h('button', { type: 'submit', text: t('register') }),
  );
  return h('details', {}, h('summary', { text: t('registerTitle') }), form);
}
