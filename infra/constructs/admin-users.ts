import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { adminGroups, AREA_CLAIM } from '../topology';

export interface AdminUsersProps {
  /**
   * Where the browser console will live (`${ApiUrl}/console`): the app client's OAuth callback
   * and logout URL. The client then depends on the API, and the API's admin routes on the
   * client (through the authorizer), which is no cycle: the API resource itself never refers
   * to either.
   */
  readonly consoleUrl: string;
}

/** `custom:areaId` → `areaId`: the name CDK and Cognito's CreateUserPool take, without the prefix. */
const AREA_ATTRIBUTE = AREA_CLAIM.replace(/^custom:/, '');

/**
 * Center admins and station staff: a Cognito user pool the stack creates, its two groups, the
 * app client staff sign in with, and the HTTP API JWT authorizer that accepts the pool's ID
 * tokens on the topology's `auth: 'admin'` routes. Admins create accounts
 * (`scripts/admin-user.ts`); nobody signs up.
 */
export class AdminUsers extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the `iss` of the pool's tokens. */
  readonly issuerUrl: string;
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: AdminUsersProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // The station's area: what station staff may act on. Set by admins only (see the
      // client's write attributes below); read into the ID token as `custom:areaId`.
      customAttributes: { [AREA_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 200, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(7),
      },
      // These accounts redeem and void volunteers' credit: a password alone is not enough.
      // TOTP only: SMS would need an SNS role, sender registration and per-message cost.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: '派单 Paidan 管理账号 / admin account',
        emailBody:
          '您的派单管理账号 / Your Paidan admin account: {username}<br>' +
          '请用本邮箱地址登录 / Sign in with this email address.<br>' +
          '临时密码 / Temporary password: {####}<br>' +
          '首次登录时请设置新密码并绑定验证器应用 / At first sign-in, set a new password and add an authenticator app (TOTP).',
      },
      // Lite would do today; Essentials (the default for new pools, free for a pool this size)
      // gives password history now and managed login for the browser console later.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      // People's accounts: neither a stack update that replaces the pool nor `cdk destroy`
      // may delete them, and nor may a click in the console.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Threat protection needs the Plus feature plan, billed for every monthly active user with no free tier: a paid-plan decision for the operator, not a default. ' +
        'The pool holds a few staff accounts that only admins create (no self sign-up), with TOTP MFA required and a 12-character password policy with history.',
    });

    for (const [role, groupName, description, precedence] of [
      ['Center', adminGroups.center, 'Center admins: everything in the city (all areas, services, teams and credits).', 0],
      ['Station', adminGroups.station, `Station staff: only their own area, the ${AREA_CLAIM} attribute of their account.`, 1],
    ] as const) {
      new cognito.CfnUserPoolGroup(this, `${role}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        description,
        precedence,
      });
    }

    this.client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {
        userSrp: true,
        // For `aws cognito-idp initiate-auth` (README "Deploy to AWS"): the AWS CLI cannot do
        // SRP, and staff have no AWS credentials for ADMIN_USER_PASSWORD_AUTH. The password goes
        // to Cognito over TLS only; with MFA required it yields no token on its own.
        userPassword: true,
      },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      // Long enough to type a new password and a first TOTP code between CLI calls.
      authSessionValidity: Duration.minutes(10),
      // The ID token carries what the client may read: email and the area the handlers check.
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(AREA_ATTRIBUTE),
      // Staff may change their display name only: never their own area (their scope) or email.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.issuerUrl = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    // A JWT authorizer with exactly this issuer and the client's id as audience.
    this.authorizer = new HttpUserPoolAuthorizer('AdminAuthorizer', this.userPool, {
      userPoolClients: [this.client],
      authorizerName: 'paidan-admin',
    });
  }
}
