/**
 * The picker's one small script (search as one types; shared/web/browser/picker) and the policy
 * of the order form's pages that carry it: the other pages' policy plus exactly this script, by
 * its hash, and `fetch` to this origin. Every step works without it.
 */
import { consolePolicy, consoleScript } from './console-shell';
import { pickerScript } from './generated/picker-script';
import { html, SafeHtml } from './html';

const script = consoleScript(pickerScript);

export const pickerScriptTag = html`<script>${new SafeHtml(script.source) /* constant source, allowed by its hash */}</script>`;

export const pickerPagePolicy = consolePolicy(script);
