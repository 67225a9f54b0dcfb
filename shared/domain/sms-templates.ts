/**
 * SMS in mainland China goes out only through a registered signature (签名) and templates
 * (模板) the provider approved, with variables in place of free text. This module holds the
 * config that maps each notice kind to its template and says which of the notice's values fill
 * which variable, checks it (the same check runs at synth and at each cold start), and fills a
 * template from a rendered notice.
 *
 * Variable limits, as the providers document them:
 * - Alibaba Cloud SMS: notification-template variables take 1 to 35 characters (templates applied
 *   for after 2018-01-10); a template may be approved with the limit lifted, the whole message
 *   (signature, fixed text and values) staying within 500 characters. (help.aliyun.com, "长变量短信
 *   发送与字符限制是什么?" document 3041859, and "Examples for the TemplateRule&TemplateContent
 *   parameters"; variable names start with a letter, letters, digits and underscores.)
 * - Tencent Cloud SMS: a verification code is at most 6 digits; a notification variable's limit
 *   is the one the console's template page shows (模板创建页), so 12 by default; the message stays
 *   within 500 characters; variables are `{1}`, `{2}`… in order, never adjacent, and a link may
 *   never be a variable (cloud.tencent.com/document/product/382/39023, "正文模板审核标准").
 * Both forbid links in variables, so no link is among the values (any a free-text value holds is
 * cut out when a template is filled, `withoutWebAddresses`): put the deployment's ICP-filed
 * address into the template's fixed text.
 */
import { withoutWebAddresses } from './web-addresses';
import * as z from './zod';
import { REQUEST_NOTICE_KINDS, type NoticeKind, type NoticeValueName, type RenderedNotice } from './rendered-notice';

export type SmsProvider = 'sns' | 'aliyun' | 'tencent';
export type MainlandSmsProvider = Exclude<SmsProvider, 'sns'>;
export const SMS_PROVIDERS: readonly SmsProvider[] = ['sns', 'aliyun', 'tencent'];

export const NOTICE_KINDS: readonly NoticeKind[] = [...REQUEST_NOTICE_KINDS, 'sign-in-code', 'team-invitation'];

/**
 * Kinds a config may leave out: a deployment whose templates predate the wish wall (or the
 * invitation SMS, the resident's notice of a cancellation by staff, or the completion deadline's
 * reminder and overdue warning to a team) deploys as before, and such
 * a notice to a phone is then refused for good, before any call to the provider (a team's other
 * channels still get the reminder; the invitation still waits on the person's page; the resident's
 * status page still says the request was cancelled, and why).
 */
const OPTIONAL_KINDS: readonly NoticeKind[] = [
  'claim-reminder',
  'claim-cancelled',
  'team-invitation',
  'cancelled',
  'completion-reminder',
  'completion-overdue',
];

/** Characters per variable value unless the deployment's templates are approved for more (`paramMaxLength`). */
export const DEFAULT_PARAM_LIMIT: Readonly<Record<MainlandSmsProvider, number>> = { aliyun: 35, tencent: 12 };
/** Both providers: the whole message, signature and values included, within 500 characters. */
const MESSAGE_LIMIT = 500;

const RESIDENT_VALUES: readonly NoticeValueName[] = ['trackingCode', 'service', 'team'];
/** The values each notice kind carries (what `renderNotice` puts into `values`). */
export const noticeValuesOf: Readonly<Record<NoticeKind, readonly NoticeValueName[]>> = {
  offer: ['service', 'area', 'deadline', 'urgency', 'resident', 'residentPhone'],
  'offer-cancelled': ['service', 'area'],
  received: RESIDENT_VALUES,
  accepted: RESIDENT_VALUES,
  completed: RESIDENT_VALUES,
  escalated: RESIDENT_VALUES,
  expired: RESIDENT_VALUES,
  rejected: RESIDENT_VALUES,
  // The reason staff gave, masked and cut (`staffReasonForSms`, notice-text.ts).
  cancelled: [...RESIDENT_VALUES, 'reason'],
  'sign-in-code': ['signInCode'],
  'claim-reminder': ['service', 'area', 'deadline'],
  'claim-cancelled': ['service', 'area'],
  'completion-reminder': ['service', 'area', 'deadline'],
  'completion-overdue': ['service', 'area', 'deadline'],
  'team-invitation': ['team'],
};

/**
 * The longest each value can be, where its form fixes it: a tracking code is 8 digits, a deadline
 * `12月31日 23:59`, urgency 紧急 or 普通, a masked phone `139****5678` (a foreign one `****1234`).
 * Names (service, area, team, resident) and the reason staff gave have no such bound and are shortened to fit.
 */
export const FIXED_VALUE_LENGTH: Readonly<Partial<Record<NoticeValueName, number>>> = {
  trackingCode: 8,
  deadline: 12,
  urgency: 2,
  residentPhone: 11,
  signInCode: 6,
};

const valueName = z.enum([
  'trackingCode',
  'service',
  'area',
  'team',
  'deadline',
  'urgency',
  'resident',
  'residentPhone',
  'signInCode',
  'reason',
]);
/** A value by name, or with a shorter length to cut it to (e.g. a long area name). */
const param = z.union([valueName, z.strictObject({ value: valueName, maxLength: z.int().check(z.gte(1), z.lte(MESSAGE_LIMIT)) })]);
export type TemplateParam = z.infer<typeof param>;

const signName = z.string().check(z.trim(), z.minLength(2), z.maxLength(20));
/** Tencent Cloud takes signatures of 2 to 12 characters (error code page 382/59177, `SignatureIncorrectOrUnapproved`). */
const tencentSignName = z
  .string()
  .check(z.trim(), z.minLength(2, 'a signature of 2 to 12 characters'), z.maxLength(12, 'a signature of 2 to 12 characters'));
const paramMaxLength = z.optional(z.int().check(z.gte(1), z.lte(MESSAGE_LIMIT)));

const aliyunTemplate = z.strictObject({
  templateCode: z.string().check(z.regex(/^SMS_\d+$/, 'an approved template code such as SMS_123456789')),
  /** Variable name (`${name}` in the template) to value. */
  params: z.record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,24}$/, 'a variable name: a letter, then letters, digits, _')), param),
});
const tencentTemplate = z.strictObject({
  templateId: z.string().check(z.regex(/^\d+$/, 'an approved template id (digits)')),
  /** `{1}`, `{2}`… in order. */
  params: z.array(param).check(z.maxLength(20)),
});

const templatesOf = <T extends z.ZodMiniType>(template: T) =>
  z.partialRecord(z.enum(NOTICE_KINDS as [NoticeKind, ...NoticeKind[]]), template);

const aliyunConfig = z.strictObject({
  provider: z.literal('aliyun'),
  signName,
  paramMaxLength,
  templates: templatesOf(aliyunTemplate),
});
const tencentConfig = z.strictObject({
  provider: z.literal('tencent'),
  signName: tencentSignName,
  /** The SMS application (SdkAppId) the signature and templates belong to. */
  sdkAppId: z.string().check(z.regex(/^\d+$/, 'the SMS application id (digits)')),
  /** The API region, e.g. ap-guangzhou (the SMS API serves ap-guangzhou, ap-beijing, ap-nanjing). */
  region: z._default(z.string().check(z.regex(/^[a-z]+-[a-z]+$/)), 'ap-guangzhou'),
  paramMaxLength,
  templates: templatesOf(tencentTemplate),
});
const smsTemplateConfig = z.discriminatedUnion('provider', [aliyunConfig, tencentConfig]);

export type AliyunSmsConfig = z.infer<typeof aliyunConfig>;
export type TencentSmsConfig = z.infer<typeof tencentConfig>;
export type SmsTemplateConfig = z.infer<typeof smsTemplateConfig>;

/** A config that cannot work; the message is one sentence naming what to change. */
export class SmsTemplateConfigError extends Error {
  override readonly name = 'SmsTemplateConfigError';
}

/**
 * Parses and checks a template config for `provider` (the config's own `provider` may be left
 * out; when given it must agree). Throws SmsTemplateConfigError: a shape that does not parse,
 * a notice kind without a template, a value a kind does not carry, a value or length over the
 * provider's limit, or a variable used twice.
 */
export function parseSmsTemplateConfig(provider: MainlandSmsProvider, input: unknown): SmsTemplateConfig {
  const withProvider = typeof input === 'object' && input !== null && !('provider' in input) ? { ...input, provider } : input;
  const parsed = smsTemplateConfig.safeParse(withProvider);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'the top level';
    throw new SmsTemplateConfigError(`The SMS template config is invalid at ${where}: ${issue.message}.`);
  }
  const config = parsed.data;
  if (config.provider !== provider) {
    throw new SmsTemplateConfigError(`The SMS template config is written for ${config.provider}, but the SMS provider is ${provider}.`);
  }
  const limit = paramLimit(config);
  const required = NOTICE_KINDS.filter((kind) => !OPTIONAL_KINDS.includes(kind));
  for (const kind of NOTICE_KINDS) {
    const template = config.templates[kind];
    if (!template && OPTIONAL_KINDS.includes(kind)) continue;
    if (!template) {
      throw new SmsTemplateConfigError(
        `The SMS template config has no template for the "${kind}" notice; every notice kind needs one (${required.join(', ')}).`,
      );
    }
    const params: Array<[string, TemplateParam]> = Array.isArray(template.params)
      ? template.params.map((p, i) => [`{${i + 1}}`, p])
      : Object.entries(template.params);
    const carried = noticeValuesOf[kind];
    const seen = new Set<string>();
    for (const [variable, p] of params) {
      const value = paramValue(p);
      if (!carried.includes(value)) {
        throw new SmsTemplateConfigError(
          `The SMS template for the "${kind}" notice fills ${variable} with "${value}", which ${kind} notices do not carry (they carry ${carried.join(', ')}).`,
        );
      }
      const declared = typeof p === 'string' ? undefined : p.maxLength;
      const fixed = FIXED_VALUE_LENGTH[value];
      if (declared !== undefined && declared > limit) {
        throw new SmsTemplateConfigError(
          `The SMS template for the "${kind}" notice allows ${variable} ${declared} characters, over ${config.provider}'s limit of ${limit} per variable (paramMaxLength).`,
        );
      }
      if (fixed !== undefined && fixed > Math.min(limit, declared ?? limit)) {
        throw new SmsTemplateConfigError(
          `The SMS template for the "${kind}" notice fills ${variable} with "${value}", up to ${fixed} characters, over the limit of ${Math.min(limit, declared ?? limit)} per variable.`,
        );
      }
      if (seen.has(value) && config.provider === 'aliyun') {
        // Alibaba notification templates take each variable once; two names for one value is a mistake.
        throw new SmsTemplateConfigError(`The SMS template for the "${kind}" notice uses "${value}" twice.`);
      }
      seen.add(value);
    }
  }
  return config;
}

/** The config as written in a JSON text (a file's content or an environment variable). */
export function parseSmsTemplateJson(provider: MainlandSmsProvider, json: string): SmsTemplateConfig {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch {
    throw new SmsTemplateConfigError('The SMS template config is not valid JSON.');
  }
  return parseSmsTemplateConfig(provider, input);
}

export function paramLimit(config: SmsTemplateConfig): number {
  return config.paramMaxLength ?? DEFAULT_PARAM_LIMIT[config.provider];
}

function paramValue(p: TemplateParam): NoticeValueName {
  return typeof p === 'string' ? p : p.value;
}

/** A value cut to `max` characters (code points), the last one an ellipsis when cut. */
function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A value as a variable may carry it: 【】 mark the signature to carriers and the providers' rules
 * refuse them in content, so they become （）; emoji are dropped, with the joiners, variation
 * selectors, skin tones, flag letters and tags that build them. Han characters outside the BMP
 * (a surname such as 𠮷 or 𪚥) are kept: they are a person's or a place's name.
 */
export function smsSafe(text: string): string {
  return text
    .replace(/【/g, '（')
    .replace(/】/g, '）')
    .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u{E0020}-\u{E007F}]|\u200D|\uFE0E|\uFE0F|\u20E3/gu, '');
}

/** Filled templates: a provider refuses an empty variable, so an absent value is a dash. */
function fill(config: SmsTemplateConfig, notice: RenderedNotice, p: TemplateParam): string {
  const name = paramValue(p);
  const max = Math.min(paramLimit(config), typeof p === 'string' ? Number.POSITIVE_INFINITY : p.maxLength);
  // Free text (a name, a staff reason) may hold a link, which both providers refuse in a variable.
  const value = smsSafe(withoutWebAddresses(notice.values?.[name] ?? '')).trim();
  return shorten(value ? value : '-', max);
}

export interface FilledAliyunTemplate {
  readonly templateCode: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface FilledTencentTemplate {
  readonly templateId: string;
  readonly params: readonly string[];
}

/** Thrown for a notice the config has no template for, or one rendered without values. */
export class UnfillableNoticeError extends Error {
  override readonly name: string = 'UnfillableNoticeError';
}

/** The config has no template for the notice's kind (only an optional kind passes the config's check without one). */
export class NoSmsTemplateError extends UnfillableNoticeError {
  override readonly name = 'NoSmsTemplateError';
}

export function fillAliyunTemplate(config: AliyunSmsConfig, notice: RenderedNotice): FilledAliyunTemplate {
  const template = templateFor(config, notice);
  const params = Object.fromEntries(Object.entries(template.params).map(([name, p]) => [name, fill(config, notice, p)]));
  return { templateCode: template.templateCode, params };
}

export function fillTencentTemplate(config: TencentSmsConfig, notice: RenderedNotice): FilledTencentTemplate {
  const template = templateFor(config, notice);
  return { templateId: template.templateId, params: template.params.map((p) => fill(config, notice, p)) };
}

function templateFor<C extends SmsTemplateConfig>(config: C, notice: RenderedNotice): NonNullable<C['templates'][NoticeKind]> {
  const template = config.templates[notice.kind] as NonNullable<C['templates'][NoticeKind]> | undefined;
  if (!template) throw new NoSmsTemplateError(`no SMS template for the "${notice.kind}" notice`);
  if (!notice.values) throw new UnfillableNoticeError(`the "${notice.kind}" notice carries no template values`);
  return template;
}
