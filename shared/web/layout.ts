/**
 * The one page shell: inline CSS (no external assets, works on a 360 px phone without
 * JavaScript; a wide table scrolls sideways, its headings' Han text kept whole like words and its
 * row headings six characters wide at least, not a character a column on a phone), the
 * language and type-size switches, and `<main>` for the page body.
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
  /** A wider column, for the consoles' lists and tables. */
  readonly wide?: boolean;
  /**
   * Script elements at the end of the body (the consoles only). The caller sends a CSP that
   * allows exactly this script (by hash); every other page runs none.
   */
  readonly script?: SafeHtml;
}

// Colours checked against WCAG AA/AAA on white: #1a1a1a 17:1, #0b4f9c 8.2:1, #b00020 7.2:1, #444 9.7:1.
// The root size in % of the browser's own (16 px unless the reader set larger text): 125 % is 20 px
// there, 162.5 % (大字) 26 px; a reader's larger browser text grows every rem with it.
const css = (basePercent: number) => `
*,*::before,*::after{box-sizing:border-box}
html{font-size:${basePercent}%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;line-height:1.6;color:#1a1a1a;background:#fff}
.wrap{max-width:40rem;margin:0 auto;padding:0 1rem}
header{background:#0b4f9c;color:#fff}
header .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem .5rem;padding-top:.25rem;padding-bottom:.25rem}
header a{color:#fff}
.site{font-weight:700}
nav a,.site{display:inline-flex;align-items:center;min-height:48px;padding:0 .25rem}
/* A switch wraps as a whole, never a character a line (a narrow screen at 200 % zoom). */
nav{display:flex;flex-wrap:wrap;column-gap:.5rem}
nav a{white-space:nowrap}
main{padding-top:1rem;padding-bottom:3rem}
a{color:#0b4f9c;text-decoration:underline;text-underline-offset:.15em}
/* A link on its own (not in a sentence) is a finger's target, 44 px tall (not in the consoles' lists); :where() weighs nothing, so .pick, .tile, .big-link keep their display. */
:where(body:not(.wide) main p>a:only-child,body:not(.wide) main li>a:only-child,body:not(.wide) main dd>a:only-child,.chosen-area a){display:inline-flex;align-items:center;min-height:44px}
a:focus,input:focus,select:focus,textarea:focus,button:focus{outline:4px solid #ffbf47;outline-offset:1px}
h1{font-size:1.6rem;line-height:1.3;margin:.5rem 0 1rem}
h2{font-size:1.3rem;line-height:1.3;margin:2rem 0 .75rem}
p{margin:0 0 1rem}
label,legend{display:block;font-weight:700;margin:0 0 .25rem;padding:0}
.hint{color:#444;margin:0 0 .25rem}
input[type=text],input[type=search],input[type=tel],input[type=datetime-local],input[type=password],input[type=number],input[type=date],input[type=email],select,textarea{display:block;width:100%;max-width:100%;font:inherit;color:#1a1a1a;background:#fff;min-height:48px;padding:.35rem .5rem;border:2px solid #1a1a1a;border-radius:4px}
textarea{min-height:7em;resize:vertical}
.field{margin:0 0 1.5rem}
.field-error{border-left:5px solid #b00020;padding-left:.75rem}
.field-error input[type=text],.field-error input[type=search],.field-error input[type=tel],.field-error input[type=number],.field-error select,.field-error textarea{border:3px solid #b00020}
.error{color:#b00020;font-weight:700;margin:0 0 .25rem}
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
.field>fieldset{margin-bottom:0}
.choice{display:flex;align-items:center;gap:.75rem;min-height:48px}
.choice input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#0b4f9c}
.choice label{font-weight:400;margin:0;padding:.5rem 0;flex:1}
.tiles{list-style:none;padding:0;margin:0 0 1rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,9rem),1fr));gap:.75rem}
.tile{display:flex;flex-direction:column;justify-content:center;gap:.35rem;min-height:5rem;height:100%;padding:.75rem;border:2px solid #0b4f9c;border-radius:8px;font-size:1.2rem;font-weight:700;line-height:1.3;text-decoration:none;background:#f5f9fd}
.tag{align-self:flex-start;padding:.1rem .5rem;font-size:.85rem;font-weight:400;color:#fff;background:#5a2d82;border-radius:4px}
.chosen{border-left:6px solid #0b4f9c;padding:.25rem 0 .25rem .75rem;margin:0 0 1rem}
.chosen p{margin:0 0 .25rem}
.short .field{margin-bottom:.75rem}
.short textarea{height:5em;min-height:0}
.short fieldset{display:flex;flex-wrap:wrap;column-gap:1.5rem}
.short fieldset>p{flex-basis:100%}
.short h2{margin-top:.5rem}
main:has(.short){padding-bottom:1rem}
button{font:inherit;font-weight:700;min-height:56px;width:100%;padding:.5rem 1.5rem;color:#fff;background:#00703c;border:0;border-radius:6px;cursor:pointer}
.error-summary{border:4px solid #b00020;padding:.75rem 1rem;margin:0 0 1.5rem}
.error-summary h2,.error-summary h3{margin-top:0}
.error-summary ul{padding-left:1.25rem}
.error-summary a{color:#b00020;font-weight:700}
.panel{border:4px solid #00703c;padding:1rem;margin:0 0 1.5rem;text-align:center}
.code{display:block;font-size:2.2rem;font-weight:700;letter-spacing:.08em;font-variant-numeric:tabular-nums}
.copy{display:block;user-select:all;word-break:break-all;font-family:ui-monospace,monospace;background:#f3f3f3;border:1px solid #767676;padding:.5rem;margin:0 0 1rem}
.big-link{display:inline-flex;align-items:center;min-height:48px;font-weight:700}
.pick-list{list-style:none;padding:0;margin:0 0 1.5rem}
.pick-list li{border-bottom:1px solid #ccc}
.pick{display:flex;align-items:center;min-height:48px;font-weight:700}
.trail{margin:1rem 0 .5rem}
dl{margin:0 0 1.5rem}
dt{font-weight:700}
dd{margin:0 0 .75rem;overflow-wrap:anywhere}
.pre{white-space:pre-line}
.status{font-size:1.3rem;font-weight:700}
ol.timeline{padding-left:1.5rem}
ol.timeline li{margin:0 0 .75rem}
.notice{border-left:6px solid #0b4f9c;background:#eef4fb;padding:.75rem 1rem;margin:0 0 1.5rem}
.notice h2{margin-top:0}
fieldset.row{display:flex;flex-wrap:wrap;gap:0 1rem;border-top:1px solid #767676;padding-top:.5rem;margin:0 0 1rem}
fieldset.row legend{font-weight:700;float:left;width:100%;margin:0}
.cell{flex:1 1 12rem;margin:0 0 .5rem}
.cell.narrow{flex:0 1 8rem}
.wide .wrap{max-width:72rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
button.secondary{background:#fff;color:#0b4f9c;border:2px solid #0b4f9c}
.apart{margin-top:2rem}
button.danger{background:#b00020}
button.inline,.actions button{width:auto;min-height:48px;padding:.25rem 1rem;margin:0 .5rem .5rem 0}
button:disabled{opacity:.6;cursor:not-allowed}
.tabs{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem;padding:0;list-style:none}
.tabs button{width:auto;min-height:48px;padding:.25rem 1rem;background:#fff;color:#0b4f9c;border:2px solid #0b4f9c}
.tabs button[aria-current=page]{background:#0b4f9c;color:#fff}
.tabs .end{margin-left:auto}
ul.cards{list-style:none;padding:0;margin:0 0 1.5rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr));gap:0 1rem}
.card dl{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:0 .75rem;margin:0 0 .5rem}
.card dd{margin:0 0 .25rem}
figure{margin:0 0 1.5rem}
.card{border:2px solid #767676;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem;overflow-wrap:anywhere}
.card h3{margin:0 0 .25rem;font-size:1.1rem}
.card p{margin:0 0 .25rem}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;margin:0 .25rem .25rem 0;font-size:.85rem;font-weight:700;background:#e8e8e8;color:#1a1a1a}
.badge.warn{background:#b00020;color:#fff}
.badge.ok{background:#00703c;color:#fff}
.filters{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}
.filters .cell{flex:1 1 11rem}
.filters button{width:auto}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.75rem;list-style:none;padding:0;margin:0 0 1.5rem}
.kpis li{border:2px solid #0b4f9c;border-radius:6px;padding:.5rem .75rem}
.kpis .value{display:block;font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
.chart{display:block;max-width:100%;height:auto;margin:0 0 .5rem}
.chart text{font-size:.8rem;fill:#1a1a1a}
.chart rect{fill:#0b4f9c}
.chart rect.light{fill:#9fc1e8}
.table-wrap{overflow-x:auto;margin:0 0 1.5rem}
.table-wrap thead th{word-break:keep-all}
.table-wrap tbody th{min-width:6em}
table{border-collapse:collapse;min-width:100%}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.flash{min-height:1.6em;font-weight:700;margin:0 0 1rem}
.flash.error{color:#b00020}
pre.body{white-space:pre-wrap;word-break:break-all;font-size:.85rem;background:#f3f3f3;padding:.5rem;margin:0 0 .5rem}
.token{display:block;user-select:all;word-break:break-all;font-family:ui-monospace,monospace;background:#f3f3f3;border:2px solid #00703c;padding:.5rem;margin:0 0 1rem}
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
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
${input.private ? html`<meta name="robots" content="noindex, nofollow">` : ''}
<title>${input.title} - ${t(lang, 'siteName')}</title>
<style>${new SafeHtml(css(large ? 162.5 : 125)) /* constant CSS, only the number varies */}</style>
</head>
<body${input.wide ? html` class="wide"` : ''}>
<header><div class="wrap"><a class="site" href="${withPageOptions(FORM_PATH, { lang, large })}">${t(lang, 'siteName')}</a>${switches}</div></header>
<main class="wrap" id="main">
${input.body}
</main>
${input.script ?? ''}
</body>
</html>
`.toString();
}
