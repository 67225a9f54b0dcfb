/** What a request's notice is about; `notice-text.ts` renders each kind. */
export const REQUEST_NOTICE_KINDS = [
  'offer',
  'offer-cancelled',
  'received',
  'accepted',
  'completed',
  'escalated',
  'expired',
  'rejected',
  'cancelled',
  'claim-reminder',
  'claim-cancelled',
  'completion-reminder',
  'completion-overdue',
] as const;
export type RequestNoticeKind = (typeof REQUEST_NOTICE_KINDS)[number];
/** Every kind of message that may leave by SMS: a request's notices, a volunteer's sign-in code, a team's invitation. */
export type NoticeKind = RequestNoticeKind | 'sign-in-code' | 'team-invitation';

/** A notice rendered for every channel format; zh-CN, never more personal data than its audience may see. */
export interface RenderedNotice {
  /** Unique per event; receivers deduplicate on it (a json webhook's signed body carries it; `X-Paidan-Event`, unsigned, too). */
  readonly eventId: string;
  readonly kind: NoticeKind;
  /** A short title: email subject, markdown heading. */
  readonly title: string;
  /** Plain text: the SMS body and the email body. */
  readonly text: string;
  /** Markdown for WeCom (企业微信) and DingTalk group robots. */
  readonly markdown: string;
  /** The JSON payload of a plain (`json`) webhook. */
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * The notice's values one by one, for SMS through a mainland provider, whose approved
   * templates take variables instead of free text (`sms-templates.ts`). `renderNotice` always
   * sets them; a notice without them cannot go through a template.
   */
  readonly values?: NoticeValues;
}

/** The values a notice may fill template variables with; which a kind carries: `noticeValuesOf` (sms-templates.ts). */
export type NoticeValueName =
  | 'trackingCode'
  | 'service'
  | 'area'
  | 'team'
  | 'deadline'
  | 'urgency'
  | 'resident'
  | 'residentPhone'
  | 'signInCode'
  | 'reason';
export type NoticeValues = Readonly<Partial<Record<NoticeValueName, string>>>;
