/** Consumer of the notify queue: offers to teams, status news to residents, sign-in codes to registered volunteers, teams' invitations. */
import { parseNotifyMessage } from '#shared/domain/notices';
import { sqsHandler } from '#shared/lambda/sqs-handler';
import { refusalFields, smsRefusalFields } from '#shared/observability/refusals';
import { sendNotice } from '#shared/use-cases/send-notice';
import { sendSignInCode } from '#shared/use-cases/send-sign-in-code';
import { sendTeamInvitation } from '#shared/use-cases/send-team-invitation';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';
import { NOTIFY_RECORDS, notificationAdapters, notifyCopyRetriedUntil } from '#shared/wiring/notification-adapters';
import { notificationSettings } from '#shared/wiring/notification-settings';

const { env, logger, tables, clock, dynamo } = functionContext('send-notifications', {
  ...table.dispatching,
  areas: table.areas,
  signingKeys: table.signingKeys,
  volunteers: table.volunteers,
  invitations: table.invitations,
  units: table.units,
  signInCodes: table.signInCodes,
  limiter: table.limiter,
});
const notify = notificationAdapters(
  env.TABLE_NAME,
  { ...notificationSettings(env), devOutbox: env.PAIDAN_DEV_OUTBOX === 'on', localWebhooks: env.PAIDAN_LOCAL_WEBHOOKS === 'on' },
  dynamo,
);
const deps = { ...tables, ...notify, clock, publicUrl: env.PUBLIC_URL, quietHours: env.PAIDAN_QUIET_HOURS !== 'off' };

export const handler = sqsHandler(
  logger,
  async (record, context, log) => {
    notify.noticeDeliveries.registerLambdaContext(context);
    const notice = parseNotifyMessage(record.body);
    if (notice.kind === 'sign-in-code') {
      // The outcome only, never the phone.
      const outcome = await sendSignInCode(deps, notice);
      const fields = { notice: notice.kind, outcome: outcome.kind };
      if (outcome.kind === 'refused')
        log.warn('sign-in code refused by the SMS provider', { ...fields, cause: outcome.cause, ...smsRefusalFields(outcome.refusal) });
      else if (outcome.kind === 'no-template')
        log.warn('sign-in code not sent: the SMS template config has no template for it', { ...fields, cause: outcome.cause });
      else if ('unrecorded' in outcome) log.warn('sign-in code sent, not recorded: a redelivery may send it again', fields);
      else log.info('sign-in code handled', fields);
      return;
    }
    if (notice.kind === 'team-invitation') {
      // The invitation's id (it names the team) and the outcome, never the phone.
      const outcome = await sendTeamInvitation(deps, notice);
      const fields = { notice: notice.kind, invitationId: notice.id, outcome: outcome.kind };
      if (outcome.kind === 'refused')
        log.warn('team invitation SMS refused by the SMS provider', {
          ...fields,
          cause: outcome.cause,
          ...smsRefusalFields(outcome.refusal),
        });
      // Optional: the invitation still waits on the person's page.
      else if (outcome.kind === 'no-template')
        log.info('team invitation SMS not sent: no SMS template for it (optional; the invitation waits on the person’s page)', fields);
      else if (outcome.kind === 'held')
        log.warn("team invitation SMS held: the phone's or the deployment's day of invitation SMS is spent", fields);
      else if ('unrecorded' in outcome) log.warn('team invitation SMS sent, not recorded: a redelivery may send it again', fields);
      else log.info('team invitation handled', fields);
      return;
    }
    const outcome = await sendNotice(deps, notice, { retriedUntil: notifyCopyRetriedUntil(record, clock.now()) });
    const fields = { requestId: notice.requestId, notice: notice.kind, ...outcome };
    if (outcome.kind === 'skipped' && outcome.reason === 'no-sms-template')
      log.warn('notice not sent: the SMS template config has no template for its kind (optional; register one to send it)', fields);
    else if (outcome.kind === 'skipped' && outcome.givenUp)
      log.warn('notice given up: it came after its give-up time; tell this person by hand', fields);
    else if (outcome.kind === 'skipped') log.info('notice skipped', fields);
    // Each refusal's cause (a provider's code, a webhook's status): not sent to that target again.
    // Counted for the alarm only when an operator or the team can fix it.
    else if (outcome.refusals)
      log.warn('notice refused for good by a target: not sent to it again', { ...fields, ...refusalFields(outcome) });
    else if (outcome.withoutTemplate) log.warn('notice not sent by SMS: no SMS template for its kind; its other targets handled', fields);
    else log.info('notice delivered', fields);
  },
  // A batch's notices at once: it takes one notice's budget whatever its size.
  NOTIFY_RECORDS,
);
