/**
 * The resident's order form (群众点单). Works without JavaScript: since the form cannot change
 * with the chosen service, every service's own fields are shown in a fieldset of their own,
 * named `attr.<serviceCode>.<fieldCode>`; the form parser keeps only the chosen service's.
 * Language and size go in the action's query string, as the server refuses unknown fields.
 */
import type { Menu, Service } from '#shared/domain/catalog';
import type { FieldIssue } from '#shared/domain/errors';
import type { AreaNode } from '#shared/use-cases/browse-reference-data';
import { type AreaPick, areaPicker, communityIn, indexAreas, placePath } from './area-picker';
import {
  attributeName,
  choiceGroup,
  fieldId,
  selectInput,
  serviceFieldControl,
  textArea,
  textInput,
  type ChoiceGroup,
  type FieldState,
} from './form-fields';
import { html, type SafeHtml } from './html';
import { t, translateIssue, type Lang } from './i18n';
import { layout } from './layout';
import { FORM_PATH, LOOKUP_PATH, SUBMIT_PATH, withPageOptions } from './links';

export interface RequestFormInput {
  readonly menu: Menu;
  readonly areas: readonly AreaNode[];
  readonly lang: Lang;
  readonly large: boolean;
  /** The posted form, by field name, when re-rendering after a failed post. */
  readonly values?: Readonly<Record<string, string | readonly string[]>>;
  readonly issues?: readonly FieldIssue[];
  /** A community to preselect, e.g. from a station's QR link `/?area=`. */
  readonly areaId?: string;
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

export function renderRequestForm(input: RequestFormInput): string {
  const { lang, large } = input;
  const services = input.menu.services.filter((s) => s.active);
  const valuesOf = (name: string): string[] => {
    const value = input.values?.[name];
    return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  };
  const chosen = services.find((s) => s.code === valuesOf('serviceCode')[0]);
  const problems = (input.issues ?? []).map((issue) => problemOf(issue, chosen, lang));
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
  const index = indexAreas(input.areas);
  const chosenArea = communityIn(index, valuesOf('areaId')[0] ?? input.areaId);
  const urgency = core('urgency', true, t(lang, 'urgencyHint'));
  const pickerUrl = withPageOptions(FORM_PATH, { lang, large }, chosenArea ? { in: index.parentOf.get(chosenArea.id)?.id } : {});
  const areaError = errorFor('areaId');
  // The community first (a short page of links, or the station's QR link), then the form for it.
  const areaField = chosenArea
    ? html`<div class="field${areaError ? ' field-error' : ''}" id="${fieldId('areaId')}">
<p class="label">${t(lang, 'areaLabel')}</p>
<p class="chosen-area"><strong>${placePath(index, chosenArea, lang)}</strong> <a href="${pickerUrl}">${t(lang, 'pickChange')}</a></p>
${areaError ? html`<p class="error">${areaError}</p>` : ''}<input type="hidden" name="areaId" value="${chosenArea.id}">
</div>`
    : html`<div class="field field-error" id="${fieldId('areaId')}">
<p class="label">${t(lang, 'areaLabel')}</p>
<p class="error">${areaError ?? t(lang, 'pickFirst')}</p>
<p><a href="${pickerUrl}">${t(lang, 'pickTitle')}</a></p>
</div>`;

  const form = html`<p>${t(lang, 'formIntro')}</p>
<p><a href="${withPageOptions(LOOKUP_PATH, { lang, large })}">${t(lang, 'lookupLink')}</a></p>
<form method="post" action="${withPageOptions(SUBMIT_PATH, { lang, large })}" enctype="application/x-www-form-urlencoded">
<h2>${t(lang, 'sectionService')}</h2>
${selectInput(core('serviceCode', true), t(lang, 'chooseService'), serviceGroups(input.menu, services, lang))}
${textArea(core('description', true, t(lang, 'descriptionHint')), 2000)}
${choiceGroup(urgency.values.length > 0 ? urgency : { ...urgency, values: ['normal'] }, 'radio', [
  { value: 'normal', label: t(lang, 'urgency_normal') },
  { value: 'urgent', label: t(lang, 'urgency_urgent') },
])}
${textInput(core('preferredTime', false, t(lang, 'preferredTimeHint')), { maxlength: 100 })}
<h2>${t(lang, 'sectionContact')}</h2>
${areaField}
${textInput(core('contactName', true), { maxlength: 40, autocomplete: 'name' })}
${textInput(core('phone', true, t(lang, 'phoneHint')), { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 })}
${textInput(core('address', true, t(lang, 'addressHint')), { maxlength: 200, autocomplete: 'street-address' })}
${extraFields(services, lang, (name, label, required) => state(name, label, required))}
<button type="submit">${t(lang, 'submit')}</button>
</form>`;

  const picking = !chosenArea && input.values === undefined;
  const body = html`<h1>${t(lang, 'formTitle')}</h1>
${problems.length > 0 ? errorSummary(problems, lang) : ''}
${
  services.length === 0
    ? html`<p>${t(lang, 'noServices')}</p>`
    : picking
      ? html`<p><a href="${withPageOptions(LOOKUP_PATH, { lang, large })}">${t(lang, 'lookupLink')}</a></p>
${areaPicker(index, input.pick ?? {}, { lang, large })}`
      : form
}`;
  return layout({
    lang,
    large,
    title: `${problems.length > 0 ? t(lang, 'errorPrefix') : ''}${t(lang, 'formTitle')}`,
    body,
    switchUrl: withPageOptions(FORM_PATH, { lang, large }, { area: chosenArea?.id, in: input.pick?.in, q: input.pick?.q }),
  });
}

/** `attributes.model` (or `attributes.tags.0`) lands on the chosen service's `attr.<service>.model`. */
function problemOf(issue: FieldIssue, chosen: Service | undefined, lang: Lang): Problem {
  const message = translateIssue(issue.message, lang);
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
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
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

function serviceGroups(menu: Menu, services: readonly Service[], lang: Lang): ChoiceGroup[] {
  const categories = [...menu.categories].sort((a, b) => a.order - b.order);
  const known = new Set(categories.map((c) => c.code));
  const choice = (s: Service) => ({ value: s.code, label: s.name[lang] });
  const groups: ChoiceGroup[] = categories
    .map((c) => ({ label: c.name[lang], choices: services.filter((s) => s.category === c.code).map(choice) }))
    .filter((g) => g.choices.length > 0);
  const uncategorized = services.filter((s) => !known.has(s.category));
  return uncategorized.length > 0 ? [...groups, { choices: uncategorized.map(choice) }] : groups;
}

function extraFields(
  services: readonly Service[],
  lang: Lang,
  state: (name: string, label: string, required: boolean) => FieldState,
): SafeHtml {
  const withFields = services.filter((s) => s.fields.length > 0);
  if (withFields.length === 0) return html``;
  // No `aria-required` here: a field is required only when its service is the chosen one.
  const fieldsets = withFields.map(
    (s) => html`<fieldset class="extra"><legend>${t(lang, 'extraTitle', { service: s.name[lang] })}</legend>
${s.fields.map((f) => serviceFieldControl({ ...state(attributeName(s, f), f.label[lang], f.required), enforced: false }, f))}
</fieldset>`,
  );
  return html`<h2>${t(lang, 'sectionExtra')}</h2><p>${t(lang, 'extraIntro')}</p>${fieldsets}`;
}
