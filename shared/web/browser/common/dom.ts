/**
 * Building the page with text nodes only: attributes and textContent, never innerHTML, so data
 * from the API is never parsed as markup. Links may go to this site, a phone number or a
 * fragment, nothing else.
 */

import { safeHref } from './safe-href';

type Handler = (event: Event) => void;
export type Props = Readonly<Record<string, string | number | boolean | null | undefined | Handler>>;
export type Child = Node | string | number | null | undefined | false | readonly Child[];

const SVG_NS = 'http://www.w3.org/2000/svg';
const HTML_NS = 'http://www.w3.org/1999/xhtml';
type SvgTag = 'svg' | 'rect' | 'text' | 'g' | 'title' | 'line';
const SVG_TAGS: readonly string[] = ['svg', 'rect', 'text', 'g', 'title', 'line'] satisfies readonly SvgTag[];

/** An element: props set as attributes (on* as listeners, text as textContent); children as nodes or text. */
export function h<K extends SvgTag>(tag: K, props?: Props, ...children: Child[]): SVGElementTagNameMap[K];
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props: Props = {}, ...children: Child[]): Element {
  const node = document.createElementNS(SVG_TAGS.includes(tag) ? SVG_NS : HTML_NS, tag);
  for (const key of Object.keys(props)) {
    const v = props[key];
    if (v === undefined || v === null || v === false) continue;
    if (key.slice(0, 2) === 'on' && typeof v === 'function') node.addEventListener(key.slice(2), v);
    else if (key === 'text') node.textContent = String(v);
    else if (key === 'href' && !safeHref(v)) continue;
    else node.setAttribute(key, v === true ? '' : String(v));
  }
  add(node, children);
  return node;
}

export function add(node: Node, child: Child): void {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) add(node, c);
    return;
  }
  node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

export function clear<T extends Node>(node: T): T {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

let uid = 0;
/** An id unique in the page. */
export function nextId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled control in a .cell; returns { cell, control }. */
export function field<T extends HTMLElement>(label: string, control: T, hint?: string): { cell: HTMLDivElement; control: T } {
  const id = control.id || nextId('f');
  control.id = id;
  const hintNode = hint ? h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  if (hintNode) control.setAttribute('aria-describedby', `${id}-hint`);
  return { cell: h('div', { class: 'cell' }, h('label', { for: id, text: label }), hintNode, control), control };
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export function select(name: string, options: readonly Option[], value: string): HTMLSelectElement {
  return h(
    'select',
    { name },
    options.map((o) => h('option', { value: o.value, selected: o.value === value, text: o.label })),
  );
}

/**
 * The live region for outcomes: polite for news, assertive for errors. An error is also scrolled
 * into view: the line sits at the top of a long console, and a phone tapping a button far below
 * would otherwise see nothing change.
 */
export function flasher(node: HTMLElement): (message: string, isError?: boolean) => void {
  return (message, isError) => {
    node.className = `flash${isError ? ' error' : ''}`;
    node.setAttribute('role', isError ? 'alert' : 'status');
    node.textContent = message;
    if (isError && message && node.isConnected) node.scrollIntoView({ block: 'nearest' });
  };
}

/** The words of a second-tap confirmation: the question, what follows, the yes and the no. */
export interface AskFirstWords {
  readonly title: string;
  readonly hint: string;
  readonly yes: string;
  readonly no: string;
}

/**
 * A step that cannot be taken back asks first: the first tap fills `box` with the question and
 * two buttons, and only the yes does it (once per tap, as `busyButton`); the no empties the box.
 */
export function askFirst(box: HTMLElement, words: AskFirstWords, run: () => Promise<unknown>, failed: (error: unknown) => unknown): void {
  clear(box);
  const headingId = nextId('ask');
  add(
    box,
    h(
      'div',
      { role: 'group', 'aria-labelledby': headingId },
      h('p', { id: headingId }, h('strong', { text: words.title })),
      h('p', { text: words.hint }),
      h(
        'div',
        { class: 'actions' },
        busyButton({ class: 'inline danger', text: words.yes }, run, failed),
        h('button', { type: 'button', class: 'inline secondary', text: words.no, onclick: () => clear(box) }),
      ),
    ),
  );
  box.querySelector('button')?.focus();
}

/**
 * A button that posts once per tap: disabled while `run` works (a double tap sends nothing
 * twice), enabled again when it fails, the failure handed to `failed`.
 */
export function busyButton(props: Props, run: () => Promise<unknown>, failed: (error: unknown) => unknown): HTMLButtonElement {
  const button: HTMLButtonElement = h('button', {
    type: 'button',
    ...props,
    onclick: () => {
      button.disabled = true;
      run().catch((error: unknown) => {
        button.disabled = false;
        return failed(error);
      });
    },
  });
  return button;
}

/**
 * A form's submit that posts once per tap, as `busyButton` does for a button: `send` checks the
 * form and returns its call (nothing when it sent nothing, e.g. a field missing); while the call
 * works, `button` is disabled and another submit (a double click, Enter) sends nothing. Enabled
 * again once the call settles, the failure handed to `failed`.
 */
export function submitOnce(
  button: HTMLButtonElement,
  send: () => Promise<unknown> | undefined,
  failed: (error: unknown) => unknown,
): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    if (button.disabled) return;
    const sent = send();
    if (!sent) return;
    button.disabled = true;
    sent.then(
      () => {
        button.disabled = false;
      },
      (error: unknown) => {
        button.disabled = false;
        return failed(error);
      },
    );
  };
}
