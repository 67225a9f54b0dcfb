/**
 * Ordering (群众点单), in plain GET steps that work without JavaScript: the menu of services
 * (`service-menu-page.ts`); for the chosen service (`?service=`), the community picker
 * (`area-picker.ts`) unless a station's QR link brought one (`?area=`); then the short form of
 * that service alone, asking its own fields (`attr.<serviceCode>.<fieldCode>`) and the common ones,
 * posted to /requests with the service and the community in hidden fields. Language and size go
 * in the action's query string, as the server refuses unknown fields.
 */
import { randomUUID } from 'node:crypto';
import type { Menu, Service } from '#shared/domain/catalog';
import type { FieldIssue } from '#shared/domain/errors';
import type { AreaChoice, AreaPick, PlacedArea } from '#shared/use-cases/pick-area';
import { areaPicker, parentOf, placePath } from './area-picker';
import { pickerPagePolicy, pickerScriptTag } from './picker-script';
import { attributeName, choiceGroup, fieldId, serviceFieldControl, textArea, textInput, type FieldState } from './form-fields';
import { html, type SafeHtml } from './html';
import { t, type Lang } from './i18n';
import { translateIssue } from './issue-words';
import { layout } from './layout';
import { FORM_PATH, SUBMIT_PATH, withPageOptions } from './links';
import { renderServiceMenu, serviceFormUrl } from './service-menu-page';

/** The form's hidden field that tells one filled-in form from another: sent twice, it makes one request (`formKeyOf`). */
export const FORM_KEY_FIELD = 'formKey';

export interface RequestFormInput {
  readonly menu: Menu;
  readonly lang: Lang;
  readonly large: boolean;
  /** The posted form, by field name, when re-rendering after a failed post. */
  readonly values?: Readonly<Record<string, string | readonly string[]>>;
  readonly issues?: readonly FieldIssue[];
  /** A refused post that was rate limited: this message above the form, filled in as it was sent. */
  readonly limited?: string;
  /**
   * The community chosen (`/?area=`, e.g. from a station's QR link; the posted `areaId`), read with
   * its lineage (`communityPlace`); none when it is not a live community.
   */
  readonly place?: PlacedArea;
  /** The picker's step (`areaChoice`), read when the page shows it: a service and no community. */
  readonly picker?: AreaChoice;
  /** The service chosen from the menu (`/?service=`); a posted `serviceCode` comes first. */
  readonly serviceCode?: string;
  /** Where the community picker is (`?in=`, `?q=`), until a community is chosen. */
  readonly pick?: AreaPick;
}

/** The form's own field names; service-specific ones are `attr.<serviceCode>.<fieldCode>`. */
export const requestFormFields = [
  'serviceCode',
  'areaId',
  'description',
  'contactName',
  'phone',
  'address',
  'urgency',
  'preferredTime',
] as const;
type CoreField = (typeof requestFormFields)[number];

const coreLabels = {
  serviceCode: 'serviceLabel',
  areaId: 'areaLabel',
  description: 'descriptionLabel',
  contactName: 'contactNameLabel',
  phone: 'phoneLabel',
  address: 'addressLabel',
  urgency: 'urgencyLabel',
  preferredTime: 'preferredTimeLabel',
} as const satisfies Record<CoreField, Parameters<typeof t>[1]>;

interface Problem {
  /** The form field it belongs to; none when it matches no field on the form. */
  readonly name?: string;
  readonly label: string;
  readonly message: string;
}

/**
 * The order page with its headers: only the picker's step carries a script (search as one
 * types), and only its policy allows that script; the menu and the form keep the no-script policy.
 */
export function requestFormPage(input: RequestFormInput): { html: string; headers?: Record<string, string> } {
  const html = renderRequestForm(input);
  return html.includes(pickerScriptTag.toString()) ? { html, headers: { 'content-security-policy': pickerPagePolicy } } : { html };
}

export function renderRequestForm(input: RequestFormInput): string {
  const { lang, large } = input;
  const valuesOf = (name: string): string[] => {
    const value = input.values?.[name];
    return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  };
  const chosenArea = input.place?.area;
  const code = valuesOf('serviceCode')[0] ?? input.serviceCode;
  const chosen = input.menu.services.find((s) => s.active && s.code === code);
  if (!chosen) {
    // A form posted for a service that left the menu meanwhile (or a retired one's old link): say so, keep what was written.
    const description = valuesOf('description')[0]?.trim();
    const serviceGone = input.values === undefined ? undefined : description ? { description } : {};
    return renderServiceMenu({
      menu: input.menu,
      lang,
      large,
      ...(chosenArea ? { areaId: chosenArea.id } : {}),
      ...(serviceGone ? { serviceGone } : {}),
    });
  }

  // In the form's order, so the summary reads as the page does; a problem with no field on the form last.
  const fieldOrder = [...chosen.fields.map((f) => attributeName(chosen, f)), ...formOrder];
  const place = (p: Problem) => (p.name && fieldOrder.includes(p.name) ? fieldOrder.indexOf(p.name) : fieldOrder.length);
  const problems = (input.issues ?? [])
    .map((issue) => problemOf(issue, chosen, lang, valuesOf('phone')[0]))
    .sort((a, b) => place(a) - place(b));
  const errorFor = (name: string) => problems.find((p) => p.name === name)?.message;
  const state = (name: string, label: string, required: boolean, hint?: string): FieldState => ({
    name,
    label,
    lang,
    required,
    enforced: required,
    values: valuesOf(name),
    ...(hint ? { hint } : {}),
    ...(errorFor(name) ? { error: errorFor(name) } : {}),
  });
  const core = (name: CoreField, required: boolean, hint?: string) => state(name, t(lang, coreLabels[name]), required, hint);
  const urgency = core('urgency', true);
  const service = { service: chosen.code };
  const pickerUrl = withPageOptions(FORM_PATH, { lang, large }, { ...service, in: input.place ? parentOf(input.place) : undefined });
  const areaError = errorFor('areaId');
  const areaField = chosenArea
    ? html`<div class="field${areaError ? ' field-error' : ''}" id="${fieldId('areaId')}">
<p class="label">${t(lang, 'areaLabel')}</p>
<p class="chosen-area"><strong>${placePath(input.place, lang)}</strong> <a href="${pickerUrl}">${t(lang, 'pickChange')}</a></p>
${areaError ? html`<p class="error">${areaError}</p>` : ''}<input type="hidden" name="areaId" value="${chosenArea.id}">
</div>`
    : html`<div class="field field-error" id="${fieldId('areaId')}">
<p class="label">${t(lang, 'areaLabel')}</p>
<p class="error">${areaError ?? t(lang, 'pickFirst')}</p>
<p><a href="${pickerUrl}">${t(lang, 'pickTitle')}</a></p>
</div>`;

  const form = html`<form class="short" method="post" action="${withPageOptions(SUBMIT_PATH, { lang, large })}" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="serviceCode" value="${chosen.code}">
<input type="hidden" name="${FORM_KEY_FIELD}" value="${valuesOf(FORM_KEY_FIELD)[0] ?? randomUUID()}">
${chosen.fields.map((f) => serviceFieldControl(state(attributeName(chosen, f), f.label[lang], f.required), f))}
${textArea(core('description', true), 2000)}
${
  chosen.urgentAllowed
    ? choiceGroup(urgency.values.length > 0 ? urgency : { ...urgency, values: ['normal'] }, 'radio', [
        { value: 'normal', label: t(lang, 'urgency_normal') },
        { value: 'urgent', label: t(lang, 'urgency_urgent') },
      ])
    : html`<input type="hidden" name="urgency" value="normal">`
}
${textInput(core('preferredTime', false, t(lang, 'preferredTimeHint')), { maxlength: 100 })}
<h2>${t(lang, 'sectionContact')}</h2>
${areaField}
${textInput(core('contactName', true), { maxlength: 40, autocomplete: 'name' })}
${textInput(core('phone', true, t(lang, 'phoneHint')), { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 })}
${textInput(core('address', true, t(lang, 'addressHint')), { maxlength: 200, autocomplete: 'street-address' })}
<button type="submit">${t(lang, 'submit')}</button>
</form>`;

  // Without a community yet (and not re-showing a refused post), the picker comes first.
  const picking = !chosenArea && input.values === undefined;
  const name = chosen.name[lang];
  const body = html`<h1>${name}</h1>
<div class="chosen"><p>${chosen.description[lang]}</p>
<p><a href="${withPageOptions(FORM_PATH, { lang, large }, { area: chosenArea?.id })}">${t(lang, 'changeService')}</a></p></div>
${input.limited ? html`<div class="error-summary" role="alert" tabindex="-1" autofocus><p>${input.limited}</p></div>` : ''}
${problems.length > 0 ? errorSummary(problems, lang) : ''}
${picking ? areaPicker(input.picker ?? { trail: [], choices: [] }, { lang, large }, service) : form}`;
  return layout({
    lang,
    large,
    title: `${problems.length > 0 || input.limited ? t(lang, 'errorPrefix') : ''}${name} · ${t(lang, 'formTitle')}`,
    body,
    ...(picking ? { script: pickerScriptTag } : {}),
    switchUrl: picking
      ? withPageOptions(FORM_PATH, { lang, large }, { ...service, in: input.pick?.in, q: input.pick?.q })
      : serviceFormUrl(chosen.code, { lang, large, ...(chosenArea ? { areaId: chosenArea.id } : {}) }),
  });
}

/** The common fields in the order the form shows them, after the service's own. */
const formOrder: readonly CoreField[] = ['description', 'urgency', 'preferredTime', 'areaId', 'contactName', 'phone', 'address'];

/**
 * A phone refused for its length, typed as a mainland mobile (from 1, digits, spaces or hyphens):
 * the message says how many digits it needs rather than asking for a number one did give.
 */
function phoneLengthMessage(typed: string | undefined, lang: Lang): string | undefined {
  const digits = typed?.replace(/[\s-]/g, '') ?? '';
  if (!/^1\d*$/.test(digits) || digits.length === 11) return undefined;
  return t(lang, 'phoneDigits').replace('{n}', String(digits.length));
}

/** `attributes.model` (or `attributes.tags.0`) lands on the chosen service's `attr.<service>.model`. */
function problemOf(issue: FieldIssue, chosen: Service | undefined, lang: Lang, typedPhone?: string): Problem {
  const message = (issue.field === 'phone' && phoneLengthMessage(typedPhone, lang)) || translateIssue(issue.message, lang);
  const [head = '', code] = issue.field.split('.');
  if (head === 'attributes' && code) {
    const field = chosen?.fields.find((f) => f.code === code);
    return chosen && field ? { name: attributeName(chosen, field), label: field.label[lang], message } : { label: code, message };
  }
  if ((requestFormFields as readonly string[]).includes(head)) {
    return { name: head, label: t(lang, coreLabels[head as CoreField]), message };
  }
  return { label: issue.field, message };
}

function errorSummary(problems: readonly Problem[], lang: Lang): SafeHtml {
  // Focused on arrival: the refused page opens at the problems, for the eye and for a screen reader.
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${t(lang, 'errorSummaryTitle')}</h2>
<ul>${problems.map((p) =>
    p.name
      ? html`<li><a href="#${fieldId(p.name)}">${p.label}${colon(lang)}${p.message}</a></li>`
      : html`<li>${p.label}${colon(lang)}${p.message}</li>`,
  )}</ul>
</div>`;
}

/** Between a field's name and its problem: full width in Chinese, ASCII and a space in English. */
const colon = (lang: Lang) => (lang === 'zh' ? '：' : ': ');
