/**
 * 代点单: staff order for a resident who phoned or came to the station (`POST /admin/requests`,
 * recorded as `proxy`). The service comes from the live menu and its own fields are asked as the
 * resident's form asks them (`service-field-rules.ts`, in the resident form's words); the
 * community from the staff member's own areas. A refusal marks each field it names and lists
 * them in a summary that takes the focus; nothing typed is lost. One filled form is one order:
 * its `Idempotency-Key` is drawn with the form and kept through errors and retries (a retry
 * after a lost answer gets the first order back), and a submit while one is on its way sends
 * nothing. The form is emptied only by "next resident", after an order is placed. The staff
 * token lasts an hour and is not refreshed: with less than 15 minutes of it left the form is not
 * offered until staff sign in again, and a send with an expired token (or answered 401) keeps the
 * form on screen with the sign-in beside it (sign-in-again.ts).
 */
import type { ServiceField } from '#shared/domain/catalog';
import { type FieldChoice, type FieldControl, serviceFieldRule } from '../../service-field-rules';
import { ApiError, codeOf, errorText, statusOf } from '../common/api';
import { add, clear, h, type Props, submitOnce } from '../common/dom';
import { fieldLabel, issueText } from '../common/error-words';
import { COLON, LANG, list, loc, trackingCode } from '../common/texts';
import { flash, go, keepingApi, newView, plainApi, tokenSecondsLeft, view } from './context';
import { areaSelect } from './names';
import { PASTE } from './sign-in-config';
import { signInAgain } from './sign-in-again';
import { t } from './texts';

interface MenuService {
  readonly code?: unknown;
  readonly category?: unknown;
  readonly name?: unknown;
  readonly urgentAllowed?: unknown;
  readonly fields?: unknown;
}

interface Menu {
  readonly categories?: unknown;
  readonly services?: unknown;
}

interface Placed {
  readonly id?: unknown;
  readonly trackingCode?: unknown;
  readonly statusUrl?: unknown;
}

/** One question on the form: its box (marked on a refusal), its error line, what a summary link focuses, its answer. */
interface Question {
  readonly box: HTMLElement;
  readonly error: HTMLElement;
  readonly focus: HTMLElement;
  readonly label: string;
  readonly answer: () => string | string[] | undefined;
}

const idOf = (key: string) => `proxy-${key.replace(/\./g, '-')}`;

/** Less than this left on the token when the form opens: sign in again before a resident's details are taken. */
const FRESH_SECONDS = 15 * 60;

/** Opens a blank form, with a new key; the requests view's 代点单 button and "next resident" call it. */
export function showProxyOrder(): void {
  newView(t('proxyTitle'));
  flash('');
  const body = h('div', {}, h('p', { text: t('loading') }));
  add(view, [
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', text: t('back'), onclick: () => go('#requests') })),
    h('p', { text: t('proxyIntro') }),
    body,
  ]);
  if (tokenSecondsLeft() < FRESH_SECONDS) {
    clear(body);
    add(body, signInAgain(t('proxySignInFirst'), showProxyOrder));
    return;
  }
  // The live menu, not the one read at sign-in: a service may have left it or changed its form since.
  plainApi<Menu>('GET', '/services').then(
    (menu) => orderForm(body, menu || {}),
    (e: unknown) => {
      clear(body);
      flash(errorText(e), true);
    },
  );
}

function orderForm(body: HTMLElement, menu: Menu): void {
  clear(body);
  const services = list<MenuService>(menu.services).filter((s) => typeof s.code === 'string');
  if (!services.length) {
    add(body, h('p', { text: t('proxyNoServices') }));
    return;
  }
  const key = newKey();
  const questions = new Map<string, Question>();
  const ask = (name: string, q: Question) => {
    questions.set(name, q);
    return q.box;
  };
  const service = h('select', { name: 'serviceCode', id: idOf('serviceCode'), 'aria-required': 'true' });
  add(service, [h('option', { value: '', text: t('form_chooseOption') }), serviceOptions(menu.categories, services)]);
  const own = h('div', {});
  const urgency = h('div', {});
  const chosen = () => services.find((s) => s.code === service.value);
  service.addEventListener('change', () => {
    for (const name of Array.from(questions.keys())) if (name.indexOf('attributes.') === 0 || name === 'urgency') questions.delete(name);
    clear(own);
    clear(urgency);
    const s = chosen();
    for (const f of list<ServiceField>(s?.fields)) {
      const rule = serviceFieldRule(f, LANG, (word) => t(`form_${word}`));
      add(own, ask(`attributes.${f.code}`, fromRule(`attributes.${f.code}`, loc(f.label), f.required, rule)));
    }
    if (s?.urgentAllowed === true) {
      const levels = [
        { value: 'normal', label: t('form_urgency_normal') },
        { value: 'urgent', label: t('form_urgency_urgent') },
      ];
      add(urgency, ask('urgency', choices('urgency', t('form_urgencyLabel'), true, 'radio', levels, 'normal')));
    }
  });
  const area = areaSelect('areaId', '', true, t('chooseArea'));
  area.id = idOf('areaId');
  area.setAttribute('aria-required', 'true');
  const text = (name: string, maxlength: number, props: Props = {}) =>
    h('input', { type: 'text', name, id: idOf(name), maxlength, autocomplete: 'off', ...props });
  const description = h('textarea', { name: 'description', id: idOf('description'), rows: 5, maxlength: 2000, 'aria-required': 'true' });
  const summary = h('div', { id: 'proxy-problems' });
  const again = h('div', {});
  /** The token has expired: nothing is sent, the form stays as typed, and the sign-in is offered above it. */
  const signInFirst = () => {
    clear(again);
    add(
      again,
      signInAgain(
        t(PASTE ? 'proxyExpired' : 'proxyExpiredLeaving'),
        () => {
          clear(again);
          flash(t('proxyTokenSet'));
          submit.focus();
        },
        t('sessionExpired'),
      ),
    );
    again.querySelector<HTMLElement>('input, button')?.focus();
  };
  const submit = h('button', { type: 'submit', text: t('proxySubmit') });
  const form = h(
    'form',
    { id: 'proxy-order-form', class: 'short', novalidate: true, autocomplete: 'off' },
    ask('serviceCode', single('serviceCode', t('form_serviceLabel'), true, service)),
    own,
    ask('description', single('description', t('form_descriptionLabel'), true, description)),
    urgency,
    ask(
      'preferredTime',
      single('preferredTime', t('form_preferredTimeLabel'), false, text('preferredTime', 100), t('form_preferredTimeHint')),
    ),
    h('h3', { text: t('proxyResident') }),
    ask('areaId', single('areaId', t('form_areaLabel'), true, area, t('proxyAreaHint'))),
    ask('contactName', single('contactName', t('form_contactNameLabel'), true, text('contactName', 40, { 'aria-required': 'true' }))),
    ask(
      'phone',
      single(
        'phone',
        t('form_phoneLabel'),
        true,
        text('phone', 20, { type: 'tel', inputmode: 'tel', 'aria-required': 'true' }),
        t('form_phoneHint'),
      ),
    ),
    ask(
      'address',
      single('address', t('form_addressLabel'), true, text('address', 200, { 'aria-required': 'true' }), t('form_addressHint')),
    ),
    submit,
  );
  const order = () => {
    const attributes: Record<string, string | string[]> = {};
    const answers: Record<string, string | string[]> = {};
    for (const [name, q] of Array.from(questions.entries())) {
      const value = q.answer();
      if (value === undefined) continue;
      if (name.indexOf('attributes.') === 0) attributes[name.slice('attributes.'.length)] = value;
      else answers[name] = value;
    }
    const preferredTime = typeof answers.preferredTime === 'string' ? answers.preferredTime.trim() : '';
    return { urgency: 'normal', ...answers, preferredTime: preferredTime || undefined, attributes };
  };
  form.addEventListener(
    'submit',
    submitOnce(
      submit,
      () => {
        refused(questions, summary, undefined);
        if (tokenSecondsLeft() <= 0) {
          signInFirst();
          return undefined;
        }
        clear(again);
        return keepingApi<Placed>('POST', '/admin/requests', order(), { 'Idempotency-Key': key }).then((placed) =>
          showPlaced(body, placed || {}),
        );
      },
      (e) => (statusOf(e) === 401 ? signInFirst() : refused(questions, summary, e)),
    ),
  );
  add(body, [again, summary, form]);
}

/** The menu's services under their categories (in the menu's order), as the resident's menu groups them. */
function serviceOptions(categories: unknown, services: readonly MenuService[]): HTMLElement[] {
  const groups = list<{ code?: unknown; name?: unknown; order?: unknown }>(categories)
    .slice()
    .sort((a, b) => Number(a.order) - Number(b.order));
  const option = (s: MenuService) => h('option', { value: String(s.code), text: loc(s.name) });
  const grouped = groups
    .map((c) => ({ label: loc(c.name), items: services.filter((s) => s.category === c.code) }))
    .filter((g) => g.items.length);
  const known = new Set(groups.map((c) => c.code));
  return [
    ...grouped.map((g) => h('optgroup', { label: g.label }, g.items.map(option))),
    ...services.filter((s) => !known.has(s.category)).map(option),
  ];
}

/** A label (with the resident form's required or optional marker), hint and error line around one control. */
function single(
  name: string,
  label: string,
  required: boolean,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): Question {
  const id = idOf(name);
  control.id = id;
  const error = h('p', { class: 'error', id: `${id}-error`, hidden: true });
  const hintNode = hint ? h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  control.setAttribute('aria-describedby', [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '));
  const box = h(
    'div',
    { class: 'field' },
    h('label', { for: id, text: label + t(required ? 'form_required' : 'form_optional') }),
    hintNode,
    error,
    control,
  );
  return { box, error, focus: control, label, answer: () => control.value };
}

/** Radios (one answer) or checkboxes (several) in a fieldset, the first carrying the question's id. */
function choices(
  name: string,
  label: string,
  required: boolean,
  type: 'radio' | 'checkbox',
  items: readonly FieldChoice[],
  checked = '',
): Question {
  const id = idOf(name);
  const error = h('p', { class: 'error', id: `${id}-error`, hidden: true });
  const inputs = items.map((c, i) =>
    h('input', { type, id: i === 0 ? id : `${id}-${i}`, name: id, value: c.value, checked: c.value === checked }),
  );
  const set = h(
    'fieldset',
    { 'aria-describedby': `${id}-error` },
    h('legend', { text: label + t(required ? 'form_required' : 'form_optional') }),
    error,
    items.map((c, i) => h('div', { class: 'choice' }, inputs[i], h('label', { for: inputs[i]?.id, text: c.label }))),
  );
  const picked = () => inputs.filter((input) => input.checked).map((input) => input.value);
  return {
    box: h('div', { class: 'field' }, set),
    error,
    focus: inputs[0] ?? set,
    label,
    answer: () => (type === 'radio' ? picked()[0] : picked().length ? picked() : undefined),
  };
}

/** A service's own field, by the resident form's rules; an empty answer is left out. */
function fromRule(name: string, label: string, required: boolean, rule: FieldControl): Question {
  if (rule.kind === 'radio' || rule.kind === 'checkbox') return choices(name, label, required, rule.kind, rule.choices);
  const aria: Props = required ? { 'aria-required': 'true' } : {};
  const control =
    rule.kind === 'box'
      ? h('textarea', { name, rows: 5, maxlength: rule.maxlength, ...aria })
      : rule.kind === 'select'
        ? h(
            'select',
            { name, ...aria },
            h('option', { value: '', text: rule.placeholder }),
            rule.choices.map((c) => h('option', { value: c.value, text: c.label })),
          )
        : h('input', { type: rule.type, name, inputmode: rule.inputmode, maxlength: rule.maxlength, autocomplete: 'off', ...aria });
  const q = single(name, label, required, control, rule.kind === 'line' ? rule.hint : undefined);
  return { ...q, answer: () => control.value || undefined };
}

/**
 * Marks what a refusal names (nothing, to clear the marks before a send): each field's own
 * message beside it, all of them in the summary, which takes the focus. A refusal naming no
 * field, or no answer at all, is said in the summary alone.
 */
function refused(questions: ReadonlyMap<string, Question>, summary: HTMLElement, e: unknown): void {
  for (const q of Array.from(questions.values())) {
    q.box.classList.remove('field-error');
    q.error.textContent = '';
    q.error.hidden = true;
    q.focus.removeAttribute('aria-invalid');
  }
  clear(summary);
  summary.className = '';
  if (e === undefined || statusOf(e) === 401) return;
  // In the form's order (a service's own fields come in after the others were asked).
  const order = Array.from(questions.entries())
    .sort(([, a], [, b]) => (a.box.compareDocumentPosition(b.box) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))
    .map(([name]) => name);
  const issues = (e instanceof ApiError && e.status === 400 ? e.fields : [])
    .map((f) => ({ field: String(f.field ?? ''), message: String(f.message ?? '') }))
    .map((f) => ({ ...f, name: nameOf(f.field), said: f.field === 'phone' ? t('proxyPhoneIssue') : issueText(f.message, LANG) }))
    .sort((a, b) => rank(order, a.name) - rank(order, b.name));
  const items = issues.map((i) => {
    const q = questions.get(i.name);
    if (!q) return h('li', { text: fieldLabel(i.field, LANG) + COLON + i.said });
    q.box.classList.add('field-error');
    q.error.textContent = t('form_errorPrefix') + i.said;
    q.error.hidden = false;
    q.focus.setAttribute('aria-invalid', 'true');
    // Not to the fragment: the console routes by it, and would leave the form.
    const jump = (event: Event) => {
      event.preventDefault();
      q.focus.focus();
    };
    return h('li', {}, h('a', { href: `#${q.focus.id}`, text: q.label + COLON + i.said, onclick: jump }));
  });
  const code = codeOf(e);
  const said =
    code === 'IDEMPOTENCY_KEY_REUSED' ? t('proxyKeyReused') : statusOf(e) === 0 ? `${errorText(e)} ${t('proxyNoAnswer')}` : errorText(e);
  summary.className = 'error-summary';
  summary.setAttribute('role', 'alert');
  summary.setAttribute('tabindex', '-1');
  summary.setAttribute('aria-labelledby', 'proxy-problems-title');
  add(summary, [
    h('h3', { id: 'proxy-problems-title', text: items.length ? t('form_errorSummaryTitle') : said }),
    items.length ? h('ul', {}, items) : null,
  ]);
  summary.focus();
}

/** The question an issue's path belongs to: `attributes.tags.0` is the service's field `tags`. */
function nameOf(field: string): string {
  const [head = '', code] = field.split('.');
  return head === 'attributes' && code ? `attributes.${code}` : head;
}

const rank = (order: readonly string[], name: string) => (order.indexOf(name) < 0 ? order.length : order.indexOf(name));

/** The order placed: the tracking code big, the status link to give the resident, the way to the request and to the next. */
function showPlaced(body: HTMLElement, placed: Placed): void {
  const id = loc(placed.id);
  const statusUrl = loc(placed.statusUrl);
  let origin = location.origin;
  try {
    origin = new URL(statusUrl).origin;
  } catch {
    // a relative link: this site's
  }
  clear(body);
  const title = h('h3', { id: 'proxy-done-title', tabindex: '-1', text: t('proxyDoneTitle') });
  add(
    body,
    h(
      'div',
      { class: 'panel', id: 'proxy-done' },
      title,
      h('p', { text: t('proxyCode') }),
      h('p', { class: 'code', id: 'proxy-code', text: trackingCode(placed.trackingCode) }),
      h('p', { text: t('proxySms', { origin }) }),
      h('p', {}, h('strong', { text: t('proxyStatusLink') })),
      h('p', { class: 'copy', id: 'proxy-status-link', text: statusUrl }),
      h('p', { class: 'hint', text: t('proxyStatusLinkHint') }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'inline', id: 'proxy-open', text: t('proxyOpen'), onclick: () => go(`#request/${id}`) }),
        h('button', { type: 'button', class: 'inline secondary', id: 'proxy-next', text: t('proxyNext'), onclick: showProxyOrder }),
      ),
    ),
  );
  title.focus();
  flash(t('proxyDone', { code: trackingCode(placed.trackingCode) }));
}

/** A key for one filled form (hex of 16 random bytes): the API makes one order of every send with it. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
