/**
 * How an order form asks one of a service's own fields, by its declared type: the resident's
 * form (`form-fields.ts`, rendered on the server) and the staff console's 代点单
 * (`browser/admin-console/proxy-order.ts`, built in the browser) both follow these rules, so a
 * question reads the same to staff ordering for a resident as to the resident. Pure: no markup
 * and no texts table (the caller passes the words, so the browser bundle carries no page texts).
 */
import type { ServiceField } from '#shared/domain/catalog';
import type { Lang } from './i18n';

/** The words a field's control may need, from the caller's texts. */
export type FieldWord = 'yes' | 'no' | 'chooseOption' | 'datetimeHint';

export interface FieldChoice {
  readonly value: string;
  readonly label: string;
}

/** One control: a line (with its input type), a text box, a drop-down, or radios or checkboxes. */
export type FieldControl =
  | {
      readonly kind: 'line';
      readonly type: 'text' | 'datetime-local';
      readonly inputmode?: 'decimal';
      readonly maxlength?: number;
      /** Shown when the field has no hint of its own. */
      readonly hint?: string;
    }
  | { readonly kind: 'box'; readonly maxlength: number }
  | { readonly kind: 'select'; readonly placeholder: string; readonly choices: readonly FieldChoice[] }
  | { readonly kind: 'radio'; readonly choices: readonly FieldChoice[] }
  | { readonly kind: 'checkbox'; readonly choices: readonly FieldChoice[] };

/** The control that asks `field`, in `lang`. */
export function serviceFieldRule(field: ServiceField, lang: Lang, word: (key: FieldWord) => string): FieldControl {
  const choices = (field.options ?? []).map((o) => ({ value: o.key, label: o.name[lang] }));
  switch (field.type) {
    case 'string':
      return { kind: 'line', type: 'text', maxlength: field.maxLength ?? 200 };
    case 'text':
      return { kind: 'box', maxlength: field.maxLength ?? 2000 };
    case 'number':
      return { kind: 'line', type: 'text', inputmode: 'decimal' };
    case 'datetime':
      return { kind: 'line', type: 'datetime-local', hint: word('datetimeHint') };
    case 'boolean':
      // Radios rather than a checkbox: an unticked box sends nothing, so "no" could not be told from "not answered".
      return {
        kind: 'radio',
        choices: [
          { value: 'true', label: word('yes') },
          { value: 'false', label: word('no') },
        ],
      };
    case 'singlevaluelist':
      return { kind: 'select', placeholder: word('chooseOption'), choices };
    case 'multivaluelist':
      return { kind: 'checkbox', choices };
  }
}
