/**
 * The certificate's pages, without JavaScript: the public check of a number (the name masked,
 * the hours, the issuer, valid or revoked, and whether a record on it was corrected since), and the volunteer's own printable certificate (the
 * full text, as in the PDF, with the same marks; the page's chrome is left off the print).
 */
import {
  type Certificate,
  certificateStatement,
  chineseDate,
  correctedSince,
  formatHours,
  labelledPerson,
  type publicView,
} from '#shared/domain/certificate';
import { statsDay } from '#shared/domain/stats-calendar';
import { textInput } from './form-fields';
import { html, SafeHtml } from './html';
import type { Lang } from './i18n';
import { layout } from './layout';
import { withPageOptions } from './links';
import { myCertificatePathOf, VERIFY_PATH } from './volunteer-paths';

const texts = {
  zh: {
    verifyTitle: '志愿服务记录证明核验',
    verifyIntro: '输入证明上的编号，核对证明是否由本平台出具、是否有效。',
    number: '证明编号',
    numberHint: '例如 2026-000017-K7QX',
    check: '核验',
    notFound: '没有找到这个编号的证明。请核对编号后重试。',
    limited: '核验太频繁，请稍后再试。',
    valid: '有效',
    revoked: '已撤销',
    status: '状态',
    name: '姓名',
    period: '服务期间',
    services: '服务次数',
    hours: '服务时长',
    hoursUnit: '小时',
    organization: '出具组织',
    issuedAt: '出具日期',
    revokedAt: '撤销日期',
    corrected: '含已更正的服务记录',
    correctedNote:
      '出具后，其中的服务记录曾被更正或作废（投诉属实），证明上的时长可能与现有记录不符；请向出具组织核实，或请其撤销后重新出具。',
    to: '至',
    print: '打印本页即可得到纸质证明；需要盖章的，请到出具组织办理。',
    back: '返回我的志愿服务',
  },
  en: {
    verifyTitle: 'Check a volunteer-service certificate',
    verifyIntro: 'Enter the number printed on the certificate to check that it was issued here and is still valid.',
    number: 'Certificate number',
    numberHint: 'For example 2026-000017-K7QX',
    check: 'Check',
    notFound: 'No certificate has this number. Check the number and try again.',
    limited: 'Too many checks; please try again later.',
    valid: 'Valid',
    revoked: 'Revoked',
    status: 'Status',
    name: 'Name',
    period: 'Period',
    services: 'Services',
    hours: 'Hours',
    hoursUnit: 'hours',
    organization: 'Issued by',
    issuedAt: 'Issued on',
    revokedAt: 'Revoked on',
    corrected: 'Contains a service record corrected after issue',
    correctedNote:
      'A service record on it was corrected or voided (a complaint upheld) after it was issued, so the hours on it may differ from the records. Ask the issuer, who can revoke it and issue a new one.',
    to: 'to',
    print: 'Print this page for a paper copy; for the stamp, go to the issuing organization.',
    back: 'Back to my volunteer service',
  },
} as const;

/**
 * The mark of a certificate holding a service record corrected after issue, with the day it was
 * first found and what to do: on the check page, the holder's list on /me and their printable page.
 */
export function correctedMark(lang: Lang, correctedAt: string): SafeHtml {
  const l = texts[lang];
  const day = statsDay(correctedAt);
  return html` · <strong>${l.corrected}</strong>${lang === 'zh' ? `（${day}）` : ` (${day})`}<br>${l.correctedNote}`;
}

export interface VerifyPageInput {
  readonly lang: Lang;
  readonly large: boolean;
  /** What was typed, shown again in the field. */
  readonly number?: string;
  /** The certificate found, or `not-found` after a check that found none. */
  readonly result?: ReturnType<typeof publicView> | 'not-found';
  /** Too many checks from this address: the form again, with that said. */
  readonly limited?: boolean;
}

export function renderVerifyPage(input: VerifyPageInput): string {
  const { lang, large, result } = input;
  const l = texts[lang];
  const options = { lang, large };
  const found = input.limited
    ? html`<div class="error-summary" role="alert"><p>${l.limited}</p></div>`
    : result === 'not-found'
      ? html`<div class="error-summary" role="alert"><p>${l.notFound}</p></div>`
      : result
        ? html`<section aria-labelledby="result-title">
<h2 id="result-title">${l.number}${lang === 'zh' ? '：' : ': '}${result.number}</h2>
<dl class="totals">
<dt>${l.status}</dt><dd><strong>${result.status === 'valid' ? l.valid : l.revoked}</strong>${result.correctedAt && result.status === 'valid' ? correctedMark(lang, result.correctedAt) : ''}</dd>
<dt>${l.name}</dt><dd>${result.name}</dd>
<dt>${l.period}</dt><dd>${result.period.from} ${l.to} ${result.period.to}</dd>
<dt>${l.services}</dt><dd>${result.services}</dd>
<dt>${l.hours}</dt><dd>${formatHours(result.totalHours)} ${l.hoursUnit}</dd>
<dt>${l.organization}</dt><dd>${result.organization}</dd>
<dt>${l.issuedAt}</dt><dd>${statsDay(result.issuedAt)}</dd>
${result.revokedAt ? html`<dt>${l.revokedAt}</dt><dd>${statsDay(result.revokedAt)}</dd>` : ''}
</dl>
</section>`
        : '';
  const body = html`<h1>${l.verifyTitle}</h1>
<p>${l.verifyIntro}</p>
${found}
<form method="get" action="${VERIFY_PATH}">
${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}${large ? html`<input type="hidden" name="size" value="large">` : ''}
${textInput({ name: 'number', label: l.number, hint: l.numberHint, lang, required: true, enforced: true, values: [input.number ?? ''] }, { maxlength: 30, autocomplete: 'off' })}
<button type="submit">${l.check}</button>
</form>`;
  return layout({
    lang,
    large,
    title: l.verifyTitle,
    body,
    // A result names a (masked) person and their hours: no search engine keeps it.
    private: true,
    switchUrl: withPageOptions(VERIFY_PATH, options, { number: input.number }),
  });
}

/** Only the certificate itself on paper: the header, the switches and the links stay on screen. */
const PRINT_CSS = new SafeHtml(
  '<style>@media print{header,nav,.screen-only{display:none}body{font-size:12pt}main.wrap{max-width:none;padding:0}}table.record{border-collapse:collapse;width:100%}.table-scroll{overflow-x:auto;max-width:100%}.url{overflow-wrap:anywhere}@media print{.table-scroll{overflow:visible}}table.record th,table.record td{border-bottom:1px solid #444;padding:.3em .4em;text-align:left;vertical-align:top}.issuer{margin-top:2em;margin-left:auto;max-width:22em}</style>',
);

/** The person in labelled fields (`labelledPerson`), above the statement. */
function labelled(c: Certificate) {
  return html`<p class="person">${labelledPerson(c).map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</p>
`;
}

export function renderCertificatePage(input: {
  readonly lang: Lang;
  readonly large: boolean;
  readonly certificate: Certificate;
  readonly verifyUrl: string;
}): string {
  const { lang, large, certificate: c } = input;
  const l = texts[lang];
  const options = { lang, large };
  const corrected = correctedSince(c);
  const body = html`${PRINT_CSS}
<h1>志愿服务记录证明</h1>
<p>证明编号：<strong>${c.number}</strong>${c.revocation ? html` · <strong>${l.revoked}</strong>` : corrected ? correctedMark(lang, corrected) : ''}</p>
${labelled(c)}<p>${certificateStatement(c)}</p>
<div class="table-scroll" role="region" aria-label="服务记录" tabindex="0">
<table class="record">
<thead><tr><th scope="col">日期</th><th scope="col">服务项目</th><th scope="col">服务地点</th><th scope="col">服务组织</th><th scope="col">小时</th></tr></thead>
<tbody>${c.services.map((s) => html`<tr><td>${s.date}</td><td>${s.activity}</td><td>${s.place}</td><td>${s.team}</td><td>${formatHours(s.hours)}</td></tr>`)}</tbody>
</table>
</div>
<p>合计：${c.services.length} 次，${formatHours(c.totalHours)} 小时。</p>
<div class="issuer">
<p>出具组织：${c.issuer.organization}（盖章）<br>负责人：${c.issuer.personInCharge}<br>联系方式：${c.issuer.contact}<br>出具日期：${chineseDate(statsDay(c.issuedAt))}</p>
</div>
<p class="url">核验：${input.verifyUrl}</p>
<p class="screen-only">${l.print}</p>
<p class="screen-only"><a href="${withPageOptions('/me', options)}">${l.back}</a></p>`;
  return layout({
    lang,
    large,
    title: `志愿服务记录证明 ${c.number}`,
    body,
    private: true,
    wide: true,
    switchUrl: withPageOptions(myCertificatePathOf(c.number), options),
  });
}
