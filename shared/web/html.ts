/**
 * HTML output with one escaping rule. Every dynamic value reaches a page through `escapeHtml`,
 * either directly or via the `html` tagged template, which escapes each interpolation unless it
 * is already `SafeHtml` (the output of another `html` template).
 */

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for both element content and (quoted) attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => entities[ch] ?? ch);
}

/** Markup that is already escaped: made by `html` and `joinHtml` (and the layout's constant CSS). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: false/null/undefined render as nothing, arrays are joined. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

export function joinHtml(parts: readonly HtmlValue[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(separator)));
}

type BooleanAttribute = 'checked' | 'selected' | 'readonly';

/** ` checked` (etc.) when the condition holds: a fixed attribute name, never caller text. */
export function flag(condition: boolean, name: BooleanAttribute): SafeHtml {
  return new SafeHtml(condition ? ` ${name}` : '');
}
