import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpTrigger } from '#shared/topology/topology';
import { acknowledgeServiceEncryptedLogs, guardRule } from '../compliance';

export interface PublicApiProps {
  /** Default-stage limits across all routes: what the API absorbs before answering 429. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * A regional custom domain mapped to the `$default` stage, with the ACM certificate (same
   * region) covering it: the address the deployment publishes instead of execute-api's.
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
}

/**
 * The HTTP API: a `$default` stage with throttling and access logs. Residents' routes are
 * public by design (each acknowledged as such, see `addRoute`); `auth: 'admin'` routes are
 * behind the admin JWT authorizer. Pages are served from the same origin, so no CORS.
 */
export class PublicApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly accessLogs: logs.LogGroup;
  /** The `$default` stage, every route's. */
  readonly stage: apigw.HttpStage;
  /** The custom domain, when one was given: DNS points its name (CNAME) at its `regionalDomainName`. */
  readonly domain?: apigw.DomainName;
  private readonly integrations = new Map<lambda.IFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);

    // Our own stage instead of createDefaultStage, which offers no throttling or access logs.
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Paidan resident API',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    acknowledgeServiceEncryptedLogs(this.accessLogs);
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        // routeKey, not path: paths carry request ids that act as residents' access tokens,
        // and an access log is no place for those.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            ip: '$context.identity.sourceIp',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseBytes: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    if (props.customDomain) {
      this.domain = new apigw.DomainName(this, 'CustomDomain', {
        domainName: props.customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
      new apigw.ApiMapping(this, 'CustomDomainMapping', { api: this.api, domainName: this.domain, stage: this.stage });
    }
  }

  /** The execute-api base URL without a trailing slash (the deployment's public one may differ: `PaidanStack.publicUrl`). */
  get url(): string {
    return this.api.apiEndpoint;
  }

  /**
   * Routes `trigger` to `handler`, reusing one integration per function. An `auth: 'admin'`
   * route gets `adminAuthorizer` (API Gateway answers 401 without a valid token); any other
   * route is public, and only that route carries the APIG4 acknowledgement.
   */
  addRoute(trigger: HttpTrigger, handler: lambda.IFunction, integrationId: string, adminAuthorizer?: apigw.IHttpRouteAuthorizer): void {
    const key = `${trigger.method} ${trigger.path}`;
    if (trigger.auth === 'admin' && !adminAuthorizer) {
      throw new Error(`Route "${key}" is auth: 'admin', but no admin authorizer was given for it.`);
    }
    let integration = this.integrations.get(handler);
    if (!integration) {
      // One invoke permission per function for this API, not one per route: a permission per
      // route was 101 of the stack's 418 resources (CloudFormation allows 500), and every route
      // is ours, mapped to this very function.
      integration = new HttpLambdaIntegration(integrationId, handler, { scopePermissionToRoute: false });
      this.integrations.set(handler, integration);
    }
    const routes = this.api.addRoutes({
      path: trigger.path,
      methods: [apigw.HttpMethod[trigger.method]],
      integration,
      // Explicit NONE on public routes, so a default authorizer added to the API later cannot
      // silently lock residents out.
      authorizer: trigger.auth === 'admin' ? adminAuthorizer : new apigw.HttpNoneAuthorizer(),
    });
    if (trigger.auth !== 'admin') {
      const reason =
        `${key} has no API Gateway authorizer by design: residents are anonymous (the form, menus and submission are public, ` +
        'and a request is read back only with its unguessable access token), and team routes check the team token or the ' +
        "signed offer link in the handler; abuse is bounded by stage throttling. Admin routes (auth: 'admin') are not " +
        "acknowledged: they are behind the staff sign-in's JWT authorizer.";
      for (const route of routes) {
        Validations.of(route).acknowledge(
          { id: 'AwsSolutions-APIG4', reason },
          { id: guardRule('api_gw_v2_authorization_type_configured_check'), reason },
        );
      }
    }
  }
}
