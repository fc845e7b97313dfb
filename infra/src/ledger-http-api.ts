// The public HTTP API (API Gateway v2) in front of the API function: Google sign-in checked at the edge
// for /v1, a few public documentation routes, stage throttling and JSON access logs.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The `iss` of Google ID tokens (the issuer in Google's discovery document). */
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/** Routes that answer without a token: liveness probes and the API reference. */
export const PUBLIC_ROUTES = ['/health', '/openapi.json', '/docs'] as const;
export const AUTHENTICATED_ROUTE = '/v1/{proxy+}';

/**
 * Sized for an organisation's add-on users: a sheet push is one batch request and a pull a handful of
 * parallel reads, so 50 requests/s sustained with bursts of 100 leaves ample headroom while bounding what a
 * runaway script or a flood of forged tokens can cost.
 */
export const STAGE_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface LedgerHttpApiProps {
  handler: lambda.IFunction;
  /** Accepted token audiences (`aud`): the add-on's OAuth client ids. */
  audiences: string[];
  /** Accepted token issuer; the API function is given the same value. */
  issuer: string;
  logRetention: logs.RetentionDays;
}

export class LedgerHttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** Routes served without a token; each is acknowledged to cdk-nag on its own. */
  readonly publicRoutes: { path: string; route: apigwv2.HttpRoute }[] = [];

  constructor(scope: Construct, id: string, props: LedgerHttpApiProps) {
    super(scope, id);

    // No CORS configuration on purpose: the add-on calls from Apps Script's UrlFetchApp (server-side, no
    // browser origin) and /docs fetches /openapi.json from its own origin. Without CORS headers, a web
    // page elsewhere cannot read API responses with a user's token.
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'OKR Ledger API',
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: apigateway.AccessLogField.contextRequestId(),
            requestTime: apigateway.AccessLogField.contextRequestTime(),
            sourceIp: apigateway.AccessLogField.contextIdentitySourceIp(),
            routeKey: apigateway.AccessLogField.contextRouteKey(),
            path: apigateway.AccessLogField.contextPath(),
            status: apigateway.AccessLogField.contextStatus(),
            responseLength: apigateway.AccessLogField.contextResponseLength(),
            responseLatency: apigateway.AccessLogField.contextResponseLatency(),
            integrationLatency: apigateway.AccessLogField.contextIntegrationLatency(),
            integrationError: apigateway.AccessLogField.contextIntegrationErrorMessage(),
            authorizerError: apigateway.AccessLogField.contextAuthorizerError(),
          }),
        ),
      },
    });

    // The JWT authorizer turns away missing, expired, forged or foreign-audience tokens before a Lambda is
    // invoked, which keeps junk traffic off the bill. It is a first gate, not the check: the code still
    // verifies the token itself (email_verified, hosted domain, membership and role per organisation),
    // which API Gateway cannot express, and which must hold locally where there is no gateway.
    // The gateway accepts a token whose `aud` holds any listed id; the code adds the `azp` check OIDC asks
    // for when a token names several audiences.
    const googleSignIn = new HttpJwtAuthorizer('GoogleIdToken', props.issuer, {
      jwtAudience: props.audiences,
      identitySource: ['$request.header.Authorization'],
    });
    const integration = new HttpLambdaIntegration('ApiFunction', props.handler);

    this.api.addRoutes({
      path: AUTHENTICATED_ROUTE,
      methods: [apigwv2.HttpMethod.ANY],
      integration,
      authorizer: googleSignIn,
    });
    for (const path of PUBLIC_ROUTES) {
      for (const route of this.api.addRoutes({ path, methods: [apigwv2.HttpMethod.GET], integration })) {
        this.publicRoutes.push({ path, route });
      }
    }
  }

  /** The stage's invoke URL, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }
}
