/**
 * The answers to a service's own fields (行动能力, 是否独居, …), as the API labels them
 * (`answers`: `{ label, value }` in both languages), in the page's language.
 */
import { h } from './dom';
import { list, loc } from './texts';

interface Answer {
  readonly label?: unknown;
  readonly value?: unknown;
}

/** Each answer as [label, answer]. */
export function answerRows(answers: unknown): [string, string][] {
  return list<Answer>(answers).map((a) => [loc(a.label), loc(a.value)]);
}

/** The answers as a definition list, or nothing without any. */
export function answersList(answers: unknown): HTMLDListElement | null {
  const rows = answerRows(answers);
  if (!rows.length) return null;
  return h(
    'dl',
    { class: 'answers' },
    rows.map(([label, value]) => [h('dt', { text: label }), h('dd', { class: 'pre', text: value })]),
  );
}
