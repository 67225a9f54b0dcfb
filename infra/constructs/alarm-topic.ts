import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { GIVEN_UP } from '#shared/observability/given-up';
import { REFUSED_FOR_GOOD } from '#shared/observability/refusals';

export interface AlarmTopicProps {
  /** Who hears about alarms; without it, subscribe to the topic by hand. */
  readonly email?: string;
}

/** The one sentence synth prints when alarms have nobody to reach. */
export const NO_ALARM_EMAIL_NOTICE =
  'No -c alarmEmail: the alarm topic has no subscriber, so alarms (dead letters, failing runs, server errors) reach nobody. ' +
  'Deploy with -c alarmEmail=ops@example.org, or subscribe to the topic in the output AlarmTopicArn by hand.';

/** The one place alarms go: an encrypted SNS topic, optionally mailed to an operator. */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);

    // A customer managed key, not alias/aws/sns: the AWS managed key's policy cannot be
    // changed to let CloudWatch use it, so alarm actions on such a topic silently fail.
    const key = new kms.Key(this, 'Key', {
      description: 'Encrypts the Paidan alarm topic',
      enableKeyRotation: true,
      // It only protects alarm notifications in flight; nothing stored outlives the topic.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    // CT.KMS.PR.3: grants on this key only for AWS resources or from AWS services, whatever IAM allows.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    // The topic policy CDK writes for enforceSSL replaces SNS's default one, which is what let
    // the account's alarms publish; say so explicitly, for this account's alarms only.
    const { account, region, partition } = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /**
   * Alarms as soon as one message sits in a dead-letter queue: each is a resident's request
   * or a notice that failed every delivery attempt and needs a person.
   */
  alarmOnDeadLetters(id: string, deadLetterQueue: sqs.IQueue, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // An idle queue publishes no datapoints; that is the healthy state.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return this.notified(alarm);
  }

  /**
   * Alarms when a scheduled function fails in half its runs (at least one) in two hours running:
   * the sweep (offers that lapse, escalations), the outbox relay, or the statistics' fold, whose
   * failures no dead-letter queue holds. A run fails when it throws, or when it logs an error
   * (the sweep and the relay go on past a request or message that fails, and log it). A failed
   * run is retried by the next; an hour of failing now and then is noise, two hours of mostly
   * failing need a person.
   */
  alarmOnFailingRuns(
    id: string,
    fn: lambda.IFunction,
    logGroup: logs.ILogGroup,
    everyMinutes: number,
    description: string,
  ): cloudwatch.Alarm {
    const period = Duration.hours(1);
    const logged = new logs.MetricFilter(this, `${id}ErrorLogs`, {
      logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
      metricNamespace: 'Paidan',
      metricName: `${id}ErrorLogs`,
      metricValue: '1',
    });
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: new cloudwatch.MathExpression({
        expression: 'thrown + logged',
        usingMetrics: {
          thrown: fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
          logged: logged.metric({ period, statistic: cloudwatch.Stats.SUM }),
        },
        period,
        label: 'failed runs',
      }),
      threshold: Math.max(1, Math.ceil(60 / everyMinutes / 2)),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return this.notified(alarm);
  }

  /**
   * Alarms on any send refused for good in 5 minutes (the notify consumer's log field
   * `REFUSED_FOR_GOOD`, summed by a metric filter): a notice, a sign-in code or an invitation
   * that nobody will send again, for a cause an operator or a team can fix. A revoked SMS template
   * or signature, an unverified sender, a rotated robot key, a team's removed webhook: each is a
   * person not told until someone acts (a refused number, `REFUSED_NUMBERS`, alarms nobody).
   */
  alarmOnRefusals(id: string, logGroup: logs.ILogGroup, description: string): cloudwatch.Alarm {
    const refusals = new logs.MetricFilter(this, `${id}Refusals`, {
      logGroup,
      filterPattern: logs.FilterPattern.numberValue(`$.${REFUSED_FOR_GOOD}`, '>', 0),
      metricNamespace: 'Paidan',
      metricName: `${id}Refusals`,
      metricValue: `$.${REFUSED_FOR_GOOD}`,
    });
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: refusals.metric({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return this.notified(alarm);
  }

  /**
   * Alarms on any request's notice given up unsent in 5 minutes (the `GIVEN_UP` field of the
   * warnings in `logGroups`, each summed into one metric by a filter): dropped by the relay at its
   * give-up time after failed tries, or a copy redriven after it. Nobody sends it again; its person
   * must be told by hand (the warning names each request id and kind).
   */
  alarmOnGivenUp(id: string, logGroups: Readonly<Record<string, logs.ILogGroup>>, description: string): cloudwatch.Alarm {
    const metricName = `${id}GivenUp`;
    for (const [name, logGroup] of Object.entries(logGroups))
      new logs.MetricFilter(this, `${id}GivenUp-${name}`, {
        logGroup,
        filterPattern: logs.FilterPattern.numberValue(`$.${GIVEN_UP}`, '>', 0),
        metricNamespace: 'Paidan',
        metricName,
        metricValue: `$.${GIVEN_UP}`,
      });
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: new cloudwatch.Metric({ namespace: 'Paidan', metricName, period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return this.notified(alarm);
  }

  /**
   * Alarms when the API answers with server errors (its stage's `5xx` metric, AWS/ApiGateway by
   * ApiId and Stage) in two of three 5-minute periods: a function throwing, timing out or
   * throttled, or a 5xx it answers itself (an issuer it cannot reach). A lone error is not a
   * page; an error every few minutes is.
   */
  alarmOnServerErrors(id: string, stage: apigw.IHttpStage, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric: stage.metricServerError({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    return this.notified(alarm);
  }

  private notified(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
