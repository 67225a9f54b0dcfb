/**
 * An API error in the console's language: by the error's code and message, each field it names by
 * its label, and the server's own (English) words only where nothing here knows them. Pure (no
 * page, no DOM), so the unit tests call it as the consoles do; the consoles' own texts supply the
 * words for each status (`err400`, `err409`, …: see `errorText` in api.ts).
 */
import type { Lang } from '../../i18n';
import { translateIssue } from '../../issue-words';
import { ledgerIssueRules, ledgerMessageRules } from './ledger-error-words';
import { staffActionRules } from './staff-action-words';
import { wallIssueRules } from './wall-error-words';

export interface ErrorFacts {
  /** The HTTP status; 0 when the server could not be reached, -1 for no API error at all. */
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
  /** What a 400 names: `{ field, message }` each. */
  readonly fields?: readonly { readonly field?: unknown; readonly message?: unknown }[];
  /** A 429's `Retry-After`, in seconds. */
  readonly retryAfterSeconds?: number;
}

/** The console's texts for the kinds of failure; `err429` gets `{wait}`. */
export type StatusWords = (
  key: 'errNetwork' | 'err400' | 'err401' | 'err404' | 'err409' | 'err429' | 'errOther',
  vars?: { wait: string },
) => string;

type Words = Readonly<Record<Lang, string>>;
type Rule = readonly [RegExp, (m: RegExpMatchArray) => Words];

const w = (zh: string, en: string): Words => ({ zh, en });

const STATE_CHANGED = w('状态已经变化，请刷新后再试', 'This has changed in the meantime; refresh and try again');
const OFFER_OVER = w(
  '这个派单已经结束（已过期、被收回或已派给其他服务队），请刷新',
  'This offer has ended (expired, withdrawn or given to another team); refresh',
);
const WISH_TAKEN = w('这条心愿刚被别人认领了，或已不在心愿墙上', 'Someone claimed this wish first, or it is no longer on the wall');
const TEAM_UNAVAILABLE = w(
  '本队已暂停接单，或进行中的订单已达同时接单上限：先完成或放弃一个订单',
  'Your team is paused, or holds as many open orders as it takes at once: finish or give one up first',
);

/** Errors known by their code, whatever their message. */
const byCode: Readonly<Record<string, Words>> = {
  ILLEGAL_TRANSITION: STATE_CHANGED,
  WISH_TAKEN,
  TEAM_UNAVAILABLE,
  SIGN_IN_UNAVAILABLE: w('登录服务暂时连不上，请一分钟后再试', 'The sign-in service cannot be reached just now; try again in a minute'),
  PAYLOAD_TOO_LARGE: w('提交的内容太长', 'What was sent is too long'),
  BUSY: w('系统暂时忙不过来，请过几秒再试', 'We are busy right now; try again in a few seconds'),
  CREDIT_RULES_INVALID: w(
    '保存的积分规则有误，这段时间的统计暂时算不出来；请中心管理员通过 /admin/credit-rules 查看并重新保存',
    'The stored credit rules are not valid, so this period cannot be counted yet; a center admin can see and save them again at /admin/credit-rules',
  ),
};

/** Refusals that name no field (409 and the like), by their message; the first that matches. */
const messageRules: readonly Rule[] = [
  [
    /^A request can be reopened only within (\d+) days of its completion/,
    (m) =>
      w(
        `完成 ${m[1]} 天后不能再重新派单；如问题仍在，请代居民重新下单`,
        `A request can be reopened only within ${m[1]} days of its completion; order again for the resident`,
      ),
  ],
  ...staffActionRules,
  ...ledgerMessageRules,
  [
    /^Only a completed request can be rated, and only once/,
    () => w('这条需求已经评价过，或还没有完成', 'This request was rated already, or is not done yet'),
  ],
  [
    /^Taken back, but the chosen team filled up meanwhile; the wish goes back/,
    () =>
      w(
        '已从原服务队收回，但所选服务队刚刚满员，心愿已回到社区审核，需重新发布',
        "Taken back, but the chosen team filled up meanwhile; the wish is back in its station's review, to be published again",
      ),
  ],
  [
    /^Taken back, but the chosen team filled up/,
    () =>
      w(
        '已从原服务队收回，但所选服务队刚刚满员，需求将等待自动派单',
        'Taken back, but the chosen team filled up meanwhile; the request waits for automatic dispatch',
      ),
  ],
  [
    /^Taken back, but it changed meanwhile/,
    () =>
      w(
        '已从原服务队收回，但需求随后又有变化（可能已自动派单），请刷新查看',
        'Taken back, but it changed meanwhile (automatic dispatch may have offered it); refresh to see where it is',
      ),
  ],
  [
    /^A team with the id (.+) exists$/,
    (m) => w(`已有编号为“${m[1]}”的服务队，请换一个编号`, `A team with the id ${m[1]} exists already; choose another id`),
  ],
  [
    /^capacity: the team holds (\d+) open order/,
    (m) =>
      w(
        `这支服务队现在有 ${m[1]} 个进行中的订单，多于新的上限：请等订单完成后再调低，或先暂停接单`,
        `The team holds ${m[1]} open orders right now, more than the new limit: lower it once they are done, or pause the team meanwhile`,
      ),
  ],
  [
    /^The team is being changed by others/,
    () => w('其他人正在修改这支服务队，请稍后再试', 'Someone else is changing this team right now; try again'),
  ],
  [
    /^That team is full or paused/,
    () => w('这支服务队已满或已暂停接单，请选择其他服务队', 'That team is full or paused right now; choose another'),
  ],
  [/^Your team is paused or has as many open orders/, () => TEAM_UNAVAILABLE],
  [/^Someone claimed this wish first|no longer on the wall/, () => WISH_TAKEN],
  [/claims wishes in its own area only$/, () => w('这个单位只能认领本区域的心愿', 'This unit claims wishes in its own area only')],
  [
    /^Your team accepted this order already/,
    () =>
      w(
        '本队已经接了这个订单（其他队员先接了）；如果去不了，请打电话给服务站退回',
        'Your team accepted this order already (a teammate was first); if you cannot go, call the station to give it back',
      ),
  ],
  [
    /^This link is for an earlier offer to your team/,
    () =>
      w(
        '这是之前的派单链接：这个需求已重新派给本队，请打开最新的派单通知接单或婉拒',
        'This is an earlier offer link: the request is offered to your team again; open the latest offer notice to accept or decline',
      ),
  ],
  [/^This offer|open offer/, () => OFFER_OVER],
  [
    /^Only the team that accepted this request can complete it/,
    () => w('这个订单已经报告过完成，或已不是本队的订单', 'This order was reported done already, or is no longer your team’s'),
  ],
  [
    /^This request is [A-Z]+: its hours are credited as they stand/,
    () =>
      w(
        '这条需求已结束，服务时长已按原样记入积分；如有误，请用“更正服务时长”',
        'This request has ended and its hours are credited as they stand; if they are wrong, use Correct the hours',
      ),
  ],
  [
    /^This request is [A-Z]+: it ended without a visit/,
    () =>
      w(
        '这条需求已取消、已过期或被退回，没有上门服务，没有服务时长可登记',
        'This request was cancelled, lapsed or turned back without a visit: it has no hours to record',
      ),
  ],
  [
    /^This request is [A-Z]+: until it is closed, record its hours/,
    () => w('这条需求还没有结单：请用“登记服务时长”', 'This request is not closed yet: record its hours instead'),
  ],
  [
    /its credits are voided, not corrected/,
    () => w('投诉属实，这条需求的积分已作废，不能再更正时长', 'A complaint was upheld: its credits are voided and cannot be corrected'),
  ],
  [
    /^The credits of this request are being posted/,
    () => w('积分正在入账，请一分钟后再试', 'The credits are being posted; try again in a minute'),
  ],
  [
    /^Only an accepted or completed request has hours to record|^Only a team's order has hours staff record/,
    () =>
      w(
        '只有服务队已接单或已完成的需求才能登记服务时长（个人或单位认领的心愿由认领人自己填报）',
        'Hours are recorded only for an order a team accepted or completed (a volunteer or unit reports their own claimed wish)',
      ),
  ],
  [/^A volunteer with this phone/, () => w('这个手机号已登记过志愿者', 'A volunteer with this mobile number is registered already')],
  [
    /^A volunteer with this identity document/,
    () => w('这个证件已登记过志愿者', 'A volunteer with this identity document is registered already'),
  ],
  [/^Certificate number taken/, () => w('证明编号冲突，请再试一次', 'The certificate number was taken; try again')],
  [/^The certificate is revoked already/, () => w('这份证明已经撤销过了', 'The certificate is revoked already')],
  [
    /changed (in the meantime|meanwhile|at the same time)|^Only (an offered|escalated)|can no longer be|is not waiting for review/,
    () => STATE_CHANGED,
  ],
];

/** What a field issue says, for the messages the consoles' forms can get back; the first that matches. */
const issueRules: readonly Rule[] = [
  [/^Say why/, () => w('请填写原因', 'Give a reason')],
  [
    /^(.+) not in the PDF's font/,
    (m) =>
      w(
        `PDF 字体中没有 ${m[1]}，无法生成 PDF；志愿者可在“我的志愿服务”中打开这份证明打印`,
        `${m[1]} is not in the PDF's font: the volunteer can print the certificate from their own page`,
      ),
  ],
  ...wallIssueRules,
  ...ledgerIssueRules,
  [/^No such area$/, () => w('找不到这个地区，请重新选择', 'No such area; choose another')],
  [
    /^This area is retired/,
    () => w('这个地区已撤销（不在最新的区划表中），请重新选择', 'This area is retired (no longer in the division table); choose another'),
  ],
  [/^No such service/, () => w('菜单中没有这项服务', 'This service is not on the menu')],
  [/^No such category$/, () => w('没有这个服务类别', 'No such category')],
  [
    /^A new team handles at most (\d+) services, its categories' included \(these make (\d+)\)/,
    (m) =>
      w(
        `新建服务队最多承接 ${m[1]} 项服务（含所选类别中的服务，现在是 ${m[2]} 项）；请先少选一些，建好后再添加`,
        `A new team takes at most ${m[1]} services, its categories’ included (these make ${m[2]}); choose fewer, and add the rest once it is created`,
      ),
  ],
  [/^No such team$/, () => w('没有这支服务队', 'No such team')],
  [/^No such volunteer$/, () => w('没有这位志愿者', 'No such volunteer')],
  [
    /^Email is off in this deployment/,
    () => w('本系统没有开通邮件通知，请改用短信或群机器人', 'Email is off here; use SMS or a group robot'),
  ],
  [/^Must not be after `to`$/, () => w('开始日期不能晚于结束日期', 'Must not be after the end date')],
  [/^At most (twelve months|a year) at once$/, () => w('一次最多查询一年', 'At most a year at once')],
  [/^The period ends after today$/, () => w('结束日期不能晚于今天', 'The period cannot end after today')],
  [/^The period ends before it starts$/, () => w('结束日期不能早于开始日期', 'The period ends before it starts')],
  [/^(A date, YYYY-MM-DD|Not a date|A date from 2000 to 2099)$/, () => w('请填写正确的日期', 'Enter a date')],
  [
    /^Not a team (this request can be dispatched to|with free capacity)/,
    () =>
      w(
        '不能派给这支服务队（不接这项服务、不在服务范围内或已满）',
        'Not a team this request can go to (other services, outside its reach, or full)',
      ),
  ],
  [/^The request is already with this team$/, () => w('需求已经在这支服务队手里', 'The request is already with this team')],
  [
    /^Not a valid resident identity number/,
    () => w('身份证号码不对（18 位，最后一位是数字或 X）', 'Not a valid resident identity number (18 characters, the last a digit or X)'),
  ],
  [
    /^No service of this volunteer in your area/,
    () => w('这段时间里没有这位志愿者在您区域的服务记录', 'No service of this volunteer in your area in this period'),
  ],
  [/^Not a member of this team$/, () => w('不是本队队员', 'Not a member of this team')],
  [/^Listed twice$/, () => w('同一位志愿者填了两次', 'The same volunteer is listed twice')],
  [
    /^More than one member of the team goes by this name/,
    () => w('本队有不止一位队员叫这个名字，请改填志愿者编号', 'More than one member of your team has this name: give the volunteer number'),
  ],
  [/^At least 0 \(0: not there\)$/, () => w('不能小于 0（0 表示没有到场）', 'At least 0 (0: not there)')],
  [
    /^A visit keeps at least one volunteer/,
    () => w('至少要保留一位志愿者；如果没有人服务，请作废积分', 'Keep at least one volunteer; if nobody served, void the credits'),
  ],
  [/^Invalid string: must match pattern/, () => w('格式不对', 'Not in the expected form')],
  [/^Invalid email/, () => w('请填写正确的邮箱地址', 'Enter an email address')],
  [/^Too small: expected array to have >=?(\d+)/, (m) => w(`请至少选择 ${m[1]} 项`, `Choose at least ${m[1]}`)],
  [/^Too big: expected array to have <=?(\d+)/, (m) => w(`最多 ${m[1]} 项`, `At most ${m[1]}`)],
];

/** Field labels by path, list positions left out (`channels.0.address` is `channels.address`). */
const fieldLabels: Readonly<Record<string, Words>> = {
  '(body)': w('提交的内容', 'The request'),
  id: w('编号', 'Id'),
  name: w('名称', 'Name'),
  'name.zh': w('名称（中文）', 'Name (Chinese)'),
  'name.en': w('名称（英文）', 'Name (English)'),
  stationAreaId: w('所属站点', 'Station'),
  servesAreaId: w('服务范围', 'Serves'),
  capacity: w('同时接单上限', 'Orders at once'),
  services: w('服务项目', 'Services'),
  categories: w('服务类别', 'Categories'),
  channels: w('通知渠道', 'Notice channels'),
  'channels.address': w('通知邮箱', 'Notice email'),
  'channels.url': w('通知地址', 'Notice address'),
  'channels.phone': w('通知手机号', 'Notice phone'),
  about: w('简介', 'About'),
  reason: w('原因', 'Reason'),
  stars: w('居民的评价', 'The resident’s rating'),
  comment: w('居民的原话', 'What the resident said'),
  note: w('备注', 'Note'),
  teamId: w('服务队', 'Team'),
  text: w('心愿内容', 'The wish'),
  wisher: w('心愿人称呼', 'The wisher'),
  phone: w('手机号', 'Mobile number'),
  homeAreaId: w('所在社区', 'Community'),
  volunteerNumber: w('志愿者编号', 'Volunteer number'),
  identity: w('证件', 'Identity document'),
  'identity.type': w('证件类型', 'Identity document'),
  'identity.number': w('证件号码', 'Document number'),
  areaId: w('地区', 'Area'),
  area: w('地区', 'Area'),
  unitId: w('爱心单位', 'Work unit'),
  contactName: w('联系人', 'Contact person'),
  contactPhone: w('联系电话', 'Contact phone'),
  from: w('开始日期', 'From'),
  to: w('结束日期', 'To'),
  status: w('状态', 'Status'),
  service: w('服务项目', 'Service'),
  overdue: w('是否超时', 'Overdue'),
  organization: w('出具组织', 'Issuing organization'),
  personInCharge: w('负责人', 'Person in charge'),
  contact: w('联系方式', 'Contact'),
  hours: w('服务时长', 'Hours'),
  'hours.volunteer': w('志愿者', 'Volunteer'),
  'hours.volunteerId': w('志愿者', 'Volunteer'),
  'hours.minutes': w('时长（分钟）', 'Minutes'),
  minutes: w('时长（分钟）', 'Minutes'),
};

function firstMatch(rules: readonly Rule[], text: string): Words | undefined {
  for (const [pattern, words] of rules) {
    const m = text.match(pattern);
    if (m) return words(m);
  }
  return undefined;
}

/** A field issue's message in `lang`: the consoles' messages, then the resident form's, then as the server said it. */
export function issueText(message: string, lang: Lang): string {
  return firstMatch(issueRules, message)?.[lang] ?? translateIssue(message, lang);
}

/** A field's label in `lang`; a path nothing here knows, as given. */
export function fieldLabel(path: string, lang: Lang): string {
  return (
    fieldLabels[
      path
        .split('.')
        .filter((part) => !/^\d+$/.test(part))
        .join('.')
    ]?.[lang] ?? path
  );
}

/** A wait in whole minutes (at least one), or hours past two. */
export function waitText(seconds: number | undefined, lang: Lang): string {
  const minutes = Math.max(1, Math.ceil((seconds ?? 60) / 60));
  if (minutes > 120) {
    const hours = Math.ceil(minutes / 60);
    return lang === 'zh' ? `${hours} 小时` : `${hours} hours`;
  }
  return lang === 'zh' ? `${minutes} 分钟` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The error in plain words: the kind of failure, then what exactly, translated where known. */
export function errorMessage(facts: ErrorFacts, lang: Lang, words: StatusWords): string {
  const [open, sep, close] = lang === 'zh' ? ['（', '；', '）'] : [' (', '; ', ')'];
  const colon = lang === 'zh' ? '：' : ': ';
  const message = facts.message ?? '';
  const known = (facts.code ? byCode[facts.code] : undefined) ?? firstMatch(messageRules, message);
  const { status } = facts;
  if (status === 0) return words('errNetwork');
  if (status === 401) return words('err401');
  if (status === 404) return words('err404');
  if (status === 429) return words('err429', { wait: waitText(facts.retryAfterSeconds, lang) });
  const fields = (facts.fields ?? []).filter((f) => f && typeof f === 'object');
  if (status === 400 && fields.length) {
    const named = fields.map((f) => `${fieldLabel(String(f.field ?? ''), lang)}${colon}${issueText(String(f.message ?? ''), lang)}`);
    return `${words('err400')}${open}${named.join(sep)}${close}`;
  }
  if (known) return known[lang];
  const base = words(status === 400 ? 'err400' : status === 409 ? 'err409' : 'errOther');
  // The server's words only where nothing here knows them; a 500 says nothing worth repeating.
  return message && status > 0 && status < 500 ? `${base}${open}${message}${close}` : base;
}
