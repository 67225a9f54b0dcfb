/**
 * The IAM actions each messaging channel of the topology grants, in one place: the function
 * construct grants them and `test/infra/adapter-grants.test.ts` checks that every SNS, SES and
 * Secrets Manager command the notify and secrets adapters send is among them (the local stack
 * does not enforce IAM). Which of them a deployment grants depends on its choices: no
 * `sns:Publish` with a mainland SMS provider, no `ses:SendEmail` with SMTP or email off.
 */
export const messagingActions = {
  /** SMS straight to a phone number (SNS Publish with PhoneNumber); no resource ARN exists for it. */
  sms: ['sns:Publish'],
  /** SES v2 SendEmail (simple, raw and templated content alike). */
  email: ['ses:SendEmail'],
  /**
   * A mainland SMS provider's keys, or the SMTP password: read from the one secret each, never
   * listed or written (`shared/adapters/secrets/`).
   */
  secret: ['secretsmanager:GetSecretValue'],
} as const;
