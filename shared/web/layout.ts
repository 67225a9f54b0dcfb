/**
 * The one page shell: inline CSS (no external assets, works on a 360 px phone without
 * JavaScript), the language and type-size switches, and `<main>` for the page body.
 */
import { html, SafeHtml } from './html';
import { htmlLang, t, type Lang } from './i18n';
import { FORM_PATH, withPageOptions } from './links';

export interface LayoutInput {
  readonly lang: Lang;
  readonly large: boolean;
  /** Plain text for `<title>`; escaped here. */
  readonly title: string;
  readonly body: SafeHtml;
  /** The url the language and size switches point at (kept query parameters, new lang/size); none when absent. */
  readonly switchUrl?: string;
  /** Pages that carry an access token are kept out of search engines. */
  readonly private?: boolean;
}

// Colours checked against WCAG AA/AAA on white: #1a1a1a 17:1, #0b4f9c 8.2:1, #b00020 7.2:1, #444 9.7:1.
const css = (baseSize: number) => `
*,*::before,*::after{box-sizing:border-box}
html{font-size:${baseSize}px;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;line-height:1.6;color:#1a1a1a;background:#fff}
.wrap{max-width:40rem;margin:0 auto;padding:0 1rem}
header{background:#0b4f9c;color:#fff}
header .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem 1rem;padding-top:.25rem;padding-bottom:.25rem}
header a{color:#fff}
.site{font-weight:700}
nav a,.site{display:inline-flex;align-items:center;min-height:48px;padding:0 .25rem}
nav a+a{margin-left:.75rem}
main{padding-top:1rem;padding-bottom:3rem}
a{color:#0b4f9c;text-decoration:underline;text-underline-offset:.15em}
a:focus,input:focus,select:focus,textarea:focus,button:focus{outline:4px solid #ffbf47;outline-offset:1px}
h1{font-size:1.6rem;line-height:1.3;margin:.5rem 0 1rem}
h2{font-size:1.3rem;line-height:1.3;margin:2rem 0 .75rem}
p{margin:0 0 1rem}
label,legend{display:block;font-weight:700;margin:0 0 .25rem;padding:0}
.hint{color:#444;margin:0 0 .25rem}
input[type=text],input[type=tel],input[type=datetime-local],select,textarea{display:block;width:100%;max-width:100%;font:inherit;color:#1a1a1a;background:#fff;min-height:48px;padding:.35rem .5rem;border:2px solid #1a1a1a;border-radius:4px}
textarea{min-height:7em;resize:vertical}
.field{margin:0 0 1.5rem}
.field-error{border-left:5px solid #b00020;padding-left:.75rem}
.field-error input[type=text],.field-error input[type=tel],.field-error select,.field-error textarea{border:3px solid #b00020}
.error{color:#b00020;font-weight:700;margin:0 0 .25rem}
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
.choice{display:flex;align-items:center;gap:.75rem;min-height:48px}
.choice input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#0b4f9c}
.choice label{font-weight:400;margin:0;padding:.5rem 0;flex:1}
.extra{border:2px solid #767676;border-radius:6px;padding:.75rem 1rem .25rem;margin:0 0 1.5rem}
.extra legend{padding:0 .25rem}
button{font:inherit;font-weight:700;min-height:56px;width:100%;padding:.5rem 1.5rem;color:#fff;background:#00703c;border:0;border-radius:6px;cursor:pointer}
.error-summary{border:4px solid #b00020;padding:.75rem 1rem;margin:0 0 1.5rem}
.error-summary h2{margin-top:0}
.error-summary a{color:#b00020;font-weight:700}
.panel{border:4px solid #00703c;padding:1rem;margin:0 0 1.5rem;text-align:center}
.code{display:block;font-size:2.2rem;font-weight:700;letter-spacing:.08em;font-variant-numeric:tabular-nums}
.copy{display:block;user-select:all;word-break:break-all;font-family:ui-monospace,monospace;background:#f3f3f3;border:1px solid #767676;padding:.5rem;margin:0 0 1rem}
.big-link{display:inline-flex;align-items:center;min-height:48px;font-weight:700}
dl{margin:0 0 1.5rem}
dt{font-weight:700}
dd{margin:0 0 .75rem}
.pre{white-space:pre-line}
.status{font-size:1.3rem;font-weight:700}
ol.timeline{padding-left:1.5rem}
ol.timeline li{margin:0 0 .75rem}
`;

export function layout(input: LayoutInput): string {
  const { lang, large } = input;
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const switches = input.switchUrl
    ? html`<nav aria-label="${lang === 'zh' ? '语言和字号' : 'Language and text size'}">
<a href="${withPageOptions(input.switchUrl, { lang: other, large })}" lang="${htmlLang(other)}" hreflang="${htmlLang(other)}">${t(lang, 'switchLang')}</a>
<a href="${withPageOptions(input.switchUrl, { lang, large: !large })}">${t(lang, large ? 'largeOff' : 'largeOn')}</a>
</nav>`
    : '';
  return html`<!doctype html>
<html lang="${htmlLang(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${input.private ? html`<meta name="robots" content="noindex, nofollow">` : ''}
<title>${input.title} - ${t(lang, 'siteName')}</title>
<style>${new SafeHtml(css(large ? 26 : 20)) /* constant CSS, only the number varies */}</style>
</head>
<body>
<header><div class="wrap"><a class="site" href="${withPageOptions(FORM_PATH, { lang, large })}">${t(lang, 'siteName')}</a>${switches}</div></header>
<main class="wrap" id="main">
${input.body}
</main>
</body>
</html>
`.toString();
}
