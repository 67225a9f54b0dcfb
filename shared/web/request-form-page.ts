/**
 * The second step of ordering (群众点单): the short form of the one service chosen from the menu
 * (`service-menu-page.ts`), asking its own fields (`attr.<serviceCode>.<fieldCode>`) and the
 * common ones. Works without JavaScript: a plain form post, the service in a hidden field.
 * Language and size go in the action's query string, as the server refuses unknown fields.
 * Without a known, active service it is the menu.
 */
import type { Menu, Service } from '#shared/domain/catalog';
import type { FieldIssue } from '#shared/domain/errors';
import type { AreaNode } from '#shared/use-cases/browse-reference-data';
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
import { FORM_PATH, SUBMIT_PATH, withPageOptions } from './links';
import { renderServiceMenu, serviceFormUrl } from './service-menu-page';

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
  /** The service chosen from the menu (`/?service=`); a posted `serviceCode` comes first. */
  readonly serviceCode?: string;
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
  const valuesOf = (name: string): string[] => {
    const value = input.values?.[name];
    return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  };
  const code = valuesOf('serviceCode')[0] ?? input.serviceCode;
  const chosen = input.menu.services.find((s) => s.active && s.code === code);
  const areaId = valuesOf('areaId')[0] || input.areaId;
  if (!chosen) return renderServiceMenu({ menu: input.menu, lang, large, ...(areaId ? { areaId } : {}) });

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
  const areaState = core('areaId', true);
  const area = areaState.values.length > 0 ? areaState : { ...areaState, values: input.areaId ? [input.areaId] : [] };
  const urgency = core('urgency', true);
  const areaGroups = communityGroups(input.areas, lang);
  const name = chosen.name[lang];

  const body = html`<h1>${name}</h1>
<div class="chosen"><p>${chosen.description[lang]}</p>
<p><a href="${withPageOptions(FORM_PATH, { lang, large }, { area: areaId })}">${t(lang, 'changeService')}</a></p></div>
${problems.length > 0 ? errorSummary(problems, lang) : ''}
<form class="short" method="post" action="${withPageOptions(SUBMIT_PATH, { lang, large })}" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="serviceCode" value="${chosen.code}">
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
${areaGroups.length === 0 ? html`<p>${t(lang, 'noAreas')}</p>` : ''}
${selectInput(area, t(lang, 'chooseArea'), areaGroups)}
${textInput(core('contactName', true), { maxlength: 40, autocomplete: 'name' })}
${textInput(core('phone', true, t(lang, 'phoneHint')), { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 })}
${textInput(core('address', true, t(lang, 'addressHint')), { maxlength: 200, autocomplete: 'street-address' })}
<button type="submit">${t(lang, 'submit')}</button>
</form>`;
  return layout({
    lang,
    large,
    title: `${problems.length > 0 ? t(lang, 'errorPrefix') : ''}${name} · ${t(lang, 'formTitle')}`,
    body,
    switchUrl: serviceFormUrl(chosen.code, { lang, large, ...(areaId ? { areaId } : {}) }),
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

/** Communities only, grouped by "district · street"; the levels above are never choosable. */
function communityGroups(roots: readonly AreaNode[], lang: Lang): ChoiceGroup[] {
  const groups = new Map<string, { label: string; choices: { value: string; label: string }[] }>();
  const walk = (node: AreaNode, trail: readonly AreaNode[]) => {
    if (node.level === 'community') {
      const key = trail.map((a) => a.id).join('/');
      const label = trail
        .filter((a) => a.level === 'district' || a.level === 'street')
        .map((a) => a.name[lang])
        .join(' · ');
      const group = groups.get(key) ?? { label, choices: [] };
      group.choices.push({ value: node.id, label: node.name[lang] });
      groups.set(key, group);
      return;
    }
    for (const child of node.children) walk(child, [...trail, node]);
  };
  for (const root of roots) walk(root, []);
  return [...groups.values()].map((g) => (g.label ? g : { choices: g.choices }));
}
