/**
 * AWS Control Tower's proactive controls, run on every synth as cfn-guard rules
 * (`@cdklabs/cdk-validator-cfnguard`, which ships the rules and the cfn-guard binary), beside
 * cdk-nag. What the stack fixes is fixed where the resource is made (or by the aspect below);
 * what it keeps is acknowledged on the resource with its reason, through the same
 * `Validations.acknowledge` as cdk-nag's findings. docs/deploy-china.md lists both.
 */
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  type IAspect,
  type IPolicyValidationContextBeta1,
  type IPolicyValidationPluginBeta1,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/**
 * The Control Tower rules as a validation plugin. The validator reports violations without a
 * severity, and CDK, once any of a report's findings is acknowledged, counts a report as passed
 * when none of what is left is an 'error' or 'fatal': so every finding is marked an error here,
 * and an unacknowledged one fails synthesis as cdk-nag's do (test/infra/partitions.test.ts).
 */
export function controlTowerChecks(): IPolicyValidationPluginBeta1 {
  const guard = new CfnGuardValidator();
  return {
    name: guard.name,
    version: guard.version,
    ruleIds: guard.ruleIds,
    validate(context: IPolicyValidationContextBeta1) {
      const report = guard.validate(context);
      return { ...report, violations: report.violations.map((v) => ({ ...v, severity: v.severity ?? 'error' })) };
    },
  };
}

/** The acknowledgement id of a Control Tower rule, as the validator names it. */
export function guardRule(rule: ControlTowerRule): string {
  return `cdk-validator-cfnguard::${rule}`;
}

/** The controls the template has reason to keep (each acknowledged where it applies). */
export type ControlTowerRule =
  | 'api_gw_v2_authorization_type_configured_check'
  | 'cloudwatch_log_group_encrypted_check'
  | 'lambda_function_public_access_prohibited_check'
  | 'lambda_inside_vpc_check'
  | 'sqs_dlq_check';

/**
 * CT.CLOUDWATCH.PR.2 asks for a year; the Cybersecurity Law (art. 21) for at least six months
 * of network logs. The logs hold no personal data (test/integration/personal-data-in-logs.test.ts),
 * so keeping them a year costs little and answers both.
 */
export const LOG_RETENTION_DAYS = 365;

/**
 * CT.LAMBDA.PR.2: every permission a service principal gets to invoke a function (API Gateway
 * routes, EventBridge schedules) names this account as its source, so no other account's API
 * or rule can invoke our functions even where the source ARN is a pattern.
 */
export class SourceAccountOnInvokePermissions implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof lambda.CfnPermission)) return;
    const principal = node.principal;
    const isService = !Token.isUnresolved(principal) && principal.endsWith('.amazonaws.com');
    if (!isService) return;
    if (node.sourceAccount === undefined) node.sourceAccount = Stack.of(node).account;
    // The control reads only a literal account: a synth that knows the account (the CLI's
    // credentials, or -c account=…) passes it; one that does not writes AWS::AccountId, which
    // CloudFormation resolves to the same account at deploy.
    if (Token.isUnresolved(node.sourceAccount)) {
      Validations.of(node).acknowledge({
        id: guardRule('lambda_function_public_access_prohibited_check'),
        reason:
          'SourceAccount is the deploying account (AWS::AccountId, resolved at deploy); the control accepts only a literal, ' +
          'which a synth with the account known writes instead.',
      });
    }
  }
}

/** CT.LAMBDA.PR.3, kept: a function outside a VPC. */
export function acknowledgeOutsideVpc(fn: IConstruct): void {
  Validations.of(fn).acknowledge({
    id: guardRule('lambda_inside_vpc_check'),
    reason:
      'The functions reach only regional AWS endpoints (DynamoDB, SQS, SNS, Secrets Manager) under IAM, and the SMS and mail ' +
      'providers over TLS; they reach nothing private. A VPC would add NAT gateways or an interface endpoint per service ' +
      '(a fixed monthly cost larger than the whole workload at a city\u2019s scale) and longer cold starts, for no network to protect.',
  });
}

/** CT.CLOUDWATCH.PR.3, kept: a log group encrypted with the service's key, not one of ours. */
export function acknowledgeServiceEncryptedLogs(logGroup: IConstruct): void {
  Validations.of(logGroup).acknowledge({
    id: guardRule('cloudwatch_log_group_encrypted_check'),
    reason:
      'CloudWatch Logs encrypts every log group at rest with a service key. A customer managed key would add a key policy per ' +
      'partition (the logs service principal is regional) and a monthly key charge, and buys only crypto-shredding, which ' +
      'logs without personal data (tested) do not need.',
  });
}
