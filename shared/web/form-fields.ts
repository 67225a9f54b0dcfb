/**
 * Form controls with their label, hint and error wired up for screen readers: every control has
 * a `<label for>` (or a `<legend>` for a group), and its hint and error are linked through
 * `aria-describedby`. The error text starts with a visually plain "错误：" prefix so it is read
 * as one.
 */
import type { ServiceField, Service } from '#shared/domain/catalog';
import { flag, html, type HtmlValue, type SafeHtml } from './html';
import { t, type Lang } from './i18n';
import { translateIssue } from './issue-words';
import { serviceFieldRule } from './service-field-rules';
import type { FieldIssue } from '#shared/domain/errors';

export interface FieldState {
  /** The form field name, e.g. `phone` or `attr.repair.model`. */
  readonly name: string;
  readonly label: string;
  readonly lang: Lang;
  readonly hint?: string;
  /** Translated message, when the last post had a problem with this field. */
  readonly error?: string;
  /** Whether the marker says required; `aria-required` only when `enforced`. */
  readonly required: boolean;
  readonly enforced?: boolean;
  readonly values: readonly string[];
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export interface ChoiceGroup {
  /** An `<optgroup>` label; none for options outside a group. */
  readonly label?: string;
  readonly choices: readonly Choice[];
}

/** Field names contain dots; ids use `__` instead so they also work as CSS selectors. */
export function fieldId(name: string): string {
  return `f-${name.replace(/\./g, '__')}`;
}

function ids(state: FieldState) {
  const id = fieldId(state.name);
  const hintId = state.hint ? `${id}-hint` : undefined;
  const errorId = state.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return { id, hintId, errorId, describedBy };
}

function describedByAttr(state: FieldState): SafeHtml {
  const { describedBy } = ids(state);
  return html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${state.error ? html` aria-invalid="true"` : ''}`;
}

function marker(state: FieldState): string {
  return t(state.lang, state.required ? 'required' : 'optional');
}

function notes(state: FieldState): SafeHtml {
  const { hintId, errorId } = ids(state);
  return html`${hintId ? html`<p class="hint" id="${hintId}">${state.hint}</p>` : ''}${
    errorId ? html`<p class="error" id="${errorId}">${t(state.lang, 'errorPrefix')}${state.error}</p>` : ''
  }`;
}

function wrapper(state: FieldState, inner: HtmlValue): SafeHtml {
  return html`<div class="field${state.error ? ' field-error' : ''}">${inner}</div>`;
}

function requiredAttr(state: FieldState): SafeHtml {
  return html`${state.enforced ? html` aria-required="true"` : ''}`;
}

export interface TextOptions {
  readonly type?: 'text' | 'tel' | 'datetime-local';
  readonly inputmode?: 'text' | 'tel' | 'decimal' | 'numeric';
  readonly autocomplete?: string;
  readonly maxlength?: number;
}

export function textInput(state: FieldState, options: TextOptions = {}): SafeHtml {
  const { id } = ids(state);
  return wrapper(
    state,
    html`<label for="${id}">${state.label}${marker(state)}</label>${notes(state)}<input type="${options.type ?? 'text'}" id="${id}" name="${state.name}" value="${state.values[0] ?? ''}"${
      options.inputmode ? html` inputmode="${options.inputmode}"` : ''
    }${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${
      options.maxlength ? html` maxlength="${options.maxlength}"` : ''
    }${requiredAttr(state)}${describedByAttr(state)}>`,
  );
}

export function textArea(state: FieldState, maxlength: number): SafeHtml {
  const { id } = ids(state);
  return wrapper(
    state,
    html`<label for="${id}">${state.label}${marker(state)}</label>${notes(state)}<textarea id="${id}" name="${state.name}" rows="5" maxlength="${maxlength}"${requiredAttr(
      state,
    )}${describedByAttr(state)}>${state.values[0] ?? ''}</textarea>`,
  );
}

export function selectInput(state: FieldState, placeholder: string, groups: readonly ChoiceGroup[]): SafeHtml {
  const { id } = ids(state);
  const selected = state.values[0] ?? '';
  const option = (c: Choice) => html`<option value="${c.value}"${flag(c.value === selected, 'selected')}>${c.label}</option>`;
  const body = groups.map((g) =>
    g.label === undefined ? g.choices.map(option) : html`<optgroup label="${g.label}">${g.choices.map(option)}</optgroup>`,
  );
  return wrapper(
    state,
    html`<label for="${id}">${state.label}${marker(state)}</label>${notes(state)}<select id="${id}" name="${state.name}"${requiredAttr(state)}${describedByAttr(
      state,
    )}><option value=""${flag(selected === '', 'selected')}>${placeholder}</option>${body}</select>`,
  );
}

/**
 * Radios (one value) or checkboxes (several) in a fieldset described by the hint and error, as
 * GOV.UK does; the first control carries the field's id so error links land on it.
 */
export function choiceGroup(state: FieldState, type: 'radio' | 'checkbox', choices: readonly Choice[]): SafeHtml {
  const { id } = ids(state);
  const items = choices.map((c, i) => {
    const itemId = i === 0 ? id : `${id}-${i}`;
    return html`<div class="choice"><input type="${type}" id="${itemId}" name="${state.name}" value="${c.value}"${flag(
      state.values.includes(c.value),
      'checked',
    )}${state.error ? html` aria-invalid="true"` : ''}><label for="${itemId}">${c.label}</label></div>`;
  });
  return wrapper(
    state,
    html`<fieldset${describedByAttr(state)}><legend>${state.label}${marker(state)}</legend>${notes(state)}${items}</fieldset>`,
  );
}

/** The form name of a service-specific field: `attr.<serviceCode>.<fieldCode>` (the parser keeps the chosen service's). */
export function attributeName(service: Pick<Service, 'code'>, field: Pick<ServiceField, 'code'>): string {
  return `attr.${service.code}.${field.code}`;
}

/** The control for one service-specific field, by its declared type (`service-field-rules.ts`). */
export function serviceFieldControl(state: FieldState, field: ServiceField): SafeHtml {
  const rule = serviceFieldRule(field, state.lang, (key) => t(state.lang, key));
  switch (rule.kind) {
    case 'line': {
      const { type, inputmode, maxlength, hint } = rule;
      const withHint = hint && state.hint === undefined ? { ...state, hint } : state;
      return textInput(withHint, { type, ...(inputmode ? { inputmode } : {}), ...(maxlength ? { maxlength } : {}) });
    }
    case 'box':
      return textArea(state, rule.maxlength);
    case 'select':
      return selectInput(state, rule.placeholder, [{ choices: rule.choices }]);
    case 'radio':
    case 'checkbox':
      return choiceGroup(state, rule.kind, rule.choices);
  }
}

/**
 * A refused post's problems at the top of its form, each a link to its field (or, when the post
 * was rate limited, `limited`'s message alone).
 */
export function errorSummary(input: {
  readonly lang: Lang;
  readonly heading: string;
  readonly issues: readonly FieldIssue[];
  readonly labelOf: (field: string) => string;
  readonly limited?: string;
}): SafeHtml | string {
  const { lang, issues } = input;
  if (input.limited) return html`<div class="error-summary" role="alert" tabindex="-1"><p>${input.limited}</p></div>`;
  if (issues.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${input.heading}</h2>
<ul>${issues.map((i) => html`<li><a href="#${fieldId(i.field)}">${input.labelOf(i.field)}${lang === 'zh' ? '：' : ': '}${translateIssue(i.message, lang)}</a></li>`)}</ul>
</div>`;
}
