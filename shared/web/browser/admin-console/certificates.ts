/**
 * A person's service-record certificates (center admins): the list with each PDF and a
 * revocation, and the form that issues one for a period; in the volunteer's card, or as a view of
 * their own for someone living outside the admin's area who served in it (谁记录谁证明: the API
 * certifies their services here, though it shows their card only to their home area's staff),
 * opened from a request they served. The issuer's details are remembered for
 * the browser session (sessionStorage, like the token: nothing of the console outlives it), since
 * one center issues with the same name, person in charge and contact.
 */
import { statsDay } from '#shared/domain/stats-calendar';
import { statusOf } from '../common/api';
import { add, clear, field, h, submitOnce } from '../common/dom';
import { list, loc, num } from '../common/texts';
import { api, failed, flash, go, newView, onSignOut, view } from './context';
import { download } from './download';
import { dateInput } from './names';
import { t } from './texts';

interface Summary {
  readonly number?: unknown;
  readonly period?: { readonly from?: unknown; readonly to?: unknown };
  readonly services?: unknown;
  readonly totalHours?: unknown;
  readonly status?: unknown;
  /** A certified request's hours were voided or corrected after issue: revoke and reissue. */
  readonly correctedAt?: unknown;
}

const ISSUER_KEY = 'paidan.certificateIssuer';
const issuerFields = ['organization', 'personInCharge', 'contact'] as const;

function rememberedIssuer(): Record<string, string> {
  try {
    return JSON.parse(sessionStorage.getItem(ISSUER_KEY) || '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/** `level`: the issue form's heading, under the card's h3 (h4) or right under a view's title (h3). */
export function certificatesSection(id: string, level: 'h3' | 'h4' = 'h4'): HTMLDetailsElement {
  const path = `/admin/volunteers/${encodeURIComponent(id)}/certificates`;
  const rows = h('ul', { class: 'certificates' });
  const section = h('details', { 'data-certificates': id }, h('summary', { text: t('certificatesTitle') }));
  const refresh = () =>
    api<unknown>('GET', path).then(
      (found) => {
        clear(rows);
        const certificates = list<Summary>(found);
        if (!certificates.length) rows.appendChild(h('li', { text: t('noCertificates') }));
        for (const c of certificates) rows.appendChild(row(c, refresh));
      },
      (error) => {
        // Someone living outside the admin's area with none issued in it yet: none to list, theirs to issue.
        if (statusOf(error) !== 404) return failed(error);
        clear(rows);
        rows.appendChild(h('li', { text: t('noCertificates') }));
      },
    );
  const remembered = rememberedIssuer();
  // Beijing's calendar, whatever the browser's clock says (one in Tokyo is in next year at 23:00 in Beijing).
  const today = statsDay(new Date());
  const from = dateInput('from', `${today.slice(0, 4)}-01-01`);
  const to = dateInput('to', today);
  const inputs = Object.fromEntries(
    issuerFields.map((name) => [
      name,
      h('input', { type: 'text', name, maxlength: 60, autocomplete: 'off', value: remembered[name] ?? '' }),
    ]),
  ) as Record<(typeof issuerFields)[number], HTMLInputElement>;
  const submit: HTMLButtonElement = h('button', { type: 'submit', class: 'inline', text: t('issueCertificate') });
  const form = h(
    'form',
    {
      class: 'issue-certificate',
      // One certificate per click: the button waits for the answer and the list (a double click would issue two).
      onsubmit: submitOnce(
        submit,
        () => {
          const issuer = Object.fromEntries(issuerFields.map((name) => [name, inputs[name].value.trim()]));
          return api<{ number?: unknown }>('POST', path, { from: from.value, to: to.value, ...issuer }).then((made) => {
            try {
              sessionStorage.setItem(ISSUER_KEY, JSON.stringify(issuer));
            } catch {
              // storage refused (a private window): the form is filled by hand next time
            }
            flash(t('certificateIssued', { number: loc(made?.number) }));
            return refresh();
          });
        },
        failed,
      ),
    },
    field(t('periodFrom'), from).cell,
    field(t('periodTo'), to).cell,
    field(t('issuerOrganization'), inputs.organization).cell,
    field(t('issuerPersonInCharge'), inputs.personInCharge).cell,
    field(t('issuerContact'), inputs.contact).cell,
    submit,
  );
  add(section, [rows, h(level, { text: t('issueCertificateTitle') }), form]);
  refresh();
  return section;
}

/** Whose certificates were opened from which request: the view's heading names them, its back button returns there. */
const openedFrom = new Map<string, { readonly name: string; readonly requestId: string }>();
// A volunteer's name is the one signed in's to see: not the next one's in this tab.
onSignOut.push(() => openedFrom.clear());

/** Opens the certificates of someone who served in a request (named as the request's report names them). */
export function openCertificatesOf(id: string, name: string, requestId: string): void {
  openedFrom.set(id, { name, requestId });
  go(`#certificates/${id}`);
}

/** A person's certificates as a view of their own: for one the admin cannot open by phone (their home is elsewhere). */
export function showVolunteerCertificates(id: string): void {
  const from = openedFrom.get(id);
  newView(from ? t('certifyOf', { name: from.name }) : t('certificatesTitle'));
  const section = certificatesSection(id, 'h3');
  section.open = true;
  const back = from ? `#request/${from.requestId}` : '#volunteers';
  add(view, [
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', text: t('certifyBack'), onclick: () => go(back) })),
    h('p', { text: t('certificatesHere') }),
    section,
  ]);
}

/** The day in Beijing of a time from the API (as the public check page shows it); anything unreadable as it came. */
const dayOf = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : statsDay(iso));

function row(c: Summary, refresh: () => Promise<void>): HTMLLIElement {
  const number = loc(c.number);
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 200, autocomplete: 'off' });
  const button: HTMLButtonElement = h('button', { type: 'submit', class: 'inline secondary', text: t('revoke') });
  // Once per click, locked until the list shows it revoked: a second click would only be refused.
  const revoke = h(
    'form',
    {
      class: 'revoke',
      onsubmit: submitOnce(
        button,
        () =>
          api('POST', `/admin/certificates/${encodeURIComponent(number)}/revoke`, { reason: reason.value.trim() }).then(() => {
            flash(t('certificateRevoked', { number }));
            return refresh();
          }),
        failed,
      ),
    },
    field(t('revokeReason'), reason).cell,
    button,
  );
  return h(
    'li',
    { 'data-number': number },
    h('strong', { text: number }),
    ` ${loc(c.period?.from)} – ${loc(c.period?.to)} · ${num(c.services)} · ${num(c.totalHours)} h · ${t(c.status === 'revoked' ? 'certificateRevokedStatus' : 'certificateValid')} `,
    c.status !== 'revoked' && typeof c.correctedAt === 'string'
      ? h('strong', { text: `${t('certificateCorrected')} ${dayOf(c.correctedAt)} ` })
      : null,
    h('button', {
      type: 'button',
      class: 'inline',
      text: t('downloadPdf'),
      onclick: () => download(`/admin/certificates/${encodeURIComponent(number)}/pdf`, `certificate-${number}.pdf`, t('downloaded')),
    }),
    c.status === 'revoked' ? null : revoke,
  );
}
