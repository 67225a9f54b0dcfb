import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpMethod } from '../topology';

export interface PublicApiProps {
  /** Default-stage limits across all routes: what the API absorbs before answering 429. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * The residents' HTTP API: a `$default` stage with throttling and access logs. Routes are
 * public by design (see the acknowledgement below); pages are served from the same origin,
 * so no CORS.
 */
export class PublicApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly accessLogs: logs.LogGroup;
  private readonly integrations = new Map<lambda.IFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);

    // Our own stage instead of createDefaultStage, which offers no throttling or access logs.
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Paidan resident API',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        // routeKey, not path: paths carry request ids that act as residents' access tokens,
        // and an access log is no place for those.
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId',
          time: '$context.requestTimeEpoch',
          ip: '$context.identity.sourceIp',
          route: '$context.routeKey',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
          responseBytes: '$context.responseLength',
          integrationError: '$context.integrationErrorMessage',
        })),
      },
    });

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Residents are anonymous: the form, menus and submission are public by design, and a request is read back only with its unguessable access token; abuse is bounded by stage throttling.',
    });
  }

  /** The base URL without a trailing slash; the resident form is at `${url}/`. */
  get url(): string {
    return this.api.apiEndpoint;
  }

  /** Routes `method path` to `handler`, reusing one integration per function. */
  addRoute(method: HttpMethod, path: string, handler: lambda.IFunction, integrationId: string): void {
    let integration = this.integrations.get(handler);
    if (!integration) {
      integration = new HttpLambdaIntegration(integrationId, handler);
      this.integrations.set(handler, integration);
    }
    this.api.addRoutes({ path, methods: [apigw.HttpMethod[method]], integration });
  }
}
