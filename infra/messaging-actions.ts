/**
 * The IAM actions each messaging channel of the topology grants, in one place: the function
 * construct grants them and `test/infra/adapter-grants.test.ts` checks that every SNS and SES
 * command the notify adapters send is among them (the local stack does not enforce IAM).
 */
export const messagingActions = {
  /** SMS straight to a phone number (SNS Publish with PhoneNumber); no resource ARN exists for it. */
  sms: ['sns:Publish'],
  /** SES v2 SendEmail (simple, raw and templated content alike). */
  email: ['ses:SendEmail'],
} as const;
